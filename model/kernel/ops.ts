// The scheduler interface: SchedExtOps mirrors `struct sched_ext_ops` (reference §1.3) and ScxCtx mirrors
// the kfuncs a BPF scheduler may call (reference §1.3, §3). Every callback receives `ctx` first, then the
// kernel's own arguments. Callbacks are atomic at one `ctx.nowNs()`; each has a kfunc budget
// (KFUNC_CALLS_PER_CALLBACK_MAX). Throwing, exceeding the budget, or calling a kfunc outside its allowed
// context is a scheduler runtime error (SCX_EXIT_ERROR), exactly like the kernel's scx_error().
import type { Cpumask } from './cpumask.ts';
import type { Policy } from './behaviour.ts';
import type { ScxExitCode } from './scxFlags.ts';
import type { HandoffStep } from './trace.ts';

/** A task as a scheduler sees it: read-only; change slice/vtime only through the kfuncs. */
export interface SchedTask {
  readonly pid: number;
  readonly comm: string;
  readonly policy: Policy;
  readonly nice: number;
  /** sched_ext weight 1..10000, 100 = nice 0 (p->scx.weight). */
  readonly scxWeight: number;
  readonly cpumask: Cpumask;
  readonly nrCpusAllowed: number;
  /** task_cpu(p): the CPU whose run queue the task is on (or last ran on). */
  readonly cpu: number;
  /** p->scx.slice: remaining slice in ns (SCX_SLICE_INF for an infinite slice). */
  readonly sliceNs: number;
  /** p->scx.dsq_vtime. */
  readonly dsqVtime: number;
  readonly kthread: boolean;
  /** p->flags: PF_KTHREAD, PF_KSWAPD, PF_KCOMPACTD (model/kernel/taskFlags.ts). */
  readonly flags: number;
  readonly migrationDisabled: boolean;
}

/** ops.exit()'s argument (struct scx_exit_info, reference §4.3). */
export interface ScxExitInfo {
  readonly kind: number;
  readonly reason: string;
  readonly msg: string;
  readonly exitCode: ScxExitCode;
  /** SCX_EFLAG_INITIALIZED: ops.init() had succeeded. */
  readonly initialized: boolean;
}

export interface CpuReleaseArgs {
  readonly reason: 'RT' | 'DL' | 'STOP' | 'UNKNOWN';
  readonly task: SchedTask | null;
}

/** The kfuncs (reference §3.3–3.10). Methods fail like the kernel does; see the error catalogue §3.11. */
export interface ScxCtx {
  nowNs(): number;
  nrCpuIds(): number;
  /**
   * scx_bpf_dsq_insert: FIFO insert; from select_cpu/enqueue a direct dispatch, from dispatch buffered. The
   * slice (0: keep the task's slice, 1 ns if none) and vtime are written at the call. SCX_DSQ_LOCAL means
   * the local DSQ of the CPU the task is enqueued on (from select_cpu: after any fallback from the CPU returned).
   */
  dsqInsert(p: SchedTask, dsqId: number, sliceNs: number, enqFlags: number): void;
  /** scx_bpf_dsq_insert_vtime: PRIQ insert ordered by vtime (user DSQs only). */
  dsqInsertVtime(p: SchedTask, dsqId: number, sliceNs: number, vtime: number, enqFlags: number): void;
  /** scx_bpf_dsq_move_to_local: dispatch only; moves the first runnable-here task of a user DSQ. */
  dsqMoveToLocal(dsqId: number): boolean;
  /** scx_bpf_create_dsq: sleepable contexts only (init, init_task, exit, cpu_online/offline, SYSCALL); 0 or -errno. */
  createDsq(dsqId: number, node: number): number;
  destroyDsq(dsqId: number): void;
  /** scx_bpf_dsq_nr_queued: LOCAL, LOCAL_ON|cpu or a user DSQ; -ENOENT (-2) otherwise. */
  dsqNrQueued(dsqId: number): number;
  kickCpu(cpu: number, flags: number): void;
  /** scx_bpf_select_cpu_dfl: returns the CPU and whether it was idle (and is now claimed). */
  selectCpuDfl(p: SchedTask, prevCpu: number, wakeFlags: number): { cpu: number; isIdle: boolean };
  testAndClearCpuIdle(cpu: number): boolean;
  /** scx_bpf_pick_idle_cpu: an idle allowed CPU (claimed), or -EBUSY (-16). */
  pickIdleCpu(cpumask: Cpumask, flags: number): number;
  taskSetSlice(p: SchedTask, sliceNs: number): void;
  taskSetDsqVtime(p: SchedTask, vtime: number): void;
  taskCpu(p: SchedTask): number;
  taskRunning(p: SchedTask): boolean;
  taskFromPid(pid: number): SchedTask | null;
  dispatchNrSlots(): number;
  dispatchCancel(): void;
  /** scx_bpf_reenqueue_local: re-enqueue every task waiting in this CPU's local DSQ. */
  reenqueueLocal(): number;
  /** scx_bpf_error: exit with SCX_EXIT_ERROR_BPF. */
  error(msg: string): void;
  /** scx_bpf_exit: exit with SCX_EXIT_UNREG_BPF and the given code. */
  exit(code: ScxExitCode | number, msg: string): void;
  /** A BPF timer: after delayNs, ops.timer(ctx, name) runs (unlocked context). */
  timerStart(name: string, delayNs: number): void;
  /** Per-task scheduler storage (BPF task storage), created on first use. */
  taskStorage<T extends object>(p: SchedTask, init: () => T): T;
  /** The online CPUs right now. */
  onlineCpus(): readonly number[];
  /** Framework tracing (rustland-core): a step of a task's message through the handoff. */
  traceHandoff(step: HandoffStep, pid: number, enqCnt: number, cpu: number): void;
  /** Framework tracing: a scheduler counter's new value (reference §5.8). */
  traceCounter(name: string, value: number): void;
}

