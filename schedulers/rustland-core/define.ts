// defineScheduler for user-space policies, typed: `create` returns a UserspacePolicy that the framework
// runs inside the simulated user-space scheduler task.
import {
  defineScheduler, type SchedExtOps, type SchedulerLimit, type SchedulerOption, type SchedulerOptions, type UserspaceSchedulerDefinition,
} from '../../model/kernel/ops.ts';
import { MAX_DISPATCHED_TASKS, MAX_ENQUEUED_TASKS, USERSPACE_COSTS_DEFAULT, type UserspaceCosts } from './intf.ts';
import type { UserspacePolicy, UserspaceRuntime } from './process.ts';

export interface UserspaceSchedulerSpec {
  readonly name: string;
  readonly description: string;
  readonly options: Readonly<Record<string, SchedulerOption>>;
  readonly canary?: boolean;
  readonly limits?: readonly SchedulerLimit[];
  create(options: SchedulerOptions): UserspacePolicy;
  /** A per-run runtime whose create() replaces this one (exec/: a client process per run). */
  spawn?(options: SchedulerOptions): UserspaceRuntime;
  /** Mutation testing only: a change to the BPF half (UserspaceSchedulerDefinition.backend). */
  readonly backend?: (ops: SchedExtOps) => SchedExtOps;
}

/** Fewest ring slots generated scenarios use. */
const RING_SLOTS_GENERATED_MIN = 8;

/**
 * A quarter of the default up to the default: never 0, since a main loop whose calls all cost nothing
 * iterates without simulated time passing (the run would never end); never dearer than the default, since a
 * slower loop widens the known window in which a preempted scheduler holds tasks until the heartbeat
 * (README, Known properties: rustland, rlfifo, work-conservation), which generated bounds do not allow for.
 */
function quarterToDefault(defaultNs: number): { min: number; max: number } {
  return { min: Math.max(1, Math.floor(defaultNs / 4)), max: defaultNs };
}

/** Options every user-space scheduler has: the simulated costs of the API calls and the ring size. */
// Generated ranges (min, max): costs from a quarter of the default to the default, rings from a few slots (a crowd overflows them) up
// to the default capacity.
export const FRAMEWORK_OPTIONS: Readonly<Record<string, SchedulerOption>> = {
  costDequeueNs: { type: 'number', default: USERSPACE_COSTS_DEFAULT.dequeueNs, ...quarterToDefault(USERSPACE_COSTS_DEFAULT.dequeueNs), description: 'CPU time of dequeue_task() with a message' },
  costEmptyNs: { type: 'number', default: USERSPACE_COSTS_DEFAULT.emptyNs, ...quarterToDefault(USERSPACE_COSTS_DEFAULT.emptyNs), description: 'CPU time of dequeue_task() on an empty ring' },
  costDispatchNs: { type: 'number', default: USERSPACE_COSTS_DEFAULT.dispatchNs, ...quarterToDefault(USERSPACE_COSTS_DEFAULT.dispatchNs), description: 'CPU time of dispatch_task()' },
  costSelectCpuNs: { type: 'number', default: USERSPACE_COSTS_DEFAULT.selectCpuNs, ...quarterToDefault(USERSPACE_COSTS_DEFAULT.selectCpuNs), description: 'CPU time of select_cpu()' },
  costNotifyNs: { type: 'number', default: USERSPACE_COSTS_DEFAULT.notifyNs, ...quarterToDefault(USERSPACE_COSTS_DEFAULT.notifyNs), description: 'CPU time of notify_complete()' },
  queuedRingSlots: { type: 'number', default: MAX_ENQUEUED_TASKS, min: RING_SLOTS_GENERATED_MIN, max: MAX_ENQUEUED_TASKS, description: 'capacity of the queued ring (MAX_ENQUEUED_TASKS)' },
  dispatchedRingSlots: { type: 'number', default: MAX_DISPATCHED_TASKS, min: RING_SLOTS_GENERATED_MIN, max: MAX_DISPATCHED_TASKS, description: 'capacity of the dispatched ring (user → kernel)' },
};

/** The framework's share of resolved options. */
export function frameworkCosts(options: SchedulerOptions): { costs: UserspaceCosts; queuedRingSlots: number;
  dispatchedRingSlots: number } {
  const n = (key: string, fallback: number): number => {
    const value = options[key];
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fallback;
  };
  const d = USERSPACE_COSTS_DEFAULT;
  return {
    costs: { dequeueNs: n('costDequeueNs', d.dequeueNs), emptyNs: n('costEmptyNs', d.emptyNs),
      dispatchNs: n('costDispatchNs', d.dispatchNs), selectCpuNs: n('costSelectCpuNs', d.selectCpuNs),
      notifyNs: n('costNotifyNs', d.notifyNs) },
    queuedRingSlots: Math.max(1, n('queuedRingSlots', MAX_ENQUEUED_TASKS)),
    dispatchedRingSlots: Math.max(1, n('dispatchedRingSlots', MAX_DISPATCHED_TASKS)),
  };
}

/** A user-space scheduler definition whose `create` is typed: it returns the policy (no cast needed). */
export interface UserspacePolicyDefinition extends UserspaceSchedulerDefinition {
  create(options: SchedulerOptions): UserspacePolicy;
}

export function defineUserspaceScheduler(spec: UserspaceSchedulerSpec): UserspacePolicyDefinition {
  return defineScheduler({ kind: 'userspace', ...spec, options: { ...FRAMEWORK_OPTIONS, ...spec.options } });
}
