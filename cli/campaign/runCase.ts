// One run of a campaign: a scenario on a scheduler with the property monitors, stopped at the first
// violation; and the re-run of a failing case that captures the trace events before its violation.
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { type PropertyDefinition, propertiesFor } from '../../properties/index.ts';
import {
  defaultProperties, type Inconclusive, prepareRun, type RunDocument, schedulerKindOf, type Violation,
} from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { dsqNamesOf } from '../dsqNames.ts';
import { ExcerptSink } from '../traceExcerpt.ts';
import type { CampaignHooks } from './types.ts';

/** Events kept before a violation in a counterexample. */
export const LAST_EVENTS = 40;

export interface CaseOutcome {
  readonly violation: Violation | null;
  readonly inconclusive: readonly Inconclusive[];
  readonly document: RunDocument;
}

/** The properties a run checks: `properties` (--property) if given, else the scenario's default set. */
export function checkedProperties(scheduler: SchedulerDefinition | null, scenario: Scenario,
  properties: readonly string[] | null): PropertyDefinition[] {
  const kind = schedulerKindOf(scheduler);
  return properties === null ? defaultProperties(scenario, kind) : propertiesFor(kind, properties);
}

/** Runs one scenario, stopping at the first violation; `excerpt` keeps the events before it. */
export function runCase(scheduler: SchedulerDefinition | null, scenario: Scenario, seed: number,
  properties: readonly string[] | null, hooks?: CampaignHooks, excerpt?: ExcerptSink): CaseOutcome {
  const run = prepareRun({
    scenario, scheduler, seed, properties: checkedProperties(scheduler, scenario, properties), stopOnViolation: true,
    ...(excerpt ? { sinks: [excerpt] } : {}), ...(hooks?.opProbe ? { opProbe: hooks.opProbe } : {}),
  });
  excerpt?.watch(() => run.suite.violations.length > 0);
  const document = run.finish().document;
  return { violation: document.violations[0] ?? null, inconclusive: document.inconclusive, document };
}

/** Re-runs a failing case for the events before its violation and its trace hash. */
export function capture(scheduler: SchedulerDefinition | null, scenario: Scenario, seed: number,
  properties: readonly string[] | null): { lastEvents: string[]; traceHash: string } {
  const excerpt = new ExcerptSink(LAST_EVENTS, 0, dsqNamesOf(scheduler));
  try {
    const outcome = runCase(scheduler, scenario, seed, properties, undefined, excerpt);
    return { lastEvents: excerpt.excerpt().before, traceHash: outcome.document.traceHash };
  } catch {
    return { lastEvents: excerpt.excerpt().before, traceHash: '' };
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
