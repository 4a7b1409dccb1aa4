// The deterministic discrete-event kernel: CPUs, the pick order RT > fair > ext > idle, the fair (EEVDF)
// and RT classes, deadline servers, ticks, wake-ups, property changes and hotplug (DESIGN.md, Kernel model
// decisions). The sched_ext core lives in scx.ts and is reached through `this.scx`. Time is integer ns;
// every source of randomness is a named fork of one seeded Prng; events are ordered by (timeNs, sequence).
//
// Concurrency is modelled as interleaving of atomic steps at event boundaries: a wake-up, a pick, a tick
// or a fault runs to completion at one nowNs before the next event starts.
import { assert, assertFailed } from './assert.ts';
import type { Policy, Step, TaskSpec } from './behaviour.ts';
import { isRtPolicy, isScxEligiblePolicy } from './behaviour.ts';
import {
  BEHAVIOUR_STEPS_PER_ACTIVATION_MAX, EVENTS_PER_RUN_MAX,
  FAIR_BALANCE_INTERVAL_NS, NS_PER_SEC, PID_FIRST, RR_TIMESLICE_NS, TASK_EXIT_WORK_NS, TASKS_MAX,
} from './constants.ts';
import { Cpu, type IdleCount } from './cpu.ts';
import { Cpumask, cpumaskFromJson } from './cpumask.ts';
import { dsqLocalOn } from './dsqId.ts';
import { EventQueue } from './eventQueue.ts';
import { fairBaseSliceNs, newFairEntity } from './fairRq.ts';
import { Prng } from './prng.ts';
import { Scx } from './scx.ts';
import { advanceKickSync, kickSyncWaitBlocks } from './scxKickSync.ts';
import { Task } from './task.ts';
import { formatTaskFlags, taskFlagsFor } from './taskFlags.ts';
import type { TaskDriver } from './taskDriver.ts';
import type { Topology } from './topology.ts';
import type { PlaceKind, TaskClass, TraceEvent, TraceSink } from './trace.ts';
import { niceToWeight, scxWeight, WEIGHT_IDLEPRIO } from './weights.ts';

export interface KernelConfig {
  readonly topology: Topology;
  readonly hz: number;
  readonly seed: number;
  /** The ext deadline server (v7.0+); off reproduces older kernels where RT hogs starve ext tasks. */
  readonly extServer: boolean;
  readonly fairServer: boolean;
  /**
   * Emulated uptime: the clock schedulers read (`ctx.nowNs()`, scx_bpf_now/bpf_ktime_get_ns, time since
   * boot) starts here instead of at 0. Trace times stay relative to the start of the run. Default 0.
   */
  readonly uptimeNs?: number;
  readonly sinks: readonly TraceSink[];
  /**
   * Called with the index of a callback (SCX_OP_NAMES) as it starts and -1 when it returns, so a host can
   * tell which callback never returned (the CLI's wall-clock guard). Optional and off the model's logic.
   */
  readonly opProbe?: (opIndex: number) => void;
}

type KernelEvent =
  | { k: 'resched'; cpu: number }
  | { k: 'burst'; cpu: number; token: number }
  | { k: 'tick'; cpu: number }
  | { k: 'wake'; pid: number; token: number }
  | { k: 'balance' }
  | { k: 'call'; fn: () => void };

export class Kernel {
  readonly topology: Topology;
  readonly nrCpus: number;
  readonly tickNs: number;
  readonly cpus: Cpu[] = [];
  /** 0 … nrCpus-1, for scans over every CPU. */
  readonly allCpuIds: readonly number[];
  /** All tasks ever created, in creation order (the kernel's scx_tasks order). */
  readonly tasks: Task[] = [];
  readonly byPid = new Map<number, Task>();
  /** Online CPUs whose built-in idle bit is set (kept by the CPUs): lets the idle search stop at once. */
  readonly scxIdleCpus: IdleCount = { n: 0 };
  /** Tasks by comm in creation order, for findTask (dead ones at the front are dropped as they are met). */
  private readonly byComm = new Map<string, Task[]>();
  readonly scx: Scx;
  readonly config: KernelConfig;
  nowNs = 0;
  /** The boot-relative clock schedulers read: nowNs + the emulated uptime (KernelConfig.uptimeNs). */
  get clockNs(): number {
    return this.nowNs + (this.config.uptimeNs ?? 0);
  }
  eventsProcessed = 0;
  /**
   * Fault "lost wake-up": until this time, the reschedule IPIs that wake-ups send to idle CPUs are lost
   * (wakeup_preempt of an idle CPU, kicks from select_cpu/enqueue). Timer kicks still arrive.
   */
  wakeupIpisLostUntilNs = -1;
  private readonly queue = new EventQueue<KernelEvent>();
  private readonly prng: Prng;
  private nextPid = PID_FIRST;
  private liveTasks = 0;
  private balanceArmed = false;
  private readonly sinks: readonly TraceSink[];

  constructor(config: KernelConfig) {
    this.config = config;
    this.topology = config.topology;
    this.nrCpus = config.topology.nrCpus;
    assert(Number.isInteger(config.hz) && config.hz >= 100 && config.hz <= 10_000, 'hz out of range');
    this.tickNs = Math.floor(NS_PER_SEC / config.hz);
    this.prng = new Prng(config.seed);
    this.sinks = config.sinks;
    const baseSlice = fairBaseSliceNs(this.nrCpus);
    for (let id = 0; id < this.nrCpus; id++) {
      const online = config.topology.initialOnline.has(id);
      this.cpus.push(new Cpu(id, online, baseSlice, this.tickNs, dsqLocalOn(id), this.scxIdleCpus));
    }
    this.allCpuIds = this.cpus.map((cpu) => cpu.id);
    this.scx = new Scx(this);
  }

