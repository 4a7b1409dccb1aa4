// The crash-point sweep (`check --crash-sweep`): one scenario, its first fault moved to every k-th event
// boundary of the fault phase in turn, so the fault lands at every point of the handoff rather than only
// where random placement happens to. The boundaries come from a run without that fault: the distinct
// times at which events happened after attach and within the fault phase, thinned to at most `runs`
// points. A fault placed at time t is applied before the events the run itself schedules at t (it was
// queued first), i.e. at the boundary just before them. Deterministic: same scenario, seed, points.
import { UsageError } from '../errors.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { runEntries } from './scenarios.ts';
import type { CampaignHooks, CampaignOptions, CampaignResult } from './types.ts';

/** The times of the sweep: every k-th distinct event time in (attach, end of the fault phase]. */
export function sweepPoints(scenario: Scenario, seed: number, options: Pick<CampaignOptions, 'scheduler' | 'runs'>): number[] {
  const attachAtNs = scenario.attachAtNs ?? 0;
  const times: number[] = [];
  const base: Scenario = { ...scenario, faults: (scenario.faults ?? []).slice(1) };
  runScenario({ scenario: base, scheduler: options.scheduler, seed, properties: [], conformance: false, sinks: [{
    event: (e) => {
      if (e.t > attachAtNs && e.t <= scenario.durationNs && times[times.length - 1] !== e.t) times.push(e.t);
    },
  }] });
  const step = Math.max(1, Math.ceil(times.length / Math.max(1, options.runs)));
  return times.filter((_, i) => i % step === 0);
}

export function runSweep(options: CampaignOptions, scenario: Scenario, hooks: CampaignHooks): CampaignResult {
  const [fault, ...rest] = scenario.faults ?? [];
  if (fault === undefined) throw new UsageError(`--crash-sweep: scenario ${scenario.name} has no fault to sweep`);
  const runs = sweepPoints(scenario, options.seed, options).map((atNs) => ({
    scenario: { ...scenario, faults: [{ ...fault, atNs }, ...rest] }, seed: options.seed,
  }));
  return runEntries(options, 'sweep', runs, hooks);
}
