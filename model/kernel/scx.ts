// The sched_ext core (reference §1–§4): per-task state and ops_state/qseq, the enqueue path with direct
// dispatch, DSQs, the balance loop with the dispatch buffer, put_prev/set_next, the watchdog, exit claiming,
// bypass, and the enable and disable sequences. Scheduler callbacks run through `call()`, which sets the
// kfunc context, counts kfunc calls and turns a throw into scx_error() — never a crash of the suite.
import { assert, assertFailed, ModelAssertionError } from './assert.ts';
import {
  KFUNC_CALLS_PER_CALLBACK_MAX, SCX_DISABLE_TASK_NS, SCX_DISABLE_WORK_LATENCY_NS, SCX_DSP_DFL_MAX_BATCH,
  SCX_DSP_MAX_LOOPS, SCX_EXIT_MSG_LEN, SCX_SLICE_DFL,
  SCX_SLICE_INF, SCX_WATCHDOG_MAX_TIMEOUT_MS, NS_PER_MS, SCX_OPS_NAME_LEN,
} from './constants.ts';
import type { Cpu } from './cpu.ts';
import { Dsq, setDsqVtime } from './dsq.ts';
import {
  formatDsqId, formatDsqId16, isLocalOn, isUserDsq, localOnCpu, SCX_DSQ_BYPASS, SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL,
} from './dsqId.ts';
import type { Kernel } from './kernel.ts';
import { SCX_OP_NAMES, type ScxCtx, type SchedExtOps, type ScxExitInfo, type ScxOpName } from './ops.ts';
import { PROBE_CREATE, PROBE_NONE } from './probe.ts';
import { makeCtx } from './scxCtx.ts';
import {
  EXIT_CODE_ZERO, EXIT_KIND_REASONS, exitKindName, SCX_DEQ_SCHED_CHANGE, SCX_DEQ_SLEEP, SCX_ENQ_CPU_SELECTED,
  SCX_ENQ_HEAD, SCX_ENQ_LAST, SCX_ENQ_PREEMPT, SCX_ENQ_RESTORE, SCX_ENQ_WAKEUP,
  SCX_EXIT_DONE, SCX_EXIT_ERROR, SCX_EXIT_ERROR_STALL, SCX_EXIT_NONE, SCX_EXIT_UNREG_KERN, SCX_KF_CPU_RELEASE,
  SCX_KF_DISPATCH, SCX_KF_ENQUEUE, SCX_KF_REST, SCX_KF_SELECT_CPU, SCX_KF_SLEEPABLE_UNLOCKED,
  SCX_OPS_ALL_FLAGS, SCX_OPS_ALLOW_QUEUED_WAKEUP, SCX_OPS_ENQ_EXITING, SCX_OPS_ENQ_LAST, SCX_OPS_ENQ_MIGRATION_DISABLED,
  SCX_OPS_KEEP_BUILTIN_IDLE, SCX_OPS_SWITCH_PARTIAL, SCX_WAKE_FORK, SCX_WAKE_SYNC, SCX_WAKE_TTWU, type ScxEnableState,
  type ScxExitCode, SCX_ECODE_ACT_RESTART_CODE, SCX_ECODE_RSN_HOTPLUG_CODE,
} from './scxFlags.ts';
import type { Task } from './task.ts';
import { selectCpuDfl } from './scxIdle.ts';
import { advanceKickSync } from './scxKickSync.ts';
import type { TaskClass } from './trace.ts';

/** Kernel callback names (snake_case) used in traces and messages. */
const KERNEL_OP_NAMES: Readonly<Record<ScxOpName, string>> = {
  selectCpu: 'select_cpu', enqueue: 'enqueue', dequeue: 'dequeue', dispatch: 'dispatch', tick: 'tick',
  runnable: 'runnable', running: 'running', stopping: 'stopping', quiescent: 'quiescent', yield: 'yield',
  setWeight: 'set_weight', setCpumask: 'set_cpumask', updateIdle: 'update_idle', cpuAcquire: 'cpu_acquire',
  cpuRelease: 'cpu_release', initTask: 'init_task', exitTask: 'exit_task', enable: 'enable', disable: 'disable',
  cpuOnline: 'cpu_online', cpuOffline: 'cpu_offline', init: 'init', exit: 'exit', timer: 'timer',
};

/** Thrown inside a callback when it exceeds its kfunc budget; caught by call(). */
class KfuncBudgetExceeded extends Error {}

/** A callback's index in SCX_OP_NAMES, for the guard's probe (computed once, not per call). */
const OP_INDEX: ReadonlyMap<string, number> = new Map(SCX_OP_NAMES.map((name, index) => [name, index]));

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** One buffered dispatch (dsp_ctx->buf entry, reference §2.4). */
interface DspEntry {
  readonly task: Task;
  readonly qseq: number;
  readonly dsqId: number;
  readonly enqFlags: number;
  readonly priq: boolean;
}

export interface ScxAttachOptions {
  /** The scenario's loader re-attaches after an exit whose code asks for a restart. */
  readonly restartOnExit: boolean;
  readonly restartDelayNs: number;
  /** The scheduler's name, for the trace when its create() threw and there is no ops table to name it. */
  readonly name?: string;
}

export class Scx {
  readonly k: Kernel;
  ops: SchedExtOps | null = null;
  private makeOps: (() => SchedExtOps) | null = null;
  private attachOptions: ScxAttachOptions = { restartOnExit: false, restartDelayNs: 0 };
  enableState: ScxEnableState = 'DISABLED';
  /** task_should_scx() is true for eligible policies (scx_switching_all or SCHED_EXT). */
  switching = false;
  switchPartial = false;
  private initTaskEnabled = false;
  bypassDepth = 0;
  exitKind = SCX_EXIT_NONE;
  exitInfo: ScxExitInfo | null = null;
  /** Every exit of this run, in order (a scheduler may be restarted). */
  readonly exits: ScxExitInfo[] = [];
  aborting = false;
  /** When the last disable ran (-1: never), for the wait-across-the-switch metric. */
  lastDisableNs = -1;
  private initialized = false;
  timeoutNs = SCX_WATCHDOG_MAX_TIMEOUT_MS * NS_PER_MS;
  private maxBatch = SCX_DSP_DFL_MAX_BATCH;
  private flags = 0;
  builtinIdle = true;
  /**
   * One global DSQ per NUMA node, all with the id SCX_DSQ_GLOBAL (K-cur: `sch->pnode[node]->global_dsq`;
   * `find_global_dsq` inserts into the task CPU's node's, `consume_global_dsq` reads only the consuming CPU's).
   */
  readonly globalDsqs: readonly Dsq[];
  readonly bypassDsq: Dsq;
  readonly userDsqs = new Map<number, Dsq>();
  /** Instance generation: bumps at every attach so stale timers and watchdog events die. */
  generation = 0;
  // kfunc context of the callback in progress; outside callbacks, a SYSCALL program run by user space
  kfMask = SCX_KF_SLEEPABLE_UNLOCKED;
  private kfCalls = 0;
  inCallback = false;
  /** `current` while ops.select_cpu runs for a wake-up by a running task (scx_select_cpu_dfl's waker). */
  waker: Task | null = null;
  /** The task select_cpu/enqueue is handling (direct_dispatch_task); null otherwise. */
  ddspTask: Task | null = null;
  /** CPU that SCX_DSQ_LOCAL means in the callback in progress. */
  localCpu = -1;
  /** The dispatching CPU and its buffer, while ops.dispatch runs. */
  dspCpu: Cpu | null = null;
  readonly dspBuf: DspEntry[] = [];
  private nrDispatched = 0;
  readonly ctx: ScxCtx;
  readonly timers = new Map<string, number>();
  /** CPUs with SCX_KICK_WAIT targets outstanding, and wait statistics (scxKickSync.ts). */
  nrKickWaiting = 0;
  kickWaitsRecorded = 0;
  kickWaitsBlocked = 0;

