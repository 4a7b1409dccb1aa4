// Task behaviour as data: a small program of steps that the kernel interprets (DESIGN.md, Scenarios are
// data). Durations may be ranges drawn from the seed. Programs are plain JSON so generated scenarios shrink.
import type { TaskFlagName } from './taskFlags.ts';

/** A duration in ns, or an inclusive range [min, max] drawn from the task's PRNG stream. */
export type DurationNs = number | readonly [number, number];

/** A task named by pid or by comm (the lowest live pid with that comm). */
export type TaskRef = number | string;

export type Policy = 'NORMAL' | 'BATCH' | 'IDLE' | 'EXT' | 'FIFO' | 'RR';

export type Step =
  | { readonly op: 'run'; readonly ns: DurationNs }
  | { readonly op: 'sleep'; readonly ns: DurationNs }
  | { readonly op: 'yield' }
  | { readonly op: 'fork'; readonly child: TaskSpec }
  | { readonly op: 'exit' }
  /** `sync`: a WF_SYNC wake-up (pipe/socket writers: wake_up_interruptible_sync_poll) → SCX_WAKE_SYNC. */
  | { readonly op: 'wake'; readonly target: TaskRef; readonly sync?: boolean }
  | { readonly op: 'wait' }
  | { readonly op: 'setAffinity'; readonly cpus: string | readonly number[] }
  | { readonly op: 'setNice'; readonly nice: number }
  | { readonly op: 'setPolicy'; readonly policy: Policy; readonly rtPriority?: number }
  | { readonly op: 'loop'; readonly times?: number; readonly body: readonly Step[] };

/** How a task starts: the same shape for scenario tasks and forked children. */
export interface TaskSpec {
  readonly comm: string;
  readonly policy?: Policy;
  readonly nice?: number;
  /** SCHED_FIFO/RR priority 1..99 (higher runs first). */
  readonly rtPriority?: number;
  /** cpulist string or CPU ids; default: every CPU. */
  readonly cpumask?: string | readonly number[];
  readonly migrationDisabled?: boolean;
  /** A per-CPU kthread (PF_KTHREAD with one allowed CPU). */
  readonly kthread?: boolean;
  /** Task flags by name (p->flags); PF_KSWAPD / PF_KCOMPACTD also make the task a kthread. */
  readonly flags?: readonly TaskFlagName[];
  /** When the task is created (scenario tasks only; forked children start at the fork). */
  readonly startNs?: number;
  readonly program: readonly Step[];
}

export function isRtPolicy(policy: Policy): boolean {
  return policy === 'FIFO' || policy === 'RR';
}

/** Policies that sched_ext takes when it switches all tasks (reference §4.8). */
export function isScxEligiblePolicy(policy: Policy, switchPartial: boolean): boolean {
  if (switchPartial) return policy === 'EXT';
  return policy === 'NORMAL' || policy === 'BATCH' || policy === 'IDLE' || policy === 'EXT';
}
