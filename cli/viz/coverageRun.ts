// Runs the shipped scenarios with every shipped real scheduler and with eevdf (no sched_ext), and adds up
// the statechart cells their traces exercised: the data behind the coverage report and its test.
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { addHits, type CellHits, emptyHits } from '../../model/statecharts/coverage.ts';
import type { MachineName } from '../../model/statecharts/machines.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { realSchedulers } from '../../schedulers/index.ts';

export interface CoverageRun {
  readonly scenario: string;
  readonly scheduler: string;
  /** The first illegal event's reason, or null when the trace conformed. */
  readonly violation: string | null;
}

export interface CoverageRuns {
  readonly hits: { [M in MachineName]: Uint32Array };
  readonly runs: readonly CoverageRun[];
}

/** Runs every (scenario, scheduler) pair once with `seed` and sums the cell hits. */
export function runForCoverage(scenarios: readonly Scenario[] = SCENARIOS,
  schedulers: readonly (SchedulerDefinition | null)[] = [null, ...realSchedulers()], seed = 1): CoverageRuns {
  const hits = emptyHits();
  const runs: CoverageRun[] = [];
  for (const scenario of scenarios) {
    for (const scheduler of schedulers) {
      const { conformance } = runScenario({ scenario, scheduler, seed });
      if (!conformance) continue;
      addHits(hits, conformance.hits as CellHits);
      runs.push({ scenario: scenario.name, scheduler: scheduler?.name ?? 'eevdf',
        violation: conformance.violation?.reason ?? null });
    }
  }
  return { hits, runs };
}
