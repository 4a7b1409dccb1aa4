// `schedcheck gate [--scheduler S|all] [--baseline FILE] [--update-baseline] [--junit FILE] [--shard K/N]
// [--opt K=V]… [--json]` (issue 12, item 5): the CI gate for a scheduler change. Runs the fixed, versioned
// seed corpus (cli/gate/corpus.ts) on each scheduler in a worker under the wall-clock guard, judges every
// run by its manifest (any unexpected violation: exit 1, with its counterexample) and compares each run's
// figures with the baseline (cli/gate/baseline.ts; a regression beyond the tolerance: exit 1, naming the
// scheduler, metric, run, seed and both values). `--update-baseline` records the figures instead (only
// from a run without violations). A baseline belongs next to its scheduler: by default
// `schedulers/baselines/NAME.json` for a shipped one, `sched.baseline.json` beside a module `sched.ts`;
// `--baseline FILE` names one file for every scheduler gated (it holds one section per scheduler).
// `--opt K=V` sets a scheduler option on every corpus run: how a configuration change is gated.
// A module path is also loaded on the main thread (its generator options draw the generated runs): only
// its top-level code runs there; its callbacks run in the workers, under the guard.
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import type { SchedulerOptions } from '../../model/kernel/ops.ts';
import { findScheduler } from '../../schedulers/index.ts';
import type { CheckJob } from '../checkJob.ts';
import { checkConcurrency, runJobs } from '../checkPool.ts';
import { EXIT_INTERNAL, EXIT_VIOLATION, UsageError } from '../errors.ts';
import {
  BASELINE_FORMAT_VERSION, BASELINE_KIND, type Baseline, type BaselineRun, DEFAULT_TOLERANCE, readBaseline, type Regression, writeBaseline,
} from '../gate/baseline.ts';
import { GATE_CORPUS, type GateCorpus, type GateRun, gateRuns, runKey } from '../gate/corpus.ts';
import { type GateRow, gateDocument, gateExitCode, gateJUnitCases, gateSummary, regressionsOf } from '../gate/report.ts';
import { wallClockLimitMs } from '../guard.ts';
import { writeJUnit } from '../junit.ts';
import { isPathRef } from '../load.ts';
import { checkOutputFile } from '../outputPath.ts';
import { loadScheduler, parseOpts } from '../resolve.ts';
import { parseShard, type Shard } from '../shard.ts';
import { shardSection } from '../shardDoc.ts';
import { CHECK_OUT_DEFAULT, positiveNumber, saveFailure, schedulerRefs, verdictOf } from './check.ts';

export interface GateFlags {
  scheduler: string;
  baseline?: string;
  updateBaseline?: boolean;
  junit?: string;
  shard?: string;
  json?: boolean;
  opt: string[];
  out?: string;
  workers?: string;
}

/** Where a scheduler's baseline lives by default: beside a module, or in schedulers/baselines/ for a shipped one. */
export function defaultBaselinePath(ref: string): string {
  if (isPathRef(ref)) return join(dirname(ref), `${basename(ref).replace(/\.(ts|js|mts|mjs)$/, '')}.baseline.json`);
  const path = fileURLToPath(new URL(`../../schedulers/baselines/${ref}.json`, import.meta.url));
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** A scheduler's section name in a baseline file: a shipped name, or a module's file name without extension. */
export function baselineKey(ref: string): string {
  return isPathRef(ref) ? basename(ref).replace(/\.(ts|js|mts|mjs)$/, '') : ref;
}

interface GatePlan {
  readonly ref: string;
  readonly key: string;
  readonly file: string;
  readonly runs: readonly GateRun[];
  readonly baseline: Baseline | null;
}

function checkOptions(refs: readonly string[], options: SchedulerOptions): void {
  for (const ref of refs) {
    const def = isPathRef(ref) ? undefined : findScheduler(ref);
    const unknown = def === undefined ? undefined : Object.keys(options).find((k) => !(k in def.options));
    if (unknown !== undefined) throw new UsageError(`--opt: scheduler ${ref} has no option ${unknown}`);
  }
}

/** Refuses a baseline that does not describe this corpus (a missing run or a changed scenario). */
function checkBaselineCovers(plan: GatePlan): void {
  const section = plan.baseline?.schedulers[plan.key];
  const hint = `record it with schedcheck gate --scheduler ${plan.ref} --update-baseline`;
  if (plan.baseline === null) throw new UsageError(`--baseline: ${plan.file}: no such file (${hint})`);
  if (section === undefined) throw new UsageError(`--baseline: ${plan.file}: schedulers.${plan.key}: missing (${hint})`);
  for (const { entry, scenarioHash } of plan.runs) {
    const key = runKey(entry.file, entry.seed);
    const base = section.runs[key];
    if (base === undefined) throw new UsageError(`--baseline: ${plan.file}: schedulers.${plan.key}.runs["${key}"]: missing (the corpus changed: ${hint})`);
    if (base.scenarioHash !== scenarioHash) {
      throw new UsageError(`--baseline: ${plan.file}: schedulers.${plan.key}.runs["${key}"].scenarioHash: the scenario changed since the baseline (${hint})`);
    }
  }
}

/** The baseline file with this scheduler's section replaced by the figures of `row`. */
function updatedBaseline(file: string, corpus: GateCorpus, plan: GatePlan, row: GateRow): Baseline {
  let previous: Partial<Baseline> = {};
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<Baseline>;
    if (raw.kind !== BASELINE_KIND) throw new UsageError(`--baseline: ${file}: kind: expected "${BASELINE_KIND}" (not overwriting another kind of file)`);
    previous = raw.corpusVersion === corpus.version ? raw : { tolerance: raw.tolerance ?? DEFAULT_TOLERANCE };
  }
  const hashes = new Map(plan.runs.map((r) => [runKey(r.entry.file, r.entry.seed), r.scenarioHash]));
  const runs: Record<string, BaselineRun> = {};
  for (const r of row.result.records ?? []) {
    const key = runKey(r.scenario ?? '', r.seed);
    if (r.figures !== undefined) runs[key] = { scenarioHash: hashes.get(key) ?? '', ...r.figures };
  }
  return {
    formatVersion: BASELINE_FORMAT_VERSION, kind: BASELINE_KIND, corpusVersion: corpus.version,
    tolerance: previous.tolerance ?? DEFAULT_TOLERANCE, schedulers: { ...previous.schedulers, [plan.key]: { runs } },
  };
}

