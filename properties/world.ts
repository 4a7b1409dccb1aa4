// The world as the trace tells it: every task's place, class, cpumask and policy, each CPU's current task
// and online state, and the scheduler's enable state and watchdog timeout — rebuilt event by event from
// TraceEvents alone (DESIGN.md, The trace: properties never read the kernel model). One World is shared
// by every monitor of a run, so the trace is reduced once. It also keeps what changed since the last
// settle point (`dirtyPids`, `dirtyCpus`) so monitors check only that.
import type { PlaceKind, TaskClass, TraceEvent } from '../model/kernel/trace.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import { type CpuSet, parseCpulist, scenarioCpuCount, scenarioInitialOnline } from './cpulist.ts';
import { CpuLog, type Holder, pushWaitStep, type WaitStep } from './occupancy.ts';

/** A task has no place until its first `place` event. */
export type WorldPlace = PlaceKind | 'none';

export interface TaskView {
  readonly pid: number;
  readonly comm: string;
  readonly kthread: boolean;
  cls: TaskClass;
  policy: string;
  nice: number;
  weight: number;
  cpumask: CpuSet;
  place: WorldPlace;
  /** The CPU of a `run`, `local`, `fair` or `rt` place (-1 otherwise). */
  cpu: number;
  /** task_cpu(p): the CPU of its last `wake` or `migrate` event (-1 before either). */
  taskCpu: number;
  dsq: number;
  /** Created and not yet `task_dead`. */
  alive: boolean;
  /** When the task last started waiting for a CPU (-1 while running, sleeping or dead). */
  waitingSinceNs: number;
  scxState: string;
  opsState: string;
  /** Where the task was during its current (or last) wait, oldest first: for cause attribution. */
  waitLog: WaitStep[];
  /** When that last wait ended (-1 while it lasts). */
  waitEndedNs: number;
}

/** Places where a task waits for a CPU: a DSQ, BPF custody, or a fair/RT run queue. */
export function isWaitingPlace(place: WorldPlace): boolean {
  return place === 'local' || place === 'global' || place === 'bypass' || place === 'user' || place === 'bpf' ||
    place === 'fair' || place === 'rt';
}

/** Places owned by sched_ext: its DSQs and the BPF scheduler's custody. */
export function isScxPlace(place: WorldPlace): boolean {
  return place === 'local' || place === 'global' || place === 'bypass' || place === 'user' || place === 'bpf';
}

export class World {
  readonly nrCpus: number;
  nowNs = 0;
  readonly tasks = new Map<number, TaskView>();
  /** pid running on each CPU (0: idle), from `switch` events. */
  readonly cpuCurr: number[];
  readonly cpuOnline: boolean[];
  /** When each CPU last became idle (-1 while busy or offline). */
  readonly cpuIdleSinceNs: number[];
  /** Scheduler enable state from `scx_state` (DISABLED before any attach). */
  scxState = 'DISABLED';
  scheduler = '';
  /** The watchdog timeout of the scheduler in force (-1 before any attach). */
  timeoutNs = -1;
  /** The user-space scheduler's task, for the rustland family (0 when none). */
  userschedPid = 0;
  readonly dirtyPids = new Set<number>();
  readonly dirtyCpus = new Set<number>();
  /** Who held each CPU, switch by switch (bounded): for cause attribution (attribution.ts). */
  readonly cpuLogs: CpuLog[];
  /** Tasks waiting on each CPU's RT run queue: a fair or ext task running over them runs by a deadline server. */
  private readonly rtWaiting: number[];

  constructor(scenario: Scenario) {
    this.nrCpus = scenarioCpuCount(scenario);
    const online = scenarioInitialOnline(scenario);
    this.cpuCurr = new Array<number>(this.nrCpus).fill(0);
    this.cpuOnline = online.slice();
    this.cpuIdleSinceNs = online.map((on) => (on ? 0 : -1));
    this.rtWaiting = new Array<number>(this.nrCpus).fill(0);
    this.cpuLogs = online.map((on) => {
      const log = new CpuLog();
      log.push(0, on ? 0 : -1, on ? 'idle' : 'offline');
      return log;
    });
  }

  task(pid: number): TaskView | undefined {
    return this.tasks.get(pid);
  }

  apply(e: TraceEvent): void {
    this.nowNs = e.t;
    switch (e.type) {
      case 'task_new': return this.onTaskNew(e);
      case 'task_dead': return this.onTaskDead(e.pid);
      case 'place': return this.onPlace(e.pid, e.place, e.cpu, e.dsq, e.t);
      case 'switch': return this.onSwitch(e.cpu, e.next, e.cls, e.t);
      case 'attr': return this.onAttr(e);
      case 'class': return this.onClass(e.pid, e.cls);
      case 'task_state': { const p = this.tasks.get(e.pid); if (p) p.scxState = e.state; return; }
      case 'ops_state': { const p = this.tasks.get(e.pid); if (p) p.opsState = e.state; return; }
      case 'scx_state':
        this.scxState = e.state;
        this.scheduler = e.scheduler;
        this.timeoutNs = e.timeoutNs;
        return;
      case 'cpu': return this.onCpu(e.cpu, e.online, e.t);
      case 'wake': return this.onTaskCpu(e.pid, e.cpu);
      case 'migrate': return this.onTaskCpu(e.pid, e.to);
      case 'usersched': this.userschedPid = e.pid; return;
      default: return;
    }
  }