  // ---- trace ----------------------------------------------------------------------------------------

  emit(event: TraceEvent): void {
    for (const sink of this.sinks) sink.event(event);
  }

  setPlace(p: Task, place: PlaceKind, cpu: number, dsq: number): void {
    if (p.place === place && p.placeCpu === cpu && p.placeDsq === dsq) return;
    p.place = place;
    p.placeCpu = cpu;
    p.placeDsq = dsq;
    this.emit({ t: this.nowNs, type: 'place', pid: p.pid, place, cpu, dsq });
  }

  // ---- event loop -----------------------------------------------------------------------------------

  /** Runs `fn` at `timeNs` as its own atomic step (faults, attach, scenario actions). */
  at(timeNs: number, fn: () => void): void {
    if (timeNs < this.nowNs) assertFailed(`event in the past: ${timeNs} < ${this.nowNs}`);
    this.queue.push(timeNs, { k: 'call', fn });
  }

  /** Processes every event up to and including `endNs`. */
  run(endNs: number): void {
    for (;;) {
      const next = this.queue.peekTimeNs();
      if (next === undefined || next > endNs) break;
      const item = this.queue.pop();
      assert(item !== undefined, 'queue lost an event');
      this.nowNs = item.timeNs;
      this.eventsProcessed++;
      assert(this.eventsProcessed < EVENTS_PER_RUN_MAX, 'event budget exhausted (model livelock?)');
      this.dispatchEvent(item.payload);
    }
    this.nowNs = Math.max(this.nowNs, endNs);
    for (const cpu of this.cpus) this.charge(cpu);
  }

  end(): void {
    for (const sink of this.sinks) sink.end?.(this.nowNs);
  }

  private dispatchEvent(event: KernelEvent): void {
    switch (event.k) {
      case 'resched': return this.schedule(this.cpus[event.cpu] as Cpu);
      case 'burst': return this.onBurst(this.cpus[event.cpu] as Cpu, event.token);
      case 'tick': return this.onTick(this.cpus[event.cpu] as Cpu);
      case 'wake': return this.onSleepTimer(event.pid, event.token);
      case 'balance': return this.onFairBalance();
      case 'call': return event.fn();
    }
  }

  /** resched_curr: the CPU runs schedule() as soon as the current step ends. */
  resched(cpu: Cpu): void {
    if (cpu.reschedQueued) return;
    cpu.reschedQueued = true;
    this.queue.push(this.nowNs, { k: 'resched', cpu: cpu.id });
  }

  // ---- tasks ----------------------------------------------------------------------------------------

  /** Creates a task now; `parent` 0 for scenario tasks. Returns null when TASKS_MAX is reached. */
  createTask(spec: TaskSpec, parent: Task | null, field: string, driver: TaskDriver | null = null): Task | null {
    if (this.liveTasks >= TASKS_MAX) return null;
    const pid = this.nextPid++;
    const policy: Policy = spec.policy ?? 'NORMAL';
    const nice = spec.nice ?? 0;
    const cpumask = spec.cpumask === undefined
      ? (parent ? parent.cpumask.clone() : Cpumask.full(this.nrCpus))
      : cpumaskFromJson(spec.cpumask, this.nrCpus, `${field}.cpumask`);
    const weight = policy === 'IDLE' ? WEIGHT_IDLEPRIO : niceToWeight(nice);
    const cpu = this.initialCpu(cpumask, parent);
    const flagNames = spec.flags ?? [];
    const kthread = (spec.kthread ?? false) || flagNames.length > 0;
    const p = new Task({
      pid, comm: spec.comm, parent: parent?.pid ?? 0, policy, nice, rtPriority: spec.rtPriority ?? 0, weight,
      scxWeight: scxWeight(weight), cpumask, kthread,
      flags: taskFlagsFor(flagNames, kthread), migrationDisabled: spec.migrationDisabled ?? false, cls: 'fair', cpu, program: spec.program,
      prng: this.prng.fork(`task:${pid}`),
      fair: newFairEntity(pid, weight, 0, { noWakeupPreempt: policy === 'BATCH' || policy === 'IDLE',
        idlePolicy: policy === 'IDLE' }),
    });
    p.cls = this.classFor(p);
    p.driver = driver;
    this.tasks.push(p);
    this.byPid.set(pid, p);
    const sameComm = this.byComm.get(p.comm);
    if (sameComm === undefined) this.byComm.set(p.comm, [p]);
    else sameComm.push(p);
    this.liveTasks++;
    this.emit({ t: this.nowNs, type: 'task_new', pid, comm: p.comm, parent: p.parent, policy, nice, weight,
      cpumask: cpumask.toCpulist(), kthread: p.kthread, cls: p.cls,
      ...(flagNames.length > 0 ? { flags: formatTaskFlags(p.flags) } : {}) });
    this.emit({ t: this.nowNs, type: 'place', pid, place: 'sleep', cpu: -1, dsq: -1 });
    this.scx.onFork(p);
    this.wakeUpNewTask(p);
    return p;
  }

  private initialCpu(cpumask: Cpumask, parent: Task | null): number {
    if (parent && cpumask.has(parent.cpu) && (this.cpus[parent.cpu] as Cpu).online) return parent.cpu;
    for (const id of cpumask.cpus()) if ((this.cpus[id] as Cpu).online) return id;
    return cpumask.first();
  }