/** Runs the gate; `corpus` is for tests (a smaller corpus than the one the command line runs). */
export async function gateCommand(flags: GateFlags, corpus: GateCorpus = GATE_CORPUS): Promise<number> {
  const startMs = Date.now();
  const refs = schedulerRefs(flags.scheduler);
  const shard: Shard | null = flags.shard !== undefined ? parseShard(flags.shard) : null;
  if (shard !== null && flags.updateBaseline) throw new UsageError('--update-baseline: not with --shard (record a baseline in one unsharded run)');
  const options = parseOpts(flags.opt);
  checkOptions(refs, options);
  if (flags.junit !== undefined) checkOutputFile('--junit', flags.junit);
  const plans: GatePlan[] = [];
  for (const ref of refs) {
    const file = flags.baseline ?? defaultBaselinePath(ref);
    if (flags.updateBaseline) checkOutputFile('--baseline', file);
    const runs = gateRuns(await loadScheduler(ref), ref, corpus).map((run) => ({
      ...run, entry: { ...run.entry, scenario: { ...run.entry.scenario, schedulerOptions: { ...run.entry.scenario.schedulerOptions, ...options } } },
    }));
    const plan = { ref, key: baselineKey(ref), file, runs, baseline: flags.updateBaseline ? null : readBaseline(file, corpus.version) };
    if (!flags.updateBaseline) checkBaselineCovers(plan);
    plans.push(plan);
  }
  const jobs = plans.map((plan): CheckJob => ({
    scheduler: plan.ref, mode: 'scenarios', seed: corpus.scenarioSeed, runs: 1, properties: null, knownLimits: true,
    entries: plan.runs.map((r) => r.entry), latencySample: false, ...(shard !== null ? { shard } : {}),
  }));
  const workers = checkConcurrency(jobs.length, flags.workers !== undefined ? positiveNumber(flags.workers, '--workers', true) : undefined);
  const outcomes = await runJobs(jobs, wallClockLimitMs(), {}, workers);
  const rows: GateRow[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome.ok && outcome.kind === 'usage') throw new UsageError(outcome.message);
    if (!outcome.ok) {
      process.stderr.write(`schedcheck: internal error: ${outcome.message}\n${outcome.stack}\n`);
      return EXIT_INTERNAL;
    }
    const plan = plans[i] as GatePlan;
    const section = plan.baseline?.schedulers[plan.key];
    const regressions = section === undefined || plan.baseline === null ? []
      : regressionsOf(plan.ref, outcome.result.records ?? [], section.runs, plan.baseline.tolerance);
    rows.push({ result: outcome.result, verdict: verdictOf(outcome.result), baselineFile: plan.file, regressions,
      saved: saveFailure(outcome.result, null, flags.out ?? CHECK_OUT_DEFAULT) });
  }
  let code = gateExitCode(rows);
  const updated: string[] = [];
  if (flags.updateBaseline) {
    if (code !== 0) {
      process.stderr.write('schedcheck: gate: baseline not written: the corpus does not pass (fix the violations first)\n');
      code = Math.max(code, EXIT_VIOLATION);
    } else {
      for (const [i, plan] of plans.entries()) {
        writeBaseline(plan.file, updatedBaseline(plan.file, corpus, plan, rows[i] as GateRow));
        updated.push(plan.file);
      }
    }
  }
  return report(rows, code, updated, flags, corpus.version, Date.now() - startMs, shard === null ? null : {
    shard, campaign: { corpusVersion: corpus.version, schedulers: refs, options, baselines: plans.map((p) => p.file) },
  });
}

/** Prints the summary or the --json document (with the shard section when sharded) and writes the JUnit file. */
export function report(rows: readonly GateRow[], code: number, updated: readonly string[], flags: { json?: boolean; junit?: string },
  corpusVersion: number, totalMs: number, sharded: { shard: Shard; campaign: Record<string, unknown> } | null): number {
  if (flags.junit !== undefined) writeJUnit(flags.junit, 'schedcheck gate', gateJUnitCases(rows));
  if (flags.json) {
    const document = gateDocument(corpusVersion, rows, code, updated, totalMs);
    const extra = { regressions: rows.map((r) => r.regressions), baselines: rows.map((r) => r.baselineFile) };
    const json = sharded === null ? document : { ...document, shard: shardSection('gate', sharded.shard, sharded.campaign, rows, extra) };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(`schedcheck gate: corpus ${corpusVersion}${sharded ? `, shard ${sharded.shard.index} of ${sharded.shard.count}` : ''}\n` +
      `${gateSummary(rows, updated)}\n`);
  }
  return code;
}

export type { Regression };
