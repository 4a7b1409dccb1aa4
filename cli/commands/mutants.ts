// `schedcheck mutants`: the kill matrix of the mutant catalogue (schedulers/mutants/). Each mutant gets the
// generated campaign `check` would give it (same generator, same known limits as its base scheduler, the
// same seed for all), run as a `check` job in the worker pool under the wall-clock guard, stopping at its
// first violation; the failure is then shrunk within smaller caps than `check`'s (a matrix of 25 mutants
// must stay affordable). Per mutant: the property that caught it, runs and time to the first failure, the
// shrunk counterexample's size (tasks, CPUs, simulated time); then the kill rate. Exit 0 when every mutant
// is killed, 1 when one survives, 3 when the model itself failed.
// Run counts are the unit: with the same --seed and --runs the same matrix on any machine (wall-clock
// figures aside, under `timing`).
// `--shard K/N` keeps mutant i when i mod N = K-1 (each mutant's campaign runs whole in its shard, so the
// shards' rows are exactly the unsharded rows); `schedcheck merge` combines the shards' --json. `--junit
// FILE`: one test case per mutant, a survivor is a failure.
import { type CampaignResult, INTERNAL_PROPERTY } from '../campaign/index.ts';
import type { CheckJob } from '../checkJob.ts';
import { checkConcurrency, runJobs } from '../checkPool.ts';
import { scenarioSize } from '../counterexample.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { formatNs, table } from '../format.ts';
import { wallClockLimitMs } from '../guard.ts';
import { type JUnitCase, writeJUnit } from '../junit.ts';
import { checkOutputFile } from '../outputPath.ts';
import { inShard, parseShard } from '../shard.ts';
import { shardSection } from '../shardDoc.ts';
import { ProgressLine } from '../progress.ts';
import { parseSeed } from '../resolve.ts';
import { type MutantDefinition, MUTANTS } from '../../schedulers/mutants/index.ts';

/** Most runs per mutant by default (the acceptance bar: every mutant killed within 1000 runs). */
export const MUTANT_RUNS_DEFAULT = 1000;
/** The matrix is a benchmark: a fixed seed unless --seed says otherwise. */
export const MUTANT_SEED_DEFAULT = 1;
/** Shrink caps per killed mutant (fast-check's shrinker, then the data-level reduction). */
export const MUTANT_SHRINK_RUNS = 300;
export const MUTANT_REDUCE_RUNS = 300;

export interface MutantsFlags {
  json?: boolean;
  runs?: string;
  seed?: string;
  workers?: string;
  junit?: string;
  shard?: string;
  /** --mutant NAME (repeatable): only these mutants of the catalogue. */
  mutant?: string[];
}

