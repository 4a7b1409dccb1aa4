// affinity: a task runs only on an online CPU in its cpumask. Checked at every settle point for the CPUs
// whose current task, online state or current task's cpumask changed (a `setAffinity` that excludes the
// running CPU moves the task within the same atomic step, so settle points are where the law must hold).
// Also: a runnable task is queued for a CPU in its cpumask — task_cpu(p), from `wake` and `migrate` events
// — because changing the affinity of a queued task migrates it (set_cpus_allowed_ptr → affine_move_task);
// schedulers rely on it when they pick a DSQ by scx_bpf_task_cpu(). A sleeping task may keep a stale CPU
// until its next wake-up.
import type { PropertyDefinition } from './property.ts';
import { ALL_SCHEDULER_KINDS } from './property.ts';
import { isWaitingPlace } from './world.ts';

export const OUTSIDE_CPUMASK = 'task runs on a CPU outside its cpumask';
export const OFFLINE_CPU = 'task runs on an offline CPU';
export const QUEUED_OUTSIDE = 'runnable task queued for a CPU outside its cpumask';

export const affinity: PropertyDefinition = {
  name: 'affinity',
  kind: 'safety',
  description: 'a task runs only on an online CPU in its cpumask',
  appliesTo: ALL_SCHEDULER_KINDS,
  monitor(ctx) {
    return {
      settled(nowNs, world) {
        for (const pid of world.dirtyPids) {
          const p = world.tasks.get(pid);
          if (!p || !p.alive || !isWaitingPlace(p.place) || p.taskCpu < 0 || p.cpumask[p.taskCpu] === true) continue;
          const allowed = p.cpumask.flatMap((on, id) => (on ? [id] : [])).join(',');
          return ctx.violate(nowNs, QUEUED_OUTSIDE, `${p.comm}[${pid}] waits in ${p.place} for cpu ${p.taskCpu}, ` +
            `cpumask ${allowed}`);
        }
        for (const cpu of world.dirtyCpus) {
          const pid = world.cpuCurr[cpu] ?? 0;
          if (pid === 0) continue;
          const p = world.tasks.get(pid);
          if (!p) continue;
          // The text only for a violation: this runs for every CPU that switched.
          if (!world.cpuOnline[cpu]) return ctx.violate(nowNs, OFFLINE_CPU, `${p.comm}[${pid}] on cpu ${cpu}`);
          if (p.cpumask[cpu] !== true) {
            const allowed = p.cpumask.flatMap((on, id) => (on ? [id] : [])).join(',');
            return ctx.violate(nowNs, OUTSIDE_CPUMASK, `${p.comm}[${pid}] on cpu ${cpu}, cpumask ${allowed}`);
          }
        }
      },
    };
  },
};
