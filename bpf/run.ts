// One run of a BPF C scheduler compiled to WebAssembly: a fresh instance (fresh memory, so runs are
// deterministic and nothing leaks between them), its kfunc imports bound to the model's kfunc context, and
// a SchedExtOps whose callbacks call the program's ops through the shim's exported trampolines.
//
// Tasks cross the boundary as pointers into the per-run task table (__scx_tasks in the shim): before a
// callback the host writes the task's fields there; p->scx.slice and p->scx.dsq_vtime are writable from C
// as in BPF, and the host carries such writes back into the model (through the kfunc context) before every
// kfunc call and when the callback returns, then refreshes the copies after kfuncs that change them.
//
// Faults: a WebAssembly trap (out-of-bounds access, unreachable, division by zero, bad indirect call) is
// scx_bpf_error-like: SCX_EXIT_ERROR_BPF naming the callback. Every loop iteration counts against a
// per-callback budget (BPF_LOOP_ITERATIONS_PER_CALLBACK_MAX, standing in for the verifier's bounded loops);
// running out ends the scheduler like a TypeScript callback that throws (SCX_EXIT_ERROR).
import { BPF_LOOP_ITERATIONS_PER_CALLBACK_MAX, SCX_SLICE_INF } from '../model/kernel/constants.ts';
import type { Cpumask } from '../model/kernel/cpumask.ts';
import type { CpuReleaseArgs, ScxCtx, ScxExitInfo, SchedExtOps, SchedTask, SchedulerOptions } from '../model/kernel/ops.ts';
import type { Policy } from '../model/kernel/behaviour.ts';
import type { ProgramMeta } from './meta.ts';

/** Thrown by the loop-budget import; the kernel model reports it as the callback's error. */
export class BpfLoopBudgetExceeded extends Error {
  constructor() {
    super(`exceeded its budget of ${BPF_LOOP_ITERATIONS_PER_CALLBACK_MAX} loop iterations ` +
      '(schedcheck bounds BPF loops per callback, standing in for the verifier)');
  }
}

/** The ops table as read from the program (which callbacks exist, the scalar fields). */
export interface BpfOpsInfo {
  readonly name: string;
  readonly flags: number;
  readonly timeoutMs: number;
  readonly dispatchMaxBatch: number;
  /** Callback field names (kernel spelling) that are set. */
  readonly callbacks: ReadonlySet<string>;
}

/** The shim's layout table (__scx_layout(i)), read once per module. */
interface Layout {
  tasks: number; taskSize: number; pid: number; flags: number; nrCpusAllowed: number; cpusPtr: number; comm: number;
  slice: number; vtime: number; weight: number; cpusMask: number; migrationDisabled: number; slot: number; prio: number;
  policy: number; curCpu: number; loopLeft: number; exitInfo: number; exitReason: number; exitMsg: number;
  argCpumask: number; tgid: number; staticPrio: number; scxFlags: number;
}

const LAYOUT_KEYS: readonly (keyof Layout)[] = [
  'tasks', 'taskSize', 'pid', 'flags', 'nrCpusAllowed', 'cpusPtr', 'comm', 'slice', 'vtime', 'weight', 'cpusMask',
  'migrationDisabled', 'slot', 'prio', 'policy', 'curCpu', 'loopLeft', 'exitInfo', 'exitReason', 'exitMsg',
  'argCpumask', 'tgid', 'staticPrio', 'scxFlags',
];

export function readLayout(layoutFn: (i: number) => number): Layout {
  const out: Record<string, number> = {};
  LAYOUT_KEYS.forEach((key, i) => { out[key] = layoutFn(i) >>> 0; });
  return out as unknown as Layout;
}

// Module-level copies: imported bindings are getters under some loaders, and these are read per callback.
const LOOP_BUDGET = BPF_LOOP_ITERATIONS_PER_CALLBACK_MAX;
const SLICE_INF = SCX_SLICE_INF;

/** Task-table slots: the shim's SCX_SHIM_TASKS_MAX (the model's TASKS_MAX). */
export const BPF_TASK_SLOTS = 4096;
const U32 = 4294967296;
const POLICY_NUMBERS: Readonly<Record<Policy, number>> = { NORMAL: 0, FIFO: 1, RR: 2, BATCH: 3, IDLE: 5, EXT: 7 };
const RELEASE_REASONS: Readonly<Record<CpuReleaseArgs['reason'], number>> = { RT: 0, DL: 1, STOP: 2, UNKNOWN: 3 };