  /** The class a task belongs to given its policy and whether sched_ext has it (reference §4.8). */
  classFor(p: Task): TaskClass {
    if (isRtPolicy(p.policy)) return 'rt';
    if (this.scx.switching && isScxEligiblePolicy(p.policy, this.scx.switchPartial)) return 'ext';
    return 'fair';
  }

  findTask(ref: number | string): Task | undefined {
    if (typeof ref === 'number') return this.byPid.get(ref);
    // The first live task with that comm, in creation order; a dead task never lives again.
    const sameComm = this.byComm.get(ref);
    if (sameComm === undefined) return undefined;
    while (sameComm.length > 0 && (sameComm[0] as Task).status === 'dead') sameComm.shift();
    return sameComm[0];
  }

  private wakeUpNewTask(p: Task): void {
    p.stats.waitStartNs = this.nowNs;
    p.blockedOn = 'none';
    this.activate(p, null, true);
  }

  /**
   * try_to_wake_up: `waker` is the running task that woke `p`, or null for a timer; `sync` is WF_SYNC (the
   * waker is about to sleep, as pipe and socket writers say), passed to sched_ext as SCX_WAKE_SYNC.
   */
  wake(p: Task, waker: Task | null, sync = false): void {
    if (p.status === 'dead') return;
    if (p.status !== 'sleeping' || p.blockedOn !== 'wait') {
      p.pendingWakes++;
      return;
    }
    p.blockedOn = 'none';
    this.activate(p, waker, false, sync && waker !== null);
  }

  private onSleepTimer(pid: number, token: number): void {
    const p = this.byPid.get(pid);
    if (!p || p.sleepToken !== token || p.status !== 'sleeping' || p.blockedOn !== 'sleep') return;
    p.blockedOn = 'none';
    this.activate(p, null, false);
  }

  /** Common wake path: choose the CPU by class, enqueue, preempt if needed. */
  private activate(p: Task, waker: Task | null, fork: boolean, sync = false): void {
    if (p.status !== 'sleeping') assertFailed(`activate of a ${p.status} task ${p.pid}`);
    p.status = 'runnable';
    p.stats.waitStartNs = this.nowNs;
    if (p.cls === 'ext') {
      this.emit({ t: this.nowNs, type: 'wake', pid: p.pid, cpu: p.cpu, waker: waker?.pid ?? 0 });
      this.scx.wakeUp(p, waker, fork, sync);
      return;
    }
    const cpu = p.cls === 'rt' ? this.selectRtCpu(p) : this.selectFairCpu(p);
    this.emit({ t: this.nowNs, type: 'wake', pid: p.pid, cpu, waker: waker?.pid ?? 0 });
    this.moveTaskCpu(p, cpu);
    this.enqueueClass(p, fork ? 'fork' : 'wakeup');
  }

  /** set_task_cpu: records a migration. */
  moveTaskCpu(p: Task, cpu: number): void {
    if (p.cpu === cpu) return;
    this.emit({ t: this.nowNs, type: 'migrate', pid: p.pid, from: p.cpu, to: cpu });
    p.cpu = cpu;
    p.stats.migrations++;
  }

  /** Puts a runnable, non-running RT or fair task on its CPU's queue and preempts if it should. */
  enqueueClass(p: Task, how: 'fork' | 'wakeup' | 'migrate' | 'restore'): void {
    const cpu = this.cpus[p.cpu] as Cpu;
    if (p.cls === 'rt') {
      this.rtEnqueue(cpu, p, false);
      this.setPlace(p, 'rt', cpu.id, -1);
    } else {
      assert(p.cls === 'fair', 'enqueueClass is for rt and fair');
      cpu.fairRq.enqueue(p.fair, how);
      this.setPlace(p, 'fair', cpu.id, -1);
    }
    this.checkPreempt(cpu, p);
    this.armFairBalance();
  }

  /** wakeup_preempt: a higher class, a higher RT priority or an EEVDF preemption reschedules. */
  checkPreempt(cpu: Cpu, p: Task): void {
    const curr = cpu.curr;
    if (!curr) return this.resched(cpu);
    const rank = classRank(p.cls) - classRank(curr.cls);
    if (rank > 0) return this.resched(cpu);
    if (rank < 0) return;
    if (p.cls === 'rt' && p.rtPriority > curr.rtPriority) return this.resched(cpu);
    if (p.cls === 'fair') {
      this.charge(cpu);
      if (cpu.fairRq.checkPreemptWakeup(p.fair)) this.resched(cpu);
    }
  }

  private rtEnqueue(cpu: Cpu, p: Task, head: boolean): void {
    const queue = cpu.rtQueue;
    let index = 0;
    while (index < queue.length && (queue[index] as Task).rtPriority > p.rtPriority) index++;
    if (!head) while (index < queue.length && (queue[index] as Task).rtPriority === p.rtPriority) index++;
    queue.splice(index, 0, p);
    if (p.policy === 'RR' && p.rrRemainingNs <= 0) p.rrRemainingNs = RR_TIMESLICE_NS;
  }

  private rtDequeue(cpu: Cpu, p: Task): void {
    const index = cpu.rtQueue.indexOf(p);
    if (index < 0) assertFailed(`rt task ${p.pid} missing from cpu ${cpu.id}`);
    cpu.rtQueue.splice(index, 1);
  }

