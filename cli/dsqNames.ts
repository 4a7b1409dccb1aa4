// The DSQ names a trace prints (README, Reading a trace): a scheduler's own `dsqNames` (its `#define`s),
// plus, for a user-space scheduler, the DSQs scx_rustland_core's BPF half creates (SHARED_DSQ, SCHED_DSQ;
// reference §5.2). Presentation only: the trace and its hash carry the ids.
import type { SchedulerDefinition } from '../model/kernel/ops.ts';
import type { DsqNames } from '../model/kernel/trace.ts';
import { SCHED_DSQ, SHARED_DSQ } from '../schedulers/rustland-core/intf.ts';

/** The DSQ names of a scheduler, by id (empty for eevdf). */
export function dsqNamesOf(definition: SchedulerDefinition | null): DsqNames {
  const names = new Map<number, string>();
  if (definition?.kind === 'userspace') {
    names.set(SHARED_DSQ, 'SHARED_DSQ');
    names.set(SCHED_DSQ, 'SCHED_DSQ');
  }
  for (const [name, id] of Object.entries(definition?.dsqNames ?? {})) names.set(id, name);
  return names;
}
