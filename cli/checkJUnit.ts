// The JUnit test cases of a `schedcheck check` (and of `merge` of its shards): per scheduler one case per
// checked property, failed by the campaign's violation of it (with the counterexample's path and replay
// command) or by an undecided run (inconclusive is never a pass); in scenarios mode also one case per
// corpus file (or named scenario), failed when any of its runs failed, with a replay command per failing
// seed. Built from results alone (no wall clock), so merged shards give the same file as one unsharded run.
import type { Row } from './commands/check.ts';
import { INTERNAL_PROPERTY, type RunRecord } from './campaign/index.ts';
import { formatNs } from './format.ts';
import type { JUnitCase } from './junit.ts';

function violationLine(v: { property: string; atNs: number; reason: string }): string {
  return `${v.property} at ${formatNs(v.atNs)}: ${v.reason}`;
}

function propertyCases(row: Row): JUnitCase[] {
  const r = row.result;
  const f = r.failure;
  const names = [...r.properties];
  if (f !== null && !names.includes(f.violation.property)) names.push(f.violation.property);
  const undecided = r.failure === null ? r.firstInconclusive?.what : undefined;
  return names.map((name): JUnitCase => {
    const base = { suite: r.scheduler, classname: `check.${r.scheduler}`, name };
    if (f !== null && f.violation.property === name) {
      const text = [
        ...(f.violation.detail ? [f.violation.detail] : []),
        `found by run ${f.runsBefore + 1} of the ${r.mode} campaign (kernel seed ${f.runSeed}${f.fcPath !== undefined ? `, fast-check path ${f.fcPath}` : ''})`,
        ...(row.saved ? [`counterexample: ${row.saved.path}`, `replay: npx schedcheck replay ${row.saved.path}`] : []),
      ].join('\n');
      const problem = { message: violationLine(f.violation), type: name, text };
      return name === INTERNAL_PROPERTY ? { ...base, error: problem } : { ...base, failure: problem };
    }
    if (undecided !== undefined && undecided.property === name) {
      return { ...base, failure: { message: `inconclusive: ${undecided.reason}`, type: 'inconclusive',
        text: `${r.inconclusive} run(s) could not decide it; first: ${undecided.detail} (seed ${r.firstInconclusive?.seed ?? 0})` } };
    }
    return base;
  });
}

function corpusCases(row: Row): JUnitCase[] {
  const r = row.result;
  const byScenario = new Map<string, RunRecord[]>();
  for (const record of r.records ?? []) {
    const key = record.scenario ?? '';
    byScenario.set(key, [...(byScenario.get(key) ?? []), record]);
  }
  return [...byScenario].map(([scenario, records]): JUnitCase => {
    const base = { suite: r.scheduler, classname: `check.${r.scheduler}.scenario`, name: scenario };
    const failed = records.filter((x) => x.outcome === 'fail');
    const undecided = records.filter((x) => x.outcome === 'inconclusive');
    const first = failed[0];
    if (first !== undefined) {
      // The campaign's failure is the first failing run of all (runsBefore: its index), the one saved.
      const saved = r.failure !== null && first.index === r.failure.runsBefore;
      const text = failed.map((x) => `seed ${x.seed}: ${x.violation ? violationLine(x.violation) : 'failed'}` +
        `\n  replay: npx schedcheck run --scheduler ${r.scheduler} --scenario ${scenario} --seed ${x.seed}`);
      if (saved && row.saved) text.push(`counterexample: ${row.saved.path}`, `replay: npx schedcheck replay ${row.saved.path}`);
      return { ...base, failure: { message: first.violation ? violationLine(first.violation) : 'failed',
        type: first.violation?.property ?? 'violation', text: text.join('\n') } };
    }
    if (undecided.length > 0) {
      return { ...base, failure: { message: `inconclusive in ${undecided.length} run(s)`, type: 'inconclusive',
        text: undecided.map((x) => `seed ${x.seed}`).join('\n') } };
    }
    return base;
  });
}

/** The JUnit cases of a check's rows (one row per scheduler, in order). */
export function checkJUnitCases(rows: readonly Row[]): JUnitCase[] {
  return rows.flatMap((row) => [...propertyCases(row), ...(row.result.mode === 'generated' ? [] : corpusCases(row))]);
}
