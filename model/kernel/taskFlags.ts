// Task flags (p->flags, include/linux/sched.h) that schedulers test. Only the ones a modelled scheduler
// reads are here: PF_KTHREAD (every kernel thread) and kswapd's / kcompactd's markers, which
// scx_rustland_core's BPF half uses to dispatch memory-reclaim threads directly (main.bpf.c is_kswapd()).

export const PF_KCOMPACTD = 0x00010000;
export const PF_KSWAPD = 0x00020000;
export const PF_KTHREAD = 0x00200000;

/** The flags a scenario may give a task by name (TaskSpec.flags). */
export const TASK_FLAG_NAMES = ['PF_KSWAPD', 'PF_KCOMPACTD'] as const;
export type TaskFlagName = (typeof TASK_FLAG_NAMES)[number];

const VALUES: Readonly<Record<TaskFlagName, number>> = { PF_KSWAPD, PF_KCOMPACTD };

/** p->flags for a task spec: the named flags, plus PF_KTHREAD for kernel threads (kswapd, kcompactd are). */
export function taskFlagsFor(names: readonly TaskFlagName[], kthread: boolean): number {
  let flags = kthread ? PF_KTHREAD : 0;
  for (const name of names) flags |= VALUES[name] | PF_KTHREAD;
  return flags;
}

/** The named flags set in `flags`, joined with '|' for the trace ('' when none). */
export function formatTaskFlags(flags: number): string {
  return TASK_FLAG_NAMES.filter((name) => (flags & VALUES[name]) !== 0).join('|');
}
