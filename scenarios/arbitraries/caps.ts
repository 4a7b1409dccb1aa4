// What a scheduler implements that the generator must know to derive a scenario's expected outcome: a
// sched_ext scheduler without ops.cpu_online/cpu_offline is unloaded by a hotplug (reference §4.9), one
// with them is not. Probed from a fresh ops table (create() has no side effects: a new instance per run).
// User-space (rustland-family) schedulers run on scx_rustland_core, whose BPF half implements neither
// (reference §5.9).
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { inputError } from '../../model/kernel/assert.ts';
import { propertiesFor } from '../../properties/index.ts';
import { resolveOptions, schedulerKindOf } from '../runner.ts';
import { FAULT_KIND_NAMES, type SchedulerCaps, USERSPACE_FAULT_KIND_NAMES } from './faults.ts';
import { knownLimitsOf } from './knownLimits.ts';
import { BEHAVIOUR_KINDS } from './workload.ts';
import { type GeneratorOptions, NO_CAPS } from './scenario.ts';

export function schedulerCaps(scheduler: SchedulerDefinition | null): SchedulerCaps {
  if (scheduler === null || scheduler.kind !== 'sched_ext') return NO_CAPS;
  const ops = scheduler.create(resolveOptions(scheduler, {}));
  return { cpuOnline: typeof ops.cpuOnline === 'function', cpuOffline: typeof ops.cpuOffline === 'function' };
}

/**
 * Generator options for campaigns against `scheduler` (null: eevdf): its capabilities, its options, and
 * the regions its known limits exclude (knownLimits.ts) unless `overrides.knownLimits` is false.
 */
export function generatorOptionsFor(scheduler: SchedulerDefinition | null,
  overrides: Partial<GeneratorOptions> & { readonly knownLimits?: boolean } = {}): GeneratorOptions {
  const { knownLimits = true, ...rest } = overrides;
  const limits = knownLimits ? knownLimitsOf(scheduler) : [];
  const minCpus = Math.max(1, ...limits.map((l) => l.minCpus ?? 1));
  const keepOnline = limits.flatMap((l) => l.keepOnline ?? []);
  const idleToleranceNs = Math.max(0, ...limits.map((l) => l.idleToleranceNs ?? 0));
  const exempt = limits.filter((l) => l.exempt === true).map((l) => l.property);
  const without = limits.flatMap((l) => l.unsupportedWorkloads ?? []);
  const kthreadsAvoid = limits.flatMap((l) => l.kthreadsAvoid ?? []);
  const fixedOptions = Object.assign({}, ...limits.map((l) => l.fixedOptions ?? {})) as Record<string, number | boolean | string>;
  const behaviourKinds = BEHAVIOUR_KINDS.filter((kind) => !without.includes(kind));
  for (const kind of without) {
    if (!(BEHAVIOUR_KINDS as readonly string[]).includes(kind)) {
      inputError(`${scheduler?.name ?? 'scheduler'}: limits: unsupportedWorkloads: no workload kind "${kind}" (kinds: ${BEHAVIOUR_KINDS.join(', ')})`);
    }
  }
  const check = propertiesFor(schedulerKindOf(scheduler)).map((p) => p.name).filter((name) => !exempt.includes(name));
  const faultKinds = scheduler?.kind === 'userspace' ? [...FAULT_KIND_NAMES, ...USERSPACE_FAULT_KIND_NAMES] : undefined;
  return {
    caps: schedulerCaps(scheduler), schedulerOptions: scheduler?.options ?? {},
    ...(faultKinds ? { faultKinds } : {}),
    ...(minCpus > 1 ? { minCpus } : {}), ...(keepOnline.length > 0 ? { keepOnline } : {}),
    ...(idleToleranceNs > 0 ? { idleToleranceNs } : {}), ...(exempt.length > 0 ? { check } : {}),
    ...(without.length > 0 ? { behaviourKinds } : {}), ...(kthreadsAvoid.length > 0 ? { kthreadsAvoid } : {}),
    ...(Object.keys(fixedOptions).length > 0 ? { fixedOptions } : {}),
    ...rest,
  };
}
