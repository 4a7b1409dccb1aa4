// `schedcheck check`: property campaigns (DESIGN.md, The command line). For each scheduler (`all`: every
// shipped real scheduler) one job in a worker under the wall-clock guard: generated scenarios (default),
// the scenarios `--scenario` names (a name, a file, or a folder as a regression corpus), or with
// `--crash-sweep` one scenario's first fault at every k-th event boundary. Prints the seed first (a random
// one when none is given), a progress line on a terminal, then one summary row per scheduler with its
// wait latency next to eevdf's on the same scenarios; every failure is saved as a counterexample JSON with
// its one-line replay command. Exit 0 all hold, 1 a violation (or a hung callback), 2 bad input,
// 3 internal error (the model itself failed), 4 only inconclusive runs.
// Run counts are the unit (DESIGN.md): with --seed the same runs, verdicts and counterexamples on any
// machine, under any load, with any --workers; --time-budget only caps, and a capped campaign says so.
// Every wall-clock figure of the JSON document is under its `timing` key.
// In a corpus, a counterexample runs on the scheduler it names only; under `all`, a scenario whose
// scheduler options a scheduler does not have is left out for that scheduler (named explicitly: exit 2).
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { propertyNames } from '../../properties/index.ts';
import { limitRegion } from '../../scenarios/arbitraries/knownLimits.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { findScheduler, realSchedulers } from '../../schedulers/index.ts';
import { type CampaignResult, GENERATED_RUNS_DEFAULT, INTERNAL_PROPERTY, type ScenarioEntry, sliceRuns } from '../campaign/index.ts';
import type { CheckJob } from '../checkJob.ts';
import { checkConcurrency, runJobs } from '../checkPool.ts';
import { loadCorpus } from '../corpus.ts';
import {
  COUNTEREXAMPLE_FORMAT_VERSION, COUNTEREXAMPLE_KIND, type Counterexample, scenarioSize, writeCounterexample,
} from '../counterexample.ts';
import { EXIT_INCONCLUSIVE, EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { formatNs, table } from '../format.ts';
import { wallClockLimitMs } from '../guard.ts';
import { isPathRef } from '../load.ts';
import { ProgressLine } from '../progress.ts';
import { parseSeed, resolveScheduler } from '../resolve.ts';
import { writeCounterexampleReports } from '../reports/counterexampleReports.ts';
import { checkJUnitCases } from '../checkJUnit.ts';
import { writeJUnit } from '../junit.ts';
import { checkOutputFile } from '../outputPath.ts';
import { parseShard, type Shard } from '../shard.ts';
import { shardSection } from '../shardDoc.ts';

/** Runs per scheduler of a generated campaign by default (cli/campaign/types.ts). */
export const CHECK_RUNS_DEFAULT = GENERATED_RUNS_DEFAULT;
/** Fault points of a crash-point sweep by default. */
export const SWEEP_POINTS_DEFAULT = 200;
/** With --time-budget, shrinking a failure is also capped: at least this long, at most this long. */
const SHRINK_BUDGET_MS_MAX = 30_000;
const SHRINK_BUDGET_MS_MIN = 5_000;
/** Where counterexamples go without --out. */
export const CHECK_OUT_DEFAULT = 'schedcheck-out';

export interface CheckFlags {
  scheduler: string;
  scenario?: string;
  property: string[];
  runs?: string;
  timeBudget?: string;
  seed?: string;
  crashSweep?: boolean;
  json?: boolean;
  out?: string;
  knownLimits?: boolean;
  workers?: string;
  /** Reports of each saved counterexample (cli/reports/counterexampleReports.ts). */
  perfetto?: boolean;
  html?: boolean;
  /** --junit FILE: a JUnit XML report (cli/junit.ts). */
  junit?: string;
  /** --shard K/N: only this shard's runs (cli/shard.ts); `schedcheck merge` combines the shards' --json. */
  shard?: string;
}

export interface CheckPlan {
  readonly seed: number;
  readonly seedGiven: boolean;
  readonly schedulers: readonly string[];
  readonly properties: readonly string[] | null;
  /** --time-budget in ms (null: no cap). */
  readonly budgetMs: number | null;
  readonly workers: number;
  readonly jobs: readonly CheckJob[];
  /** --shard K/N (null: the whole campaign). */
  readonly shard: Shard | null;
}

/** What the reports need of a plan (`schedcheck merge` rebuilds it from the shards). */
export type PlanFacts = Pick<CheckPlan, 'seed' | 'seedGiven' | 'budgetMs' | 'properties' | 'workers'> &
  { readonly jobs: readonly Pick<CheckJob, 'mode'>[] };

export function positiveNumber(text: string, option: string, integer: boolean): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0) || (integer && !Number.isSafeInteger(value))) {
    throw new UsageError(`${option}: expected a positive ${integer ? 'integer' : 'number'}, got "${text}"`);
  }
  return value;
}