  /** select_task_rq_rt (simplified): prev CPU unless it runs an equal or higher RT task, else the CPU running the lowest class. */
  private selectRtCpu(p: Task): number {
    const prev = this.cpus[p.cpu] as Cpu;
    const runsHigher = (cpu: Cpu): boolean => cpu.curr !== null && cpu.curr.cls === 'rt' &&
      cpu.curr.rtPriority >= p.rtPriority;
    if (prev.online && p.cpumask.has(prev.id) && !runsHigher(prev)) return prev.id;
    let best = -1;
    let bestRank = 99;
    for (const id of p.cpumask.cpus()) {
      const cpu = this.cpus[id] as Cpu;
      if (!cpu.online || runsHigher(cpu)) continue;
      const rank = cpu.curr ? classRank(cpu.curr.cls) : -1;
      if (rank < bestRank) { best = id; bestRank = rank; }
    }
    return best >= 0 ? best : this.fallbackCpu(p);
  }

  /** Fair wake-up placement (DESIGN.md): prev if idle, else an idle CPU in its LLC, else the least loaded. */
  selectFairCpu(p: Task): number {
    const prev = this.cpus[p.cpu] as Cpu;
    const usable = (cpu: Cpu): boolean => cpu.online && p.cpumask.has(cpu.id);
    if (usable(prev) && this.isIdle(prev)) return prev.id;
    for (const id of this.topology.llcCpus(this.topology.cpuLlc[p.cpu] as number)) {
      const cpu = this.cpus[id] as Cpu;
      if (usable(cpu) && this.isIdle(cpu)) return id;
    }
    let best = -1;
    let bestLoad = Number.MAX_SAFE_INTEGER;
    for (const id of p.cpumask.cpus()) {
      const cpu = this.cpus[id] as Cpu;
      if (!cpu.online) continue;
      const load = this.cpuLoad(cpu) * 2 + (id === p.cpu ? 0 : 1);
      if (load < bestLoad) { best = id; bestLoad = load; }
    }
    return best >= 0 ? best : this.fallbackCpu(p);
  }

  isIdle(cpu: Cpu): boolean {
    return cpu.curr === null && cpu.rtQueue.length === 0 && cpu.fairRq.nrRunning === 0 &&
      cpu.localDsq.nrQueued === 0;
  }

  private cpuLoad(cpu: Cpu): number {
    return cpu.rtQueue.length + cpu.fairRq.nrRunning + cpu.localDsq.nrQueued +
      (cpu.curr !== null && cpu.curr.cls === 'ext' ? 1 : 0);
  }

  /** select_fallback_rq: an online allowed CPU; if none, affinity is widened to every online CPU. */
  fallbackCpu(p: Task): number {
    for (const id of p.cpumask.cpus()) if ((this.cpus[id] as Cpu).online) return id;
    const online = this.onlineCpuIds();
    p.cpumask = Cpumask.of(this.nrCpus, online);
    this.emitAttr(p);
    return online[0] as number;
  }

  /** The task's CPU when it is online and allowed, else a fallback (select_fallback_rq). */
  fallbackCpuIfOffline(p: Task): number {
    const cpu = this.cpus[p.cpu] as Cpu;
    return cpu.online && p.cpumask.has(cpu.id) ? cpu.id : this.fallbackCpu(p);
  }

  onlineCpuIds(): number[] {
    const ids: number[] = [];
    for (const cpu of this.cpus) if (cpu.online) ids.push(cpu.id);
    return ids;
  }

  emitAttr(p: Task): void {
    this.emit({ t: this.nowNs, type: 'attr', pid: p.pid, cpumask: p.cpumask.toCpulist(), policy: p.policy,
      nice: p.nice, weight: p.weight });
  }

  // ---- running: charge, bursts, ticks ----------------------------------------------------------------

  /** update_curr: charges the running task for the time since the last charge. */
  charge(cpu: Cpu): void {
    const delta = this.nowNs - cpu.lastChargeNs;
    cpu.lastChargeNs = this.nowNs;
    const p = cpu.curr;
    if (!p || delta <= 0) return;
    p.runRemainingNs = Math.max(0, p.runRemainingNs - delta);
    p.stats.runNs += delta;
    if (p.cls === 'fair') cpu.fairServer.charge(delta);
    else if (p.cls === 'ext') cpu.extServer.charge(delta);
    if (p.cls === 'fair') {
      if (cpu.fairRq.updateCurr(delta)) this.resched(cpu);
    } else if (p.cls === 'ext') {
      this.scx.chargeSlice(p, delta);
    } else if (p.policy === 'RR') {
      p.rrRemainingNs -= delta;
    }
  }

  private armBurst(cpu: Cpu): void {
    const p = cpu.curr;
    assert(p !== null, 'burst without a task');
    this.queue.push(this.nowNs + p.runRemainingNs, { k: 'burst', cpu: cpu.id, token: cpu.runToken });
  }

  private armTick(cpu: Cpu): void {
    if (cpu.tickArmed) return;
    cpu.tickArmed = true;
    const next = (Math.floor(this.nowNs / this.tickNs) + 1) * this.tickNs;
    this.queue.push(next, { k: 'tick', cpu: cpu.id });
  }

  /** scheduler_tick: only busy CPUs take ticks; an idle CPU costs nothing until its next event. */
  private onTick(cpu: Cpu): void {
    cpu.tickArmed = false;
    const p = cpu.curr;
    if (!p) return;
    this.charge(cpu);
    if (p.cls === 'ext') this.scx.tick(cpu, p);
    else if (p.cls === 'rt') this.rtTick(cpu, p);
    this.dlServerTick(cpu);
    if (cpu.curr) this.armTick(cpu);
  }

  private rtTick(cpu: Cpu, p: Task): void {
    if (p.policy !== 'RR' || p.rrRemainingNs > 0) return;
    p.rrRemainingNs = RR_TIMESLICE_NS;
    const peers = cpu.rtQueue.filter((q) => q.rtPriority === p.rtPriority);
    if (peers.length < 2) return;
    this.rtDequeue(cpu, p);
    this.rtEnqueue(cpu, p, false);
    this.resched(cpu);
  }

