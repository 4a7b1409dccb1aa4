// The user-space scheduler process (reference §5.6): a simulated task that runs the policy's main loop.
// Each iteration the policy plans API calls (bpfScheduler.ts); the process then executes them one by one
// as driver steps, so their effects land only after their CPU time and any fault can fall in between.
// It also owns the faults that target the process: crash, hang, slowdown, a page fault served by a
// kthread, and a full ring. It restarts like scx_rustland's own loop when the exit asks for it.
import type { Kernel } from '../../model/kernel/kernel.ts';
import type { SchedExtOps, SchedulerOptions, UserspaceSchedulerDefinition } from '../../model/kernel/ops.ts';
import { ModelAssertionError } from '../../model/kernel/assert.ts';
import { PROBE_NONE, PROBE_SCHEDULE } from '../../model/kernel/probe.ts';
import {
  EXIT_CODE_ZERO, SCX_ECODE_ACT_RESTART_CODE, SCX_EXIT_ERROR, SCX_EXIT_UNREG,
} from '../../model/kernel/scxFlags.ts';
import type { Task } from '../../model/kernel/task.ts';
import type { DriverStep, TaskDriver } from '../../model/kernel/taskDriver.ts';
import { createBackend } from './backend.ts';
import { BpfScheduler } from './bpfScheduler.ts';
import {
  MAX_DISPATCHED_TASKS, MAX_ENQUEUED_TASKS, RUSTLAND_SLICE_NS_DEFAULT, USERSPACE_COSTS_DEFAULT, type UserspaceCosts,
} from './intf.ts';
import { RustlandShared } from './shared.ts';

/** How the policy asks the framework to initialise the backend (BpfScheduler::init arguments). */
export interface UserspaceConfig {
  readonly sliceNs: number;
  readonly builtinIdle: boolean;
  readonly partial: boolean;
}

/**
 * What a policy may throw from schedule() to end its process in a defined way (exec/: a client process).
 * `PolicyProcessExit`: the process is gone (killed, exited): it dies as on a crash, the kernel sees the
 * struct_ops link close (SCX_EXIT_UNREG). `PolicyFault`: the policy broke the contract (a protocol
 * error): scx_error with this message, like a throwing TypeScript policy. `PolicyHang`: no answer within the
 * wall-clock limit; not a simulated outcome, so it ends the run (rethrown) instead of becoming a verdict.
 */
export class PolicyProcessExit extends Error {}
export class PolicyFault extends Error {}
export class PolicyHang extends Error {}

/**
 * A process-level runtime of a user-space scheduler whose policy lives elsewhere (exec/: one client
 * process per run): `create` makes the policy of one scheduler instance (each attach, restarts included),
 * `kill` is a crash (SIGKILL), `close` ends it when the simulated process ends or the run does.
 */
export interface UserspaceRuntime {
  create(): UserspacePolicy;
  kill(): void;
  close(): void;
}

/** A user-space policy: one call of schedule() is one iteration of the scheduler's main loop. */
export interface UserspacePolicy {
  readonly config?: Partial<UserspaceConfig>;
  schedule(bpf: BpfScheduler): void;
}

/** Options every userspace scheduler accepts, besides its own (simulated costs, ring sizes). */
export interface ProcessOptions {
  readonly costs: UserspaceCosts;
  readonly queuedRingSlots: number;
  /** Capacity of the dispatched ring (default MAX_DISPATCHED_TASKS). */
  readonly dispatchedRingSlots?: number;
  readonly restartOnExit: boolean;
}

/** runSchedule's answer when the policy's process is gone. */
const PROCESS_GONE = '\0process gone';

interface Instance {
  readonly shared: RustlandShared;
  readonly bpf: BpfScheduler;
  readonly policy: UserspacePolicy;
}

export class UserspaceProcess implements TaskDriver {
  private readonly k: Kernel;
  private readonly definition: UserspaceSchedulerDefinition;
  private readonly options: SchedulerOptions;
  private readonly processOptions: ProcessOptions;
  task: Task | null = null;
  instance: Instance | null = null;
  private readonly steps: DriverStep[] = [];
  private hung = false;
  private crashed = false;
  private pagefaultOn: Task | null = null;
  private slowFactor = 1;
  private slowUntilNs = -1;
  /** The per-run runtime of a definition with `spawn` (exec/), started at the first attach. */
  private runtime: UserspaceRuntime | null = null;

