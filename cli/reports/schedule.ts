// The schedule a trace describes, as intervals: what ran on each CPU and when, when each task waited
// runnable and where, instants (faults, scheduler state changes and exits, class changes), and counters
// (DSQ depths, BPF custody, the rustland rings, the scheduler's own counters). A trace sink that reads
// only the trace (DESIGN.md, The trace), so what the reports show is what the properties saw. The Perfetto
// export (perfetto.ts) and the HTML report (html.ts) both render it.
import { formatTraceDsq, type DsqNames, type PlaceKind, type TaskClass, type TraceEvent, type TraceSink } from '../../model/kernel/trace.ts';

/** A task ran on a CPU over [startNs, endNs). */
export interface RunSlice {
  readonly cpu: number;
  readonly pid: number;
  readonly cls: TaskClass;
  readonly startNs: number;
  endNs: number;
}

/** Where a waiting task sat over [startNs, endNs). */
export interface WaitStep {
  readonly place: PlaceKind;
  readonly where: string;
  readonly startNs: number;
  endNs: number;
}

/** A task waited runnable over [startNs, endNs) (until it ran, blocked, died, or the trace ended). */
export interface WaitSlice {
  readonly pid: number;
  readonly startNs: number;
  endNs: number;
  /** How the wait ended: `run` (it got a CPU), `sleep`, `dead`, or `end` of the trace. */
  ended: 'run' | 'sleep' | 'dead' | 'end';
  readonly steps: WaitStep[];
}

export interface Instant {
  readonly t: number;
  /** `global`: the whole system; `cpu`/`task`: on that CPU's or task's track. */
  readonly scope: 'global' | 'cpu' | 'task';
  readonly kind: 'fault' | 'exit' | 'scx_state' | 'class' | 'cpu';
  readonly name: string;
  readonly cpu: number;
  readonly pid: number;
  readonly args: Readonly<Record<string, string | number>>;
}

export interface CounterSample {
  readonly t: number;
  value: number;
}

export interface TaskInfo {
  readonly pid: number;
  comm: string;
  cls: TaskClass;
  /** The user-space scheduler's own task (rustland). */
  usersched: boolean;
}

/**
 * Most trace events a schedule takes in (STYLE.md: a limit on everything): a report of a longer run covers
 * its beginning and says where it stops (`truncatedAtNs`). About 1 GB of reports at this size.
 */
export const SCHEDULE_EVENTS_MAX = 5_000_000;

const WAIT_PLACES: ReadonlySet<PlaceKind> = new Set(['local', 'global', 'bypass', 'user', 'bpf', 'fair', 'rt']);

/** Queued ring / dispatched ring occupancy (rustland, reference §5.4–5.5): the message's stage. */
type RingStage = 'queued' | 'user' | 'dispatched' | 'decided';

export class ScheduleSink implements TraceSink {
  readonly tasks = new Map<number, TaskInfo>();
  readonly slices: RunSlice[] = [];
  readonly waits: WaitSlice[] = [];
  readonly instants: Instant[] = [];
  /** Counter series by name, in first-seen order; samples at one time keep the last value. */
  readonly counters = new Map<string, CounterSample[]>();
  /** CPUs seen (highest id + 1). */
  cpus = 0;
  endNs = 0;
  /** Where the schedule stops when the run had more than SCHEDULE_EVENTS_MAX events (-1: complete). */
  truncatedAtNs = -1;
  private events = 0;

  private readonly running = new Map<number, RunSlice>();
  private readonly waiting = new Map<number, WaitSlice>();
  /** Each waiting task's DSQ counter name (absent when it is not on a DSQ or in BPF custody). */
  private readonly dsqOf = new Map<number, string>();
  private readonly depth = new Map<string, number>();
  private readonly messages = new Map<string, RingStage>();
  private readonly ringCount = { queued: 0, user: 0, dispatched: 0 };

  constructor(private readonly dsqNames: DsqNames = new Map(), private readonly maxEvents = SCHEDULE_EVENTS_MAX) {}

