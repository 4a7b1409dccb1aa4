// Goal: a generated campaign gives the same result however its runs are split between workers (issue 14,
// item 5): the run list is one ordered list of (scheduler, run) and its slices depend only on the run count;
// slices run in any order, each sampling on eevdf only what the finished slices before it leave, merge into
// the result the whole campaign gives in one piece. Method: in process, the campaign whole and as slices
// dispatched the way 1, 2 and 3 workers dispatch them (a slice's eevdf sample is bounded by the slices
// finished before it starts), merged in completion order; every result minus `timing` must be equal.
// The real pool with 1 vs 3 workers on a failing canary: test/cli/check.test.ts.
import { describe, expect, it } from 'vitest';
import {
  type CampaignOptions, type CampaignResult, campaignRuns, type GeneratedSlice, mergeGeneratedSlices, runGeneratedSlice, slicesOf, sliceRuns,
} from '../../../cli/campaign/index.ts';
import { findScheduler } from '../../../schedulers/index.ts';

// A frozen clock: no time budget applies, so the campaign's outcome cannot depend on the machine's speed.
const hooks = { now: () => 0 };
const withoutTiming = ({ timing: _, ...rest }: CampaignResult): Omit<CampaignResult, 'timing'> => rest;

/** Passing runs sampled on eevdf here (the campaign's 20, scaled down to keep the test cheap). */
const SAMPLE_RUNS = 3;

/** The campaign as `workers` lanes run it: slices in order, each lane taking the next when its slice ends. */
function asWorkers(options: CampaignOptions, size: number, workers: number): CampaignResult {
  const slices = slicesOf(campaignRuns([options.schedulerRef], options.runs), size);
  const done: GeneratedSlice[] = [];
  const running: { firstRun: number; runs: number; sampleRuns: number }[] = [];
  const sampled = (firstRun: number): number =>
    done.filter((s) => s.firstRun < firstRun).reduce((n, s) => n + s.counts.samples.length, 0);
  for (const slice of slices) {
    if (running.length === workers) {
      const first = running.shift() as (typeof running)[number];
      done.push(runGeneratedSlice(options, hooks, first.firstRun, first.runs, first.sampleRuns));
    }
    running.push({ ...slice, sampleRuns: Math.max(0, SAMPLE_RUNS - sampled(slice.firstRun)) });
  }
  for (const r of running.reverse()) done.push(runGeneratedSlice(options, hooks, r.firstRun, r.runs, r.sampleRuns));
  return mergeGeneratedSlices(options, done, 0, 1, SAMPLE_RUNS);
}

describe('generated campaign slices', () => {
  it('should list runs scheduler by scheduler and slice them by run count alone', () => {
    expect(campaignRuns(['a', 'b'], 2)).toEqual([{ scheduler: 'a', run: 0 }, { scheduler: 'a', run: 1 },
      { scheduler: 'b', run: 0 }, { scheduler: 'b', run: 1 }]);
    expect(slicesOf(campaignRuns(['a', 'b'], 3), 2)).toEqual([{ scheduler: 'a', firstRun: 0, runs: 2 },
      { scheduler: 'a', firstRun: 2, runs: 1 }, { scheduler: 'b', firstRun: 0, runs: 2 }, { scheduler: 'b', firstRun: 2, runs: 1 }]);
    expect([sliceRuns(10), sliceRuns(300), sliceRuns(100_000)]).toEqual([5, 19, 50]);
  });

  it('should give the whole campaign\'s result on 1, 2 or 3 workers (eevdf sample cut across slices)', () => {
    const options: CampaignOptions = { scheduler: findScheduler('bpfland') ?? null, schedulerRef: 'bpfland', properties: null,
      seed: 7, runs: 6 };
    const one = runGeneratedSlice(options, hooks, 0, options.runs, SAMPLE_RUNS);
    const whole = mergeGeneratedSlices(options, [one], 0, 1, SAMPLE_RUNS);
    expect(whole.runs).toBe(6);
    expect(whole.eevdf?.runs).toBe(SAMPLE_RUNS);
    for (const workers of [1, 2, 3]) expect(withoutTiming(asWorkers(options, 2, workers))).toEqual(withoutTiming(whole));
  });
});
