// Named limits and kernel constants in one place (TigerBeetle's constants.zig; reference §3.3, §3.5,
// §3.6, §4.6, §8). Units go last. Relationships between limits are asserted when the module loads.

/** Nanoseconds per millisecond / second, so literals read as units. */
export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_SEC = 1_000_000_000;

// ---- sched_ext constants (reference §3.3, §3.5, §3.6, §4.6; stable across versions per §8) ----

/** SCX_SLICE_DFL: default slice, 20 ms. */
export const SCX_SLICE_DFL = 20 * NS_PER_MS;
/**
 * SCX_SLICE_INF: the kernel uses U64_MAX; JSON cannot carry that, so the model uses the largest safe
 * integer as a sentinel (DESIGN.md, Numbers). A task with this slice is never charged.
 */
export const SCX_SLICE_INF = Number.MAX_SAFE_INTEGER;
/** SCX_DSP_DFL_MAX_BATCH: dispatch buffer size when ops.dispatch_max_batch is 0. */
export const SCX_DSP_DFL_MAX_BATCH = 32;
/** SCX_DSP_MAX_LOOPS: ops.dispatch rounds per balance before the CPU kicks itself. */
export const SCX_DSP_MAX_LOOPS = 32;
/** SCX_WATCHDOG_MAX_TIMEOUT: 30 s; also the timeout used when ops.timeout_ms is 0. */
export const SCX_WATCHDOG_MAX_TIMEOUT_MS = 30_000;
/** SCX_EXIT_MSG_LEN: longest exit message kept. */
export const SCX_EXIT_MSG_LEN = 1024;
/** SCX_OPS_NAME_LEN: longest scheduler name. */
export const SCX_OPS_NAME_LEN = 128;

// ---- Model limits: every loop and queue is bounded by one of these ----

/** Most CPUs a topology may have. */
export const CPUS_MAX = 256;
/** The first pid the kernel model hands out (scenario tasks, forks and framework tasks count up from it). */
export const PID_FIRST = 100;
/** Most tasks alive at once (forks beyond this fail like a fork returning -EAGAIN). */
export const TASKS_MAX = 4096;
/** Most kfunc calls one callback invocation may make (BPF's verifier bounds loops; so do we). */
export const KFUNC_CALLS_PER_CALLBACK_MAX = 100_000;
/**
 * Most loop iterations one callback of a BPF C scheduler (bpf/) may run: BPF_MAX_LOOPS (8M, the bound of
 * bpf_loop and of the kernel's bpf_repeat). Stands in for the verifier's bounded loops.
 */
export const BPF_LOOP_ITERATIONS_PER_CALLBACK_MAX = 8 * 1024 * 1024;
/** Most zero-time behaviour steps a task may execute before it must run, sleep or exit. */
export const BEHAVIOUR_STEPS_PER_ACTIVATION_MAX = 1_000;
/** Most nested loop frames in a behaviour program. */
export const BEHAVIOUR_NESTING_MAX = 16;
/** Most events one run may process, a guard against model livelock (exceeding it is exit 3). */
export const EVENTS_PER_RUN_MAX = 200_000_000;
/**
 * Distinct wait values per task counted exactly for the run's latency figures (p50/p99); beyond it a task's
 * waits go into a log-linear histogram (waitStats.ts), so memory stays flat however long the run.
 */
export const WAIT_VALUES_EXACT_MAX = 8192;
/** Sub-bucket bits of that histogram: relative error below 2^-(bits-1) (0.2 %). */
export const WAIT_HISTOGRAM_SUB_BITS = 10;
/** Most user DSQs one scheduler may create. */
export const USER_DSQS_MAX = 65_536;
/** Largest user DSQ id: user DSQs are 0 … 2^32-1 (DESIGN.md, Numbers). */
export const USER_DSQ_ID_MAX = 2 ** 32 - 1;

// ---- Default kernel tunables ----

/** CONFIG_HZ default. */
export const HZ_DEFAULT = 1000;
/** Fair-class periodic load balance interval. */
export const FAIR_BALANCE_INTERVAL_NS = 4 * NS_PER_MS;
/** sysctl_sched_base_slice before scaling by 1 + ilog2(min(ncpus, 8)) (reference §6.5, v6.15+). */
export const FAIR_BASE_SLICE_UNSCALED_NS = 700 * NS_PER_US;
/** NICE_0_LOAD in the kernel's weight table (sched_prio_to_weight[20]). */
export const NICE_0_LOAD = 1024;
/** SCHED_RR time slice (RR_TIMESLICE = 100 ms). */
export const RR_TIMESLICE_NS = 100 * NS_PER_MS;
/** Deadline-server defaults (fair_server and ext_server): 50 ms of runtime every 1 s period. */
export const DL_SERVER_RUNTIME_NS = 50 * NS_PER_MS;
export const DL_SERVER_PERIOD_NS = 1000 * NS_PER_MS;
/**
 * The disable work's start after scx_claim_exit(): scx_disable() queues an irq_work (disable_irq_work) that
 * queues `disable_work` on the scheduler's helper kthread, a SCHED_FIFO kthread_worker
 * (scx_alloc_and_add_sched: sched_set_fifo(sch->helper->task)), which then runs scx_disable_workfn →
 * scx_root_disable (kernel/sched/ext.c). Model estimate of a self-IPI plus an RT kthread wake-up.
 */
export const SCX_DISABLE_WORK_LATENCY_NS = 20 * NS_PER_US;
/**
 * The disable work's cost per task: scx_root_disable walks every task on scx_tasks (scx_task_iter) and for
 * each takes its rq lock, runs a sched_change dequeue/enqueue cycle into the fair class and calls
 * ops.disable / ops.exit_task (scx_disable_and_exit_task). Model estimate; the walk is what makes the
 * fallback latency grow with the task count.
 */
export const SCX_DISABLE_TASK_NS = 2 * NS_PER_US;
/**
 * How long a task runs with PF_EXITING before it dies: do_exit() sets PF_EXITING in exit_signals(), then
 * tears the task down (exit_mm, exit_files, exit_notify …) before do_task_dead()'s final schedule()
 * (kernel/exit.c). Model estimate for a small process; during it the task can be preempted, and sched_ext
 * then puts it on its CPU's local DSQ without ops.enqueue unless SCX_OPS_ENQ_EXITING (do_enqueue_task).
 */
export const TASK_EXIT_WORK_NS = 50 * NS_PER_US;
/** Delay before a loader re-attaches after an exit that carries SCX_ECODE_ACT_RESTART. */
export const RESTART_DELAY_NS_DEFAULT = 10 * NS_PER_MS;

// ---- Relationships, checked at load (TigerBeetle's comptime asserts) ----
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`constants: ${message}`);
}
check(SCX_SLICE_DFL < SCX_SLICE_INF, 'SCX_SLICE_DFL must be below the SCX_SLICE_INF sentinel');
check(SCX_DSP_DFL_MAX_BATCH <= KFUNC_CALLS_PER_CALLBACK_MAX, 'a full dispatch batch must fit the kfunc budget');
check(DL_SERVER_RUNTIME_NS * 25 >= DL_SERVER_PERIOD_NS, 'deadline servers must grant at least 4 % (rt_stall)');
check(USER_DSQ_ID_MAX < Number.MAX_SAFE_INTEGER / 4, 'built-in DSQ ids are encoded above the user range');