type Exports = Record<string, unknown> & { memory: WebAssembly.Memory; __stack_pointer?: WebAssembly.Global };
type Fn = (...args: number[]) => number;

/** The names of the imports the host provides (module "schedcheck"): the supported kfuncs and helpers. */
export const HOST_IMPORTS = [
  'now_ns', 'nr_cpu_ids', 'dsq_insert', 'dsq_move_to_local', 'create_dsq', 'destroy_dsq', 'dsq_nr_queued', 'kick_cpu',
  'select_cpu_dfl', 'test_and_clear_cpu_idle', 'pick_idle_cpu', 'task_set_slice', 'task_set_dsq_vtime', 'task_cpu',
  'task_running', 'task_from_pid', 'dispatch_nr_slots', 'dispatch_cancel', 'reenqueue_local', 'error', 'exit',
  'timer_start', 'timer_cancel', 'online_cpus', 'loop_budget_exhausted',
] as const;

/** Builds one run's SchedExtOps over a fresh instance of `module`. */
export function createBpfRun(module: WebAssembly.Module, info: BpfOpsInfo, meta: ProgramMeta,
  options: SchedulerOptions): SchedExtOps {
  let ctx: ScxCtx | null = null;
  const c = (): ScxCtx => ctx as ScxCtx;

  // ---- task table ----
  const slotOf = new Map<SchedTask, number>();
  const taskAt: (SchedTask | null)[] = [];
  const maskAt: (Cpumask | null)[] = [];
  /** Last slice/vtime words written to (or read from) each slot: [sliceLo, sliceHi, vtimeLo, vtimeHi]. */
  const shadow = new Uint32Array(BPF_TASK_SLOTS * 4);
  const touched: number[] = [];
  const touchedMark = new Uint32Array(BPF_TASK_SLOTS);
  let epoch = 1;
  let nextSlot = 0;

  let exports: Exports;
  let layout: Layout;
  let buffer: ArrayBuffer;
  let u8: Uint8Array;
  let u32: Uint32Array;
  let i32: Int32Array;
  const views = (): void => {
    if (exports.memory.buffer === buffer) return;
    buffer = exports.memory.buffer;
    u8 = new Uint8Array(buffer);
    u32 = new Uint32Array(buffer);
    i32 = new Int32Array(buffer);
  };

  const taskAddr = (slot: number): number => layout.tasks + slot * layout.taskSize;

  function fromAddr(addr: number): SchedTask | null {
    const off = addr - layout.tasks;
    if (addr === 0 || off < 0 || off % layout.taskSize !== 0) return null;
    return taskAt[off / layout.taskSize] ?? null;
  }

  function task(addr: number): SchedTask {
    const p = fromAddr(addr);
    // A pointer that is not a task: in BPF the verifier would have rejected the program.
    if (p === null) throw new Error(`invalid task pointer 0x${(addr >>> 0).toString(16)} passed to a kfunc`);
    return p;
  }

  function writeU64(addr: number, value: number, inf: boolean): void {
    const w = addr >>> 2;
    if (inf && value === SLICE_INF) {
      u32[w] = 0xffffffff;
      u32[w + 1] = 0xffffffff;
    } else {
      u32[w] = value % U32;
      u32[w + 1] = Math.floor(value / U32);
    }
  }

  function writeMask(addr: number, mask: Cpumask): void {
    const w = addr >>> 2;
    for (let i = 0; i < 8; i++) u32[w + i] = 0;
    for (let cpu = 0; cpu < mask.nrCpus; cpu++) if (mask.has(cpu)) u32[w + (cpu >>> 5)] |= 1 << (cpu & 31);
  }

  function readMask(addr: number, nrCpus: number): number[] {
    const w = addr >>> 2;
    const cpus: number[] = [];
    for (let cpu = 0; cpu < nrCpus; cpu++) if ((u32[w + (cpu >>> 5)] as number) & (1 << (cpu & 31))) cpus.push(cpu);
    return cpus;
  }

  function allocSlot(p: SchedTask): number {
    let slot = -1;
    if (nextSlot < BPF_TASK_SLOTS) slot = nextSlot++;
    else {
      // Recycle the first slot of a task that has died (the model bounds live tasks by TASKS_MAX).
      for (let s = 0; s < BPF_TASK_SLOTS; s++) {
        const q = taskAt[s] as SchedTask & { status?: string };
        if (q.status === 'dead') { slot = s; break; }
      }
      if (slot < 0) throw new Error(`task table full (${BPF_TASK_SLOTS} slots)`);
      slotOf.delete(taskAt[slot] as SchedTask);
      (exports['__scx_task_slot_free'] as Fn)(slot);
      views();
    }
    slotOf.set(p, slot);
    taskAt[slot] = p;
    maskAt[slot] = null;
    const base = taskAddr(slot);
    u8.fill(0, base, base + layout.taskSize);
    i32[(base + layout.slot) >>> 2] = slot;
    i32[(base + layout.pid) >>> 2] = p.pid;
    i32[(base + layout.tgid) >>> 2] = p.pid;
    u32[(base + layout.cpusPtr) >>> 2] = base + layout.cpusMask;
    const comm = new TextEncoder().encode(p.comm).subarray(0, 15);
    u8.set(comm, base + layout.comm);
    return slot;
  }

  /** Writes the task's current fields into its slot and returns its pointer. */
  function handle(p: SchedTask | null): number {
    if (p === null) return 0;
    let slot = slotOf.get(p);
    if (slot === undefined) slot = allocSlot(p);
    const base = taskAddr(slot);
    i32[(base + layout.flags) >>> 2] = p.flags;
    i32[(base + layout.nrCpusAllowed) >>> 2] = p.nrCpusAllowed;
    i32[(base + layout.staticPrio) >>> 2] = 120 + p.nice;
    i32[(base + layout.prio) >>> 2] = 120 + p.nice;
    u32[(base + layout.policy) >>> 2] = POLICY_NUMBERS[p.policy] ?? 0;
    u32[(base + layout.weight) >>> 2] = p.scxWeight;
    u8[base + layout.migrationDisabled] = p.migrationDisabled ? 1 : 0;
    if (maskAt[slot] !== p.cpumask) {
      writeMask(base + layout.cpusMask, p.cpumask);
      maskAt[slot] = p.cpumask;
    }
    writeScalars(slot, p);
    if (touchedMark[slot] !== epoch) {
      touchedMark[slot] = epoch;
      touched.push(slot);
    }
    return base;
  }

  function writeScalars(slot: number, p: SchedTask): void {
    const base = taskAddr(slot);
    writeU64(base + layout.slice, p.sliceNs, true);
    writeU64(base + layout.vtime, p.dsqVtime, false);
    const s = slot * 4;
    shadow[s] = u32[(base + layout.slice) >>> 2] as number;
    shadow[s + 1] = u32[(base + layout.slice + 4) >>> 2] as number;
    shadow[s + 2] = u32[(base + layout.vtime) >>> 2] as number;
    shadow[s + 3] = u32[(base + layout.vtime + 4) >>> 2] as number;
  }

  /** Carries p->scx.slice / p->scx.dsq_vtime writes made by the C code into the model. */
  function flush(): void {
    views();
    for (const slot of touched) {
      const base = taskAddr(slot);
      const s = slot * 4;
      const sl = u32[(base + layout.slice) >>> 2] as number;
      const sh = u32[(base + layout.slice + 4) >>> 2] as number;
      const vl = u32[(base + layout.vtime) >>> 2] as number;
      const vh = u32[(base + layout.vtime + 4) >>> 2] as number;
      const p = taskAt[slot] as SchedTask;
      if (sl !== shadow[s] || sh !== shadow[s + 1]) {
        shadow[s] = sl;
        shadow[s + 1] = sh;
        c().taskSetSlice(p, sl === 0xffffffff && sh === 0xffffffff ? SLICE_INF : sh * U32 + sl);
      }
      if (vl !== shadow[s + 2] || vh !== shadow[s + 3]) {
        shadow[s + 2] = vl;
        shadow[s + 3] = vh;
        c().taskSetDsqVtime(p, vh * U32 + vl);
      }
    }
  }

  /** After a kfunc that may change slices or vtimes: the C side sees the model's values again. */
  function refresh(): void {
    views();
    for (const slot of touched) writeScalars(slot, taskAt[slot] as SchedTask);
  }

  const decoder = new TextDecoder();
  const readString = (ptr: number, len: number): string => decoder.decode(u8.subarray(ptr, ptr + len));

  function writeString(ptr: number, cap: number, text: string): void {
    const bytes = new TextEncoder().encode(text).subarray(0, cap - 1);
    u8.set(bytes, ptr);
    u8[ptr + bytes.length] = 0;
  }

  // ---- timers: named `bpf_timer@<address>`; cancel is host-side ----
  const cancelled = new Set<number>();
  const timerName = (addr: number): string => `bpf_timer@${addr >>> 0}`;

  /** Calls a kfunc with the task copies flushed before and refreshed after. */
  function synced<T>(fn: () => T): T {
    flush();
    const result = fn();
    refresh();
    return result;
  }

  const imports: Record<(typeof HOST_IMPORTS)[number], (...args: number[]) => number | void> = {
    now_ns: () => c().nowNs(),
    nr_cpu_ids: () => c().nrCpuIds(),
    dsq_insert: (p, dsq, slice, vtime, flags, priq) => synced(() => {
      if (priq) c().dsqInsertVtime(task(p), dsq, slice, vtime, flags);
      else c().dsqInsert(task(p), dsq, slice, flags);
    }),
    dsq_move_to_local: (dsq) => (synced(() => c().dsqMoveToLocal(dsq)) ? 1 : 0),
    create_dsq: (dsq, node) => c().createDsq(dsq, node),
    destroy_dsq: (dsq) => c().destroyDsq(dsq),
    dsq_nr_queued: (dsq) => c().dsqNrQueued(dsq),
    kick_cpu: (cpu, flags) => synced(() => c().kickCpu(cpu, flags)),
    select_cpu_dfl: (p, prev, wake) => {
      const r = c().selectCpuDfl(task(p), prev, wake);
      return r.cpu * 2 + (r.isIdle ? 1 : 0);
    },
    test_and_clear_cpu_idle: (cpu) => (c().testAndClearCpuIdle(cpu) ? 1 : 0),
    pick_idle_cpu: (maskPtr, flags) => {
      views();
      const owner = fromAddr(maskPtr - layout.cpusMask);
      if (owner !== null) return c().pickIdleCpu(owner.cpumask, flags);
      const nr = c().nrCpuIds();
      const first = taskAt.find((t) => t !== null);
      // A cpumask built by the program: rebuild it as the model's Cpumask (same size as any task's mask).
      const template = first?.cpumask;
      if (!template) return -16;
      const mask = template.clone();
      for (let cpu = 0; cpu < nr; cpu++) mask.clear(cpu);
      for (const cpu of readMask(maskPtr, nr)) mask.set(cpu);
      return c().pickIdleCpu(mask, flags);
    },
    task_set_slice: (p, slice) => synced(() => c().taskSetSlice(task(p), slice)),
    task_set_dsq_vtime: (p, vtime) => synced(() => c().taskSetDsqVtime(task(p), vtime)),
    task_cpu: (p) => c().taskCpu(task(p)),
    task_running: (p) => (c().taskRunning(task(p)) ? 1 : 0),
    task_from_pid: (pid) => {
      const p = c().taskFromPid(pid);
      views();
      return p === null ? 0 : handle(p);
    },
    dispatch_nr_slots: () => c().dispatchNrSlots(),
    dispatch_cancel: () => synced(() => c().dispatchCancel()),
    reenqueue_local: () => synced(() => c().reenqueueLocal()),
    error: (ptr, len) => {
      views();
      c().error(readString(ptr, len));
    },
    exit: (hi, lo, ptr, len) => {
      views();
      c().exit({ action: hi >>> 16, reason: hi & 0xffff, user: lo | 0 }, readString(ptr, len));
    },
    timer_start: (addr, delayNs) => {
      cancelled.delete(addr);
      c().timerStart(timerName(addr), delayNs);
      return 0;
    },
    timer_cancel: (addr) => {
      cancelled.add(addr);
      return 0;
    },
    online_cpus: (ptr) => {
      views();
      for (let i = 0; i < 8; i++) u32[(ptr >>> 2) + i] = 0;
      for (const cpu of c().onlineCpus()) u32[(ptr >>> 2) + (cpu >>> 5)] |= 1 << (cpu & 31);
    },
    loop_budget_exhausted: () => {
      throw new BpfLoopBudgetExceeded();
    },
  };

  const instance = new WebAssembly.Instance(module, { schedcheck: imports });
  exports = instance.exports as Exports;
  layout = readLayout(exports['__scx_layout'] as Fn);
  buffer = new ArrayBuffer(0);
  views();
  (exports['__scx_ops_register'] as Fn)();

  // Rodata (`const volatile`): written before the program runs, as libbpf's loader does.
  let nrCpuIdsVar: { addr: number; width: number } | null = null;
  for (const v of meta.rodata) {
    const global = exports[v.name];
    if (!(global instanceof WebAssembly.Global)) continue;
    const addr = (global.value as number) >>> 0;
    if (v.name === 'nr_cpu_ids') {
      nrCpuIdsVar = { addr, width: v.width };
      continue;
    }
    const value = options[v.name];
    if (value === undefined) continue;
    writeInt(addr, v.width, typeof value === 'boolean' ? (value ? 1 : 0) : Number(value));
  }

  function writeInt(addr: number, width: number, value: number): void {
    if (width === 1) u8[addr] = value & 0xff;
    else if (width === 2) { u8[addr] = value & 0xff; u8[addr + 1] = (value >>> 8) & 0xff; }
    else if (width === 4) new DataView(buffer).setInt32(addr, value | 0, true);
    else new DataView(buffer).setBigInt64(addr, BigInt(Math.trunc(value)), true);
  }

  const sp = exports.__stack_pointer;

  let depth = 0;
  let enteredCpu = 0;

  /**
   * Enters a callback: the context, the CPU it runs on, a fresh loop budget. A callback the model runs from
   * inside another (ops.enqueue from scx_bpf_reenqueue_local) keeps the outer one's budget and task copies.
   */
  function enter(context: ScxCtx, cpu: number): void {
    ctx = context;
    views();
    if (nrCpuIdsVar !== null) {
      writeInt(nrCpuIdsVar.addr, nrCpuIdsVar.width, context.nrCpuIds());
      nrCpuIdsVar = null;
    }
    enteredCpu = cpu;
    if (depth > 0) return;
    i32[layout.loopLeft >>> 2] = LOOP_BUDGET;
    epoch++;
    touched.length = 0;
  }

  /** Runs a trampoline; a trap becomes SCX_EXIT_ERROR_BPF naming the callback, other throws go to the model. */
  function invoke<T>(op: string, fallback: T, run: () => T): T {
    const savedSp = sp ? (sp.value as number) : 0;
    const savedCpu = i32[layout.curCpu >>> 2] as number;
    i32[layout.curCpu >>> 2] = enteredCpu;
    depth++;
    try {
      const result = run();
      flush();
      return result;
    } catch (error) {
      if (sp) sp.value = savedSp;
      if (error instanceof WebAssembly.RuntimeError) {
        c().error(`ops.${op}() trapped: ${error.message} (WebAssembly)`);
        return fallback;
      }
      throw error;
    } finally {
      depth--;
      views();
      i32[layout.curCpu >>> 2] = savedCpu;
    }
  }

  const fn = (name: string): Fn => exports[`__scx_op_${name}`] as Fn;
  const has = (name: string): boolean => info.callbacks.has(name);
  const ops: { -readonly [K in keyof SchedExtOps]: SchedExtOps[K] } = { name: info.name };
  if (info.flags) ops.flags = info.flags;
  if (info.timeoutMs) ops.timeoutMs = info.timeoutMs;
  if (info.dispatchMaxBatch) ops.dispatchMaxBatch = info.dispatchMaxBatch;

  if (has('select_cpu')) {
    const f = fn('select_cpu');
    ops.selectCpu = (cx, p, prevCpu, wakeFlags) => {
      enter(cx, prevCpu);
      return invoke('select_cpu', prevCpu, () => f(handle(p), prevCpu, wakeFlags));
    };
  }
  const taskOp = (name: string): ((cx: ScxCtx, p: SchedTask, flags: number) => void) => {
    const f = fn(name);
    return (cx, p, flags) => {
      enter(cx, p.cpu);
      invoke(name, undefined, () => { f(handle(p), flags); });
    };
  };
  if (has('enqueue')) ops.enqueue = taskOp('enqueue');
  if (has('dequeue')) ops.dequeue = taskOp('dequeue');
  if (has('runnable')) ops.runnable = taskOp('runnable');
  if (has('quiescent')) ops.quiescent = taskOp('quiescent');
  if (has('tick')) ops.tick = taskOp('tick') as (cx: ScxCtx, p: SchedTask) => void;
  if (has('running')) ops.running = taskOp('running') as (cx: ScxCtx, p: SchedTask) => void;
  if (has('enable')) ops.enable = taskOp('enable') as (cx: ScxCtx, p: SchedTask) => void;
  if (has('disable')) ops.disable = taskOp('disable') as (cx: ScxCtx, p: SchedTask) => void;
  if (has('stopping')) {
    const f = fn('stopping');
    ops.stopping = (cx, p, runnable) => {
      enter(cx, p.cpu);
      invoke('stopping', undefined, () => { f(handle(p), runnable ? 1 : 0); });
    };
  }
  if (has('dispatch')) {
    const f = fn('dispatch');
    ops.dispatch = (cx, cpu, prev) => {
      enter(cx, cpu);
      invoke('dispatch', undefined, () => { f(cpu, handle(prev)); });
    };
  }
  if (has('yield')) {
    const f = fn('yield');
    ops.yield = (cx, from, to) => {
      enter(cx, from.cpu);
      return invoke('yield', false, () => f(handle(from), handle(to)) !== 0);
    };
  }
  if (has('set_weight')) {
    const f = fn('set_weight');
    ops.setWeight = (cx, p, weight) => {
      enter(cx, p.cpu);
      invoke('set_weight', undefined, () => { f(handle(p), weight); });
    };
  }
  if (has('set_cpumask')) {
    const f = fn('set_cpumask');
    ops.setCpumask = (cx, p, mask) => {
      enter(cx, p.cpu);
      writeMask(layout.argCpumask, mask);
      invoke('set_cpumask', undefined, () => { f(handle(p), layout.argCpumask); });
    };
  }
  if (has('update_idle')) {
    const f = fn('update_idle');
    ops.updateIdle = (cx, cpu, idle) => {
      enter(cx, cpu);
      invoke('update_idle', undefined, () => { f(cpu, idle ? 1 : 0); });
    };
  }
  if (has('cpu_acquire')) {
    const f = fn('cpu_acquire');
    ops.cpuAcquire = (cx, cpu) => {
      enter(cx, cpu);
      invoke('cpu_acquire', undefined, () => { f(cpu); });
    };
  }
  if (has('cpu_release')) {
    const f = fn('cpu_release');
    ops.cpuRelease = (cx, cpu, args) => {
      enter(cx, cpu);
      invoke('cpu_release', undefined, () => { f(cpu, RELEASE_REASONS[args.reason], handle(args.task)); });
    };
  }
  if (has('init_task')) {
    const f = fn('init_task');
    ops.initTask = (cx, p, args) => {
      enter(cx, p.cpu);
      return invoke('init_task', 0, () => f(handle(p), args.fork ? 1 : 0));
    };
  }
  if (has('exit_task')) {
    const f = fn('exit_task');
    ops.exitTask = (cx, p, args) => {
      enter(cx, p.cpu);
      invoke('exit_task', undefined, () => { f(handle(p), args.cancelled ? 1 : 0); });
    };
  }
  if (has('cpu_online')) {
    const f = fn('cpu_online');
    ops.cpuOnline = (cx, cpu) => {
      enter(cx, cpu);
      invoke('cpu_online', undefined, () => { f(cpu); });
    };
  }
  if (has('cpu_offline')) {
    const f = fn('cpu_offline');
    ops.cpuOffline = (cx, cpu) => {
      enter(cx, cpu);
      invoke('cpu_offline', undefined, () => { f(cpu); });
    };
  }
  if (has('init')) {
    const f = fn('init');
    // Simplification: init (and exit, and unpinned timers) run on CPU 0.
    ops.init = (cx) => {
      enter(cx, 0);
      return invoke('init', -22, () => f());
    };
  }
  if (has('exit')) {
    const f = fn('exit');
    ops.exit = (cx, ei: ScxExitInfo) => {
      enter(cx, 0);
      writeString(layout.exitReason, 128, ei.reason);
      writeString(layout.exitMsg, 1024, ei.msg);
      const hi = ((ei.exitCode.action & 0xffff) << 16 | (ei.exitCode.reason & 0xffff)) >>> 0;
      invoke('exit', undefined, () => { f(ei.kind, hi, ei.exitCode.user >>> 0); });
    };
  }
  const fire = exports['__scx_timer_fire'] as Fn;
  ops.timer = (cx, name) => {
    const addr = Number(name.slice('bpf_timer@'.length));
    if (!name.startsWith('bpf_timer@') || cancelled.has(addr)) return;
    enter(cx, 0);
    invoke('timer', undefined, () => { fire(addr); });
  };
  return ops;
}
