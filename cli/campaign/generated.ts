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
import fc from 'fast-check';
import { propertiesFor } from '../../properties/index.ts';
import { caseArb, type GeneratedCase, generatorOptionsFor, knownLimitsOf, type SchedulerCaps } from '../../scenarios/arbitraries/index.ts';
import { type ReduceLimits, smallerScenarios } from '../../scenarios/arbitraries/reduce.ts';
import { validateScenario } from '../../scenarios/scenario.ts';
import { schedulerKindOf, type Violation } from '../../scenarios/runner.ts';
import { capture, type CaseOutcome, errorMessage, runCase } from './runCase.ts';
import { Tally } from './tally.ts';
import { type CampaignHooks, type CampaignOptions, type CampaignResult, type Failure, INTERNAL_PROPERTY } from './types.ts';

/** Most runs fast-check's shrinker gets per failure (then every further candidate counts as passing). */
export const SHRINK_RUNS_MAX = 1000;
/** Most runs the data-level reduction gets per failure. */
export const REDUCE_RUNS_MAX = 1000;

/** Thrown into fast-check when the search's time cap is reached: it ends the search (endOnFailure) unshrunk. */
class BudgetExhausted extends Error {}

export function runGenerated(options: CampaignOptions, hooks: CampaignHooks): CampaignResult {
  const knownLimits = options.knownLimits === false ? [] : knownLimitsOf(options.scheduler);
  return { ...search(options, hooks), knownLimits };
}

function search(options: CampaignOptions, hooks: CampaignHooks): CampaignResult {
  const tally = new Tally(hooks, true);
  const generator = generatorOptionsFor(options.scheduler, { knownLimits: options.knownLimits ?? true });
  const arb = caseArb(generator);
  let target: string | null = null;
  let phase: 'search' | 'shrink' | 'reduce' = 'search';
  let shrinkRuns = 0;
  let internal: Violation | null = null;
  const searchStartMs = hooks.now();
  let shrinkStartMs = searchStartMs;
  const over = (startMs: number, capMs: number | undefined): boolean => capMs !== undefined && hooks.now() - startMs >= capMs;
  const predicate = (c: GeneratedCase): boolean => {
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
        if (phase === 'search') tally.recordError(true);
        return true;
      }
      if (phase === 'search') tally.recordError(false);
      throw error;
    }
    const property = outcome.violation?.property ?? null;
    if (target === null && property !== null) target = property;
    const ok = property === null || property !== target;
    if (phase === 'search') tally.record(outcome, c.scenario, c.seed, ok);
    return ok;
  };
  const property = fc.property(arb, predicate);
  const search = fc.check(property, { seed: options.seed, numRuns: options.runs, endOnFailure: true });
  const names = propertiesFor(schedulerKindOf(options.scheduler), options.properties ?? undefined).map((p) => p.name);
  if (!search.failed || search.errorInstance instanceof BudgetExhausted || search.counterexample === null ||
    search.counterexamplePath === null) {
    return tally.result(options, 'generated', null, names, options.runs);
  }
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
  return tally.result(options, 'generated', failureOf(options, reduced.found, path, shrinks, internal), names,
    options.runs);
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
