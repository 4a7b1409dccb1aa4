// What `schedcheck gate` reports, shared by `gate` and `merge` of gate shards: the regressions of a
// scheduler's runs against its baseline, the verdict and exit code (a violation or a regression: 1), the
// summary text, the --json document and the JUnit cases (one per property and per corpus run, a run
// failing on its violation or on its regressions with both values).
import { INTERNAL_PROPERTY, type RunRecord } from '../campaign/index.ts';
import { checkJUnitCases } from '../checkJUnit.ts';
import { exitCodeOf, type Row } from '../commands/check.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATION } from '../errors.ts';
import { formatNs, table } from '../format.ts';
import type { JUnitCase } from '../junit.ts';
import { FIGURE_NAMES, type RunFigures } from '../runFigures.ts';
import { type BaselineRun, beyond, limitOf, type Regression, type Tolerance } from './baseline.ts';
import { runKey } from './corpus.ts';

/** A scheduler's row in the gate: the campaign row, its baseline file and key, and its regressions. */
export interface GateRow extends Row {
  readonly baselineFile: string;
  readonly regressions: readonly Regression[];
}

/** The regressions of `records` against the baseline runs (by `label seed N`); failing runs are judged by their violation. */
export function regressionsOf(scheduler: string, records: readonly RunRecord[], runs: Readonly<Record<string, BaselineRun>>,
  tolerance: Tolerance): Regression[] {
  const found: Regression[] = [];
  for (const r of records) {
    const base = runs[runKey(r.scenario ?? '', r.seed)];
    if (r.outcome === 'fail' || r.figures === undefined || base === undefined) continue;
    for (const metric of FIGURE_NAMES) {
      const limit = limitOf(metric, base[metric], tolerance[metric]);
      if (beyond(metric, r.figures[metric], limit)) {
        found.push({ scheduler, metric, scenario: r.scenario ?? '', seed: r.seed, index: r.index, baseline: base[metric], value: r.figures[metric], limit });
      }
    }
  }
  return found;
}

function figureText(metric: keyof RunFigures, value: number): string {
  return metric.endsWith('Ns') ? formatNs(value) : String(value);
}

/** One line naming the scheduler, metric, run, seed and both values. */
export function regressionLine(g: Regression): string {
  return `${g.scheduler}: ${g.metric} of ${g.scenario} seed ${g.seed}: ${figureText(g.metric, g.value)}, baseline ` +
    `${figureText(g.metric, g.baseline)} (worst allowed ${figureText(g.metric, g.limit)})`;
}

export type GateVerdict = Row['verdict'] | 'regression';

export function gateVerdict(row: GateRow): GateVerdict {
  return row.verdict === 'pass' && row.regressions.length > 0 ? 'regression' : row.verdict;
}

export function gateExitCode(rows: readonly GateRow[]): number {
  const code = exitCodeOf(rows);
  if (code === EXIT_INTERNAL || code === EXIT_VIOLATION) return code;
  return rows.some((r) => r.regressions.length > 0) ? EXIT_VIOLATION : code === EXIT_OK ? EXIT_OK : code;
}

export function gateSummary(rows: readonly GateRow[], updated: readonly string[]): string {
  const lines = [table(['scheduler', 'runs', 'verdict', 'baseline'], rows.map((row) => {
    const v = gateVerdict(row);
    const r = row.result;
    return [r.scheduler, String(r.runs), v === 'violation' ? `FAIL ${r.failure?.violation.property ?? ''}`.trim()
      : v === 'regression' ? `REGRESSION (${row.regressions.length})` : v, row.baselineFile];
  }))];
  for (const row of rows) {
    const f = row.result.failure;
    if (f !== null) {
      lines.push('', `${f.violation.property === INTERNAL_PROPERTY ? 'INTERNAL ERROR' : 'FAIL'} ${row.result.scheduler}: ` +
        `${f.violation.property} at ${formatNs(f.violation.atNs)} in ${f.scenario.name} seed ${f.runSeed}: ${f.violation.reason}`);
      if (row.saved) lines.push(`  counterexample: ${row.saved.path}`, `  replay: npx schedcheck replay ${row.saved.path}`);
    }
    for (const g of row.regressions) lines.push(`REGRESSION ${regressionLine(g)}`);
  }
  for (const file of updated) lines.push('', `baseline written: ${file}`);
  return lines.join('\n');
}

export function gateDocument(corpusVersion: number, rows: readonly GateRow[], code: number, updated: readonly string[],
  totalMs: number): Record<string, unknown> {
  return {
    corpusVersion, exitCode: code, updated,
    schedulers: rows.map((row) => {
      const r = row.result;
      return {
        scheduler: r.scheduler, baseline: row.baselineFile, verdict: gateVerdict(row), runs: r.runs, passed: r.passed,
        expectedViolations: r.expectedViolations, failed: r.failed, inconclusive: r.inconclusive,
        ...(r.failure ? { violation: r.failure.violation, scenario: r.failure.scenario.name, seed: r.failure.runSeed } : {}),
        ...(row.saved ? { counterexample: row.saved.path, replay: `npx schedcheck replay ${row.saved.path}` } : {}),
        regressions: row.regressions,
      };
    }),
    timing: { totalMs, schedulers: rows.map((row) => ({ scheduler: row.result.scheduler, ...row.result.timing })) },
  };
}

/** The JUnit cases: check's (per property, per corpus run), a run's regressions failing its case. */
export function gateJUnitCases(rows: readonly GateRow[]): JUnitCase[] {
  return rows.flatMap((row) => checkJUnitCases([row]).map((c): JUnitCase => {
    const renamed = { ...c, classname: c.classname.replace(/^check\./, 'gate.') };
    if (!c.classname.endsWith('.scenario')) return renamed;
    const mine = row.regressions.filter((g) => g.scenario === c.name);
    if (mine.length === 0) return renamed;
    const text = mine.map((g) => `REGRESSION ${regressionLine(g)}`).join('\n');
    if (c.failure !== undefined) return { ...renamed, failure: { ...c.failure, text: `${c.failure.text ?? ''}\n${text}` } };
    return { ...renamed, failure: { message: `${mine.length} regression${mine.length === 1 ? '' : 's'}: ${mine.map((g) => g.metric).join(', ')}`,
      type: 'regression', text } };
  }));
}