export function schedulerRefs(value: string): string[] {
  if (value === 'all') return realSchedulers().map((s) => s.name);
  if (!isPathRef(value)) resolveScheduler(value);
  return [value];
}

function checkProperties(names: readonly string[]): string[] | null {
  if (names.length === 0) return null;
  const known = propertyNames();
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`--property: unknown property "${name}" (known: ${known.join(', ')})`);
  }
  return [...names];
}

/** Whether a counterexample's scheduler (a shipped name or an absolute path) is the one `ref` names. */
function sameScheduler(owner: string, ref: string): boolean {
  return isPathRef(ref) ? resolve(ref) === owner : ref === owner;
}

/** Scheduler option names a scenario sets that a shipped scheduler does not have (none for a module path). */
function foreignOptions(scenario: Scenario, ref: string): string[] {
  const def = isPathRef(ref) ? undefined : findScheduler(ref);
  const keys = Object.keys(scenario.schedulerOptions ?? {});
  return def === undefined ? [] : keys.filter((key) => !(key in def.options));
}

/**
 * The corpus entries a scheduler's job runs: a counterexample only on its own scheduler; a scenario whose
 * options the scheduler lacks is left out under `all` and is an error when the user named the scheduler.
 */
function entriesFor(ref: string, entries: readonly ScenarioEntry[], all: boolean): ScenarioEntry[] {
  return entries.filter((entry) => {
    if (entry.scheduler !== undefined) return sameScheduler(entry.scheduler, ref);
    const foreign = foreignOptions(entry.scenario, ref);
    if (foreign.length === 0) return true;
    if (all) return false;
    throw new UsageError(`${entry.file ?? entry.scenario.name}: schedulerOptions.${foreign[0]}: scheduler ${ref} has no option ${foreign[0]}`);
  });
}

export function planCheck(flags: CheckFlags): CheckPlan {
  const seedGiven = flags.seed !== undefined;
  const seed = flags.seed !== undefined ? parseSeed(flags.seed) : randomInt(0, 2 ** 31);
  const all = flags.scheduler === 'all';
  let schedulers = schedulerRefs(flags.scheduler);
  const properties = checkProperties(flags.property);
  const budgetMs = flags.timeBudget === undefined ? null : Math.round(positiveNumber(flags.timeBudget, '--time-budget', false) * 1000);
  const runsGiven = flags.runs !== undefined ? positiveNumber(flags.runs, '--runs', true) : undefined;
  const workersGiven = flags.workers !== undefined ? positiveNumber(flags.workers, '--workers', true) : undefined;
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : null;
  if (shard !== null && !seedGiven) throw new UsageError('--shard: needs --seed (every shard must run the same campaign)');
  let entries: ScenarioEntry[] | null = null;
  if (flags.scenario !== undefined) entries = loadCorpus(flags.scenario);
  if (flags.crashSweep && (entries === null || entries.length !== 1)) {
    throw new UsageError('--crash-sweep: needs --scenario with exactly one scenario');
  }
  const sweep: Scenario | undefined = flags.crashSweep ? (entries?.[0] as ScenarioEntry).scenario : undefined;
  if (sweep && (sweep.faults ?? []).length === 0) {
    throw new UsageError(`--crash-sweep: scenario ${sweep.name} has no fault to sweep`);
  }
  const mode = sweep ? 'sweep' : entries ? 'scenarios' : 'generated';
  const perScheduler = new Map(schedulers.map((ref) => [ref, entries && !sweep ? entriesFor(ref, entries, all) : null]));
  if (entries && !sweep) {
    schedulers = schedulers.filter((ref) => (perScheduler.get(ref)?.length ?? 0) > 0);
    if (schedulers.length === 0) {
      const owners = [...new Set(entries.flatMap((e) => (e.scheduler !== undefined ? [e.scheduler] : [])))];
      throw new UsageError(`--scenario: ${flags.scenario}: nothing to run on ${flags.scheduler}` +
        (owners.length > 0 ? ` (its counterexamples belong to ${owners.join(', ')}; each runs on its own scheduler; ` +
          '`schedcheck replay FILE --scheduler S` runs one on another)' : ''));
    }
  }
  const runs = runsGiven ?? (mode === 'generated' ? CHECK_RUNS_DEFAULT : mode === 'sweep' ? SWEEP_POINTS_DEFAULT : 1);
  // A generated campaign splits into slices of runs that every worker takes from one queue (checkPool.ts).
  const units = mode === 'generated' ? schedulers.length * Math.ceil(runs / sliceRuns(runs)) : schedulers.length;
  const workers = checkConcurrency(units, workersGiven);
  // The cap is split between the rounds of whole jobs (generated slices share it in job order: checkPool.ts);
  // it only ever cuts a campaign short, and says so.
  const rounds = Math.ceil(schedulers.length / workers);
  const jobBudgetMs = budgetMs === null ? null : Math.max(1000, Math.floor(budgetMs / rounds));
  const caps = jobBudgetMs === null ? {}
    : { budgetMs: jobBudgetMs, shrinkBudgetMs: Math.min(SHRINK_BUDGET_MS_MAX, Math.max(SHRINK_BUDGET_MS_MIN, jobBudgetMs)) };
  const jobs = schedulers.map((scheduler): CheckJob => ({
    scheduler, mode, seed: fcSeed(seed), runs, ...caps, properties, knownLimits: flags.knownLimits !== false,
    ...(entries && !sweep ? { entries: perScheduler.get(scheduler) ?? [] } : {}), ...(sweep ? { sweep } : {}),
    ...(shard !== null ? { shard } : {}),
  }));
  return { seed, seedGiven, schedulers, properties, budgetMs, workers, jobs, shard };
}