/**
 * struct sched_ext_ops. All callbacks are optional; only `name` is mandatory (reference §1.3).
 * Documented per callback: when the kernel calls it, what it may do, what happens if it misbehaves.
 */
export interface SchedExtOps {
  /** Scheduler name: 1..128 characters of [A-Za-z0-9_.]. */
  readonly name: string;
  /** SCX_OPS_* flags (scxFlags.ts). Unknown bits reject the load. */
  readonly flags?: number;
  /** Watchdog timeout; 0 → 30 s; more than 30 s rejects the load (reference §4.6). */
  readonly timeoutMs?: number;
  /** Dispatch buffer size; 0 → SCX_DSP_DFL_MAX_BATCH (32). */
  readonly dispatchMaxBatch?: number;
  /** Wake-up CPU hint; may direct-dispatch. Invalid CPU → error, prev_cpu used. */
  selectCpu?(ctx: ScxCtx, p: SchedTask, prevCpu: number, wakeFlags: number): number;
  /** Task ready to run: insert into a DSQ now or keep it in custody (then it must be dispatched later). */
  enqueue?(ctx: ScxCtx, p: SchedTask, enqFlags: number): void;
  /** Task leaves BPF custody (sleep, property change, or the kernel moving it). */
  dequeue?(ctx: ScxCtx, p: SchedTask, deqFlags: number): void;
  /** The CPU's local and global DSQs are empty: insert up to dispatchMaxBatch tasks or move from user DSQs. */
  dispatch?(ctx: ScxCtx, cpu: number, prev: SchedTask | null): void;
  /** Every 1/HZ on a CPU running an SCX task. */
  tick?(ctx: ScxCtx, p: SchedTask): void;
  runnable?(ctx: ScxCtx, p: SchedTask, enqFlags: number): void;
  running?(ctx: ScxCtx, p: SchedTask): void;
  stopping?(ctx: ScxCtx, p: SchedTask, runnable: boolean): void;
  quiescent?(ctx: ScxCtx, p: SchedTask, deqFlags: number): void;
  /** sched_yield(): return value ignored for `to == null`; default zeroes the slice. */
  yield?(ctx: ScxCtx, from: SchedTask, to: SchedTask | null): boolean;
  setWeight?(ctx: ScxCtx, p: SchedTask, weight: number): void;
  setCpumask?(ctx: ScxCtx, p: SchedTask, cpumask: Cpumask): void;
  /** Implementing it turns built-in idle tracking off unless SCX_OPS_KEEP_BUILTIN_IDLE. */
  updateIdle?(ctx: ScxCtx, cpu: number, idle: boolean): void;
  cpuAcquire?(ctx: ScxCtx, cpu: number): void;
  cpuRelease?(ctx: ScxCtx, cpu: number, args: CpuReleaseArgs): void;
  /** Returns 0 or a negative errno; failure at load aborts the scheduler. Sleepable. */
  initTask?(ctx: ScxCtx, p: SchedTask, args: { fork: boolean }): number;
  exitTask?(ctx: ScxCtx, p: SchedTask, args: { cancelled: boolean }): void;
  enable?(ctx: ScxCtx, p: SchedTask): void;
  disable?(ctx: ScxCtx, p: SchedTask): void;
  cpuOnline?(ctx: ScxCtx, cpu: number): void;
  cpuOffline?(ctx: ScxCtx, cpu: number): void;
  /** Returns 0 or a negative errno ("ops.init() failed (%d)"). Sleepable. */
  init?(ctx: ScxCtx): number;
  /** Last callback, also after a failed init. */
  exit?(ctx: ScxCtx, info: ScxExitInfo): void;
  /** Model extension: a BPF timer started with ctx.timerStart fired. */
  timer?(ctx: ScxCtx, name: string): void;
}

/** Names of the callbacks, in struct order (used for validation and the `maximal` selftest). */
export const SCX_OP_NAMES = [
  'selectCpu', 'enqueue', 'dequeue', 'dispatch', 'tick', 'runnable', 'running', 'stopping', 'quiescent',
  'yield', 'setWeight', 'setCpumask', 'updateIdle', 'cpuAcquire', 'cpuRelease', 'initTask', 'exitTask',
  'enable', 'disable', 'cpuOnline', 'cpuOffline', 'init', 'exit', 'timer',
] as const;
export type ScxOpName = (typeof SCX_OP_NAMES)[number];

