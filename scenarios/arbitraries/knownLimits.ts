// Known limits: genuine property violations that follow from a scheduler's design (and happen in the real
// scheduler too). A scheduler declares them as data in `defineScheduler({ limits })` (SchedulerLimit in
// model/kernel/ops.ts): shipped schedulers and outside ones alike. Generated campaigns steer clear of
// them — a machine size, a hotplug, a tighter idle tolerance the scheduler is known not to meet, a workload
// kind it does not support, or (when no narrower region exists) the property itself — so
// `schedcheck check` keeps finding new problems instead of the same old one; `check` prints the limits in
// force, and `check --no-known-limits` turns them all off. The shipped schedulers' limits each come with a
// checked-in counterexample that the tests replay (KNOWN_LIMITS).
import type { SchedulerDefinition, SchedulerLimit } from '../../model/kernel/ops.ts';
import { realSchedulers } from '../../schedulers/index.ts';

/** A shipped scheduler's known limit, with the scheduler's name. */
export interface KnownLimit extends SchedulerLimit {
  readonly scheduler: string;
}

/** Every known limit of the shipped schedulers. */
export const KNOWN_LIMITS: readonly KnownLimit[] = realSchedulers()
  .flatMap((s) => (s.limits ?? []).map((limit) => ({ scheduler: s.name, ...limit })));

/** The limits a scheduler declares (none for eevdf). */
export function knownLimitsOf(scheduler: SchedulerDefinition | null): readonly SchedulerLimit[] {
  return scheduler?.limits ?? [];
}

/** A limit's property and region, for reports: "bounded-starvation (at least 2 CPUs)". */
export function limitRegion(limit: SchedulerLimit): string {
  const region = [
    limit.exempt === true ? 'not checked' : '',
    limit.minCpus !== undefined ? `at least ${limit.minCpus} CPUs` : '',
    limit.keepOnline?.length ? `CPU${limit.keepOnline.length === 1 ? '' : 's'} ${limit.keepOnline.join(',')} kept online` : '',
    limit.unsupportedWorkloads?.length ? `no ${limit.unsupportedWorkloads.join('/')} workloads` : '',
    limit.idleToleranceNs !== undefined ? `idle tolerance ${limit.idleToleranceNs / 1e6} ms` : '',
    limit.kthreadsAvoid?.length ? `no kthreads on CPU ${limit.kthreadsAvoid.join(',')}` : '',
    limit.fixedOptions ? Object.entries(limit.fixedOptions).map(([k, v]) => `${k}=${String(v)}`).join(' ') : '',
  ].filter((part) => part !== '').join(', ');
  return `${limit.property}${region ? ` (${region})` : ''}`;
}

/** One line per limit: its property, region and reason. */
export function describeLimit(limit: SchedulerLimit): string {
  return `${limitRegion(limit)}: ${limit.reason}`;
}