  private onTaskNew(e: Extract<TraceEvent, { type: 'task_new' }>): void {
    this.tasks.set(e.pid, {
      pid: e.pid, comm: e.comm, kthread: e.kthread, cls: e.cls, policy: e.policy, nice: e.nice, weight: e.weight,
      cpumask: parseCpulist(e.cpumask, this.nrCpus), place: 'none', cpu: -1, taskCpu: -1, dsq: -1, alive: true,
      waitingSinceNs: -1, scxState: 'NONE', opsState: 'NONE', waitLog: [], waitEndedNs: -1,
    });
    this.dirtyPids.add(e.pid);
  }

  private onTaskDead(pid: number): void {
    const p = this.tasks.get(pid);
    if (p) p.alive = false;
    this.dirtyPids.add(pid);
  }

  private onPlace(pid: number, place: PlaceKind, cpu: number, dsq: number, t: number): void {
    const p = this.tasks.get(pid);
    if (!p) return;
    const waitingBefore = isWaitingPlace(p.place);
    if (p.place === 'run' && p.cpu >= 0) this.dirtyCpus.add(p.cpu);
    if (p.place === 'rt' && p.cpu >= 0) this.rtWaiting[p.cpu] = (this.rtWaiting[p.cpu] ?? 1) - 1;
    if (place === 'rt' && cpu >= 0) this.rtWaiting[cpu] = (this.rtWaiting[cpu] ?? 0) + 1;
    p.place = place;
    p.cpu = cpu;
    p.dsq = dsq;
    if (isWaitingPlace(place)) {
      if (!waitingBefore) {
        p.waitingSinceNs = t;
        p.waitLog = [];
        p.waitEndedNs = -1;
      }
      pushWaitStep(p.waitLog, { t, place, cls: p.cls, cpu, dsq });
    } else {
      if (waitingBefore) p.waitEndedNs = t;
      p.waitingSinceNs = -1;
    }
    if (place === 'run' && cpu >= 0) this.dirtyCpus.add(cpu);
    this.dirtyPids.add(pid);
  }

  private onTaskCpu(pid: number, cpu: number): void {
    const p = this.tasks.get(pid);
    if (!p) return;
    p.taskCpu = cpu;
    this.dirtyPids.add(pid);
  }

  private onSwitch(cpu: number, next: number, cls: TaskClass | 'idle', t: number): void {
    if (cpu < 0 || cpu >= this.nrCpus) return;
    const served = (cls === 'fair' || cls === 'ext') && (this.rtWaiting[cpu] ?? 0) > 0;
    const holder: Holder = next === 0 ? 'idle' : served ? `${cls}-server` : cls === 'idle' ? 'idle' : cls;
    const log = this.cpuLogs[cpu];
    if (log) {
      log.push(t, next, holder);
      if (log.t.length >= log.nextTrimAt) log.trimBefore(this.oldestWaitNs());
    }
    this.cpuCurr[cpu] = next;
    this.cpuIdleSinceNs[cpu] = next === 0 && this.cpuOnline[cpu] ? t : -1;
    this.dirtyCpus.add(cpu);
  }

  private onAttr(e: Extract<TraceEvent, { type: 'attr' }>): void {
    const p = this.tasks.get(e.pid);
    if (!p) return;
    p.cpumask = parseCpulist(e.cpumask, this.nrCpus);
    p.policy = e.policy;
    p.nice = e.nice;
    p.weight = e.weight;
    this.dirtyPids.add(e.pid);
    if (p.place === 'run' && p.cpu >= 0) this.dirtyCpus.add(p.cpu);
  }

  private onClass(pid: number, cls: TaskClass): void {
    const p = this.tasks.get(pid);
    if (!p) return;
    p.cls = cls;
    if (p.waitingSinceNs >= 0) pushWaitStep(p.waitLog, { t: this.nowNs, place: p.place, cls, cpu: p.cpu, dsq: p.dsq });
    this.dirtyPids.add(pid);
  }

  private onCpu(cpu: number, online: boolean, t: number): void {
    if (cpu < 0 || cpu >= this.nrCpus) return;
    this.cpuOnline[cpu] = online;
    this.cpuIdleSinceNs[cpu] = online && this.cpuCurr[cpu] === 0 ? t : -1;
    const curr = this.cpuCurr[cpu] ?? 0;
    if (!online) this.cpuLogs[cpu]?.push(t, -1, 'offline');
    else if (curr === 0) this.cpuLogs[cpu]?.push(t, 0, 'idle');
    this.dirtyCpus.add(cpu);
  }

  /**
   * Start of the oldest wait still open (now when none): occupancy before it can no longer be asked for.
   * The user-space scheduler task is left out: it waits by design while idle, and no wait-based property
   * judges it.
   */
  private oldestWaitNs(): number {
    let oldest = this.nowNs;
    for (const p of this.tasks.values()) {
      if (p.waitingSinceNs >= 0 && p.waitingSinceNs < oldest && p.pid !== this.userschedPid) oldest = p.waitingSinceNs;
    }
    return oldest;
  }

  /** Forgets what changed: called by the suite after every settle point. */
  clearDirty(): void {
    this.dirtyPids.clear();
    this.dirtyCpus.clear();
  }
}
