// The generated campaign: fast-check draws cases (a scenario and a kernel seed) from the scheduler's
// generator, seeded by --seed, and runs each with the property monitors. Two phases, both replayable from
// (seed, path): the search runs until the first failure or `runs` runs; the shrink replays the failure's
// path and shrinks it — toward fewer tasks, CPUs and faults and less time — while it still violates the
// same property (a different property is a different bug, so it counts as a pass there), within a fixed
// number of runs, keeping the smallest failure found; then a greedy pass over the
// scenario data itself (scenarios/arbitraries/reduce.ts) drops faults, tasks, CPUs and time that the bug
// does not need, which fast-check's shrinker cannot do across generator choices. A model assertion (the
// kernel model threw) is shrunk the same way and reported as an internal error.
// Run counts are the unit (DESIGN.md: with --seed, a campaign never depends on the machine's speed or
// load): a wall-clock budget, when given, only caps the search or the shrink, and the result says so
// (`budgetExhausted`). The cap reads the host's clock (`hooks.now`), so a slow machine can be simulated.
// A campaign splits into slices of consecutive runs (runGeneratedSlice: fast-check replays run k of a seed
// from the path "k" without generating the runs before it), which workers search at once; merged in run
// order (mergeGeneratedSlices) they give the result the whole campaign gives in one piece.
import fc from 'fast-check';
import { propertiesFor } from '../../properties/index.ts';
import { caseArb, type GeneratedCase, generatorOptionsFor, knownLimitsOf, type SchedulerCaps } from '../../scenarios/arbitraries/index.ts';
import { type ReduceLimits, smallerScenarios } from '../../scenarios/arbitraries/reduce.ts';
import { validateScenario } from '../../scenarios/scenario.ts';
import { schedulerKindOf, type Violation } from '../../scenarios/runner.ts';
import type { SchedulerLimit } from '../../model/kernel/ops.ts';
import { inShard } from '../shard.ts';
import { capture, type CaseOutcome, errorMessage, runCase } from './runCase.ts';
import { campaignResult, EEVDF_SAMPLE_RUNS, mergeTallies, Tally, type TallyCounts } from './tally.ts';
import { type CampaignHooks, type CampaignOptions, type CampaignResult, type Failure, INTERNAL_PROPERTY } from './types.ts';

/** Most runs fast-check's shrinker gets per failure (then every further candidate counts as passing). */
export const SHRINK_RUNS_MAX = 1000;
/** Most runs the data-level reduction gets per failure. */
export const REDUCE_RUNS_MAX = 1000;

/** Thrown into fast-check when the search's time cap is reached: it ends the search (endOnFailure) unshrunk. */
class BudgetExhausted extends Error {}

/** One slice of a generated campaign: what it counted, its (shrunk) failure, and when it ran. */
export interface GeneratedSlice {
  readonly firstRun: number;
  readonly counts: TallyCounts;
  readonly failure: Omit<Failure, 'runsBefore'> | null;
  /** The properties checked (the same for every slice of a campaign). */
  readonly properties: readonly string[];
  /** The host's clock when the slice started and ended. */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  /** The known limits whose regions the campaign leaves out (the same for every slice; empty: none). */
  readonly knownLimits: readonly SchedulerLimit[];
}

/** The whole generated campaign in the caller's thread: one slice of all its runs. */
export function runGenerated(options: CampaignOptions, hooks: CampaignHooks): CampaignResult {
  const slice = runGeneratedSlice(options, hooks, 0, options.runs);
  hooks.onProgress?.(slice.counts.runs, slice.counts.failed);
  return mergeGeneratedSlices(options, [slice], slice.startedAtMs, slice.endedAtMs);
}

/**
 * Slices of one campaign, in run order, as the campaign's result: counts up to the first failing slice,
 * whose failure (found at the lowest run index, shrunk in its slice) is the campaign's. `startMs`/`endMs`:
 * when the whole campaign started and ended (host clock); `sampleRuns`: the eevdf sample's size.
 */
