// `checkScheduler`: the generated campaign of `schedcheck check` as one function call of the public API,
// for a user's own test runner: their scheduler against every applicable property on fast-check scenarios,
// with the same shrinking and the same result shape (the failure carries the scenario, seeds and violation
// to save or replay). It runs in the caller's thread: no wall-clock guard against a callback that never
// returns (use the command line for that).
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { runGenerated } from './generated.ts';
import { type CampaignResult, GENERATED_RUNS_DEFAULT } from './types.ts';

export interface CheckSchedulerOptions {
  /** fast-check seed (32-bit). */
  readonly seed: number;
  /** Most generated cases (default 200). */
  readonly runs?: number;
  /**
   * Wall-clock cap of the search, ms (default none: `runs` decides, the same result on every machine);
   * shrinking gets as much again at most. A capped result has `budgetExhausted: true`.
   */
  readonly timeBudgetMs?: number;
  /** Check only these properties (default: every one that applies). */
  readonly properties?: readonly string[];
}

/**
 * Checks a scheduler on generated scenarios.
 *
 * @example
 * ```ts
 * const result = checkScheduler(myScheduler, { seed: 1, runs: 300 });
 * if (result.failure) console.log(result.failure.violation, JSON.stringify(result.failure.scenario));
 * ```
 */
export function checkScheduler(scheduler: SchedulerDefinition, options: CheckSchedulerOptions): CampaignResult {
  const caps = options.timeBudgetMs === undefined ? {} : { budgetMs: options.timeBudgetMs, shrinkBudgetMs: options.timeBudgetMs };
  return runGenerated({
    scheduler, schedulerRef: scheduler.name, properties: options.properties ?? null, seed: options.seed,
    runs: options.runs ?? GENERATED_RUNS_DEFAULT, ...caps,
  }, { now: () => Date.now() });
}