  event(e: TraceEvent): void {
    if (this.truncatedAtNs >= 0) return;
    if (++this.events > this.maxEvents) {
      this.truncatedAtNs = e.t;
      this.end(e.t);
      return;
    }
    switch (e.type) {
      case 'task_new':
        this.tasks.set(e.pid, { pid: e.pid, comm: e.comm, cls: e.cls, usersched: false });
        return;
      case 'usersched': {
        const task = this.tasks.get(e.pid);
        if (task) task.usersched = true;
        return;
      }
      case 'switch': return this.onSwitch(e.t, e.cpu, e.next, e.cls);
      case 'place': return this.onPlace(e.t, e.pid, e.place, e.cpu, e.dsq);
      case 'class': {
        const task = this.tasks.get(e.pid);
        if (task) task.cls = e.cls;
        this.instants.push({ t: e.t, scope: 'task', kind: 'class', name: `class ${e.cls}`, cpu: -1, pid: e.pid, args: { cls: e.cls } });
        return;
      }
      case 'fault':
        this.instants.push({ t: e.t, scope: e.cpu >= 0 ? 'cpu' : 'global', kind: 'fault', name: `fault ${e.fault}`, cpu: e.cpu, pid: e.pid,
          args: { fault: e.fault, cpu: e.cpu, pid: e.pid } });
        return;
      case 'exit':
        this.instants.push({ t: e.t, scope: 'global', kind: 'exit', name: `exit ${e.kind}`, cpu: -1, pid: -1,
          args: { kind: e.kind, reason: e.reason, msg: e.msg, code: e.code } });
        return;
      case 'scx_state':
        if (e.state === 'DISABLING') this.reclaimMessages(e.t);
        this.instants.push({ t: e.t, scope: 'global', kind: 'scx_state', name: `scx_state ${e.state}`, cpu: -1, pid: -1,
          args: { state: e.state, scheduler: e.scheduler } });
        return;
      case 'cpu':
        this.seeCpu(e.cpu);
        this.instants.push({ t: e.t, scope: 'cpu', kind: 'cpu', name: e.online ? 'cpu online' : 'cpu offline', cpu: e.cpu, pid: -1,
          args: { online: String(e.online) } });
        return;
      case 'counter': return this.sample(e.name, e.t, e.value);
      case 'handoff': return this.onHandoff(e.t, `${e.pid}:${e.enqCnt}`, e.step);
      default:
    }
  }

  end(endNs: number): void {
    if (this.truncatedAtNs >= 0 && endNs !== this.truncatedAtNs) return;
    this.endNs = endNs;
    for (const slice of this.running.values()) slice.endNs = endNs;
    this.running.clear();
    for (const wait of this.waiting.values()) this.closeWait(wait, endNs, 'end');
    this.waiting.clear();
  }

  /** The task's name as the reports print it: `comm[pid]`. */
  label(pid: number): string {
    const task = this.tasks.get(pid);
    return task ? `${task.comm}[${pid}]` : `pid ${pid}`;
  }

  private seeCpu(cpu: number): void {
    if (cpu + 1 > this.cpus) this.cpus = cpu + 1;
  }

  private onSwitch(t: number, cpu: number, next: number, cls: TaskClass | 'idle'): void {
    this.seeCpu(cpu);
    const open = this.running.get(cpu);
    if (open) {
      open.endNs = t;
      this.running.delete(cpu);
    }
    if (next <= 0 || cls === 'idle') return;
    const slice: RunSlice = { cpu, pid: next, cls, startNs: t, endNs: t };
    this.slices.push(slice);
    this.running.set(cpu, slice);
  }

  private onPlace(t: number, pid: number, place: PlaceKind, cpu: number, dsq: number): void {
    if (cpu >= 0) this.seeCpu(cpu);
    this.moveDsq(t, pid, dsqCounter(place, cpu, dsq, this.dsqNames));
    const wait = this.waiting.get(pid);
    if (!WAIT_PLACES.has(place)) {
      if (wait) {
        this.closeWait(wait, t, place === 'run' ? 'run' : place === 'dead' ? 'dead' : 'sleep');
        this.waiting.delete(pid);
      }
      return;
    }
    const step: WaitStep = { place, where: whereText(place, cpu, dsq, this.dsqNames), startNs: t, endNs: t };
    if (wait) {
      const last = wait.steps[wait.steps.length - 1];
      if (last) last.endNs = t;
      wait.steps.push(step);
      return;
    }
    const slice: WaitSlice = { pid, startNs: t, endNs: t, ended: 'end', steps: [step] };
    this.waits.push(slice);
    this.waiting.set(pid, slice);
  }

