// The kernel ⇄ user-space interface of scx_rustland_core (reference §5.2, §5.3, §5.6): message layouts of
// the two rings, the DSQ ids the backend uses, and its named limits. Costs are the simulated CPU time the
// user-space scheduler pays per API call (DESIGN.md: an effect lands only once its cost is consumed).
import { NS_PER_MS, NS_PER_SEC, NS_PER_US } from '../../model/kernel/constants.ts';

/** MAX_CPUS in intf.h: per-CPU DSQ ids are 0 … nr_cpu_ids-1, the shared ones come after. */
export const MAX_CPUS = 1024;
/** Tasks runnable on any CPU. */
export const SHARED_DSQ = MAX_CPUS;
/** Only the user-space scheduler task. */
export const SCHED_DSQ = MAX_CPUS + 1;
/** DispatchedTask.cpu meaning "any CPU" (RL_CPU_ANY = 1 << 20). */
export const RL_CPU_ANY = 1 << 20;
/** MAX_ENQUEUED_TASKS: capacity of the queued ring (kernel → user). */
export const MAX_ENQUEUED_TASKS = 4096;
/** Capacity of the dispatched user ring (user → kernel). */
export const MAX_DISPATCHED_TASKS = 4096;
/** MAX_DISPATCH_SLOT = 4096 / 8: ops.dispatch_max_batch of the backend. */
export const MAX_DISPATCH_SLOT = MAX_ENQUEUED_TASKS / 8;
/** USERSCHED_TIMER_NS: heartbeat period. */
export const USERSCHED_TIMER_NS = NS_PER_SEC;
/** The backend's watchdog timeout (SCX_OPS_DEFINE timeout_ms). */
export const RUSTLAND_TIMEOUT_MS = 5000;

/** queued_task_ctx (kernel → user). */
export interface QueuedTask {
  readonly pid: number;
  readonly cpu: number;
  readonly nrCpusAllowed: number;
  readonly flags: number;
  readonly startTs: number;
  readonly stopTs: number;
  readonly execRuntime: number;
  readonly weight: number;
  readonly vtime: number;
  readonly enqCnt: number;
  readonly comm: string;
}

/** dispatched_task_ctx (user → kernel). */
export interface DispatchedTask {
  pid: number;
  cpu: number;
  flags: number;
  /** 0 keeps the task's current slice (kernel semantics). */
  sliceNs: number;
  vtime: number;
  enqCnt: number;
}

/** DispatchedTask::new(&QueuedTask): copies pid, cpu, flags, enq_cnt; slice 0, vtime 0. */
export function dispatchedFrom(task: QueuedTask): DispatchedTask {
  return { pid: task.pid, cpu: task.cpu, flags: task.flags, sliceNs: 0, vtime: 0, enqCnt: task.enqCnt };
}

/** Simulated CPU time of each user-space API call. */
export interface UserspaceCosts {
  /** dequeue_task() that returns a message (ring read plus the policy's bookkeeping). */
  readonly dequeueNs: number;
  /** dequeue_task() on an empty ring. */
  readonly emptyNs: number;
  /** dispatch_task(): reserve and submit one decision. */
  readonly dispatchNs: number;
  /** select_cpu(): one BPF_PROG_RUN of rs_select_cpu. */
  readonly selectCpuNs: number;
  /** notify_complete(): publish nr_scheduled and sched_yield(). */
  readonly notifyNs: number;
}

export const USERSPACE_COSTS_DEFAULT: UserspaceCosts = {
  dequeueNs: 2 * NS_PER_US, emptyNs: NS_PER_US / 2, dispatchNs: 2 * NS_PER_US, selectCpuNs: NS_PER_US,
  notifyNs: NS_PER_US,
};

/** Default slice for kernel-side dispatches (rustland passes slice_us_min: 1 ms). */
export const RUSTLAND_SLICE_NS_DEFAULT = NS_PER_MS;
