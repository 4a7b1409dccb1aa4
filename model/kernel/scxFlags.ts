// sched_ext flag and enum values as the model numbers them (reference §3.7, §3.8, §4.3, §4.11).
// Flags are symbolic and renumbered to fit 32 bits (DESIGN.md, Numbers): the kernel's own values are not
// stable across versions (reference §8) and BPF code resolves them from BTF, so only the names matter.
// Exit kinds keep the kernel's numbers, which are stable (reference §8).

/** Enqueue flags passed to ops.enqueue / ops.runnable and to dsq_insert (reference §3.7). */
export const SCX_ENQ_WAKEUP = 1 << 0;
export const SCX_ENQ_HEAD = 1 << 1;
export const SCX_ENQ_CPU_SELECTED = 1 << 2;
export const SCX_ENQ_PREEMPT = 1 << 3;
export const SCX_ENQ_REENQ = 1 << 4;
export const SCX_ENQ_LAST = 1 << 5;
/** Model-only: the enqueue restores a task after a property change (kernel ENQUEUE_RESTORE). */
export const SCX_ENQ_RESTORE = 1 << 6;
/** Flags a BPF scheduler may pass to dsq_insert; anything else is "invalid enq_flags". */
export const SCX_ENQ_BPF_ALLOWED_MASK =
  SCX_ENQ_WAKEUP | SCX_ENQ_HEAD | SCX_ENQ_CPU_SELECTED | SCX_ENQ_PREEMPT | SCX_ENQ_REENQ | SCX_ENQ_LAST |
  SCX_ENQ_RESTORE;

/** Dequeue flags passed to ops.dequeue / ops.quiescent. */
export const SCX_DEQ_SLEEP = 1 << 0;
export const SCX_DEQ_CORE_SCHED_EXEC = 1 << 1;
export const SCX_DEQ_SCHED_CHANGE = 1 << 2;

/** Wake flags passed to ops.select_cpu (mirror WF_FORK / WF_TTWU / WF_SYNC). */
export const SCX_WAKE_FORK = 1 << 0;
export const SCX_WAKE_TTWU = 1 << 1;
export const SCX_WAKE_SYNC = 1 << 2;

/** scx_bpf_kick_cpu flags (reference §3.8). */
export const SCX_KICK_IDLE = 1 << 0;
export const SCX_KICK_PREEMPT = 1 << 1;
export const SCX_KICK_WAIT = 1 << 2;

/** SCX_OPS_* flags (reference §4.11); these low values match the kernel's. */
export const SCX_OPS_KEEP_BUILTIN_IDLE = 1 << 0;
export const SCX_OPS_ENQ_LAST = 1 << 1;
export const SCX_OPS_ENQ_EXITING = 1 << 2;
export const SCX_OPS_SWITCH_PARTIAL = 1 << 3;
export const SCX_OPS_ENQ_MIGRATION_DISABLED = 1 << 4;
export const SCX_OPS_ALLOW_QUEUED_WAKEUP = 1 << 5;
export const SCX_OPS_BUILTIN_IDLE_PER_NODE = 1 << 6;
export const SCX_OPS_ALL_FLAGS = (1 << 7) - 1;

/**
 * Kfunc context masks (reference §1.3; CPU_RELEASE … REST keep the K-enum-7.0 values). K-cur decides at
 * load time which kfunc groups each op may call (ext.c scx_kf_allow_flags[], scx_kfunc_context_filter);
 * the model checks the same table at the call, with the kernel's runtime message.
 */
export const SCX_KF_CPU_RELEASE = 1;
export const SCX_KF_DISPATCH = 2;
export const SCX_KF_ENQUEUE = 4;
export const SCX_KF_SELECT_CPU = 8;
export const SCX_KF_REST = 16;
/**
 * The unlocked group (scx_kfunc_ids_unlocked: create_dsq, select_cpu_dfl/and, dsq_move*), allowed from
 * init, init_task, exit, cpu_online/offline and SYSCALL programs (SCX_KF_ALLOW_UNLOCKED). The K-enum-7.0
 * value of SCX_KF_UNLOCKED is 0 (no runtime bit); the model gives it a bit of its own so it can be tested.
 */
export const SCX_KF_UNLOCKED = 32;
/**
 * Model-only: the program may sleep (BPF_STRUCT_OPS_SLEEPABLE ops — init, init_task, exit, cpu_online,
 * cpu_offline — and SYSCALL programs); KF_SLEEPABLE kfuncs (scx_bpf_create_dsq) need it.
 */