  /**
   * The fair and ext deadline servers (dlServer.ts; reference §1.4 E.4, §7 rt_stall): each is advanced at
   * every tick of a busy CPU with whether its class has runnable work here; the ext one only when enabled
   * (kernel option `extServer`, v7.0+) and while a scheduler is loaded.
   */
  private dlServerTick(cpu: Cpu): void {
    let changed = false;
    if (this.config.fairServer) changed = cpu.fairServer.update(this.nowNs, cpu.fairRq.nrRunning > 0);
    if (this.config.extServer) {
      const curr = cpu.curr;
      const work = this.scx.active() && ((curr !== null && curr.cls === 'ext') || this.scx.hasWork(cpu));
      if (cpu.extServer.update(this.nowNs, work)) changed = true;
    }
    if (changed) this.resched(cpu);
  }

  // ---- schedule(): the pick order ------------------------------------------------------------------

  /** __schedule on one CPU: charge prev, pick by class order, switch. */
  schedule(cpu: Cpu): void {
    cpu.reschedQueued = false;
    // SCX_KICK_WAIT: this CPU waits until the CPUs it kicked have rescheduled (scxKickSync.ts).
    if (cpu.kickWaits.size > 0 && kickSyncWaitBlocks(this.scx, cpu)) return;
    this.charge(cpu);
    const prev = cpu.curr;
    const prevRunnable = prev !== null && prev.status === 'runnable';
    let next: Task | null = null;
    if (cpu.online) {
      // Running deadline servers pick their class first, earliest deadline first (fair on a tie); each
      // class is asked at most once, so ext's balance (which calls ops.dispatch) runs at most once per
      // schedule(). No allocation: this runs at every context switch.
      let fairTried = false;
      let extTried = false;
      const fairServing = cpu.fairServer.active;
      const extServing = cpu.extServer.active && this.scx.active();
      if (extServing && (!fairServing || cpu.extServer.deadlineNs < cpu.fairServer.deadlineNs)) {
        extTried = true;
        next = this.scx.pick(cpu, prevRunnable ? prev : null);
      }
      if (!next && fairServing) {
        fairTried = true;
        next = this.pickFair(cpu);
      }
      if (!next && extServing && !extTried) {
        extTried = true;
        next = this.scx.pick(cpu, prevRunnable ? prev : null);
      }
      if (!next) next = this.pickRt(cpu);
      if (!next && !fairTried) next = this.pickFair(cpu);
      if (!next && !extTried && this.scx.active()) next = this.scx.pick(cpu, prevRunnable ? prev : null);
      if (!next && this.newIdleBalance(cpu)) next = this.pickFair(cpu);
    }
    if (next === prev && prev !== null) return this.continueRunning(cpu, prev);
    if (prev !== null && prev.cls === 'ext') advanceKickSync(this.scx, cpu); // put_prev_task_scx
    if (prev) this.putPrev(cpu, prev, next);
    this.switchTo(cpu, prev, next);
  }

  private pickRt(cpu: Cpu): Task | null {
    return cpu.rtQueue[0] ?? null;
  }

  private pickFair(cpu: Cpu): Task | null {
    const se = cpu.fairRq.pick();
    if (!se) return null;
    const p = this.byPid.get(se.pid);
    if (!(p !== undefined && p.cls === 'fair')) assertFailed(`fair entity ${se.pid} without a fair task`);
    return p;
  }

  private continueRunning(cpu: Cpu, p: Task): void {
    if (p.cls === 'fair') cpu.fairRq.setCurr(p.fair);
    this.armTick(cpu);
  }

  /** put_prev_task: a still-runnable prev goes back to its class's queue. */
  private putPrev(cpu: Cpu, prev: Task, next: Task | null): void {
    if (prev.status !== 'runnable') return;
    prev.stats.waitStartNs = this.nowNs;
    if (prev.cls === 'ext') return this.scx.putPrev(cpu, prev, next);
    if (prev.cls === 'fair') {
      cpu.fairRq.setCurr(null);
      this.setPlace(prev, 'fair', cpu.id, -1);
    } else {
      this.setPlace(prev, 'rt', cpu.id, -1);
    }
  }

  private switchTo(cpu: Cpu, prev: Task | null, next: Task | null): void {
    cpu.curr = next;
    cpu.runToken++;
    cpu.lastChargeNs = this.nowNs;
    if (prev) prev.stats.switches++;
    this.emit({ t: this.nowNs, type: 'switch', cpu: cpu.id, prev: prev?.pid ?? 0, next: next?.pid ?? 0,
      cls: next?.cls ?? 'idle' });
    if (!next) {
      this.scx.onCpuIdle(cpu);
      return;
    }
    this.recordWait(next);
    this.notifyRunWatchers(next);
    if (next.cls === 'fair') cpu.fairRq.setCurr(next.fair);
    if (next.cls === 'ext') this.scx.setNext(cpu, next);
    else this.scx.onHigherClass(cpu, next);
    this.setPlace(next, 'run', cpu.id, -1);
    this.armTick(cpu);
    this.armBurst(cpu);
  }

  private recordWait(p: Task): void {
    const start = p.stats.waitStartNs;
    if (start >= 0) {
      const waitNs = this.nowNs - start;
      p.stats.waits.record(waitNs);
      const exitAt = this.scx.lastDisableNs;
      // Only the part after the exit: the fallback's delay, not the wait that came before it.
      if (exitAt >= start && exitAt <= this.nowNs) p.stats.waitAcrossExitNs = Math.max(p.stats.waitAcrossExitNs, this.nowNs - exitAt);
    }
    p.stats.waitStartNs = -1;
  }

