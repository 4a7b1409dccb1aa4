// The hot path of conformance: steps every machine's table with each trace event. One function, with no
// reference to anything outside its body, so the explorer page can embed its source (`createStepper.
// toString()`) and replay a saved trace with exactly the code the checker runs.
//
// Per trace event it maps the event to at most one alphabet index per machine (events.ts explains the
// alphabet), reads the next state from the table, and counts the table cell for coverage. It remembers
// per task: the two machines' states and the qseq stamped at QUEUEING; per scheduler instance: which
// nesting callbacks it has been seen to implement. The first illegal event is kept and ends checking.
//
// The handoff machine runs one instance per rustland message, keyed by (pid, enq_cnt): per task a short
// list holds the states of its messages that have not ended (an ended one is forgotten; handoffMachine.ts
// explains why every later step is judged the same). Per task it also remembers what the message events'
// fields are derived from: the enq_cnt of the last `queued` (`gen`), whether the last ops_state was QUEUED
// and which message holds a claim on the task until finish_dispatch (`owned`), and whether it died (`gone`).
import type { TraceEvent, TraceEventType } from '../kernel/trace.ts';
import type { MachineTable } from './table.ts';

export interface StepperTables {
  readonly taskLifecycle: MachineTable;
  readonly opsOwnership: MachineTable;
  readonly scheduler: MachineTable;
  readonly handoff: MachineTable;
}

export type StepperMachine = keyof StepperTables;

/** The first illegal event: which machine refused it, for which task (0: global), in which state. */
export interface StepperViolation {
  readonly machine: StepperMachine;
  readonly pid: number;
  readonly t: number;
  /** State index (in that machine's table) the machine was in. */
  readonly state: number;
  /** Event index in that machine's alphabet; -1 when the trace event has no alphabet entry at all. */
  readonly event: number;
  /** The trace event's own description when `event` is -1. */
  readonly unknown: string;
  /** The message's enq_cnt (handoff machine), else -1. */
  readonly enqCnt: number;
}

export interface Stepper {
  /** Steps every machine the event concerns; returns the violation once there is one. */
  step(event: TraceEvent): StepperViolation | null;
  /** The trace ended at `t` (the scheduler machine's `trace.end`). */
  end(t: number): StepperViolation | null;
  readonly violation: () => StepperViolation | null;
  /** Current state index of a task's machine, and of the scheduler machine. */
  lifecycleOf(pid: number): number;
  ownershipOf(pid: number): number;
  schedulerState(): number;
  /** State index of the task's message that stepped last (the handoff machine's initial state if none). */
  handoffOf(pid: number): number;
  /** Messages in flight (not ended), all tasks. */
  messagesInFlight(): number;
  /** Pids seen so far, in order of first appearance. */
  pids(): readonly number[];
  /** The nesting callbacks the current scheduler instance is known to implement (`impl` bits). */
  implemented(): number;
  /** Hit counts per table cell (`state * events + event`), for coverage. */
  readonly hits: { readonly [M in StepperMachine]: Uint32Array };
}

/** The trace event types `step` reads (the cases of its switch); it ignores every other event. */
export const STEPPED_EVENT_TYPES: readonly TraceEventType[] = [
  'op', 'place', 'ops_state', 'task_state', 'task_new', 'task_dead', 'scx_state', 'handoff', 'bypass', 'exit',
];