export const SCX_KF_SLEEPABLE = 64;
/** Context of the sleepable ops and of SYSCALL programs run by user space (outside any callback). */
export const SCX_KF_SLEEPABLE_UNLOCKED = SCX_KF_UNLOCKED | SCX_KF_SLEEPABLE;

/** Exit kinds with the kernel's numbers (reference §4.3). */
export const SCX_EXIT_NONE = 0;
export const SCX_EXIT_DONE = 1;
export const SCX_EXIT_UNREG = 64;
export const SCX_EXIT_UNREG_BPF = 65;
export const SCX_EXIT_UNREG_KERN = 66;
export const SCX_EXIT_SYSRQ = 67;
export const SCX_EXIT_ERROR = 1024;
export const SCX_EXIT_ERROR_BPF = 1025;
export const SCX_EXIT_ERROR_STALL = 1026;

export type ScxExitKind =
  | typeof SCX_EXIT_NONE | typeof SCX_EXIT_DONE | typeof SCX_EXIT_UNREG | typeof SCX_EXIT_UNREG_BPF
  | typeof SCX_EXIT_UNREG_KERN | typeof SCX_EXIT_SYSRQ | typeof SCX_EXIT_ERROR | typeof SCX_EXIT_ERROR_BPF
  | typeof SCX_EXIT_ERROR_STALL;

/** Names used in traces and JSON output. */
export const EXIT_KIND_NAMES: Readonly<Record<number, string>> = {
  [SCX_EXIT_NONE]: 'SCX_EXIT_NONE',
  [SCX_EXIT_DONE]: 'SCX_EXIT_DONE',
  [SCX_EXIT_UNREG]: 'SCX_EXIT_UNREG',
  [SCX_EXIT_UNREG_BPF]: 'SCX_EXIT_UNREG_BPF',
  [SCX_EXIT_UNREG_KERN]: 'SCX_EXIT_UNREG_KERN',
  [SCX_EXIT_SYSRQ]: 'SCX_EXIT_SYSRQ',
  [SCX_EXIT_ERROR]: 'SCX_EXIT_ERROR',
  [SCX_EXIT_ERROR_BPF]: 'SCX_EXIT_ERROR_BPF',
  [SCX_EXIT_ERROR_STALL]: 'SCX_EXIT_ERROR_STALL',
};

/** scx_exit_reason() strings (reference §4.3). */
export const EXIT_KIND_REASONS: Readonly<Record<number, string>> = {
  [SCX_EXIT_UNREG]: 'unregistered from user space',
  [SCX_EXIT_UNREG_BPF]: 'unregistered from BPF',
  [SCX_EXIT_UNREG_KERN]: 'unregistered from the main kernel',
  [SCX_EXIT_SYSRQ]: 'disabled by sysrq-S',
  [SCX_EXIT_ERROR]: 'runtime error',
  [SCX_EXIT_ERROR_BPF]: 'scx_bpf_error',
  [SCX_EXIT_ERROR_STALL]: 'runnable task stall',
};

export function exitKindName(kind: number): string {
  return EXIT_KIND_NAMES[kind] ?? `SCX_EXIT_${kind}`;
}

export function exitKindFromName(name: string): number | undefined {
  for (const [value, text] of Object.entries(EXIT_KIND_NAMES)) if (text === name) return Number(value);
  return undefined;
}

/**
 * Exit code as a structured value (reference §4.3: bits 63–48 action, 47–32 reason, 31–0 user code),
 * kept apart because JavaScript numbers cannot hold the shifted 64-bit value exactly.
 */
export interface ScxExitCode {
  readonly action: number;
  readonly reason: number;
  readonly user: number;
}

/** SCX_ECODE_ACT_RESTART and SCX_ECODE_RSN_HOTPLUG as the action/reason fields of ScxExitCode. */
export const SCX_ECODE_ACT_RESTART_CODE = 1;
export const SCX_ECODE_RSN_HOTPLUG_CODE = 1;

export const EXIT_CODE_ZERO: ScxExitCode = { action: 0, reason: 0, user: 0 };

/** Task states (reference §1.1). */
export type ScxTaskState = 'NONE' | 'INIT' | 'READY' | 'ENABLED';
/** ops_state (reference §2.1). */
export type OpsState = 'NONE' | 'QUEUEING' | 'QUEUED' | 'DISPATCHING';
/** Enable state of the scheduler as a whole (reference §4.1). */
export type ScxEnableState = 'DISABLED' | 'ENABLING' | 'ENABLED' | 'DISABLING';