  /** Tasks woken when a given task next gets a CPU (a page fault served by a kthread, for example). */
  private readonly runWatchers = new Map<number, Task[]>();

  /** Blocks nothing by itself: wakes `waiter` (blocked in `wait`) the next time `watched` runs. */
  wakeWhenRuns(watched: Task, waiter: Task): void {
    const list = this.runWatchers.get(watched.pid) ?? [];
    list.push(waiter);
    this.runWatchers.set(watched.pid, list);
  }

  private notifyRunWatchers(p: Task): void {
    if (this.runWatchers.size === 0) return;
    const waiters = this.runWatchers.get(p.pid);
    if (!waiters) return;
    this.runWatchers.delete(p.pid);
    for (const waiter of waiters) this.wake(waiter, p);
  }

  // ---- behaviour programs --------------------------------------------------------------------------

  /** The running task finished its run step (or starts fresh): interpret steps until it must run or block. */
  private onBurst(cpu: Cpu, token: number): void {
    if (cpu.runToken !== token) return;
    const p = cpu.curr;
    if (!p) return;
    this.charge(cpu);
    if (p.runRemainingNs > 0) return this.armBurst(cpu);
    if (p.driver) return this.driveTask(cpu, p, p.driver);
    for (let steps = 0; steps < BEHAVIOUR_STEPS_PER_ACTIVATION_MAX; steps++) {
      const step = this.nextStep(p);
      if (!step) return this.exitTask(cpu, p);
      if (this.execStep(cpu, p, step)) return;
    }
    // A program that never runs or blocks would spin at one instant; scenario validation rejects it,
    // so reaching this is a model bug.
    assert(false, `task ${p.pid} made no progress in ${BEHAVIOUR_STEPS_PER_ACTIVATION_MAX} steps`);
  }

  /** A driver-run task: apply the paid-for effect, then take driver steps until it runs or stops. */
  private driveTask(cpu: Cpu, p: Task, driver: TaskDriver): void {
    for (let steps = 0; steps < BEHAVIOUR_STEPS_PER_ACTIVATION_MAX; steps++) {
      const effect = p.pendingEffect;
      p.pendingEffect = null;
      effect?.();
      if (cpu.curr !== p || p.status !== 'runnable') return;
      const step = driver.next(this.nowNs);
      switch (step.op) {
        case 'run':
          if (step.effect) p.pendingEffect = step.effect;
          if (step.ns <= 0) continue;
          p.runRemainingNs = step.ns;
          this.armBurst(cpu);
          return;
        case 'yield': return this.yieldTask(cpu, p);
        case 'sleep': {
          this.block(cpu, p, 'sleep');
          this.queue.push(this.nowNs + Math.max(1, step.ns), { k: 'wake', pid: p.pid, token: p.sleepToken });
          return;
        }
        case 'wait':
          if (p.pendingWakes > 0) { p.pendingWakes--; continue; }
          return this.block(cpu, p, 'wait');
        case 'exit': return this.exitTask(cpu, p);
      }
    }
    assert(false, `driver of task ${p.pid} made no progress in ${BEHAVIOUR_STEPS_PER_ACTIVATION_MAX} steps`);
  }

  private nextStep(p: Task): Step | null {
    for (;;) {
      const frame = p.frames[p.frames.length - 1];
      if (!frame) return null;
      if (frame.index < frame.steps.length) return frame.steps[frame.index++] as Step;
      if (frame.remaining !== 0 && p.frames.length > 1) {
        if (frame.remaining > 0) frame.remaining--;
        frame.index = 0;
        continue;
      }
      p.frames.pop();
    }
  }

  private draw(p: Task, ns: number | readonly [number, number]): number {
    return typeof ns === 'number' ? ns : p.prng.rangeInclusive(ns[0], ns[1]);
  }

  /** Executes one step; returns true when the task now runs for a while or stopped running. */
  private execStep(cpu: Cpu, p: Task, step: Step): boolean {
    switch (step.op) {
      case 'run':
        p.runRemainingNs = Math.max(1, this.draw(p, step.ns));
        this.armBurst(cpu);
        return true;
      case 'sleep': {
        const ns = Math.max(1, this.draw(p, step.ns));
        this.block(cpu, p, 'sleep');
        this.queue.push(this.nowNs + ns, { k: 'wake', pid: p.pid, token: p.sleepToken });
        return true;
      }
      case 'wait':
        if (p.pendingWakes > 0) { p.pendingWakes--; return false; }
        this.block(cpu, p, 'wait');
        return true;
      case 'yield':
        this.yieldTask(cpu, p);
        return true;
      case 'exit':
        this.exitTask(cpu, p);
        return true;
      case 'fork':
        this.createTask(step.child, p, `fork by ${p.comm}[${p.pid}]`);
        return false;
      case 'wake': {
        const target = this.findTask(step.target);
        if (target && target !== p) this.wake(target, p, step.sync === true);
        return false;
      }
      case 'loop':
        p.frames.push({ steps: step.body, index: 0, remaining: step.times === undefined ? -1 : step.times - 1 });
        return false;
      case 'setAffinity':
        this.setAffinity(p, cpumaskFromJson(step.cpus, this.nrCpus, `${p.comm}.setAffinity`));
        return cpu.curr !== p;
      case 'setNice':
        this.setNice(p, step.nice);
        return false;
      case 'setPolicy':
        this.setPolicy(p, step.policy, step.rtPriority ?? 0);
        return cpu.curr !== p;
    }
  }

