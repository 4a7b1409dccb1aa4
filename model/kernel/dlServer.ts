// One deferred deadline server (rq->fair_server or rq->ext_server; reference §1.4 E.4, §7 rt_stall;
// kernel/sched/deadline.c dl_server_*, ext.c enqueue_task_scx / update_curr_scx). Each CPU has one per
// class, 50 ms of runtime every 1 s period. The server's runtime is consumed by its class's own running,
// served or not (dl_server_update); only when the class did not get its runtime in the period by the
// zero-laxity point (period end − runtime left) does the server run the class above every other class,
// whatever starves it (RT, or fair for ext). Once it had to run it keeps running 50 ms per period
// (dl_defer_running) until the class gets its runtime on its own again.
//
// Simplifications: the server is evaluated at ticks (a period starts at the first tick that sees the
// class's work, up to one tick after the enqueue); it stops as soon as the class has no runnable task on
// the CPU (the kernel stops it lazily); idle time is not counted against it.
import { DL_SERVER_PERIOD_NS, DL_SERVER_RUNTIME_NS } from './constants.ts';

export type DlServerClass = 'fair' | 'ext';

export class DlServer {
  readonly cls: DlServerClass;
  /** Start of the current period (deadline = start + period); -1 while stopped. */
  periodStartNs = -1;
  /** Runtime consumed in this period by the class's running. */
  usedNs = 0;
  /** ... of which while the server was not running it (the class was not starved then). */
  ownNs = 0;
  /** The server is on the DL run queue: its class is picked before RT and fair. */
  active = false;
  /** dl_defer_running: the server ran after a deferral and is replenished non-deferred. */
  deferRunning = false;

  constructor(cls: DlServerClass) {
    this.cls = cls;
  }

  get deadlineNs(): number {
    return this.periodStartNs + DL_SERVER_PERIOD_NS;
  }

  /** update_curr of the class: its running consumes the server's runtime. */
  charge(deltaNs: number): void {
    if (this.periodStartNs < 0) return;
    this.usedNs += deltaNs;
    if (!this.active) this.ownNs += deltaNs;
  }

  /**
   * Advances the server to `nowNs` given whether its class has runnable work on the CPU. Returns true when
   * the server started or stopped running its class (the CPU must reschedule).
   */
  update(nowNs: number, hasWork: boolean): boolean {
    const wasActive = this.active;
    if (!hasWork) {
      this.periodStartNs = -1;
      this.active = false;
      this.deferRunning = false;
      return wasActive;
    }
    if (this.periodStartNs < 0) {
      this.newPeriod(nowNs);
      return false;
    }
    if (nowNs >= this.deadlineNs) {
      // Replenish. A server that had to run stays non-deferred while its class is still starved.
      if (this.ownNs >= DL_SERVER_RUNTIME_NS) this.deferRunning = false;
      this.newPeriod(nowNs);
      this.active = this.deferRunning;
    }
    if (this.active && this.usedNs >= DL_SERVER_RUNTIME_NS) this.active = false;
    const zeroLaxityNs = this.deadlineNs - (DL_SERVER_RUNTIME_NS - this.usedNs);
    if (!this.active && !this.deferRunning && this.usedNs < DL_SERVER_RUNTIME_NS && nowNs >= zeroLaxityNs) {
      // The deferral timer fires: the server is replenished for a new period and runs now.
      this.newPeriod(nowNs);
      this.active = true;
      this.deferRunning = true;
    }
    return this.active !== wasActive;
  }

  private newPeriod(nowNs: number): void {
    this.periodStartNs = nowNs;
    this.usedNs = 0;
    this.ownNs = 0;
  }
}
