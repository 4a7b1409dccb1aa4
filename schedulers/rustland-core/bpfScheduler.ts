// The BpfScheduler API a user-space policy programs against (reference §5.10), as the Rust crate offers it:
// dequeueTask, dispatchTask, selectCpu, notifyComplete and the counters. Each call costs simulated CPU
// time; the policy's code runs at once (it needs the values), but each call's effect on what the kernel
// sees — a message consumed, a decision submitted, nr_scheduled published — is queued with its cost and
// lands only when the user-space process has actually run that long (process.ts). Simplification: an
// iteration of the policy is planned against the ring as it was when the iteration began.
import { type CounterName } from './counters.ts';
import type { DispatchedTask, QueuedTask, UserspaceCosts } from './intf.ts';
import type { RustlandShared } from './shared.ts';

/** One paid-for step of the user-space process. */
export interface UserspaceOp {
  readonly ns: number;
  readonly effect?: () => void;
  /** notify_complete ends the iteration with sched_yield(). */
  readonly yieldAfter?: boolean;
}

export class BpfScheduler {
  private readonly shared: RustlandShared;
  private readonly costs: () => UserspaceCosts;
  /** The ops planned by the current iteration, consumed by the process driver. */
  readonly plan: UserspaceOp[] = [];
  private readCursor = 0;
  private plannedDispatches = 0;

  constructor(shared: RustlandShared, costs: () => UserspaceCosts) {
    this.shared = shared;
    this.costs = costs;
  }

  /** Starts a new iteration (the process calls it before the policy's schedule()). */
  beginIteration(): void {
    this.plan.length = 0;
    this.readCursor = 0;
    this.plannedDispatches = 0;
  }

  /** dequeue_task(): the next message from the queued ring, or null when it is empty. */
  dequeueTask(): QueuedTask | null {
    const shared = this.shared;
    const task = shared.queuedRing[this.readCursor];
    if (!task) {
      this.plan.push({ ns: this.costs().emptyNs, effect: () => this.counterSet('nr_queued', 0) });
      return null;
    }
    this.readCursor++;
    this.plan.push({ ns: this.costs().dequeueNs, effect: () => {
      const head = shared.queuedRing.shift();
      this.counterAdd('nr_queued', -1);
      if (head) shared.ctx?.traceHandoff('dequeued', head.pid, head.enqCnt, head.cpu);
    } });
    return task;
  }

  /** dispatch_task(): submits a decision; false (Err) when the dispatched ring is full. */
  dispatchTask(task: DispatchedTask): boolean {
    const shared = this.shared;
    if (shared.dispatchedRing.length + this.plannedDispatches >= shared.config.dispatchedRingSlots) return false;
    this.plannedDispatches++;
    const record = { ...task };
    this.plan.push({ ns: this.costs().dispatchNs, effect: () => {
      shared.dispatchedRing.push(record);
      shared.ctx?.traceHandoff('submitted', record.pid, record.enqCnt, record.cpu);
    } });
    return true;
  }

  /**
   * select_cpu(): runs rs_select_cpu (BPF_PROG_RUN): an idle CPU for the task, claimed, preferring `cpu`;
   * -EBUSY when none, -EINVAL when the task no longer exists.
   */
  selectCpu(pid: number, cpu: number, _flags: number): number {
    this.plan.push({ ns: this.costs().selectCpuNs });
    const ctx = this.shared.ctx;
    const p = ctx?.taskFromPid(pid) ?? null;
    if (!ctx || !p) return -22;
    if (p.cpumask.has(cpu) && ctx.testAndClearCpuIdle(cpu)) return cpu;
    return ctx.pickIdleCpu(p.cpumask, 0);
  }

  /**
   * The policy's own computation between two API calls: `ns` of CPU time for the scheduler task (a
   * process-based policy reports it, exec/; it is not scaled by a slowdown fault).
   */
  compute(ns: number): void {
    if (ns > 0) this.plan.push({ ns });
  }

  /** notify_complete(): publishes nr_scheduled and yields; must end every iteration. */
  notifyComplete(nrPending: number): void {
    // Traced on every call: handoff-accounting compares it with the messages the policy holds.
    this.plan.push({ ns: this.costs().notifyNs, effect: () => this.counterSet('nr_scheduled', nrPending, true),
      yieldAfter: true });
  }

  /**
   * The queued ring as this iteration reads it (the messages dequeueTask() would return, in order), without
   * consuming anything: a policy that runs elsewhere (exec/) is sent them up front.
   */
  peekQueued(): readonly QueuedTask[] {
    return this.shared.queuedRing;
  }

  /** Free records of the dispatched ring: how many dispatchTask() calls this iteration can still succeed. */
  dispatchSlots(): number {
    return Math.max(0, this.shared.config.dispatchedRingSlots - this.shared.dispatchedRing.length - this.plannedDispatches);
  }

  /** The counters of reference §5.8 (read-only here). */
  counter(name: CounterName): number {
    return this.shared.counters.get(name);
  }

  get nrQueued(): number { return this.counter('nr_queued'); }
  get nrScheduled(): number { return this.counter('nr_scheduled'); }
  get nrRunning(): number { return this.counter('nr_running'); }
  get nrOnlineCpus(): number { return this.counter('nr_online_cpus'); }

  /** The user-space clock (Instant::now), in simulated ns. */
  nowNs(): number {
    return this.shared.ctx?.nowNs() ?? 0;
  }

  /** exited(): the BPF side recorded an exit. */
  exited(): boolean {
    return this.shared.exitInfo !== null;
  }

  private counterSet(name: CounterName, value: number, traceAlways = false): void {
    if (this.shared.ctx) this.shared.counters.set(this.shared.ctx, name, value, traceAlways);
  }

  private counterAdd(name: CounterName, delta: number): void {
    if (this.shared.ctx) this.shared.counters.add(this.shared.ctx, name, delta);
  }
}