  private closeWait(wait: WaitSlice, t: number, ended: WaitSlice['ended']): void {
    wait.endNs = t;
    wait.ended = ended;
    const last = wait.steps[wait.steps.length - 1];
    if (last) last.endNs = t;
  }

  private moveDsq(t: number, pid: number, to: string | null): void {
    const from = this.dsqOf.get(pid) ?? null;
    if (from === to) return;
    if (from !== null) {
      const n = (this.depth.get(from) ?? 1) - 1;
      this.depth.set(from, n);
      this.sample(from, t, n);
      this.dsqOf.delete(pid);
    }
    if (to !== null) {
      const n = (this.depth.get(to) ?? 0) + 1;
      this.depth.set(to, n);
      this.sample(to, t, n);
      this.dsqOf.set(pid, to);
    }
  }

  private sample(name: string, t: number, value: number): void {
    let series = this.counters.get(name);
    if (!series) {
      series = [];
      this.counters.set(name, series);
    }
    const last = series[series.length - 1];
    if (last && last.t === t) last.value = value;
    else if (!last || last.value !== value) series.push({ t, value });
  }

  private onHandoff(t: number, key: string, step: string): void {
    const stage = this.messages.get(key);
    if (stage === undefined && step !== 'queued') return;
    let next: RingStage | null = stage ?? null;
    if (step === 'queued') next = 'queued';
    else if (step === 'dequeued' && stage === 'queued') next = 'user';
    else if (step === 'submitted' && stage === 'user') next = 'dispatched';
    else if (['inserted', 'any', 'bounced', 'cancelled', 'ignored'].includes(step) && stage !== undefined) next = 'decided';
    if (next === stage) return;
    if (stage !== undefined && stage !== 'decided') this.ringCount[stage]--;
    if (next === 'decided' || next === null) this.messages.delete(key);
    else {
      this.messages.set(key, next);
      this.ringCount[next]++;
    }
    this.sampleRings(t);
  }

  /** The disable path reclaims every message still in flight (the handoff statechart ends them at DISABLING). */
  private reclaimMessages(t: number): void {
    if (this.messages.size === 0) return;
    this.messages.clear();
    this.ringCount.queued = 0;
    this.ringCount.user = 0;
    this.ringCount.dispatched = 0;
    this.sampleRings(t);
  }

  private sampleRings(t: number): void {
    this.sample('queued ring (messages)', t, this.ringCount.queued);
    this.sample('user space (dequeued, undecided)', t, this.ringCount.user);
    this.sample('dispatched ring (decisions)', t, this.ringCount.dispatched);
  }
}

/** The DSQ a task in `place` counts towards, as a counter name; null when it is on none. */
function dsqCounter(place: PlaceKind, cpu: number, dsq: number, names: DsqNames): string | null {
  switch (place) {
    case 'local': return `DSQ local cpu ${cpu}`;
    case 'global': return 'DSQ SCX_DSQ_GLOBAL';
    case 'bypass': return 'DSQ SCX_DSQ_BYPASS';
    case 'user': return `DSQ ${formatTraceDsq(dsq, names)}`;
    case 'bpf': return 'BPF custody';
    default: return null;
  }
}

/** "local DSQ of cpu 1", "user DSQ SHARED_DSQ", "fair run queue of cpu 2", "BPF custody". */
function whereText(place: PlaceKind, cpu: number, dsq: number, names: DsqNames): string {
  switch (place) {
    case 'local': return `local DSQ of cpu ${cpu}`;
    case 'global': return 'SCX_DSQ_GLOBAL';
    case 'bypass': return 'SCX_DSQ_BYPASS';
    case 'user': return `DSQ ${formatTraceDsq(dsq, names)}`;
    case 'bpf': return 'BPF custody';
    case 'fair': return `fair run queue of cpu ${cpu}`;
    case 'rt': return `RT run queue of cpu ${cpu}`;
    default: return place;
  }
}
