// What the BPF half and the user-space process of one scheduler instance share: the two rings, the
// counters, the heartbeat flags and the exit record (BPF maps and .bss in the real scheduler). A restart
// creates a new instance, so nothing leaks across it.
import type { ScxCtx, ScxExitInfo } from '../../model/kernel/ops.ts';
import { Counters } from './counters.ts';
import type { DispatchedTask, QueuedTask } from './intf.ts';

export interface BackendConfig {
  /** usersched_pid: the user-space scheduler's task. */
  readonly userschedPid: number;
  /** slice_ns: slice for kernel-side dispatches and the scheduler task. */
  readonly sliceNs: number;
  readonly builtinIdle: boolean;
  readonly partial: boolean;
  /** Capacity of the queued ring (MAX_ENQUEUED_TASKS). */
  readonly queuedRingSlots: number;
  readonly dispatchedRingSlots: number;
}

export class RustlandShared {
  readonly config: BackendConfig;
  readonly queuedRing: QueuedTask[] = [];
  readonly dispatchedRing: DispatchedTask[] = [];
  readonly counters = new Counters();
  /** Set by the heartbeat, test-and-cleared by the pending-work check. */
  userschedNeeded = false;
  /** usersched_last_run_at, stamped in ops.running of the scheduler task. */
  userschedLastRunAtNs = 0;
  /** The kfunc context, captured in ops.init (BPF programs of this instance). */
  ctx: ScxCtx | null = null;
  /** ops.exit's record (UEI_RECORD): user space polls it through exited(). */
  exitInfo: ScxExitInfo | null = null;
  /** Fault: the queued ring behaves as full until this time. */
  ringFullUntilNs = -1;

  constructor(config: BackendConfig) {
    this.config = config;
  }

  queuedRingFull(nowNs: number): boolean {
    return nowNs < this.ringFullUntilNs || this.queuedRing.length >= this.config.queuedRingSlots;
  }

  /** usersched_has_pending_tasks(): the heartbeat asked, user space holds tasks, or messages wait. */
  hasPendingWork(): boolean {
    if (this.userschedNeeded) {
      this.userschedNeeded = false;
      return true;
    }
    return this.counters.get('nr_scheduled') > 0 || this.queuedRing.length > 0;
  }
}