export function mergeGeneratedSlices(options: CampaignOptions, slices: readonly GeneratedSlice[], startMs: number,
  endMs: number, sampleRuns = EEVDF_SAMPLE_RUNS): CampaignResult {
  const sorted = [...slices].sort((a, b) => a.firstRun - b.firstRun);
  const stop = sorted.findIndex((s) => s.counts.failed > 0 || s.counts.budgetExhausted);
  // Slices after the first that failed or ran out of time ran speculatively: they are not part of the campaign.
  const ordered = stop < 0 ? sorted : sorted.slice(0, stop + 1);
  const counts = mergeTallies(ordered.map((s) => s.counts), sampleRuns);
  const failing = stop < 0 ? undefined : ordered[stop];
  const failure = failing?.failure ?? null;
  const beforeFailureMs = failing === undefined || counts.firstFailure === null ? null
    : failing.startedAtMs + counts.firstFailure.beforeMs - startMs;
  const result = campaignResult(options, 'generated', counts, failure, ordered.find((s) => s.properties.length > 0)?.properties ?? [],
    options.runs,
    { elapsedMs: endMs - startMs, beforeFailureMs, shrinkMs: counts.shrinkMs });
  return { ...result, knownLimits: sorted.find((s) => s.knownLimits.length > 0)?.knownLimits ?? [] };
}

/**
 * Runs `count` runs of the campaign from run index `firstRun` (the same cases the whole campaign draws
 * there), stopping at the first failure and shrinking it. `sampleRuns`: passing runs also run on eevdf for
 * the latency comparison (a later slice needs only what the slices before it did not sample).
 */
export function runGeneratedSlice(options: CampaignOptions, hooks: CampaignHooks, firstRun: number, count: number,
  sampleRuns = EEVDF_SAMPLE_RUNS): GeneratedSlice {
  const tally = new Tally(hooks, true, sampleRuns);
  const generator = generatorOptionsFor(options.scheduler, { knownLimits: options.knownLimits ?? true });
  const arb = caseArb(generator);
  let target: string | null = null;
  let phase: 'search' | 'shrink' | 'reduce' = 'search';
  let shrinkRuns = 0;
  // The search's run number: a run's global index, which decides its shard (--shard: the other shards'
  // runs are drawn, so every later run gets the case it gets unsharded, but not run).
  let searchIndex = firstRun;
  let internal: Violation | null = null;
  const searchStartMs = hooks.now();
  let shrinkStartMs = searchStartMs;
  const over = (startMs: number, capMs: number | undefined): boolean => capMs !== undefined && hooks.now() - startMs >= capMs;
  const predicate = (c: GeneratedCase): boolean => {
    const index = phase === 'search' ? searchIndex++ : -1;
    if (phase === 'search' && !inShard(index, options.shard)) return true;
    if (phase === 'search' && over(searchStartMs, options.budgetMs)) {
      tally.exhausted();
      throw new BudgetExhausted();
    }
    if (phase === 'shrink') {
      if (shrinkRuns++ >= (options.shrinkRuns ?? SHRINK_RUNS_MAX)) return true;
      if (over(shrinkStartMs, options.shrinkBudgetMs)) {
        tally.exhausted();
        return true;
      }
    }
    if (phase === 'search') tally.runStarts();
    hooks.onRun?.(c.scenario, c.seed);
    let outcome: CaseOutcome;
    try {
      outcome = runCase(options.scheduler, c.scenario, c.seed, options.properties, hooks);
    } catch (error) {
      if (target === null) {
        target = INTERNAL_PROPERTY;
        internal = { property: INTERNAL_PROPERTY, atNs: 0, reason: 'the kernel model failed', detail: errorMessage(error) };
      }
      if (target !== INTERNAL_PROPERTY) {
        if (phase === 'search') tally.recordError(true, { index });
        return true;
      }
      if (phase === 'search') tally.recordError(false, { index, violation: internal });
      throw error;
    }
    const property = outcome.violation?.property ?? null;
    if (target === null && property !== null) target = property;
    const ok = property === null || property !== target;
    if (phase === 'search') tally.record(outcome, c.scenario, c.seed, ok, { index });
    return ok;
  };
  const property = fc.property(arb, predicate);
  const search = fc.check(property, { seed: options.seed, numRuns: count, endOnFailure: true,
    ...(firstRun > 0 ? { path: String(firstRun) } : {}) });
  const names = propertiesFor(schedulerKindOf(options.scheduler), options.properties ?? undefined).map((p) => p.name);
  const slice = (failure: Omit<Failure, 'runsBefore'> | null): GeneratedSlice => {
    const endedAtMs = hooks.now();
    return { firstRun, counts: tally.counts(endedAtMs), failure, properties: names, startedAtMs: tally.startedAtMs, endedAtMs,
      knownLimits: options.knownLimits === false ? [] : knownLimitsOf(options.scheduler) };
  };
  if (!search.failed || search.errorInstance instanceof BudgetExhausted || search.counterexample === null ||
    search.counterexamplePath === null) {
    return slice(null);
  }
  hooks.onFailureFound?.(firstRun + tally.runs - 1);
  phase = 'shrink';
  shrinkStartMs = tally.shrinkStarts();
  const shrink = fc.check(property, { seed: options.seed, path: search.counterexamplePath });
  const shrunk = shrink.failed && shrink.counterexample !== null;
  const [found] = (shrunk ? shrink.counterexample : search.counterexample) as [GeneratedCase];
  const path = (shrunk ? shrink.counterexamplePath : null) ?? search.counterexamplePath;
  phase = 'reduce';
  let reduceRuns = 0;
  const inBudget = (): boolean => {
    if (over(shrinkStartMs, options.shrinkBudgetMs)) {
      tally.exhausted();
      return false;
    }
    return reduceRuns++ < (options.reduceRuns ?? REDUCE_RUNS_MAX);
  };
  const reduced = reduce(found, (c) => !predicate(c), generator.caps ?? { cpuOnline: false, cpuOffline: false },
    { ...(generator.minCpus ? { minCpus: generator.minCpus } : {}), ...(generator.keepOnline ? { keepOnline: generator.keepOnline } : {}),
      ...(generator.kthreadsAvoid ? { kthreadsAvoid: generator.kthreadsAvoid } : {}) },
    inBudget);
  const shrinks = (shrunk ? shrink.numShrinks : 0) + reduced.steps;
  return slice(failureOf(options, reduced.found, path, shrinks, internal));
}