/** fast-check takes 32-bit seeds: larger ones are folded, the same way every time. */
function fcSeed(seed: number): number {
  return seed % 2 ** 31;
}

export type Verdict = 'pass' | 'violation' | 'inconclusive' | 'internal';

export function verdictOf(result: CampaignResult): Verdict {
  if (result.failure?.violation.property === INTERNAL_PROPERTY) return 'internal';
  if (result.failure !== null || result.failed > 0) return 'violation';
  return result.inconclusive > 0 ? 'inconclusive' : 'pass';
}

export function saveFailure(result: CampaignResult, properties: readonly string[] | null, out: string): { path: string; ce: Counterexample } | null {
  const ce = counterexampleOf(result, properties);
  return ce === null ? null : { path: writeCounterexample(out, ce), ce };
}

/** The counterexample of a campaign's failure (null: none), as `check` saves it. */
export function counterexampleOf(result: CampaignResult, properties: readonly string[] | null): Counterexample | null {
  const f = result.failure;
  if (f === null) return null;
  return {
    formatVersion: COUNTEREXAMPLE_FORMAT_VERSION, kind: COUNTEREXAMPLE_KIND, scheduler: result.scheduler,
    runSeed: f.runSeed, source: f.source, ...(f.fcSeed !== undefined ? { fcSeed: f.fcSeed } : {}),
    ...(f.fcPath !== undefined ? { fcPath: f.fcPath } : {}), properties, violation: f.violation,
    traceHash: f.traceHash, lastEvents: f.lastEvents, scenario: f.scenario,
  };
}

export interface Row {
  readonly result: CampaignResult;
  readonly verdict: Verdict;
  readonly saved: { path: string; ce: Counterexample } | null;
}

