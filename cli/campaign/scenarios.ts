// The scenario campaign: named scenarios, scenario files or a folder of them (a regression corpus), each
// run on the scheduler and judged against its manifest (like a model checker's manifest.json): with
// `expect.violation` the run must violate that property; otherwise no property may be violated. `runs`
// seeds per scenario (seed, seed+1, …); a corpus entry may bring its own seed (a counterexample file).
// The first failing run is kept for the counterexample; every run is counted. A wall-clock cap, when
// given, stops before the next run and the result says so.
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import type { Violation } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { inShard } from '../shard.ts';
import { capture, type CaseOutcome, checkedProperties, runCase } from './runCase.ts';
import { Tally } from './tally.ts';
import type { CampaignHooks, CampaignMode, CampaignOptions, CampaignResult, Failure } from './types.ts';

export const EXPECTED_MISSING = 'expected violation did not happen';

export interface ScenarioEntry {
  readonly scenario: Scenario;
  /** A seed of its own (a counterexample in a corpus); otherwise the campaign's seeds. */
  readonly seed?: number;
  /** The file it came from (as given), for messages. */
  readonly file?: string;
  /** A counterexample's scheduler: a shipped name, or a module's absolute path. It runs on that one only. */
  readonly scheduler?: string;
}

/** The violation that makes a run fail its manifest, or null when it meets it. */
export function judge(scenario: Scenario, outcome: CaseOutcome): Violation | null {
  const expected = scenario.expect?.violation;
  const got = outcome.violation;
  if (expected === undefined) return got;
  if (got !== null && got.property === expected) return null;
  if (got !== null) return got;
  return { property: expected, atNs: outcome.document.simulatedNs, reason: EXPECTED_MISSING,
    detail: `the scenario's manifest expects a ${expected} violation; every checked property held` };
}

/** Runs each entry and keeps the first failure (shared with the crash sweep). */
export function runEntries(options: CampaignOptions, mode: CampaignMode,
  runs: readonly { scenario: Scenario; seed: number; label?: string }[], hooks: CampaignHooks): CampaignResult {
  const tally = new Tally(hooks, options.latencySample !== false);
  const startMs = hooks.now();
  let failure: Omit<Failure, 'runsBefore'> | null = null;
  for (const [index, { scenario, seed, label }] of runs.entries()) {
    if (!inShard(index, options.shard)) continue;
    if (options.budgetMs !== undefined && hooks.now() - startMs >= options.budgetMs) {
      tally.exhausted();
      break;
    }
    tally.runStarts();
    hooks.onRun?.(scenario, seed);
    const outcome = runCase(options.scheduler, scenario, seed, options.properties, hooks);
    const bad = judge(scenario, outcome);
    tally.record(outcome, scenario, seed, bad === null, { index, scenario: label ?? scenario.name, violation: bad });
    if (bad !== null && failure === null) failure = failureOf(options.scheduler, options, mode, scenario, seed, bad);
  }
  const first = runs[0]?.scenario ?? null;
  const names = first ? checkedProperties(options.scheduler, first, options.properties).map((p) => p.name) : [];
  return tally.result(options, mode, failure, names, runs.length);
}

function failureOf(scheduler: SchedulerDefinition | null, options: CampaignOptions, mode: CampaignMode,
  scenario: Scenario, seed: number, violation: Violation): Omit<Failure, 'runsBefore'> {
  const seen = capture(scheduler, scenario, seed, options.properties);
  return { source: mode, scenario, runSeed: seed, violation, shrinks: 0, lastEvents: seen.lastEvents, traceHash: seen.traceHash };
}

/** A scenario made for some scheduler kinds only (`schedulerKinds`) is not run on the others. */
export function forScheduler(scenario: Scenario, scheduler: SchedulerDefinition | null): boolean {
  return scheduler === null || (scenario.schedulerKinds?.includes(scheduler.kind) ?? true);
}

export function runScenarios(options: CampaignOptions, entries: readonly ScenarioEntry[], hooks: CampaignHooks): CampaignResult {
  const runs: { scenario: Scenario; seed: number; label: string }[] = [];
  for (const entry of entries) {
    if (!forScheduler(entry.scenario, options.scheduler)) continue;
    const label = entry.file ?? entry.scenario.name;
    if (entry.seed !== undefined) { runs.push({ scenario: entry.scenario, seed: entry.seed, label }); continue; }
    for (let i = 0; i < Math.max(1, options.runs); i++) runs.push({ scenario: entry.scenario, seed: options.seed + i, label });
  }
  return runEntries(options, 'scenarios', runs, hooks);
}