  private yieldTask(cpu: Cpu, p: Task): void {
    this.charge(cpu);
    if (p.cls === 'ext') this.scx.yieldTask(p);
    else if (p.cls === 'rt') { this.rtDequeue(cpu, p); this.rtEnqueue(cpu, p, false); }
    // Fair yield (yield_task_fair) is modelled as a plain reschedule: EEVDF picks again. The reschedule is
    // queued before the task's next step so the yield takes effect first.
    this.resched(cpu);
    this.armBurst(cpu);
  }

  /** The running task blocks: dequeue from its class, then the CPU picks another task. */
  private block(cpu: Cpu, p: Task, why: 'sleep' | 'wait' | 'exit'): void {
    assert(cpu.curr === p, 'only the running task blocks');
    this.charge(cpu);
    this.emit({ t: this.nowNs, type: 'block', pid: p.pid, why });
    this.dequeueClass(cpu, p, true);
    p.status = 'sleeping';
    p.blockedOn = why === 'exit' ? 'none' : why;
    p.sleepToken++;
    this.setPlace(p, 'sleep', -1, -1);
    this.resched(cpu);
  }

  /** Removes a runnable task from its class's run queue (running or waiting). */
  dequeueClass(cpu: Cpu, p: Task, sleep: boolean): void {
    if (p.cls === 'fair') cpu.fairRq.dequeue(p.fair, sleep);
    else if (p.cls === 'rt') this.rtDequeue(cpu, p);
    else this.scx.dequeue(p, sleep);
  }

  /**
   * Kills a task from outside (SIGKILL to a crashed process). A task exits in its own context (reference
   * §1.4 H: a final block while running), so a task that is not running is made to exit the next time it
   * runs: its program and driver are dropped, and a sleeping task is woken for it.
   */
  killTask(p: Task): void {
    if (p.status === 'dead') return;
    const cpu = this.cpus[p.cpu] as Cpu;
    if (cpu.curr === p) return this.exitTask(cpu, p);
    p.frames.length = 0;
    p.driver = null;
    p.pendingEffect = null;
    p.runRemainingNs = 0;
    if (p.status === 'sleeping') {
      p.blockedOn = 'wait';
      this.wake(p, null);
    }
  }

  /**
   * do_exit: the first call sets PF_EXITING and runs the exit work (TASK_EXIT_WORK_NS) in the task's own
   * context, where it can be preempted and re-enqueued like any runnable task; when that work is done the
   * task blocks for good and dies (do_task_dead).
   */
  private exitTask(cpu: Cpu, p: Task): void {
    if (!p.exiting) {
      this.charge(cpu);
      p.exiting = true;
      p.frames.length = 0;
      p.driver = null;
      p.pendingEffect = null;
      p.runRemainingNs = TASK_EXIT_WORK_NS;
      cpu.runToken++;
      this.armBurst(cpu);
      return;
    }
    this.block(cpu, p, 'exit');
    this.markDead(p);
  }

  private markDead(p: Task): void {
    p.status = 'dead';
    this.liveTasks--;
    this.setPlace(p, 'dead', -1, -1);
    this.scx.onTaskDead(p);
    this.emit({ t: this.nowNs, type: 'task_dead', pid: p.pid });
  }

  // ---- property changes (reference §1.4 I) ---------------------------------------------------------

  /**
   * A dequeue/enqueue cycle around an attribute change (DEQUEUE_SAVE|DEQUEUE_MOVE, ENQUEUE_RESTORE). The
   * running task stays current unless the change moves it off this CPU or into another class.
   */
  changeTask(p: Task, mutate: () => void): void {
    if (p.status === 'dead') return;
    if (p.status === 'sleeping') {
      mutate();
      this.afterChange(p);
      return;
    }
    const cpu = this.cpus[p.cpu] as Cpu;
    const running = cpu.curr === p;
    this.charge(cpu);
    const oldCls = p.cls;
    if (oldCls === 'ext') this.scx.changeDequeue(p, running);
    else if (!running) this.dequeueClass(cpu, p, false);
    else if (oldCls === 'rt') this.rtDequeue(cpu, p);
    mutate();
    this.afterChange(p);
    const stay = p.cpumask.has(cpu.id) && cpu.online;
    if (oldCls === 'fair' && running && (p.cls !== 'fair' || !stay)) {
      cpu.fairRq.dequeue(p.fair, false);
    }
    if (running && (!stay || p.cls !== oldCls)) {
      // The running task is switched out and re-enqueued like a migration (move_queued_task).
      if (oldCls === 'ext') advanceKickSync(this.scx, cpu); // put_prev_task_scx
      cpu.curr = null;
      cpu.runToken++;
      this.emit({ t: this.nowNs, type: 'switch', cpu: cpu.id, prev: p.pid, next: 0, cls: 'idle' });
      p.stats.waitStartNs = this.nowNs;
      this.requeue(p, stay ? cpu.id : this.fallbackCpu(p), 'migrate');
      this.resched(cpu);
      return;
    }
    if (running) {
      if (p.cls === 'rt') this.rtEnqueue(cpu, p, true);
      if (p.cls === 'ext') this.scx.changeEnqueue(p, true);
      this.resched(cpu);
      return;
    }
    // A waiting task whose CPU is no longer allowed moves to an allowed one (affine_move_task); a fair task
    // goes through wake-up placement.
    const target = stay ? p.cpu : p.cls === 'fair' ? this.selectFairCpu(p) : this.fallbackCpu(p);
    this.requeue(p, target, 'restore');
  }