/** Most two-step variants tried when no one-step variant fails any more. */
const PAIR_TRIALS_MAX = 400;

/**
 * Greedy data-level shrinking: keep the first smaller variant that still fails; when none does, try
 * variants of variants (a bug may need two things to go at once, e.g. a CPU and the task pinned to it).
 */
function reduce(start: GeneratedCase, fails: (c: GeneratedCase) => boolean, caps: SchedulerCaps, limits: ReduceLimits,
  mayRun: () => boolean): { found: GeneratedCase; steps: number } {
  let found = start;
  let steps = 0;
  let budgetLeft = true;
  const tries = (scenario: GeneratedCase['scenario']): boolean => {
    if (!budgetLeft || !valid(scenario)) return false;
    if (!mayRun()) {
      budgetLeft = false;
      return false;
    }
    return failsSafely(fails, { scenario, seed: found.seed });
  };
  for (;;) {
    const firstStep = smallerScenarios(found.scenario, caps, limits);
    let next = firstStep.find(tries);
    let trials = 0;
    for (const one of next === undefined && budgetLeft ? firstStep : []) {
      next = smallerScenarios(one, caps, limits).find((two) => trials++ < PAIR_TRIALS_MAX && tries(two));
      if (next !== undefined || trials >= PAIR_TRIALS_MAX || !budgetLeft) break;
    }
    if (next === undefined) break;
    found = { scenario: next, seed: found.seed };
    steps++;
  }
  return { found, steps };
}

function valid(scenario: GeneratedCase['scenario']): boolean {
  try {
    validateScenario(JSON.parse(JSON.stringify(scenario)));
    return true;
  } catch {
    return false;
  }
}

function failsSafely(fails: (c: GeneratedCase) => boolean, candidate: GeneratedCase): boolean {
  try {
    return fails(candidate);
  } catch {
    return true;
  }
}

function failureOf(options: CampaignOptions, found: GeneratedCase, path: string, shrinks: number,
  internal: Violation | null): Omit<Failure, 'runsBefore'> {
  let violation: Violation | null = null;
  try {
    violation = runCase(options.scheduler, found.scenario, found.seed, options.properties).violation;
  } catch (error) {
    violation = { property: INTERNAL_PROPERTY, atNs: 0, reason: 'the kernel model failed', detail: errorMessage(error) };
  }
  const seen = capture(options.scheduler, found.scenario, found.seed, options.properties);
  return {
    source: 'generated', scenario: found.scenario, runSeed: found.seed, fcSeed: options.seed, fcPath: path, shrinks,
    violation: violation ?? internal ?? { property: INTERNAL_PROPERTY, atNs: 0, reason: 'failure did not reproduce', detail: '' },
    lastEvents: seen.lastEvents, traceHash: seen.traceHash,
  };
}