  constructor(k: Kernel, definition: UserspaceSchedulerDefinition, options: SchedulerOptions,
    processOptions: ProcessOptions) {
    this.k = k;
    this.definition = definition;
    this.options = options;
    this.processOptions = processOptions;
  }

  /** Starts the process (a fair task until the scheduler it loads switches it). */
  start(): Task {
    const comm = `scx_${this.definition.name}`.slice(0, 15);
    const task = this.k.createTask({ comm, program: [] }, null, 'usersched', this);
    if (!task) throw new Error('usersched: no task slot');
    this.task = task;
    this.k.emit({ t: this.k.nowNs, type: 'usersched', pid: task.pid, scheduler: this.definition.name });
    return task;
  }

  /** BpfScheduler::init: a fresh backend and policy per attach (also on a restart). */
  makeOps(): SchedExtOps {
    const task = this.task;
    if (!task) throw new Error('usersched: makeOps before start');
    const spawn = (this.definition as { spawn?: (options: SchedulerOptions) => UserspaceRuntime }).spawn;
    if (spawn && !this.runtime) this.runtime = spawn(this.options);
    const policy = (this.runtime ? this.runtime.create() : this.definition.create(this.options)) as UserspacePolicy;
    if (typeof policy !== 'object' || policy === null || typeof policy.schedule !== 'function') {
      throw new Error(`${this.definition.name}: create() must return a policy with schedule(bpf)`);
    }
    const shared = new RustlandShared({
      userschedPid: task.pid, sliceNs: policy.config?.sliceNs ?? RUSTLAND_SLICE_NS_DEFAULT,
      builtinIdle: policy.config?.builtinIdle ?? true, partial: policy.config?.partial ?? false,
      queuedRingSlots: this.processOptions.queuedRingSlots, dispatchedRingSlots: this.processOptions.dispatchedRingSlots ?? MAX_DISPATCHED_TASKS,
    });
    this.instance = { shared, bpf: new BpfScheduler(shared, () => this.costs()), policy };
    this.steps.length = 0;
    if (shared.config.partial) this.k.setPolicy(task, 'EXT', 0);
    // A restart finds the process waiting for the new instance; at the first attach it is already runnable.
    if (task.status === 'sleeping' && task.blockedOn === 'wait') this.k.wake(task, null);
    const backend = createBackend(shared, this.definition.name);
    return this.definition.backend ? this.definition.backend(backend) : backend;
  }

  private costs(): UserspaceCosts {
    const base = this.processOptions.costs;
    if (this.k.nowNs >= this.slowUntilNs || this.slowFactor === 1) return base;
    const f = this.slowFactor;
    return { dequeueNs: base.dequeueNs * f, emptyNs: base.emptyNs * f, dispatchNs: base.dispatchNs * f,
      selectCpuNs: base.selectCpuNs * f, notifyNs: base.notifyNs * f };
  }

  /** TaskDriver: the next paid-for step of the main loop. */
  next(_nowNs: number): DriverStep {
    if (this.crashed) return this.die();
    if (this.hung) return { op: 'wait' };
    if (this.pagefaultOn) {
      this.k.wakeWhenRuns(this.pagefaultOn, this.task as Task);
      this.pagefaultOn = null;
      return { op: 'wait' };
    }
    const queued = this.steps.shift();
    if (queued) return queued;
    const instance = this.instance;
    if (!instance || instance.shared.exitInfo) return this.afterExit(instance);
    this.planIteration(instance);
    if (this.crashed) return this.die();
    return this.steps.shift() ?? { op: 'yield' };
  }

  /** `while !exited() { schedule() }`, then restart when the exit asks for it, else the process ends. */
  private afterExit(instance: Instance | null): DriverStep {
    const info = instance?.shared.exitInfo;
    const restart = info !== undefined && info !== null && this.processOptions.restartOnExit &&
      info.exitCode.action === SCX_ECODE_ACT_RESTART_CODE;
    if (restart) {
      this.instance = null;
      return { op: 'wait' };
    }
    if (instance === null) return { op: 'wait' };
    this.close();
    return { op: 'exit' };
  }

  /** Ends the per-run runtime (the runner calls it when the run ends; idempotent). */
  close(): void {
    this.runtime?.close();
    this.runtime = null;
  }

