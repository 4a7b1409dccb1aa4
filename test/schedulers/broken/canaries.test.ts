// Goal: every scheduler canary is caught by the property it targets (issue: "each is caught by its
// property"), within seconds, with a shrunk counterexample of a few tasks and CPUs that reproduces the
// same violation at the same simulated time. Method: the generated campaign of `schedcheck check`, in
// process, seed 1; then the failing case re-run on its own. The hung canary is the CLI's (test/cli).
import { describe, expect, it } from 'vitest';
import { runCase, runGenerated } from '../../../cli/campaign/index.ts';
import { scenarioSize } from '../../../cli/counterexample.ts';
import { MUTANT_REDUCE_RUNS, MUTANT_SHRINK_RUNS } from '../../../cli/commands/mutants.ts';
import { findScheduler } from '../../../schedulers/index.ts';

const CANARIES = [
  { name: 'overflow_starves', property: 'bounded-starvation', maxTasks: 4, maxCpus: 2 },
  { name: 'yield_no_charge', property: 'bounded-starvation', maxTasks: 4, maxCpus: 2 },
  { name: 'forgets_kick', property: 'work-conservation', maxTasks: 4, maxCpus: 2 },
  { name: 'ignores_affinity', property: 'no-scheduler-error', maxTasks: 4, maxCpus: 2 },
  { name: 'stall_custody', property: 'work-conservation', maxTasks: 4, maxCpus: 2 },
  { name: 'forgets_busy_task', property: 'handoff-accounting', maxTasks: 4, maxCpus: 2 },
] as const;

describe('scheduler canaries', () => {
  for (const canary of CANARIES) {
    it(`should catch ${canary.name} with ${canary.property} and a small counterexample that replays`, () => {
      const scheduler = findScheduler(canary.name) ?? null;
      expect(scheduler?.canary).toBe(true);
      // No time budget: run counts decide the search and the shrink, so the counterexample is the same under
      // any load (with a 20 s shrink budget, forgets_kick kept 3 CPUs on a loaded machine: issue 10, item 1).
      // Shrink caps of the mutant matrix (300 + 300 runs): with the wider generator (issue 11) a run costs
      // more, and the default 1000 + 1000 took over a minute for yield_no_charge on a loaded machine; the
      // size bounds below are unchanged.
      const result = runGenerated({ scheduler, schedulerRef: canary.name, properties: null, seed: 1, runs: 1000,
        shrinkRuns: MUTANT_SHRINK_RUNS, reduceRuns: MUTANT_REDUCE_RUNS }, { now: () => 0 });
      const failure = result.failure;
      expect(failure?.violation.property).toBe(canary.property);
      const size = scenarioSize(failure!.scenario);
      expect(size.tasks).toBeLessThanOrEqual(canary.maxTasks);
      expect(size.cpus).toBeLessThanOrEqual(canary.maxCpus);
      expect(failure?.lastEvents.length).toBeGreaterThan(0);
      const again = runCase(scheduler, failure!.scenario, failure!.runSeed, null);
      expect(again.violation).toEqual(failure?.violation);
      expect(again.document.traceHash).toBe(failure?.traceHash);
    }, 60_000);
  }

  it('should keep canaries out of --scheduler all', async () => {
    const { realSchedulers } = await import('../../../schedulers/index.ts');
    expect(realSchedulers().some((s) => s.canary === true)).toBe(false);
    for (const canary of CANARIES) expect(realSchedulers().map((s) => s.name)).not.toContain(canary.name);
  });
});