/** A scheduler option's declared type and default (used by `--opt K=V`). */
export interface SchedulerOption {
  readonly type: 'number' | 'boolean' | 'string';
  readonly default: number | boolean | string;
  readonly description: string;
  /**
   * For a number option: the range generated campaigns vary it over (integers, both ends included). An
   * option without both stays at its default in generated scenarios; `--opt` is not limited by them.
   */
  readonly min?: number;
  readonly max?: number;
}

/**
 * A known limit of a scheduler, declared as data (DESIGN.md, The scheduler interface): a genuine property
 * violation that follows from the scheduler's design, and the region of scenarios generated campaigns keep
 * out of so they go on finding other bugs. Every field but `property` and `reason` is optional; `check`
 * prints the limits in force, and `--no-known-limits` turns them off.
 */
export interface SchedulerLimit {
  /** The property the design violates. */
  readonly property: string;
  /** Why, in words (shown in the report). */
  readonly reason: string;
  /** Generated machines have at least this many CPUs, and hotplug keeps that many online. */
  readonly minCpus?: number;
  /** CPUs generated hotplug faults never take offline. */
  readonly keepOnline?: readonly number[];
  /** Workload (behaviour) kinds generated workloads leave out (scenarios/arbitraries/workload.ts). */
  readonly unsupportedWorkloads?: readonly string[];
  /** The property is not checked at all in generated scenarios (an exemption; `reason` says why). */
  readonly exempt?: boolean;
  /** Least idle tolerance generated scenarios give work-conservation. */
  readonly idleToleranceNs?: number;
  /** CPUs generated per-CPU kthreads are never pinned to. */
  readonly kthreadsAvoid?: readonly number[];
  /** Scheduler options generated scenarios keep at these values. */
  readonly fixedOptions?: Readonly<Record<string, number | boolean | string>>;
  /** A counterexample file showing it, relative to the package root (shipped schedulers). */
  readonly counterexample?: string;
}

export type SchedulerOptions = Readonly<Record<string, number | boolean | string>>;

interface SchedulerDefinitionBase {
  readonly name: string;
  readonly description: string;
  readonly options: Readonly<Record<string, SchedulerOption>>;
  /** Canaries are deliberately broken; `all` never includes them. */
  readonly canary?: boolean;
  /**
   * Names for the scheduler's own DSQs, as its BPF source `#define`s them (`{ SHARED_DSQ: 0 }`): traces
   * print `dsq=SHARED_DSQ` instead of `dsq=0x0`. Presentation only.
   */
  readonly dsqNames?: Readonly<Record<string, number>>;
  /** Known limits (see SchedulerLimit): used by the generator and shown in `check`'s report. */
  readonly limits?: readonly SchedulerLimit[];
}

/** A BPF-style scheduler: `create` returns a fresh SchedExtOps per run, so no state leaks between runs. */
export interface SchedExtSchedulerDefinition extends SchedulerDefinitionBase {
  readonly kind: 'sched_ext';
  create(options: SchedulerOptions): SchedExtOps;
}

/**
 * A user-space policy on the scx_rustland_core framework (schedulers/rustland-core): `create` returns the
 * policy object that framework runs inside the simulated user-space scheduler task. Typed loosely here
 * because the kernel model knows nothing about the framework.
 */
export interface UserspaceSchedulerDefinition extends SchedulerDefinitionBase {
  readonly kind: 'userspace';
  create(options: SchedulerOptions): unknown;
  /**
   * A change to the framework's BPF half, applied to its ops table at each attach: for mutation testing
   * (schedulers/mutants/), where a bug of scx_rustland_core itself is the point. Leave it out otherwise.
   */
  readonly backend?: (ops: SchedExtOps) => SchedExtOps;
}

/** What a scheduler module default-exports (DESIGN.md, The scheduler interface). */
export type SchedulerDefinition = SchedExtSchedulerDefinition | UserspaceSchedulerDefinition;

const DEFINED = Symbol.for('schedcheck.defineScheduler');

/**
 * Declares a scheduler module; default-export the result so `--scheduler ./sched.ts` can load it.
 *
 * @example
 * ```ts
 * export default defineScheduler({
 *   kind: 'sched_ext', name: 'fifo', description: 'one shared FIFO', options: {},
 *   create: () => ({
 *     name: 'fifo',
 *     init: (ctx) => ctx.createDsq(0, -1),
 *     enqueue: (ctx, p, enqFlags) => ctx.dsqInsert(p, 0, SCX_SLICE_DFL, enqFlags),
 *     dispatch: (ctx) => { ctx.dsqMoveToLocal(0); },
 *   }),
 * });
 * ```
 */
export function defineScheduler<D extends SchedulerDefinition>(definition: D): D {
  return Object.assign(Object.create(null) as object, definition, { [DEFINED]: true }) as D;
}

export function isSchedulerDefinition(value: unknown): value is SchedulerDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEFINED] === true;
}