export interface MutantRow {
  readonly mutant: string;
  readonly base: string;
  readonly bugClass: string;
  readonly needs: readonly string[];
  readonly killed: boolean;
  /** The property that caught it (null: it survived). */
  readonly property: string | null;
  /** Runs up to and including the first failing one (null: it survived). */
  readonly runsToKill: number | null;
  readonly runs: number;
  /** The shrunk counterexample's size: scenario tasks, CPUs and simulated time (fault + quiet phase). */
  readonly shrunk: { readonly tasks: number; readonly cpus: number; readonly simulatedNs: number; readonly violationAtNs: number } | null;
  readonly shrinks: number | null;
  /** Wall-clock figures (the only machine-dependent ones). */
  readonly timing: { readonly beforeFailureMs: number | null; readonly shrinkMs: number | null; readonly elapsedMs: number };
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${option}: expected a positive integer, got "${text}"`);
  }
  return value;
}

/** One `check` job per mutant: generated mode, the mutant's own known limits, smaller shrink caps. */
export function mutantJobs(mutants: readonly MutantDefinition[], seed: number, runs: number): CheckJob[] {
  return mutants.map((m) => ({
    scheduler: m.name, mode: 'generated', seed: seed % 2 ** 31, runs, properties: null, knownLimits: true,
    shrinkRuns: MUTANT_SHRINK_RUNS, reduceRuns: MUTANT_REDUCE_RUNS,
  }));
}

export function mutantRow(m: MutantDefinition, r: CampaignResult): MutantRow {
  const f = r.failure;
  const killed = f !== null && f.violation.property !== INTERNAL_PROPERTY;
  const size = f ? scenarioSize(f.scenario) : null;
  return {
    mutant: m.name, base: m.mutant.base, bugClass: m.mutant.bugClass, needs: m.mutant.needs, killed,
    property: killed ? f.violation.property : null, runsToKill: killed ? f.runsBefore + 1 : null, runs: r.runs,
    shrunk: killed && size ? { ...size, simulatedNs: f.scenario.durationNs + (f.scenario.quietNs ?? 0),
      violationAtNs: f.violation.atNs } : null,
    shrinks: killed ? f.shrinks : null,
    timing: { beforeFailureMs: r.timing.beforeFailureMs, shrinkMs: r.timing.shrinkMs, elapsedMs: r.timing.elapsedMs },
  };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface KillSummary {
  readonly mutants: number;
  readonly killed: number;
  readonly killRate: number;
  readonly medianRunsToKill: number | null;
  readonly maxRunsToKill: number | null;
}

export function killSummary(rows: readonly Pick<MutantRow, 'runsToKill'>[]): KillSummary {
  const runs = rows.flatMap((r) => (r.runsToKill === null ? [] : [r.runsToKill]));
  return {
    mutants: rows.length, killed: runs.length, killRate: rows.length === 0 ? 1 : runs.length / rows.length,
    medianRunsToKill: median(runs), maxRunsToKill: runs.length > 0 ? Math.max(...runs) : null,
  };
}

function summaryText(rows: readonly MutantRow[], s: KillSummary): string {
  const lines = [table(['mutant', 'needs', 'caught by', 'runs', 'first failure', 'shrunk (tasks/CPUs/sim)'],
    rows.map((r) => [r.mutant, r.needs.join('+') || '-', r.killed ? r.property ?? '' : `SURVIVED ${r.runs} runs`,
      r.runsToKill === null ? '-' : String(r.runsToKill),
      r.timing.beforeFailureMs === null ? '-' : `${(r.timing.beforeFailureMs / 1000).toFixed(1)} s`,
      r.shrunk ? `${r.shrunk.tasks}/${r.shrunk.cpus}/${formatNs(r.shrunk.simulatedNs)}` : '-']))];
  lines.push('', `kill rate ${(100 * s.killRate).toFixed(0)} % (${s.killed} of ${s.mutants}); runs to kill: median ` +
    `${s.medianRunsToKill ?? '-'}, max ${s.maxRunsToKill ?? '-'}`);
  for (const r of rows.filter((x) => !x.killed)) lines.push(`SURVIVED ${r.mutant} (${r.bugClass})`);
  return lines.join('\n');
}

/** The matrix's JUnit cases: one per mutant, a survivor is a failure. */
export function mutantJUnitCases(rows: readonly MutantRow[]): JUnitCase[] {
  return rows.map((r): JUnitCase => ({
    suite: 'mutants', classname: r.base, name: r.mutant,
    ...(r.killed ? {} : { failure: { type: 'survived', message: `${r.mutant} survived ${r.runs} runs`, text: r.bugClass } }),
  }));
}

/** Rows in catalogue order from campaign results named by mutant (a sharded or a whole matrix). */
export function mutantRows(results: readonly CampaignResult[]): { rows: MutantRow[]; internal: boolean } {
  const byName = new Map(results.map((r) => [r.scheduler, r]));
  const rows: MutantRow[] = [];
  let internal = false;
  for (const m of MUTANTS) {
    const r = byName.get(m.name);
    if (r === undefined) continue;
    if (r.failure?.violation.property === INTERNAL_PROPERTY) internal = true;
    rows.push(mutantRow(m, r));
  }
  return { rows, internal };
}

/** Prints the matrix (text or --json), writes --junit; the exit code. */
export function reportMutants(rows: readonly MutantRow[], internal: boolean, facts: { seed: number; runs: number; mutants: number },
  flags: Pick<MutantsFlags, 'json' | 'junit'>, extra: Record<string, unknown>): number {
  const summary = killSummary(rows);
  const code = internal ? EXIT_INTERNAL : summary.killed < facts.mutants ? EXIT_VIOLATION : EXIT_OK;
  if (flags.junit !== undefined) writeJUnit(flags.junit, 'schedcheck mutants', mutantJUnitCases(rows));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ seed: facts.seed, runs: facts.runs, exitCode: code, ...summary, mutants: rows, ...extra }, null, 2)}\n`);
  } else {
    process.stdout.write(`${summaryText(rows, summary)}\n`);
  }
  return code;
}

export async function mutantsCommand(flags: MutantsFlags): Promise<number> {
  const startMs = Date.now();
  const seed = flags.seed !== undefined ? parseSeed(flags.seed) : MUTANT_SEED_DEFAULT;
  const runs = flags.runs !== undefined ? positiveInteger(flags.runs, '--runs') : MUTANT_RUNS_DEFAULT;
  const workersGiven = flags.workers !== undefined ? positiveInteger(flags.workers, '--workers') : undefined;
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : null;
  if (flags.junit !== undefined) checkOutputFile('--junit', flags.junit);
  const names = flags.mutant ?? [];
  const unknown = names.find((n) => !MUTANTS.some((m) => m.name === n));
  if (unknown !== undefined) throw new UsageError(`--mutant: no mutant named "${unknown}" (schedcheck list names them)`);
  const chosen = names.length === 0 ? MUTANTS : MUTANTS.filter((m) => names.includes(m.name));
  const selected = chosen.filter((_, i) => inShard(i, shard));
  const jobs = mutantJobs(selected, seed, runs);
  const workers = checkConcurrency(jobs.length, workersGiven);
  (flags.json ? process.stderr : process.stdout).write(
    `schedcheck mutants: seed ${seed}, at most ${runs} runs per mutant, ${jobs.length} mutants` +
    `${shard === null ? '' : ` (shard ${shard.index}/${shard.count} of ${MUTANTS.length})`}\n`);
  const progress = new ProgressLine(jobs.map((j) => j.scheduler), Date.now());
  const outcomes = await runJobs(jobs, wallClockLimitMs(), { onProgress: (i, n, failures) => progress.update(i, n, failures) }, workers);
  progress.done();
  const results: CampaignResult[] = [];
  let failedToRun = false;
  outcomes.forEach((outcome, i) => {
    if (outcome.ok) results.push(outcome.result);
    else {
      process.stderr.write(`schedcheck: ${(selected[i] as MutantDefinition).name}: ${outcome.message}\n`);
      failedToRun = true;
    }
  });
  const { rows, internal } = mutantRows(results);
  const extra = {
    timing: { totalMs: Date.now() - startMs, workers },
    ...(shard === null ? {} : { shard: shardSection('mutants', shard, { seed, runs }, results.map((result) => ({ result, saved: null }))) }),
  };
  return reportMutants(rows, internal || failedToRun, { seed, runs, mutants: selected.length }, flags, extra);
}