  constructor(k: Kernel) {
    this.k = k;
    this.globalDsqs = Array.from({ length: k.topology.nrNodes }, () => new Dsq(SCX_DSQ_GLOBAL, -1));
    this.bypassDsq = new Dsq(SCX_DSQ_BYPASS, -1);
    this.ctx = makeCtx(this);
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  get nowNs(): number {
    return this.k.nowNs;
  }

  has(op: ScxOpName): boolean {
    return this.ops !== null && typeof this.ops[op] === 'function';
  }

  /** The ext class has a scheduler to run (ENABLING, ENABLED or DISABLING). */
  active(): boolean {
    return this.enableState !== 'DISABLED';
  }

  /** find_global_dsq: the global DSQ of the node of the task's CPU. */
  globalDsqOf(p: Task): Dsq {
    return this.globalDsqs[this.k.topology.cpuNode[p.cpu] as number] as Dsq;
  }

  /** The global DSQ a CPU consumes (consume_global_dsq): its own node's. */
  private nodeGlobalDsq(cpu: Cpu): Dsq {
    return this.globalDsqs[this.k.topology.cpuNode[cpu.id] as number] as Dsq;
  }

  get bypassing(): boolean {
    return this.bypassDepth > 0;
  }

  private taskName(p: Task): string {
    return `${p.comm}[${p.pid}]`;
  }

  /**
   * Calls a scheduler callback in the kfunc context `mask`. A throw, or a kfunc budget overrun, becomes
   * scx_error(); the callback's return value is then `fallback`.
   */
  call<T>(op: ScxOpName, mask: number, p: Task | null, cpu: number, arg: number, fallback: T,
    fn: (ops: SchedExtOps) => T): T {
    return this.invoke(op, mask, p, cpu, arg, fallback, fn, 0, undefined, undefined, undefined);
  }

  /**
   * call() for the hot callbacks, without a closure per call: `ops[op](ctx, a…)` with the callback's own
   * `nArgs` arguments after ctx; a null or undefined return gives `fallback`.
   */
  callOp<T>(op: ScxOpName, mask: number, p: Task | null, cpu: number, arg: number, fallback: T,
    nArgs: 1 | 2 | 3, a: unknown, b?: unknown, c?: unknown): T {
    return this.invoke(op, mask, p, cpu, arg, fallback, null, nArgs, a, b, c);
  }

  private invoke<T>(op: ScxOpName, mask: number, p: Task | null, cpu: number, arg: number, fallback: T,
    fn: ((ops: SchedExtOps) => T) | null, nArgs: number, a: unknown, b: unknown, c: unknown): T {
    const ops = this.ops;
    if (!ops || typeof ops[op] !== 'function') return fallback;
    this.k.emit({ t: this.nowNs, type: 'op', op: KERNEL_OP_NAMES[op], pid: p?.pid ?? 0, cpu, arg });
    const savedMask = this.kfMask;
    const savedCalls = this.kfCalls;
    const savedInCallback = this.inCallback;
    this.kfMask = mask;
    this.kfCalls = 0;
    this.inCallback = true;
    // The guard's probe (only under the command line's worker): where scheduler code runs, restored on return.
    const probe = this.k.config.opProbe;
    const savedProbe = this.probeIndex;
    if (probe) {
      this.probeIndex = OP_INDEX.get(op) as number;
      probe(this.probeIndex);
    }
    try {
      let ret: T;
      if (fn !== null) ret = fn(ops);
      else {
        const method = ops[op] as unknown as (this: SchedExtOps, ...args: unknown[]) => T | null | undefined;
        ret = (nArgs === 1 ? method.call(ops, this.ctx, a) : nArgs === 2 ? method.call(ops, this.ctx, a, b)
          : method.call(ops, this.ctx, a, b, c)) ?? fallback;
      }
      if (isThenable(ret)) {
        // An async callback: BPF programs cannot sleep or await; whatever runs after its first await would
        // run outside the callback. The kernel-style verdict: scx_error naming the callback.
        ret.then(undefined, () => undefined);
        this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `ops.${KERNEL_OP_NAMES[op]}() returned a Promise ` +
          '(an async callback: BPF programs cannot await)');
        return fallback;
      }
      return ret;
    } catch (error) {
      if (error instanceof ModelAssertionError) throw error;
      const what = error instanceof KfuncBudgetExceeded
        ? `ops.${KERNEL_OP_NAMES[op]}() exceeded its budget of ${KFUNC_CALLS_PER_CALLBACK_MAX} kfunc calls`
        : `ops.${KERNEL_OP_NAMES[op]}() threw: ${error instanceof Error ? error.message : String(error)}`;
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, what);
      return fallback;
    } finally {
      if (probe) {
        this.probeIndex = savedProbe;
        probe(savedProbe);
      }
      this.kfMask = savedMask;
      this.kfCalls = savedCalls;
      this.inCallback = savedInCallback;
    }
  }

  /** Checks a kfunc's context (reference §1.3); returns false when the call must be a no-op. */
  kfunc(allowed: number): boolean {
    // The budget bounds one callback; kfuncs from outside callbacks (a SYSCALL program run by user space)
    // are not counted against any.
    if (this.inCallback && ++this.kfCalls > KFUNC_CALLS_PER_CALLBACK_MAX) throw new KfuncBudgetExceeded();
    if (allowed === -1) return true;
    if ((this.kfMask & allowed) === 0) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `kfunc with mask 0x${allowed.toString(16)} called from an ` +
        `operation only allowing 0x${this.kfMask.toString(16)}`);
      return false;
    }
    return true;
  }

  // ---- exit claiming (reference §4.3) -----------------------------------------------------------------

  /** scx_exit()/scx_error(): the first exit wins; the disable work then runs as its own step. */
  error(kind: number, code: ScxExitCode, msg: string): void {
    if (this.exitKind !== SCX_EXIT_NONE || this.enableState === 'DISABLED') return;
    this.exitKind = kind;
    this.aborting = true;
    this.exitInfo = {
      kind, reason: EXIT_KIND_REASONS[kind] ?? 'unknown', msg: msg.slice(0, SCX_EXIT_MSG_LEN - 1),
      exitCode: code, initialized: this.initialized,
    };
    const generation = this.generation;
    // The disable work runs later on the helper kthread (SCX_DISABLE_WORK_LATENCY_NS); until then the BPF
    // scheduler is still called, but `aborting` makes consume_dispatch_q bail on every non-bypass DSQ. A
    // failed load keeps the old instant disable: scx_root_enable flushes the disable work itself, with
    // bypass still on (simplification: the model's enable path turns bypass off first).
    const delayNs = this.enableState === 'ENABLED' ? SCX_DISABLE_WORK_LATENCY_NS : 0;
    this.k.at(this.nowNs + delayNs, () => {
      if (this.generation === generation) this.disable();
    });
  }

  // ---- attach / enable (reference §4.2) ------------------------------------------------------------

  /** Attaches a scheduler now. Returns an error string when the load itself is rejected (-EBUSY etc.). */
  attach(makeOps: () => SchedExtOps, options: ScxAttachOptions): string | null {
    if (this.enableState !== 'DISABLED') return 'scheduler already loaded (-EBUSY)';
    const ops = this.createOps(makeOps, options.name);
    const rejected = validateOpsFields(ops);
    if (rejected) return rejected;
    this.makeOps = makeOps;
    this.attachOptions = options;
    this.ops = ops;
    this.generation++;
    this.flags = ops.flags ?? 0;
    this.switchPartial = (this.flags & SCX_OPS_SWITCH_PARTIAL) !== 0;
    this.timeoutNs = (ops.timeoutMs || SCX_WATCHDOG_MAX_TIMEOUT_MS) * NS_PER_MS;
    this.maxBatch = ops.dispatchMaxBatch || SCX_DSP_DFL_MAX_BATCH;
    this.builtinIdle = !this.has('updateIdle') || (this.flags & SCX_OPS_KEEP_BUILTIN_IDLE) !== 0;
    this.exitKind = SCX_EXIT_NONE;
    this.exitInfo = null;
    this.aborting = false;
    this.initialized = false;
    this.userDsqs.clear();
    this.timers.clear();
    for (const cpu of this.k.cpus) cpu.scxIdle = cpu.curr === null;
    this.enable();
    return null;
  }

  /**
   * Runs the definition's create(). A throw is the scheduler's own error, not the suite's: the model loads
   * an empty ops table in its place and enable() fails it at once with scx_error (SCX_EXIT_ERROR), as a
   * failing ops.init() would, so the run reports it like any runtime error.
   */
  private createOps(makeOps: () => SchedExtOps, name: string | undefined): SchedExtOps {
    const probe = this.k.config.opProbe;
    const saved = this.probeIndex;
    this.probeIndex = PROBE_CREATE;
    probe?.(PROBE_CREATE);
    this.createError = null;
    try {
      return makeOps();
    } catch (error) {
      if (error instanceof ModelAssertionError) throw error;
      this.createError = `create() threw: ${error instanceof Error ? error.message : String(error)}`;
      return { name: name ?? 'unknown' };
    } finally {
      this.probeIndex = saved;
      probe?.(saved);
    }
  }

  private setEnableState(state: ScxEnableState): void {
    this.enableState = state;
    this.k.emit({ t: this.nowNs, type: 'scx_state', state, scheduler: this.ops?.name ?? '',
      timeoutNs: this.timeoutNs });
  }

  private enable(): void {
    this.setEnableState('ENABLING');
    this.armWatchdog();
    if (this.createError !== null) return this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, this.createError);
    const ret = this.call('init', SCX_KF_SLEEPABLE_UNLOCKED, null, -1, 0, 0, (o) => o.init?.(this.ctx) ?? 0);
    if (this.exitKind !== SCX_EXIT_NONE) return;
    if (ret !== 0) return this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `ops.init() failed (${ret})`);
    this.initialized = true;
    if ((this.flags & SCX_OPS_ENQ_LAST) !== 0 && !this.has('enqueue')) {
      return this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO,
        'SCX_OPS_ENQ_LAST requires ops.enqueue() to be implemented');
    }
    // Bypass covers the task switch and is turned off on every way out, the error path included
    // (scx_root_enable's err_disable path calls scx_bypass(false) too).
    this.setBypass(+1);
    this.initAndSwitchTasks();
    this.setBypass(-1);
    if (this.exitKind !== SCX_EXIT_NONE) return;
    this.setEnableState('ENABLED');
  }

  /** Steps 5–7 of reference §4.2: init_task for every task, then the class switch. */
  private initAndSwitchTasks(): void {
    this.initTaskEnabled = true;
    for (const p of this.k.tasks) {
      if (p.status === 'dead') continue;
      if (!this.initTask(p, false)) {
        return this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `ops.init_task() failed (${this.lastInitRet}) for ` +
          `${this.taskName(p)}`);
      }
      this.setTaskState(p, 'READY');
    }
    this.switching = true;
    for (const p of this.k.tasks) {
      if (p.status === 'dead' || this.exitKind !== SCX_EXIT_NONE) continue;
      if (this.k.classFor(p) !== p.cls) this.k.changeTask(p, () => undefined);
    }
  }

  private lastInitRet = 0;
  /** Where scheduler code runs now (model/kernel/probe.ts), restored when a nested callback returns. */
  private probeIndex = PROBE_NONE;
  /** The scheduler's create() threw at this attach: the load fails like scx_error (see attach). */
  private createError: string | null = null;

  /** ops.init_task: NONE → INIT. Returns false when it failed. */
  private initTask(p: Task, fork: boolean): boolean {
    const ret = this.call('initTask', SCX_KF_SLEEPABLE_UNLOCKED, p, -1, fork ? 1 : 0, 0,
      (o) => o.initTask?.(this.ctx, p, { fork }) ?? 0);
    if (!Number.isInteger(ret) || ret > 0 || ret < -4095) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `ops.init_task() returned an invalid errno ${ret}`);
      this.lastInitRet = -71;
      return false;
    }
    if (ret !== 0) { this.lastInitRet = ret; return false; }
    this.setTaskState(p, 'INIT');
    // scx_init_task arms SCX_TASK_RESET_RUNNABLE_AT: the first enqueue after the task becomes ext starts its
    // watchdog wait (set_task_runnable), however long it slept before.
    p.scx.resetRunnableAt = true;
    return true;
  }

  setTaskState(p: Task, state: Task['scx']['state']): void {
    const from = p.scx.state;
    if (!(state !== 'INIT' || from === 'NONE')) assertFailed(`task ${p.pid}: INIT only from NONE (was ${from})`);
    if (!(state !== 'READY' || from !== 'NONE')) assertFailed(`task ${p.pid}: READY not from NONE`);
    if (!(state !== 'ENABLED' || from === 'READY')) assertFailed(`task ${p.pid}: ENABLED only from READY (was ${from})`);
    p.scx.state = state;
    this.k.emit({ t: this.nowNs, type: 'task_state', pid: p.pid, state });
  }

  /** scx_fork + scx_post_fork for a new task. */
  onFork(p: Task): void {
    // init_task runs for every fork until the disable work turns scx_init_task_enabled off, also while an
    // exit is claimed but not yet processed (reference §4.4 step 5).
    if (!this.initTaskEnabled) return;
    if (!this.initTask(p, true)) {
      // The kernel fails such a fork; the model keeps the child, in the fair class, never handed to ext.
      if (p.cls === 'ext') {
        p.cls = 'fair';
        this.k.emit({ t: this.nowNs, type: 'class', pid: p.pid, cls: 'fair' });
      }
      return;
    }
    this.setTaskState(p, 'READY');
    if (p.cls === 'ext') this.enableTask(p, false);
  }

  /** READY → ENABLED: ops.enable, ops.set_weight (and set_cpumask on a class switch). */
  private enableTask(p: Task, classSwitch: boolean): void {
    p.scx.sliceNs = SCX_SLICE_DFL;
    setDsqVtime(p, 0);
    p.scx.runnableAtNs = this.nowNs;
    this.call('enable', SCX_KF_REST, p, -1, 0, undefined, (o) => o.enable?.(this.ctx, p));
    this.setTaskState(p, 'ENABLED');
    this.notifyWeight(p);
    if (classSwitch) this.notifyCpumask(p);
  }

  private disableTask(p: Task): void {
    this.call('disable', SCX_KF_REST, p, -1, 0, undefined, (o) => o.disable?.(this.ctx, p));
    this.setTaskState(p, 'READY');
  }

  private exitTask(p: Task, cancelled: boolean): void {
    this.call('exitTask', SCX_KF_REST, p, -1, cancelled ? 1 : 0, undefined,
      (o) => o.exitTask?.(this.ctx, p, { cancelled }));
    p.scx.storage = null;
    this.setTaskState(p, 'NONE');
  }

  notifyWeight(p: Task): void {
    if (p.scx.state !== 'ENABLED') return;
    this.call('setWeight', SCX_KF_REST, p, -1, p.scxWeight, undefined, (o) => o.setWeight?.(this.ctx, p, p.scxWeight));
  }

  notifyCpumask(p: Task): void {
    if (p.scx.state !== 'ENABLED') return;
    this.call('setCpumask', SCX_KF_REST, p, -1, p.cpumask.count, undefined,
      (o) => o.setCpumask?.(this.ctx, p, p.cpumask));
  }

  /** switching_to_scx / switched_from_scx. */
  onClassChange(p: Task, from: TaskClass, to: TaskClass): void {
    if (to === 'ext' && p.scx.state === 'READY') this.enableTask(p, true);
    if (from === 'ext' && p.scx.state === 'ENABLED') this.disableTask(p);
  }

  /** sched_ext_dead: a dying task leaves the scheduler (disable, then exit_task). */
  onTaskDead(p: Task): void {
    if (p.scx.state === 'NONE') return;
    if (p.scx.state === 'ENABLED') this.disableTask(p);
    this.exitTask(p, p.scx.state === 'INIT');
  }

  // ---- bypass (reference §4.5) ----------------------------------------------------------------------

  /**
   * Enters or leaves bypass. Each change cycles every runnable ext task through dequeue/enqueue so it
   * lands where the new mode puts it. Simplification: bypass uses one FIFO bypass DSQ that every CPU
   * consumes (the ≤ v6.18 global-DSQ form) rather than per-CPU bypass DSQs with a load balancer.
   */
  setBypass(delta: 1 | -1): void {
    const before = this.bypassDepth;
    this.bypassDepth += delta;
    assert(this.bypassDepth >= 0, 'bypass depth below zero');
    this.k.emit({ t: this.nowNs, type: 'bypass', depth: this.bypassDepth });
    if ((before === 0) === (this.bypassDepth === 0)) return;
    for (const p of this.k.tasks) {
      if (p.cls !== 'ext' || p.status !== 'runnable') continue;
      this.k.changeTask(p, () => undefined);
    }
    for (const cpu of this.k.cpus) this.k.resched(cpu);
  }

  // ---- disable (reference §4.4) --------------------------------------------------------------------

  /**
   * scx_disable_workfn → scx_root_disable: bypass on, DISABLING, then the walk over every task, which takes
   * SCX_DISABLE_TASK_NS per task: task i is switched to fair and exited at start + (i+1) × that cost, while
   * the tasks not yet reached run in bypass mode (forks wait in the kernel on scx_fork_rwsem; in the model a
   * child born during the walk starts in fair). Simplifications: the helper kthread's CPU time is not taken
   * from any CPU, scx_bypass()'s own per-CPU walk and the synchronize_rcu() before ops.exit take no time.
   */
  private disable(): void {
    if (this.enableState === 'DISABLED') return;
    const info = this.exitInfo;
    assert(info !== null, 'disable without a claimed exit');
    const taskNs = this.enableState === 'ENABLED' ? SCX_DISABLE_TASK_NS : 0;
    this.exitKind = SCX_EXIT_DONE;
    this.lastDisableNs = this.nowNs;
    this.setBypass(+1);
    this.setEnableState('DISABLING');
    this.switching = false;
    this.initTaskEnabled = false;
    const walk = this.k.tasks.filter((p) => p.status !== 'dead' && p.scx.state !== 'NONE');
    if (taskNs === 0 || walk.length === 0) {
      for (const p of walk) this.disableAndExitTask(p);
      return this.finishDisable(info);
    }
    const generation = this.generation;
    walk.forEach((p, index) => {
      this.k.at(this.nowNs + (index + 1) * taskNs, () => {
        if (this.generation !== generation) return;
        this.disableAndExitTask(p);
        if (index === walk.length - 1) this.finishDisable(info);
      });
    });
  }

  /** One step of the walk: class switch through a sched_change cycle, then scx_disable_and_exit_task. */
  private disableAndExitTask(p: Task): void {
    if (p.status === 'dead' || p.scx.state === 'NONE') return;
    if (p.cls === 'ext') this.k.changeTask(p, () => undefined);
    if (p.scx.state === 'ENABLED') this.disableTask(p);
    this.exitTask(p, p.scx.state === 'INIT');
  }

  /** The end of scx_root_disable: ops.exit, DISABLED, bypass off. */
  private finishDisable(info: ScxExitInfo): void {
    this.k.emit({ t: this.nowNs, type: 'exit', kind: exitKindName(info.kind), reason: info.reason, msg: info.msg,
      code: info.exitCode.user });
    this.exits.push(info);
    this.call('exit', SCX_KF_SLEEPABLE_UNLOCKED, null, -1, info.kind, undefined, (o) => o.exit?.(this.ctx, info));
    this.ops = null;
    this.userDsqs.clear();
    this.timers.clear();
    this.setEnableState('DISABLED');
    this.setBypass(-1);
    this.generation++;
    for (const cpu of this.k.cpus) this.k.resched(cpu);
    this.maybeRestart(info);
  }

  private maybeRestart(info: ScxExitInfo): void {
    const makeOps = this.makeOps;
    if (!this.attachOptions.restartOnExit || !makeOps) return;
    if (info.exitCode.action !== SCX_ECODE_ACT_RESTART_CODE) return;
    const options = this.attachOptions;
    this.k.at(this.nowNs + options.restartDelayNs, () => { this.attach(makeOps, options); });
  }

  /** Unregister from user space, sysrq-S and the like. */
  requestExit(kind: number, code: ScxExitCode, msg: string): void {
    this.error(kind, code, msg);
  }

  // ---- watchdog (reference §4.6) -------------------------------------------------------------------

  private armWatchdog(): void {
    const generation = this.generation;
    const interval = Math.max(this.k.tickNs, Math.floor(this.timeoutNs / 2));
    this.k.at(this.nowNs + interval, () => {
      if (this.generation !== generation || this.enableState === 'DISABLED') return;
      this.checkStalls();
      this.armWatchdog();
    });
  }

  /** Scans runnable ext tasks on online CPUs; the first stalled one ends the scheduler. */
  private checkStalls(): void {
    for (const p of this.k.tasks) {
      if (p.cls !== 'ext' || !p.scx.queued || p.place === 'run') continue;
      if (!(this.k.cpus[p.cpu] as Cpu).online) continue;
      const waitedNs = this.nowNs - p.scx.runnableAtNs;
      if (waitedNs <= this.timeoutNs) continue;
      const ms = Math.floor(waitedNs / NS_PER_MS);
      this.error(SCX_EXIT_ERROR_STALL, EXIT_CODE_ZERO, `${this.taskName(p)} failed to run for ` +
        `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}s`);
      return;
    }
  }

  // ---- wake-up and enqueue (reference §1.4 B, §3.4) --------------------------------------------------

  /** ttwu for an ext task: select_cpu (or the default), enqueue_task_scx on that CPU. */
  wakeUp(p: Task, waker: Task | null, fork: boolean, sync = false): void {
    // select_task_rq_scx passes try_to_wake_up's wake_flags: WF_SYNC is SCX_WAKE_SYNC.
    const wakeFlags = fork ? SCX_WAKE_FORK : SCX_WAKE_TTWU | (sync ? SCX_WAKE_SYNC : 0);
    let cpu = p.cpu;
    let enqFlags = fork ? 0 : SCX_ENQ_WAKEUP;
    if (this.queuedWakeup(p, waker)) {
      cpu = this.k.fallbackCpuIfOffline(p);
    } else {
      cpu = this.selectCpu(p, p.cpu, wakeFlags, waker);
      // WF_RQ_SELECTED: select_task_rq only runs for tasks that may move (reference §1.3, §3.7).
      if (p.nrCpusAllowed > 1 && !p.migrationDisabled) enqFlags |= SCX_ENQ_CPU_SELECTED;
    }
    this.k.moveTaskCpu(p, cpu);
    this.enqueueTask(p, enqFlags);
  }

  /**
   * SCX_OPS_ALLOW_QUEUED_WAKEUP (reference §1.4 B, §4.11). Simplification: a wake-up is queued (select_cpu
   * skipped, enqueue without SCX_ENQ_CPU_SELECTED) when the waker runs in another LLC than the wakee's CPU,
   * which is when ttwu_queue_cond() sends the wake-up as an IPI.
   */
  private queuedWakeup(p: Task, waker: Task | null): boolean {
    if ((this.flags & SCX_OPS_ALLOW_QUEUED_WAKEUP) === 0 || waker === null || this.bypassing) return false;
    const llc = this.k.topology.cpuLlc;
    return llc[waker.cpu] !== llc[p.cpu];
  }

  /** select_task_rq_scx. */
  private selectCpu(p: Task, prevCpu: number, wakeFlags: number, waker: Task | null): number {
    const skip = p.nrCpusAllowed === 1 || p.migrationDisabled || this.bypassing;
    if (skip) return this.k.fallbackCpuIfOffline(p);
    if (!this.has('selectCpu')) {
      const picked = selectCpuDfl(this, p, prevCpu, wakeFlags, waker);
      if (picked.isIdle) {
        p.scx.sliceNs = SCX_SLICE_DFL;
        this.setDirectDispatch(p, SCX_DSQ_LOCAL, 0, false);
      }
      return picked.cpu;
    }
    this.ddspTask = p;
    this.waker = waker;
    // SCX_DSQ_LOCAL inserted here is resolved at enqueue, against the CPU the task is enqueued on
    // (direct_dispatch: task_rq(p)), which select_fallback_rq may have changed; there is no local CPU yet.
    this.localCpu = -1;
    let cpu = this.callOp('selectCpu', SCX_KF_SELECT_CPU | SCX_KF_ENQUEUE, p, prevCpu, wakeFlags, prevCpu,
      3, p, prevCpu, wakeFlags);
    this.ddspTask = null;
    this.waker = null;
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.k.nrCpus) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `invalid CPU ${cpu} from ops.select_cpu()`);
      cpu = prevCpu;
    }
    if (!p.cpumask.has(cpu) || !(this.k.cpus[cpu] as Cpu).online) cpu = this.k.fallbackCpuIfOffline(p);
    return cpu;
  }

  /**
   * mark_direct_dispatch: records a direct dispatch for `p` (from select_cpu or enqueue). The slice and
   * vtime were already written by the insert kfunc.
   */
  setDirectDispatch(p: Task, dsqId: number, enqFlags: number, priq: boolean): void {
    p.scx.ddspDsqId = dsqId;
    p.scx.ddspEnqFlags = enqFlags;
    p.scx.ddspPriq = priq;
  }

  private clearDirectDispatch(p: Task): void {
    p.scx.ddspDsqId = -1;
    p.scx.ddspEnqFlags = 0;
    p.scx.ddspPriq = false;
  }

  /** enqueue_task_scx: QUEUED, runnable_at, ops.runnable, then do_enqueue_task. */
  enqueueTask(p: Task, enqFlags: number): void {
    if (!(p.cls === 'ext' && p.status === 'runnable')) assertFailed(`enqueueTask of task ${p.pid}`);
    p.scx.queued = true;
    this.stampRunnable(p);
    this.callOp('runnable', SCX_KF_REST, p, p.cpu, enqFlags, undefined, 2, p, enqFlags);
    this.doEnqueue(p, enqFlags);
    // wakeup_preempt: ext is above the idle class, so a task enqueued on an idle CPU reschedules it,
    // wherever the task ended up (local DSQ, a shared DSQ or BPF custody); balance then runs ops.dispatch.
    const cpu = this.k.cpus[p.cpu] as Cpu;
    if (cpu.curr === null && cpu.online && !this.wakeupIpiLost()) this.k.resched(cpu);
  }

  /** The "lost wake-up" fault window is open and the current context is a wake-up path. */
  wakeupIpiLost(): boolean {
    if (this.nowNs >= this.k.wakeupIpisLostUntilNs) return false;
    return !this.inCallback || (this.kfMask & (SCX_KF_ENQUEUE | SCX_KF_SELECT_CPU)) !== 0;
  }

  /**
   * set_task_runnable: a task that got the CPU since it last became runnable starts a new wait now, so the
   * watchdog measures "time since the task last started waiting for a CPU" (reference §4.6).
   */
  private stampRunnable(p: Task): void {
    if (!p.scx.resetRunnableAt) return;
    p.scx.runnableAtNs = this.nowNs;
    p.scx.resetRunnableAt = false;
  }

  /** do_enqueue_task (reference §1.4 B.4): the kernel's checks in order, then ops.enqueue. */
  doEnqueue(p: Task, enqFlags: number): void {
    const cpu = this.k.cpus[p.cpu] as Cpu;
    if (!cpu.online) return this.insertLocal(p, cpu, enqFlags, true);
    if (this.bypassing) {
      this.clearDirectDispatch(p);
      return this.insertInto(p, this.bypassDsq, enqFlags, false, true);
    }
    if (p.scx.ddspDsqId >= 0) return this.directDispatch(p, enqFlags);
    // An exiting task (PF_EXITING) goes to its CPU's local DSQ without ops.enqueue unless the scheduler
    // asked for it (SCX_OPS_ENQ_EXITING): do_enqueue_task's SCX_EV_ENQ_SKIP_EXITING path.
    if (p.exiting && (this.flags & SCX_OPS_ENQ_EXITING) === 0) return this.insertLocal(p, cpu, enqFlags, true);
    // do_enqueue_task: every migration-disabled task skips ops.enqueue (whatever its cpumask) unless the
    // scheduler asked for them with SCX_OPS_ENQ_MIGRATION_DISABLED.
    if (p.migrationDisabled && (this.flags & SCX_OPS_ENQ_MIGRATION_DISABLED) === 0) {
      return this.insertLocal(p, cpu, enqFlags, true);
    }
    if (!this.has('enqueue')) return this.insertInto(p, this.globalDsqOf(p), enqFlags, false, true);
    const qseq = cpu.opsQseq++;
    this.setOpsState(p, 'QUEUEING', qseq);
    this.ddspTask = p;
    this.localCpu = p.cpu;
    this.callOp('enqueue', SCX_KF_ENQUEUE, p, p.cpu, enqFlags, undefined, 2, p, enqFlags);
    this.ddspTask = null;
    if (p.scx.ddspDsqId >= 0) {
      this.setOpsState(p, 'NONE', 0);
      return this.directDispatch(p, enqFlags);
    }
    this.setOpsState(p, 'QUEUED', qseq);
    p.scx.inCustody = true;
    this.k.setPlace(p, 'bpf', -1, -1);
  }

  setOpsState(p: Task, state: Task['scx']['opsState'], qseq: number): void {
    p.scx.opsState = state;
    if (state === 'QUEUED' || state === 'QUEUEING') p.scx.qseq = qseq;
    this.k.emit({ t: this.nowNs, type: 'ops_state', pid: p.pid, state, qseq: p.scx.qseq });
  }

  private directDispatch(p: Task, enqFlags: number): void {
    const dsqId = p.scx.ddspDsqId;
    const flags = p.scx.ddspEnqFlags | enqFlags;
    const priq = p.scx.ddspPriq;
    this.clearDirectDispatch(p);
    // SCX_DSQ_LOCAL means the local DSQ of task_rq(p), the CPU the task is being enqueued on.
    this.dispatchToDsq(p, dsqId, flags, priq, p.cpu);
  }

  /** Resolves a DSQ id in the context of `localCpu` and inserts `p`, with the kernel's error fallbacks. */
  dispatchToDsq(p: Task, dsqId: number, enqFlags: number, priq: boolean, localCpu: number): void {
    if (dsqId === SCX_DSQ_LOCAL || isLocalOn(dsqId)) {
      const target = dsqId === SCX_DSQ_LOCAL ? localCpu : localOnCpu(dsqId);
      if (priq) this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, 'cannot use vtime ordering for built-in DSQs');
      return this.dispatchToLocal(p, target, enqFlags);
    }
    if (dsqId === SCX_DSQ_GLOBAL || dsqId === SCX_DSQ_BYPASS) {
      if (priq) this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, 'cannot use vtime ordering for built-in DSQs');
      return this.insertInto(p, dsqId === SCX_DSQ_GLOBAL ? this.globalDsqOf(p) : this.bypassDsq, enqFlags);
    }
    const dsq = this.userDsqs.get(dsqId);
    if (!dsq || dsq.destroyed) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, dsq ? 'attempting to dispatch to a destroyed dsq'
        : `non-existent DSQ ${formatDsqId(dsqId)}`);
      return this.insertInto(p, this.globalDsqOf(p), enqFlags);
    }
    if (dsq.nrQueued > 0 && dsq.mode === 'fifo' && priq) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `DSQ ID ${formatDsqId16(dsqId)} already had FIFO-enqueued tasks`);
    } else if (dsq.nrQueued > 0 && dsq.mode === 'priq' && !priq) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `DSQ ID ${formatDsqId16(dsqId)} already had PRIQ-enqueued tasks`);
    }
    this.insertInto(p, dsq, enqFlags, priq);
  }

  /** Local DSQ target checks (reference §3.5): bad CPU, disallowed CPU, migration-disabled, offline. */
  private dispatchToLocal(p: Task, target: number, enqFlags: number): void {
    if (!Number.isInteger(target) || target < 0 || target >= this.k.nrCpus) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `invalid CPU ${target} in SCX_DSQ_LOCAL_ON dispatch verdict`);
      return this.insertInto(p, this.globalDsqOf(p), enqFlags);
    }
    if (!p.cpumask.has(target)) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO,
        `SCX_DSQ_LOCAL[_ON] target CPU ${target} not allowed for ${this.taskName(p)}`);
      return this.insertInto(p, this.globalDsqOf(p), enqFlags);
    }
    if (p.migrationDisabled && target !== p.cpu) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `SCX_DSQ_LOCAL[_ON] cannot move migration disabled ` +
        `${this.taskName(p)} from CPU ${p.cpu} to ${target}`);
      return this.insertInto(p, this.globalDsqOf(p), enqFlags);
    }
    const cpu = this.k.cpus[target] as Cpu;
    if (!cpu.online) return this.insertInto(p, this.globalDsqOf(p), enqFlags);
    this.insertLocal(p, cpu, enqFlags, false);
  }

  /** Links `p` into a local DSQ, migrating it there; PREEMPT zeroes the current slice (reference §3.5). */
  insertLocal(p: Task, cpu: Cpu, enqFlags: number, refill: boolean): void {
    this.leaveCustody(p, 0);
    if (refill) p.scx.sliceNs = SCX_SLICE_DFL;
    this.k.moveTaskCpu(p, cpu.id);
    const head = (enqFlags & (SCX_ENQ_HEAD | SCX_ENQ_PREEMPT)) !== 0;
    cpu.localDsq.insertFifo(p, head);
    this.k.setPlace(p, 'local', cpu.id, cpu.localDsq.id);
    const curr = cpu.curr;
    if ((enqFlags & SCX_ENQ_PREEMPT) !== 0 && curr !== null && curr !== p && curr.cls === 'ext') {
      curr.scx.sliceNs = 0;
      this.k.resched(cpu);
    } else if (curr === null) {
      this.k.resched(cpu);
    }
  }

  /**
   * Links `p` into a global, bypass or user DSQ. Kernel fallback paths refill the slice with the default
   * (refill_task_slice_dfl); BPF inserts already set the slice at the kfunc call (reference §3.3).
   */
  insertInto(p: Task, dsq: Dsq, enqFlags: number, priq = false, refill = false): void {
    const global = dsq.id === SCX_DSQ_GLOBAL;
    const user = !global && dsq !== this.bypassDsq;
    if (user) p.scx.inCustody = true;
    else this.leaveCustody(p, 0);
    if (refill) p.scx.sliceNs = SCX_SLICE_DFL;
    if (priq) dsq.insertVtime(p, p.scx.dsqVtime);
    else dsq.insertFifo(p, (enqFlags & (SCX_ENQ_HEAD | SCX_ENQ_PREEMPT)) !== 0);
    const place = global ? 'global' : dsq === this.bypassDsq ? 'bypass' : 'user';
    this.k.setPlace(p, place, -1, dsq.id);
  }

  // ---- dispatch (reference §2.4, §3.5, §3.6) ---------------------------------------------------------

  /** Buffers an insert from ops.dispatch (scx_bpf_dsq_insert in dispatch context). */
  bufferDispatch(p: Task, dsqId: number, enqFlags: number, priq: boolean): void {
    if (this.dspBuf.length >= this.maxBatch) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, 'dispatch buffer overflow');
      return;
    }
    this.dspBuf.push({ task: p, qseq: p.scx.qseq, dsqId, enqFlags, priq });
  }

  dispatchNrSlots(): number {
    return this.maxBatch - this.dspBuf.length;
  }

  cancelLastDispatch(): void {
    if (this.dspBuf.length === 0) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, 'dispatch buffer underflow');
      return;
    }
    this.dspBuf.pop();
  }

  /** finish_dispatch for every buffered entry: only a QUEUED task with a matching qseq moves. */
  flushDispatch(cpu: Cpu): void {
    const entries = this.dspBuf.splice(0, this.dspBuf.length);
    for (const entry of entries) {
      const p = entry.task;
      const stale = p.scx.opsState !== 'QUEUED' || p.scx.qseq !== entry.qseq || p.cls !== 'ext';
      if (stale) continue;
      this.setOpsState(p, 'DISPATCHING', p.scx.qseq);
      this.setOpsState(p, 'NONE', 0);
      this.dispatchToDsq(p, entry.dsqId, entry.enqFlags, entry.priq, cpu.id);
      this.nrDispatched++;
    }
  }

  /**
   * ≥ v7.0 custody semantics (reference §1.2 SCX_TASK_IN_CUSTODY, §1.3 dequeue, §7 `dequeue`): a task is in
   * the scheduler's custody while it is QUEUED in BPF or sits in a user DSQ. ops.dequeue runs whenever it
   * leaves custody: with no flag when the kernel moves it to a terminal DSQ (local, global, bypass), with
   * SCX_DEQ_SLEEP or SCX_DEQ_SCHED_CHANGE when it is dequeued.
   */
  private leaveCustody(p: Task, deqFlags: number): void {
    if (!p.scx.inCustody) return;
    p.scx.inCustody = false;
    this.callOp('dequeue', SCX_KF_REST, p, p.cpu, deqFlags, undefined, 2, p, deqFlags);
  }

  /** scx_bpf_dsq_move_to_local: flush, then move the first task of a user DSQ that may run here. */
  moveToLocal(dsqId: number): boolean {
    const cpu = this.dspCpu;
    assert(cpu !== null, 'moveToLocal outside dispatch');
    this.flushDispatch(cpu);
    const dsq = isUserDsq(dsqId) ? this.userDsqs.get(dsqId) : undefined;
    if (!dsq) {
      this.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `invalid DSQ ID ${formatDsqId16(dsqId)}`);
      return false;
    }
    if (this.aborting) return false;
    if (!this.consume(cpu, dsq)) return false;
    this.nrDispatched++;
    return true;
  }

  /** consume_dispatch_q: move the first task allowed on `cpu` into its local DSQ. */
  private consume(cpu: Cpu, dsq: Dsq): boolean {
    // Once an exit is claimed, consume_dispatch_q leaves every DSQ but the bypass DSQ alone (live-lock guard).
    if (this.aborting && dsq !== this.bypassDsq) return false;
    for (const p of dsq.tasks) {
      if (!p.cpumask.has(cpu.id) || (p.migrationDisabled && p.cpu !== cpu.id)) continue;
      dsq.remove(p);
      this.insertLocal(p, cpu, 0, false);
      return true;
    }
    return false;
  }

  /**
   * balance_one + pick_task_scx (reference §3.6). Returns the task to run: prev (kept), the head of the
   * local DSQ, or null (the CPU runs a lower class).
   */
  pick(cpu: Cpu, prev: Task | null): Task | null {
    advanceKickSync(this, cpu);
    const prevExt = prev !== null && prev.cls === 'ext' && prev.scx.queued ? prev : null;
    if (cpu.scxReleased) {
      cpu.scxReleased = false;
      this.call('cpuAcquire', SCX_KF_REST, null, cpu.id, 0, undefined, (o) => o.cpuAcquire?.(this.ctx, cpu.id));
    }
    if (prevExt && prevExt.scx.sliceNs > 0 && !this.bypassing) return prevExt;
    if (cpu.localDsq.nrQueued > 0) return this.takeLocal(cpu);
    if (this.consume(cpu, this.bypassing ? this.bypassDsq : this.nodeGlobalDsq(cpu))) return this.takeLocal(cpu);
    if (this.bypassing && this.consume(cpu, this.nodeGlobalDsq(cpu))) return this.takeLocal(cpu);
    if (this.has('dispatch') && cpu.online && !this.bypassing) {
      const kept = this.dispatchLoop(cpu, prevExt);
      if (kept) return kept;
      if (cpu.localDsq.nrQueued > 0) return this.takeLocal(cpu);
    }
    if (prevExt && ((this.flags & SCX_OPS_ENQ_LAST) === 0 || this.bypassing)) {
      if (prevExt.scx.sliceNs === 0) prevExt.scx.sliceNs = SCX_SLICE_DFL;
      return prevExt;
    }
    return null;
  }

  /** The ops.dispatch rounds; returns prev when the scheduler refilled its slice. */
  private dispatchLoop(cpu: Cpu, prevExt: Task | null): Task | null {
    for (let loop = 0; loop < SCX_DSP_MAX_LOOPS; loop++) {
      this.nrDispatched = 0;
      this.dspCpu = cpu;
      this.localCpu = cpu.id;
      this.callOp('dispatch', SCX_KF_DISPATCH, prevExt, cpu.id, 0, undefined, 2, cpu.id, prevExt);
      this.flushDispatch(cpu);
      this.dspCpu = null;
      if (prevExt && prevExt.scx.queued && prevExt.scx.sliceNs > 0) return prevExt;
      if (cpu.localDsq.nrQueued > 0) return null;
      if (this.consume(cpu, this.nodeGlobalDsq(cpu))) return null;
      if (this.nrDispatched === 0) return null;
    }
    // The loop budget ran out: kick self so the watchdog and others get a chance (reference §3.6).
    this.k.resched(cpu);
    return null;
  }

  private takeLocal(cpu: Cpu): Task {
    const p = cpu.localDsq.first();
    assert(p !== undefined, 'takeLocal on an empty local DSQ');
    return p;
  }

  /** put_prev_task_scx: stopping(true), then head of the local DSQ (slice left) or ops.enqueue. */
  putPrev(cpu: Cpu, prev: Task, next: Task | null): void {
    if (!prev.scx.queued) return;
    this.stampRunnable(prev);
    this.callOp('stopping', SCX_KF_REST, prev, cpu.id, 1, undefined, 2, prev, true);
    if (prev.scx.sliceNs > 0 && !this.bypassing && next !== null && next.cls !== 'ext') {
      this.insertLocal(prev, cpu, SCX_ENQ_HEAD, false);
      return;
    }
    if (prev.scx.sliceNs > 0 && !this.bypassing && next === null) {
      this.insertLocal(prev, cpu, SCX_ENQ_HEAD, false);
      return;
    }
    const last = next === null && (this.flags & SCX_OPS_ENQ_LAST) !== 0 && !this.bypassing;
    this.doEnqueue(prev, last ? SCX_ENQ_LAST : 0);
  }

  /** set_next_task_scx: take the task off its DSQ, ops.running, arm the runnable_at reset. */
  setNext(cpu: Cpu, p: Task): void {
    if (p.scx.dsq) p.scx.dsq.remove(p);
    if (p.scx.sliceNs === 0) p.scx.sliceNs = SCX_SLICE_DFL;
    p.scx.resetRunnableAt = true;
    cpu.scxIdle = false;
    if (p.scx.queued) {
      this.callOp('running', SCX_KF_REST, p, cpu.id, 0, undefined, 1, p);
    }
  }

  /** A higher class takes the CPU: ops.cpu_release once (reference §1.4 E.2). */
  onHigherClass(cpu: Cpu, next: Task): void {
    cpu.scxIdle = false;
    if (!this.active() || cpu.scxReleased || !this.has('cpuRelease')) return;
    cpu.scxReleased = true;
    const reason = next.cls === 'rt' ? 'RT' : 'UNKNOWN';
    this.call('cpuRelease', SCX_KF_CPU_RELEASE, null, cpu.id, 0, undefined,
      (o) => o.cpuRelease?.(this.ctx, cpu.id, { reason, task: next }));
  }

  onCpuIdle(cpu: Cpu): void {
    if (cpu.scxIdle) return;
    cpu.scxIdle = true;
    if (this.active() && this.has('updateIdle') && !this.bypassing) {
      this.callOp('updateIdle', SCX_KF_REST, null, cpu.id, 1, undefined, 2, cpu.id, true);
    }
  }

  /** update_curr_scx: the slice shrinks by the executed time, never below 0, untouched if infinite. */
  chargeSlice(p: Task, deltaNs: number): void {
    if (p.scx.sliceNs === SCX_SLICE_INF) return;
    p.scx.sliceNs = Math.max(0, p.scx.sliceNs - deltaNs);
  }

  /** task_tick_scx: ops.tick, or zero the slice while bypassing; a zero slice resched's. */
  tick(cpu: Cpu, p: Task): void {
    if (this.bypassing) p.scx.sliceNs = 0;
    else this.callOp('tick', SCX_KF_REST, p, cpu.id, 0, undefined, 1, p);
    if (p.scx.sliceNs === 0) this.k.resched(cpu);
  }

  yieldTask(p: Task): void {
    if (this.has('yield')) this.call('yield', SCX_KF_REST, p, p.cpu, 0, false, (o) => o.yield?.(this.ctx, p, null) ?? false);
    else p.scx.sliceNs = 0;
  }

  /** A runnable ext task belongs to this CPU's run queue, running or waiting (for the ext deadline server). */
  hasWork(cpu: Cpu): boolean {
    if (cpu.localDsq.nrQueued > 0) return true;
    for (const p of this.k.tasks) if (p.cls === 'ext' && p.scx.queued && p.cpu === cpu.id) return true;
    return false;
  }

  // ---- dequeue (reference §1.4 G, I; §2.3) -------------------------------------------------------

  /** ops_dequeue: reclaim a task from BPF custody (QUEUED → NONE) and tell the scheduler. */
  private opsDequeue(p: Task, deqFlags: number): void {
    if (p.scx.opsState === 'QUEUED') this.setOpsState(p, 'NONE', 0);
    this.leaveCustody(p, deqFlags);
  }

  /** dequeue_task_scx for a sleeping (running) task. */
  dequeue(p: Task, sleep: boolean): void {
    const deqFlags = sleep ? SCX_DEQ_SLEEP : SCX_DEQ_SCHED_CHANGE;
    this.dequeueCommon(p, deqFlags, (this.k.cpus[p.cpu] as Cpu).curr === p);
  }

  private dequeueCommon(p: Task, deqFlags: number, running: boolean): void {
    if (!p.scx.queued) return;
    this.opsDequeue(p, deqFlags);
    if (running) {
      this.callOp('stopping', SCX_KF_REST, p, p.cpu, 0, undefined, 2, p, false);
    }
    this.callOp('quiescent', SCX_KF_REST, p, p.cpu, deqFlags, undefined, 2, p, deqFlags);
    p.scx.queued = false;
    if (p.scx.dsq) p.scx.dsq.remove(p);
    this.clearDirectDispatch(p);
  }

  /** The dequeue half of a property-change cycle. */
  changeDequeue(p: Task, running: boolean): void {
    this.dequeueCommon(p, SCX_DEQ_SCHED_CHANGE, running);
  }

  /** The enqueue half: a running task stays current (sticky), others go through do_enqueue_task. */
  changeEnqueue(p: Task, running: boolean): void {
    if (p.cls !== 'ext') return;
    if (!running) return this.enqueueTask(p, SCX_ENQ_RESTORE);
    p.scx.queued = true;
    this.call('runnable', SCX_KF_REST, p, p.cpu, SCX_ENQ_RESTORE, undefined,
      (o) => o.runnable?.(this.ctx, p, SCX_ENQ_RESTORE));
    this.callOp('running', SCX_KF_REST, p, p.cpu, 0, undefined, 1, p);
  }

  // ---- hotplug (reference §4.9) --------------------------------------------------------------------

  onHotplug(cpu: number, online: boolean): void {
    if (this.enableState === 'DISABLED') return;
    const op = online ? 'cpuOnline' : 'cpuOffline';
    if (this.has(op)) {
      this.call(op, SCX_KF_SLEEPABLE_UNLOCKED, null, cpu, online ? 1 : 0, undefined, (o) => o[op]?.(this.ctx, cpu));
      return;
    }
    this.error(SCX_EXIT_UNREG_KERN, { action: SCX_ECODE_ACT_RESTART_CODE, reason: SCX_ECODE_RSN_HOTPLUG_CODE,
      user: 0 }, `cpu ${cpu} going ${online ? 'online' : 'offline'}, exiting scheduler`);
  }

  // ---- timers ----------------------------------------------------------------------------------------

  startTimer(name: string, delayNs: number): void {
    const token = (this.timers.get(name) ?? 0) + 1;
    this.timers.set(name, token);
    const generation = this.generation;
    this.k.at(this.nowNs + Math.max(0, Math.floor(delayNs)), () => {
      if (this.generation !== generation || this.timers.get(name) !== token || !this.active()) return;
      // A BPF timer callback is not sleepable and holds no rq: only the context-free kfuncs.
      this.call('timer', SCX_KF_REST, null, -1, 0, undefined, (o) => o.timer?.(this.ctx, name));
    });
  }
}

/** Load-time checks of the ops fields (bpf_scx_init_member / validate_ops); a string rejects the load. */
function validateOpsFields(ops: SchedExtOps): string | null {
  if (typeof ops.name !== 'string' || !/^[A-Za-z0-9_.]+$/.test(ops.name) || ops.name.length > SCX_OPS_NAME_LEN) {
    return `invalid scheduler name ${JSON.stringify(ops.name)} (-EINVAL)`;
  }
  const flags = ops.flags ?? 0;
  if (!Number.isInteger(flags) || (flags & ~SCX_OPS_ALL_FLAGS) !== 0) return `invalid ops.flags ${flags} (-EINVAL)`;
  const timeoutMs = ops.timeoutMs ?? 0;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 0) return `invalid ops.timeout_ms ${timeoutMs} (-EINVAL)`;
  if (timeoutMs > SCX_WATCHDOG_MAX_TIMEOUT_MS) return `ops.timeout_ms ${timeoutMs} exceeds 30000 (-E2BIG)`;
  const batch = ops.dispatchMaxBatch ?? 0;
  if (!Number.isInteger(batch) || batch < 0 || batch > 2 ** 31 - 1) return `invalid ops.dispatch_max_batch (-E2BIG)`;
  return null;
}

