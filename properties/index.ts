// The property registry (STYLE.md "Properties are data"): every shipped property as `{name, kind,
// description, appliesTo, monitor}`, in report order. A run checks the properties its scenario lists
// (`properties.check`), else every property that applies to its scheduler kind. The rustland family's
// properties (handoff-accounting, usersched-progress) register here with `appliesTo: ['userspace']`.
import { affinity } from './affinity.ts';
import { boundedStarvation } from './boundedStarvation.ts';
import { handoffAccounting } from './handoffAccounting.ts';
import { lifecycle } from './lifecycle.ts';
import { noDoubleRun } from './noDoubleRun.ts';
import { noLostTask } from './noLostTask.ts';
import { noSchedulerError } from './noSchedulerError.ts';
import type { PropertyDefinition, SchedulerKind } from './property.ts';
import { seamlessFallback } from './seamlessFallback.ts';
import { userschedProgress } from './userschedProgress.ts';
import { workConservation } from './workConservation.ts';

export const PROPERTIES: readonly PropertyDefinition[] = [
  noLostTask, noDoubleRun, affinity, lifecycle, noSchedulerError, boundedStarvation, workConservation,
  seamlessFallback, handoffAccounting, userschedProgress,
];

export function findProperty(name: string): PropertyDefinition | undefined {
  return PROPERTIES.find((p) => p.name === name);
}

export function propertyNames(): string[] {
  return PROPERTIES.map((p) => p.name);
}

/**
 * The properties a run checks: `names` (a scenario's `properties.check` or a command line's `--property`)
 * restricted to those that apply to `kind`, or every applicable property when `names` is undefined.
 */
export function propertiesFor(kind: SchedulerKind, names?: readonly string[]): PropertyDefinition[] {
  const applicable = PROPERTIES.filter((p) => p.appliesTo.includes(kind));
  if (names === undefined) return applicable;
  return applicable.filter((p) => names.includes(p.name));
}

export type {
  Monitor, MonitorContext, PropertyDefinition, PropertyInconclusive, PropertyKind, PropertyViolation, SchedulerKind,
} from './property.ts';
export { PropertySuite } from './suite.ts';