  private requeue(p: Task, cpuId: number, how: 'migrate' | 'restore'): void {
    if (p.cls === 'ext') {
      this.moveTaskCpu(p, cpuId);
      this.scx.changeEnqueue(p, false);
      return;
    }
    this.moveTaskCpu(p, cpuId);
    this.enqueueClass(p, how);
  }

  private afterChange(p: Task): void {
    const cls = this.classFor(p);
    if (cls !== p.cls) {
      const from = p.cls;
      p.cls = cls;
      this.emit({ t: this.nowNs, type: 'class', pid: p.pid, cls });
      this.scx.onClassChange(p, from, cls);
    }
    this.emitAttr(p);
  }

  setAffinity(p: Task, cpumask: Cpumask): void {
    this.changeTask(p, () => {
      p.cpumask = cpumask;
      if (p.cls === 'ext') this.scx.notifyCpumask(p);
    });
  }

  setNice(p: Task, nice: number): void {
    this.changeTask(p, () => {
      p.nice = nice;
      const weight = p.policy === 'IDLE' ? WEIGHT_IDLEPRIO : niceToWeight(nice);
      if (p.fair.onRq) (this.cpus[p.cpu] as Cpu).fairRq.reweight(p.fair, weight);
      else p.fair.weight = weight;
      p.weight = weight;
      p.scxWeight = scxWeight(weight);
      if (p.cls === 'ext') this.scx.notifyWeight(p);
    });
  }

  setPolicy(p: Task, policy: Policy, rtPriority: number): void {
    this.changeTask(p, () => {
      p.policy = policy;
      p.rtPriority = isRtPolicy(policy) ? Math.max(1, rtPriority) : 0;
      p.fair.noWakeupPreempt = policy === 'BATCH' || policy === 'IDLE';
      p.fair.idlePolicy = policy === 'IDLE';
    });
  }

  // ---- fair load balancing -------------------------------------------------------------------------

  private armFairBalance(): void {
    if (this.balanceArmed) return;
    this.balanceArmed = true;
    this.queue.push(this.nowNs + FAIR_BALANCE_INTERVAL_NS, { k: 'balance' });
  }

  /** Periodic balance (every 4 ms while fair tasks wait): pull one waiting task from the busiest CPU. */
  private onFairBalance(): void {
    this.balanceArmed = false;
    let waiting = false;
    for (const cpu of this.cpus) {
      if (!cpu.online) continue;
      if (cpu.fairRq.nrRunning > 1) waiting = true;
      if (this.isIdle(cpu) || (cpu.curr !== null && cpu.curr.cls === 'ext')) this.pullFair(cpu);
    }
    if (waiting) this.armFairBalance();
  }

  /** Pulls a waiting fair task from the busiest CPU onto `dst` (new-idle and periodic balance). */
  pullFair(dst: Cpu): boolean {
    let source: Cpu | null = null;
    for (const cpu of this.cpus) {
      if (cpu === dst || !cpu.online || cpu.fairRq.nrRunning < 2) continue;
      if (!source || cpu.fairRq.nrRunning > source.fairRq.nrRunning) source = cpu;
    }
    if (!source) return false;
    for (const se of source.fairRq.entities()) {
      const p = this.byPid.get(se.pid) as Task;
      if (source.curr === p || !p.cpumask.has(dst.id) || p.migrationDisabled) continue;
      source.fairRq.dequeue(p.fair, false);
      this.moveTaskCpu(p, dst.id);
      dst.fairRq.enqueue(p.fair, 'migrate');
      this.setPlace(p, 'fair', dst.id, -1);
      this.checkPreempt(dst, p);
      return true;
    }
    return false;
  }

  /** Before going idle, try to pull fair work (new-idle balance). */
  newIdleBalance(cpu: Cpu): boolean {
    return this.pullFair(cpu);
  }

  // ---- hotplug (reference §4.9) -------------------------------------------------------------------

  setCpuOnline(cpuId: number, online: boolean): void {
    const cpu = this.cpus[cpuId] as Cpu;
    if (cpu.online === online) return;
    if (!online && this.onlineCpuIds().length === 1) return;
    this.emit({ t: this.nowNs, type: 'cpu', cpu: cpuId, online });
    this.scx.onHotplug(cpuId, online);
    if (online) {
      cpu.online = true;
      cpu.lastChargeNs = this.nowNs;
      this.resched(cpu);
      return;
    }
    this.charge(cpu);
    cpu.online = false;
    this.evacuate(cpu);
  }

  /** Moves every runnable task off an offlined CPU (migrate_tasks). */
  private evacuate(cpu: Cpu): void {
    const victims: Task[] = [];
    for (const p of this.tasks) if (p.status === 'runnable' && p.cpu === cpu.id) victims.push(p);
    for (const p of victims) {
      const running = cpu.curr === p;
      if (p.cls === 'ext') this.scx.changeDequeue(p, running);
      else this.dequeueClass(cpu, p, false);
      if (running) {
        cpu.curr = null;
        cpu.runToken++;
        this.emit({ t: this.nowNs, type: 'switch', cpu: cpu.id, prev: p.pid, next: 0, cls: 'idle' });
      }
      p.stats.waitStartNs = this.nowNs;
      this.requeue(p, this.fallbackCpu(p), 'migrate');
    }
    if (cpu.curr !== null) assertFailed(`cpu ${cpu.id} still runs a task after going offline`);
  }
}

/** Class rank in pick order: higher runs first. */
export function classRank(cls: TaskClass): number {
  return cls === 'rt' ? 3 : cls === 'fair' ? 2 : 1;
}
