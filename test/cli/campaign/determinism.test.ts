// Goal: with a seed, a campaign's runs, verdicts, counterexample and shrink steps do not depend on the
// machine's speed or load (issue 10, item 1; DESIGN.md, The command line): run counts are the unit, and a
// wall-clock cap only cuts a campaign short and says so (`budgetExhausted`). Method: the same generated
// campaign in process on a normal clock and on a simulated slow machine (every clock reading a second
// later than the last), with and without a cap; and a corpus campaign under a cap. Only `timing` may
// differ.
import { describe, expect, it } from 'vitest';
import { type CampaignHooks, type CampaignResult, runGenerated, runScenarios } from '../../../cli/campaign/index.ts';
import { findScenario } from '../../../scenarios/index.ts';
import { findScheduler } from '../../../schedulers/index.ts';

/** A machine where every clock reading comes a second after the previous one. */
function slowMachine(): CampaignHooks {
  let nowMs = 0;
  return { now: () => (nowMs += 1000) };
}

const withoutTiming = ({ timing, ...rest }: CampaignResult): Omit<CampaignResult, 'timing'> => {
  expect(timing.elapsedMs).toBeGreaterThanOrEqual(0);
  return rest;
};

describe('campaign determinism', () => {
  const canary = findScheduler('ignores_affinity') ?? null;
  const options = { scheduler: canary, schedulerRef: 'ignores_affinity', properties: null, seed: 1, runs: 20 };

  it('should find and shrink the same counterexample on a slow machine as on a fast one', () => {
    const fast = runGenerated(options, { now: () => Date.now() });
    const slow = runGenerated(options, slowMachine());
    expect(fast.failure?.violation.property).toBe('no-scheduler-error');
    expect(fast.failure?.shrinks).toBeGreaterThan(0);
    expect(fast.budgetExhausted).toBe(false);
    expect(withoutTiming(slow)).toEqual(withoutTiming(fast));
    // Time to first failure: runs before it are part of the result; the milliseconds are timing.
    expect(fast.failure?.runsBefore).toBe(fast.runs - 1);
    expect(slow.timing.beforeFailureMs).toBeGreaterThan(0);
    expect(slow.timing.shrinkMs).toBeGreaterThan(0);
  });

  it('should say so when a time cap cuts the search or the shrink short', () => {
    const capped = runGenerated({ ...options, scheduler: findScheduler('simple') ?? null, schedulerRef: 'simple', runs: 50,
      budgetMs: 5_000 }, slowMachine());
    expect(capped.budgetExhausted).toBe(true);
    expect(capped.runsPlanned).toBe(50);
    expect(capped.runs).toBeGreaterThan(0);
    expect(capped.runs).toBeLessThan(50);
    const shrinkCapped = runGenerated({ ...options, shrinkBudgetMs: 3_000 }, slowMachine());
    expect(shrinkCapped.budgetExhausted).toBe(true);
    expect(shrinkCapped.failure?.violation.property).toBe('no-scheduler-error');
    const corpus = runScenarios({ ...options, scheduler: findScheduler('simple') ?? null, runs: 3, budgetMs: 1_500 },
      [{ scenario: findScenario('mixed-basic')! }], slowMachine());
    expect(corpus).toMatchObject({ budgetExhausted: true, runsPlanned: 3 });
    expect(corpus.runs).toBeLessThan(3);
  });
});