export function createStepper(tables: StepperTables): Stepper {
  // The alphabet lookups depend only on the tables: built once per tables object and kept on this
  // function (not in a module variable, so the function stays self-contained for the explorer page).
  const memo = ((createStepper as unknown as { lookups?: WeakMap<StepperTables, ReturnType<typeof lookupsOf>> })
    .lookups ??= new WeakMap());
  let lookups = memo.get(tables);
  if (lookups === undefined) { lookups = lookupsOf(); memo.set(tables, lookups); }
  const {
    LC, OW, SC, HO, lcN, owN, scN, hoN, lcNext, owNext, scNext, hoNext, NEST, lcOp, lcOther, lcTaskState, lcPlace,
    lcDead, lcDisabled, owPlace, owQueueing, owNone, owQueued, owDispatching, owEnqueue, owDead, owDisabled, scScx,
    scTaskState, scBypass, scExit, scInit, scExitOp, scOther, scEnd, hoStep, hoDispatching, hoOtherOpsState,
    hoDisabling, hoEnded,
  } = lookups;
  const hits = {
    taskLifecycle: new Uint32Array(LC.next.length),
    opsOwnership: new Uint32Array(OW.next.length),
    scheduler: new Uint32Array(SC.next.length),
    handoff: new Uint32Array(HO.next.length),
  };

  // ---- alphabet lookups, derived from the tables' event keys (once per tables object) ----------------
  function lookupsOf() {
    const LC = tables.taskLifecycle;
    const OW = tables.opsOwnership;
    const SC = tables.scheduler;
    const lcN = LC.events.length;
    const owN = OW.events.length;
    const scN = SC.events.length;
    const lcNext = Int32Array.from(LC.next);
    const owNext = Int32Array.from(OW.next);
    const scNext = Int32Array.from(SC.next);
    const HO = tables.handoff;
    const hoN = HO.events.length;
    const hoNext = Int32Array.from(HO.next);
    const NEST: Record<string, number> = { runnable: 1, running: 2, stopping: 4, quiescent: 8 };

    function indexOf(table: MachineTable, key: string): number {
      return table.events.indexOf(key);
    }
    /** Index by `impl` (0…15) of an event type whose guards read some `impl` bits (or none). */
    function implIndex(table: MachineTable, type: string): Int32Array {
      const out = new Int32Array(16).fill(indexOf(table, type));
      let mask = 0;
      for (const key of table.events) {
        if (key.startsWith(`${type}|impl=`)) mask |= Number(key.slice(type.length + 6));
      }
      if (mask === 0) return out;
      for (let impl = 0; impl < 16; impl++) out[impl] = indexOf(table, `${type}|impl=${impl & mask}`);
      return out;
    }
    function prefixed(table: MachineTable, prefix: string, impl: boolean): Record<string, Int32Array> {
      const out: Record<string, Int32Array> = {};
      for (const key of table.events) {
        if (!key.startsWith(prefix)) continue;
        const type = key.split('|')[0] as string;
        if (!(type.slice(prefix.length) in out)) {
          out[type.slice(prefix.length)] = impl ? implIndex(table, type) : new Int32Array(1).fill(indexOf(table, type));
        }
      }
      return out;
    }
    const lcOp = prefixed(LC, 'op.', true);
    const lcOther = lcOp['other'] as Int32Array;
    const lcTaskState = prefixed(LC, 'task_state.', true);
    const lcPlace = prefixed(LC, 'place.', false);
    const lcDead = indexOf(LC, 'task_dead');
    const lcDisabled = indexOf(LC, 'scheduler.disabled');
    const owPlace = prefixed(OW, 'place.', false);
    const owQueueing = indexOf(OW, 'ops_state.QUEUEING');
    const owNone = indexOf(OW, 'ops_state.NONE');
    const owQueued = [indexOf(OW, 'ops_state.QUEUED|staleQseq'), indexOf(OW, 'ops_state.QUEUED|sameQseq')];
    const owDispatching = [indexOf(OW, 'ops_state.DISPATCHING|staleQseq'), indexOf(OW, 'ops_state.DISPATCHING|sameQseq')];
    const owEnqueue = indexOf(OW, 'op.enqueue');
    const owDead = indexOf(OW, 'task_dead');
    const owDisabled = indexOf(OW, 'scheduler.disabled');
    const scScx = prefixed(SC, 'scx_state.', false);
    const scTaskState = prefixed(SC, 'task_state.', false);
    const scBypass = prefixed(SC, 'bypass.', false);
    const scExit = indexOf(SC, 'exit');
    const scInit = indexOf(SC, 'op.init');
    const scExitOp = indexOf(SC, 'op.exit');
    const scOther = indexOf(SC, 'op.other');
    const scEnd = indexOf(SC, 'trace.end');
    /**
     * Index by (gen, owned, gone) — `gen * 4 + owned * 2 + gone`, gen 0…3 = older, current, next, newer — of
     * each `handoff.<step>` type, for the fields its alphabet keys carry (events.ts, `eventKey`).
     */
    const GEN = ['older', 'current', 'next', 'newer'];
    const hoStep: Record<string, Int32Array> = {};
    for (const key of HO.events) {
      const type = key.split('|')[0] as string;
      if (!type.startsWith('handoff.') || type.slice(8) in hoStep) continue;
      const carries = (field: string): boolean => HO.events.some((k) => k.startsWith(`${type}|`) && k.includes(field));
      const gen = carries('|gen=');
      const owned = carries('|owned') || carries('|notOwned');
      const gone = carries('|gone') || carries('|alive');
      const variants = new Int32Array(16);
      for (let i = 0; i < 16; i++) {
        variants[i] = indexOf(HO, type + (gen ? `|gen=${GEN[i >> 2]}` : '') +
          (owned ? ((i & 2) !== 0 ? '|owned' : '|notOwned') : '') + (gone ? ((i & 1) !== 0 ? '|gone' : '|alive') : ''));
      }
      hoStep[type.slice(8)] = variants;
    }
    const hoDispatching = indexOf(HO, 'ops_state.DISPATCHING');
    const hoOtherOpsState = indexOf(HO, 'ops_state.other');
    const hoDisabling = indexOf(HO, 'scheduler.disabling');
    /** A state no event leaves (every cell stays or is `violation`): a message's end. */
    const hoEnded = new Uint8Array(HO.states.length);
    for (let s = 0; s < HO.states.length; s++) {
      let ended = s !== HO.violation;
      for (let e = 0; e < hoN && ended; e++) {
        const next = hoNext[s * hoN + e] as number;
        ended = next === s || next === HO.violation;
      }
      hoEnded[s] = ended ? 1 : 0;
    }
    return {
      LC, OW, SC, HO, lcN, owN, scN, hoN, lcNext, owNext, scNext, hoNext, NEST, lcOp, lcOther, lcTaskState, lcPlace,
      lcDead, lcDisabled, owPlace, owQueueing, owNone, owQueued, owDispatching, owEnqueue, owDead, owDisabled, scScx,
      scTaskState, scBypass, scExit, scInit, scExitOp, scOther, scEnd, hoStep, hoDispatching, hoOtherOpsState,
      hoDisabling, hoEnded,
    };
  }

  // ---- per-task and global state -------------------------------------------------------------------
  let lc = new Int32Array(1024).fill(LC.initial);
  let ow = new Int32Array(1024).fill(OW.initial);
  let qseq = new Float64Array(1024).fill(-1);
  let seen = new Uint8Array(1024);
  /** Per task, for the handoff fields: enq_cnt of its last `queued`, QUEUED now, claiming message, dead. */
  let enqCnt = new Float64Array(1024);
  let opsQueued = new Uint8Array(1024);
  let claim = new Float64Array(1024).fill(-1);
  let dead = new Uint8Array(1024);
  let lastHandoff = new Int32Array(1024).fill(HO.initial);
  /** Per task, its messages in flight as (enq_cnt, state) pairs: one, or a few while some are stale. */
  const inFlight: (number[] | undefined)[] = [];
  let nrInFlight = 0;
  const pidList: number[] = [];
  let sc = SC.initial;
  let impl = 0;
  let violation: StepperViolation | null = null;

  function grow(pid: number): void {
    let size = lc.length;
    while (size <= pid) size *= 2;
    const grownLc = new Int32Array(size).fill(LC.initial);
    grownLc.set(lc);
    const grownOw = new Int32Array(size).fill(OW.initial);
    grownOw.set(ow);
    const grownQseq = new Float64Array(size).fill(-1);
    grownQseq.set(qseq);
    const grownSeen = new Uint8Array(size);
    grownSeen.set(seen);
    lc = grownLc; ow = grownOw; qseq = grownQseq; seen = grownSeen;
    const grownEnqCnt = new Float64Array(size);
    grownEnqCnt.set(enqCnt);
    const grownOpsQueued = new Uint8Array(size);
    grownOpsQueued.set(opsQueued);
    const grownClaim = new Float64Array(size).fill(-1);
    grownClaim.set(claim);
    const grownDead = new Uint8Array(size);
    grownDead.set(dead);
    const grownLastHandoff = new Int32Array(size).fill(HO.initial);
    grownLastHandoff.set(lastHandoff);
    enqCnt = grownEnqCnt; opsQueued = grownOpsQueued; claim = grownClaim; dead = grownDead;
    lastHandoff = grownLastHandoff;
  }
  function task(pid: number): void {
    if (pid >= lc.length) grow(pid);
    if (seen[pid] === 0) { seen[pid] = 1; pidList.push(pid); }
  }
  /**
   * What a step was for, described only when it fails: the trace event, or a fixed text for steps a
   * trace event implies (the disable walk, the trace's end).
   */
  type What = TraceEvent | string;
  function describe(what: What): string {
    if (typeof what === 'string') return what;
    switch (what.type) {
      case 'op': return `op ${what.op}`;
      case 'place': return `place ${what.place}`;
      case 'ops_state': return `ops_state ${what.state}`;
      case 'task_state': return `task_state ${what.state}`;
      case 'scx_state': return `scx_state ${what.state}`;
      case 'handoff': return `handoff ${what.step}`;
      case 'bypass': return `bypass ${what.depth}`;
      case 'exit': return `exit ${what.kind}`;
      default: return what.type;
    }
  }
  function fail(machine: StepperMachine, pid: number, t: number, state: number, event: number,
    what: What, message = -1): StepperViolation {
    violation = { machine, pid, t, state, event, unknown: describe(what), enqCnt: message };
    return violation;
  }
  function stepLc(pid: number, event: number, t: number, what: What): boolean {
    const state = lc[pid] as number;
    if (event < 0) { fail('taskLifecycle', pid, t, state, -1, what); return false; }
    const cell = state * lcN + event;
    (hits.taskLifecycle[cell] as number)++;
    const next = lcNext[cell] as number;
    lc[pid] = next;
    if (next === LC.violation) { fail('taskLifecycle', pid, t, state, event, what); return false; }
    return true;
  }
  function stepOw(pid: number, event: number, t: number, what: What): boolean {
    const state = ow[pid] as number;
    if (event < 0) { fail('opsOwnership', pid, t, state, -1, what); return false; }
    const cell = state * owN + event;
    (hits.opsOwnership[cell] as number)++;
    const next = owNext[cell] as number;
    ow[pid] = next;
    if (next === OW.violation) { fail('opsOwnership', pid, t, state, event, what); return false; }
    return true;
  }
  function stepSc(event: number, t: number, what: What): boolean {
    const state = sc;
    if (event < 0) { fail('scheduler', 0, t, state, -1, what); return false; }
    const cell = state * scN + event;
    (hits.scheduler[cell] as number)++;
    sc = scNext[cell] as number;
    if (sc === SC.violation) { fail('scheduler', 0, t, state, event, what); return false; }
    return true;
  }
  /** Steps message (pid, message); a message that ends is forgotten. */
  function stepHo(pid: number, message: number, event: number, t: number, what: What): boolean {
    let list = inFlight[pid];
    let at = -1;
    if (list !== undefined) for (let i = 0; i < list.length; i += 2) if (list[i] === message) { at = i; break; }
    const state = at >= 0 ? (list as number[])[at + 1] as number : HO.initial;
    if (event < 0) { fail('handoff', pid, t, state, -1, what, message); return false; }
    const cell = state * hoN + event;
    (hits.handoff[cell] as number)++;
    const next = hoNext[cell] as number;
    lastHandoff[pid] = next;
    if (next === HO.violation) { fail('handoff', pid, t, state, event, what, message); return false; }
    const live = hoEnded[next] === 0 && next !== HO.initial;
    if (at >= 0 && live) (list as number[])[at + 1] = next;
    else if (at >= 0) { (list as number[]).splice(at, 2); nrInFlight--; }
    else if (live) {
      if (list === undefined) { list = []; inFlight[pid] = list; }
      list.push(message, next);
      nrInFlight++;
    }
    return true;
  }
  function keyOr(map: Record<string, Int32Array>, name: string, at: number): number {
    const keys = map[name];
    return keys === undefined ? -1 : keys[at] as number;
  }

  function stepOp(e: Extract<TraceEvent, { type: 'op' }>): void {
    if (e.pid <= 0) {
      stepSc(e.op === 'init' ? scInit : e.op === 'exit' ? scExitOp : scOther, e.t, e);
      return;
    }
    task(e.pid);
    const bit = NEST[e.op];
    if (bit !== undefined) impl |= bit;
    const name = e.op === 'stopping' ? (e.arg !== 0 ? 'stopping(true)' : 'stopping(false)') : e.op;
    const keys = lcOp[name] ?? lcOther;
    if (!stepLc(e.pid, keys[impl] as number, e.t, e)) return;
    if (e.op === 'enqueue' && !stepOw(e.pid, owEnqueue, e.t, e)) return;
    stepSc(scOther, e.t, e);
  }

  function stepOpsState(e: Extract<TraceEvent, { type: 'ops_state' }>): void {
    task(e.pid);
    const what = e;
    opsQueued[e.pid] = e.state === 'QUEUED' ? 1 : 0;
    if (e.state === 'QUEUEING') {
      qseq[e.pid] = e.qseq;
      if (stepOw(e.pid, owQueueing, e.t, what)) settleClaim(e.pid, false, e.t, what);
      return;
    }
    const same = qseq[e.pid] === e.qseq ? 1 : 0;
    const event = e.state === 'NONE' ? owNone : e.state === 'QUEUED' ? owQueued[same] as number
      : e.state === 'DISPATCHING' ? owDispatching[same] as number : -1;
    if (stepOw(e.pid, event, e.t, what)) settleClaim(e.pid, e.state === 'DISPATCHING', e.t, what);
  }

  /** The task's next ops_state after an owned insert: finish_dispatch's verdict on the claiming message. */
  function settleClaim(pid: number, dispatching: boolean, t: number, what: What): void {
    const message = claim[pid] as number;
    if (message < 0) return;
    claim[pid] = -1;
    stepHo(pid, message, dispatching ? hoDispatching : hoOtherOpsState, t, what);
  }

  function stepHandoff(e: Extract<TraceEvent, { type: 'handoff' }>): void {
    task(e.pid);
    const pid = e.pid;
    const ahead = e.enqCnt - (enqCnt[pid] as number);
    const gen = ahead < 0 ? 0 : ahead === 0 ? 1 : ahead === 1 ? 2 : 3;
    const owned = opsQueued[pid] === 1 && (claim[pid] as number) < 0 ? 1 : 0;
    const variants = hoStep[e.step];
    const event = variants === undefined ? -1 : variants[gen * 4 + owned * 2 + (dead[pid] as number)] as number;
    if (!stepHo(pid, e.enqCnt, event, e.t, e)) return;
    if (e.step === 'queued') enqCnt[pid] = e.enqCnt;
    else if ((e.step === 'inserted' || e.step === 'any') && owned === 1) claim[pid] = e.enqCnt;
  }

  /**
   * scx_state DISABLED: every message still in flight is reclaimed; the next instance counts enq_cnt from 0.
   * Not at DISABLING: the disable work's task walk takes time, and user space may drain the rings meanwhile.
   */
  function reclaimMessages(t: number): void {
    for (const pid of pidList) {
      const list = inFlight[pid];
      if (list === undefined) continue;
      const messages = list.filter((_, i) => i % 2 === 0);
      for (const message of messages) if (!stepHo(pid, message, hoDisabling, t, 'scx_state DISABLED')) return;
      inFlight[pid] = undefined;
    }
    nrInFlight = 0;
    enqCnt.fill(0);
    claim.fill(-1);
  }

  function schedulerDisabled(t: number): void {
    for (const pid of pidList) {
      if (!stepLc(pid, lcDisabled, t, 'scx_state DISABLED')) return;
      if (!stepOw(pid, owDisabled, t, 'scx_state DISABLED')) return;
    }
  }

  function step(e: TraceEvent): StepperViolation | null {
    if (violation) return violation;
    switch (e.type) {
      case 'op': stepOp(e); break;
      case 'place':
        task(e.pid);
        if (stepLc(e.pid, keyOr(lcPlace, e.place, 0), e.t, e)) {
          stepOw(e.pid, keyOr(owPlace, e.place, 0), e.t, e);
        }
        break;
      case 'ops_state': stepOpsState(e); break;
      case 'task_state':
        task(e.pid);
        if (stepLc(e.pid, keyOr(lcTaskState, e.state, impl), e.t, e)) {
          stepSc(keyOr(scTaskState, e.state, 0), e.t, e);
        }
        break;
      case 'task_new': task(e.pid); dead[e.pid] = 0; break;
      case 'task_dead':
        task(e.pid);
        dead[e.pid] = 1;
        if (stepLc(e.pid, lcDead, e.t, e)) stepOw(e.pid, owDead, e.t, e);
        break;
      case 'scx_state':
        if (e.state === 'ENABLING') impl = 0;
        if (!stepSc(keyOr(scScx, e.state, 0), e.t, e)) break;
        if (e.state === 'DISABLED') {
          reclaimMessages(e.t);
          if (!violation) schedulerDisabled(e.t);
        }
        break;
      case 'handoff': stepHandoff(e); break;
      case 'bypass': stepSc(keyOr(scBypass, e.depth <= 3 ? String(e.depth) : 'deeper', 0), e.t, e); break;
      case 'exit': stepSc(scExit, e.t, e); break;
      default: break;
    }
    return violation;
  }

  return {
    step,
    end(t: number): StepperViolation | null {
      if (!violation) stepSc(scEnd, t, 'trace end');
      return violation;
    },
    violation: () => violation,
    lifecycleOf: (pid: number) => (pid < lc.length ? lc[pid] as number : LC.initial),
    ownershipOf: (pid: number) => (pid < ow.length ? ow[pid] as number : OW.initial),
    schedulerState: () => sc,
    handoffOf: (pid: number) => (pid < lastHandoff.length ? lastHandoff[pid] as number : HO.initial),
    messagesInFlight: () => nrInFlight,
    pids: () => pidList,
    implemented: () => impl,
    hits,
  };
}