function latencyCells(r: CampaignResult): string[] {
  const e = r.eevdf;
  const l = r.latency;
  const cell = (ns: number, runs: number): string => (runs > 0 ? formatNs(ns) : '-');
  return [cell(l.waitP50Ns, l.runs), cell(l.waitP99Ns, l.runs), cell(l.waitMaxNs, l.runs),
    cell(e?.waitP50Ns ?? 0, e?.runs ?? 0), cell(e?.waitP99Ns ?? 0, e?.runs ?? 0), cell(e?.waitMaxNs ?? 0, e?.runs ?? 0)];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function summaryText(p: PlanFacts, rows: readonly Row[]): string {
  const lines = [table(['scheduler', 'runs', 'verdict', 'wait p50', 'p99', 'max', 'eevdf p50', 'p99', 'max'],
    rows.map(({ result: r, verdict }) => [r.scheduler, r.budgetExhausted && r.failure === null ? `${r.runs}/${r.runsPlanned}` : String(r.runs),
      verdict === 'violation' ? `FAIL ${r.failure?.violation.property ?? ''}`.trim()
        : r.expectedViolations > 0 ? `${verdict} (${r.expectedViolations} expected violation${r.expectedViolations === 1 ? '' : 's'})` : verdict,
      ...latencyCells(r)]))];
  lines.push('(wait latency: mean of each run\'s p50/p99 and the longest wait, on the same passing scenarios as eevdf)');
  const limited = rows.filter(({ result: r }) => (r.knownLimits ?? []).length > 0);
  if (limited.length > 0) lines.push('', 'known limits left out of generated scenarios (--no-known-limits includes them):');
  for (const { result: r } of limited) {
    for (const limit of r.knownLimits ?? []) lines.push(`  ${r.scheduler}: ${limitRegion(limit)}`);
  }
  for (const { result: r } of rows) {
    if (!r.budgetExhausted) continue;
    lines.push('', `TIME BUDGET EXHAUSTED ${r.scheduler}: ` + (r.failure === null
      ? `${r.runs} of ${r.runsPlanned} runs done within --time-budget ${(p.budgetMs ?? 0) / 1000} s: not the full campaign of seed ${p.seed}`
      : `shrinking stopped at the --time-budget cap: the counterexample may be larger than seed ${p.seed} gives without it`));
  }
  for (const { result: r, verdict, saved } of rows) {
    const f = r.failure;
    if (verdict === 'inconclusive' && r.firstInconclusive) {
      const i = r.firstInconclusive.what;
      lines.push('', `INCONCLUSIVE ${r.scheduler}: ${r.inconclusive} run(s); first: ${i.property}: ${i.reason} (${i.detail})`);
    }
    if (f === null || saved === null) continue;
    const size = scenarioSize(f.scenario);
    lines.push('', `${verdict === 'internal' ? 'INTERNAL ERROR' : 'FAIL'} ${r.scheduler}: ${f.violation.property} at ` +
      `${formatNs(f.violation.atNs)}: ${f.violation.reason}`);
    if (f.violation.detail) lines.push(`  ${f.violation.detail}`);
    const t = r.timing;
    lines.push(`  found by run ${f.runsBefore + 1} (after ${f.runsBefore} run${f.runsBefore === 1 ? '' : 's'}, ` +
      `${seconds(t.beforeFailureMs ?? 0)})${t.shrinkMs !== null ? `; shrinking took ${seconds(t.shrinkMs)}` : ''}`);
    lines.push(`  counterexample: ${saved.path} (${size.tasks} task${size.tasks === 1 ? '' : 's'}, ${size.cpus} ` +
      `CPU${size.cpus === 1 ? '' : 's'}${f.shrinks > 0 ? `, ${f.shrinks} shrink steps` : ''})`);
    lines.push(`  replay: npx schedcheck replay ${saved.path}`);
  }
  return lines.join('\n');
}

export function exitCodeOf(rows: readonly Row[]): number {
  if (rows.some((r) => r.verdict === 'internal')) return EXIT_INTERNAL;
  if (rows.some((r) => r.verdict === 'violation')) return EXIT_VIOLATION;
  if (rows.some((r) => r.verdict === 'inconclusive')) return EXIT_INCONCLUSIVE;
  return EXIT_OK;
}

/**
 * The --json document. Everything outside `timing` depends only on the flags (and the seed): two runs with
 * the same seed and flags give the same document once `timing` is removed, on any machine, with any --workers.
 */
export function jsonDocument(p: PlanFacts, rows: readonly Row[], code: number, totalMs: number): Record<string, unknown> {
  return {
    seed: p.seed, seedGiven: p.seedGiven, timeBudgetS: p.budgetMs === null ? null : p.budgetMs / 1000,
    mode: p.jobs[0]?.mode ?? 'generated', properties: p.properties, exitCode: code,
    budgetExhausted: rows.some(({ result: r }) => r.budgetExhausted),
    schedulers: rows.map(({ result: r, verdict, saved }) => ({
      scheduler: r.scheduler, mode: r.mode, verdict, runsPlanned: r.runsPlanned, runs: r.runs, budgetExhausted: r.budgetExhausted,
      passed: r.passed, expectedViolations: r.expectedViolations, failed: r.failed, inconclusive: r.inconclusive,
      properties: r.properties, latency: r.latency, eevdf: r.eevdf,
      ...(r.knownLimits && r.knownLimits.length > 0 ? { knownLimits: r.knownLimits } : {}),
      ...(r.failure ? { violation: r.failure.violation, runsBeforeFailure: r.failure.runsBefore, shrinks: r.failure.shrinks,
        size: scenarioSize(r.failure.scenario) } : {}),
      ...(saved ? { counterexample: saved.path, replay: `npx schedcheck replay ${saved.path}` } : {}),
      ...(r.firstInconclusive ? { firstInconclusive: { ...r.firstInconclusive.what, seed: r.firstInconclusive.seed } } : {}),
    })),
    timing: {
      totalMs, workers: p.workers,
      schedulers: rows.map(({ result: r }) => ({ scheduler: r.scheduler, ...r.timing })),
    },
  };
}

export async function checkCommand(flags: CheckFlags): Promise<number> {
  const startMs = Date.now();
  const p = planCheck(flags);
  if (flags.junit !== undefined) checkOutputFile('--junit', flags.junit);
  const seedLine = `schedcheck check: seed ${p.seed}${p.seedGiven ? '' : ` (random; repeat with --seed ${p.seed})`}` +
    `, mode ${p.jobs[0]?.mode ?? 'generated'}, ${runsText(p)}` +
    `${p.budgetMs === null ? '' : `, time budget ${p.budgetMs / 1000} s (a cap)`}, schedulers: ${p.schedulers.join(', ')}` +
    `${p.shard === null ? '' : `, shard ${p.shard.index} of ${p.shard.count} (merge the shards' --json with schedcheck merge)`}\n`;
  (flags.json ? process.stderr : process.stdout).write(seedLine);
  const progress = new ProgressLine(p.schedulers, Date.now());
  const outcomes = await runJobs(p.jobs, wallClockLimitMs(), { onProgress: (i, runs, failures) => progress.update(i, runs, failures) }, p.workers,
    { budgetMs: p.budgetMs });
  progress.done();
  const rows: Row[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok && outcome.kind === 'usage') throw new UsageError(outcome.message);
    if (!outcome.ok) {
      process.stderr.write(`schedcheck: internal error: ${outcome.message}\n${outcome.stack}\n`);
      return EXIT_INTERNAL;
    }
    rows.push({ result: outcome.result, verdict: verdictOf(outcome.result),
      saved: saveFailure(outcome.result, p.properties, flags.out ?? CHECK_OUT_DEFAULT) });
  }
  const code = exitCodeOf(rows);
  const reports = await writeCounterexampleReports(rows.flatMap((r) => (r.saved ? [r.saved] : [])), flags);
  if (flags.junit !== undefined) writeJUnit(flags.junit, 'schedcheck check', checkJUnitCases(rows));
  const document = jsonDocument(p, rows, code, Date.now() - startMs);
  if (flags.json) {
    const json = p.shard === null ? document : { ...document, shard: shardSection('check', p.shard, planKey(p, flags), rows) };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  }
  else process.stdout.write(`${summaryText(p, rows)}\n`);
  if (reports.length > 0) (flags.json ? process.stderr : process.stdout).write(`reports:\n${reports.join('\n')}\n`);
  return code;
}

/** What every shard of one campaign must agree on (`schedcheck merge` refuses shards of different campaigns). */
function planKey(p: CheckPlan, flags: CheckFlags): Record<string, unknown> {
  const job = p.jobs[0];
  return { seed: p.seed, seedGiven: p.seedGiven, budgetMs: p.budgetMs, properties: p.properties, schedulers: p.schedulers,
    mode: job?.mode ?? 'generated', runs: job?.runs ?? 0, knownLimits: flags.knownLimits !== false, scenario: flags.scenario ?? null };
}

function runsText(p: CheckPlan): string {
  const job = p.jobs[0];
  if (job === undefined) return '';
  return job.mode === 'generated' ? `${job.runs} runs per scheduler` : job.mode === 'sweep' ? `at most ${job.runs} fault points`
    : `${job.runs} seed${job.runs === 1 ? '' : 's'} per scenario`;
}