  private planIteration(instance: Instance): void {
    const { bpf, shared } = instance;
    bpf.beginIteration();
    const fault = this.runSchedule(instance);
    if (fault === PROCESS_GONE) {
      // The policy's process is gone (exec/): nothing of this iteration lands; the process dies.
      this.crashed = true;
      this.steps.length = 0;
      this.close();
      return;
    }
    if (fault !== null) {
      // A bug of the policy's TypeScript gets the kernel-style verdict (scx_error, SCX_EXIT_ERROR) rather
      // than a run that drifts into an undecidable state; the iteration's calls are dropped.
      this.k.scx.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, `${this.definition.name}: ${fault}`);
      // Until the disable work ends (ops.exit records the exit for `exited()`), the main loop keeps going;
      // each faulty iteration still costs CPU time (at least 1 ns), so the loop never spins in zero time.
      this.steps.push({ op: 'run', ns: Math.max(1, this.costs().emptyNs) }, { op: 'yield' });
      return;
    }
    for (const op of bpf.plan) {
      const effect = op.effect;
      // An effect of a scheduler instance that has exited meanwhile no longer reaches anything.
      this.steps.push(effect ? { op: 'run', ns: op.ns, effect: () => { if (!shared.exitInfo) effect(); } }
        : { op: 'run', ns: op.ns });
      if (op.yieldAfter) this.steps.push({ op: 'yield' });
    }
  }

  /** One call of the policy's schedule(bpf); a description of the misuse, or null when it kept the contract. */
  private runSchedule(instance: Instance): string | null {
    const probe = this.k.config.opProbe;
    probe?.(PROBE_SCHEDULE);
    let ret: unknown;
    try {
      ret = instance.policy.schedule(instance.bpf);
    } catch (error) {
      if (error instanceof ModelAssertionError || error instanceof PolicyHang) throw error;
      if (error instanceof PolicyProcessExit) return PROCESS_GONE;
      if (error instanceof PolicyFault) return error.message;
      return `schedule() threw: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      probe?.(PROBE_NONE);
    }
    if (typeof ret === 'object' && ret !== null && typeof (ret as { then?: unknown }).then === 'function') {
      (ret as PromiseLike<unknown>).then(undefined, () => undefined);
      return 'schedule() returned a Promise (an async policy: the iteration must finish before it returns)';
    }
    // notify_complete() publishes nr_scheduled and yields (reference §5.6): without it the BPF half never
    // learns what user space holds and the scheduler task never yields.
    if (!instance.bpf.plan.some((op) => op.yieldAfter === true)) {
      return 'schedule() returned without calling notify_complete()';
    }
    return null;
  }

  // ---- faults (scenario events) ----

  /**
   * The process is killed (a crash). A task exits in its own context, so it dies the next time it runs (at
   * once if it is running); nothing it had not paid for lands. Exiting closes its struct_ops link, so the
   * kernel unregisters the scheduler (SCX_EXIT_UNREG).
   */
  crash(): void {
    const task = this.task;
    if (!task || task.status === 'dead') return;
    this.crashed = true;
    this.steps.length = 0;
    task.pendingEffect = null;
    task.runRemainingNs = 0;
    this.runtime?.kill();
    if (task.place === 'run') {
      this.k.scx.requestExit(SCX_EXIT_UNREG, EXIT_CODE_ZERO, 'unregistered from user space');
      this.k.killTask(task);
    } else if (task.status === 'sleeping') {
      task.blockedOn = 'wait';
      this.k.wake(task, null);
    }
  }

  private die(): DriverStep {
    this.k.scx.requestExit(SCX_EXIT_UNREG, EXIT_CODE_ZERO, 'unregistered from user space');
    return { op: 'exit' };
  }

  /** The process never runs its loop again (blocked forever, not exiting). */
  hang(): void {
    this.hung = true;
    this.steps.length = 0;
  }

  /** Every API call costs `factor` times more until `untilNs`. */
  slow(factor: number, untilNs: number): void {
    this.slowFactor = Math.max(1, Math.floor(factor));
    this.slowUntilNs = untilNs;
  }

  /** The next API call blocks on a page fault that only `kthread` running can resolve. */
  pagefault(kthread: Task): void {
    this.pagefaultOn = kthread;
  }

  /** The queued ring behaves as full until `untilNs` (congestion). */
  ringFull(untilNs: number): void {
    // The BPF half compares it with ctx.nowNs(), the boot-relative clock (uptime included).
    if (this.instance) this.instance.shared.ringFullUntilNs = untilNs + (this.k.clockNs - this.k.nowNs);
  }
}

export const PROCESS_OPTIONS_DEFAULT: ProcessOptions = {
  costs: USERSPACE_COSTS_DEFAULT, queuedRingSlots: MAX_ENQUEUED_TASKS, restartOnExit: false,
};
