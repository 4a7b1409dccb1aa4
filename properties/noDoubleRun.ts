// no-double-run: a task runs on at most one CPU and a CPU runs at most one task. Checked two ways from the
// trace: a `switch` that puts a task on a CPU while another CPU still runs it is a violation at once; and
// at every settle point each CPU's current task (from `switch`) and the tasks whose place is `run` on it
// must be one and the same task.
import type { PropertyDefinition } from './property.ts';
import { ALL_SCHEDULER_KINDS } from './property.ts';
import type { World } from './world.ts';

export const TASK_ON_TWO_CPUS = 'task runs on two CPUs at once';
export const CPU_RUNS_TWO = 'CPU runs two tasks at once';
export const SWITCH_MISMATCH = 'context switch away from a task the CPU was not running';

function name(world: World, pid: number): string {
  const p = world.tasks.get(pid);
  return p ? `${p.comm}[${pid}]` : `pid ${pid}`;
}

export const noDoubleRun: PropertyDefinition = {
  name: 'no-double-run',
  kind: 'safety',
  description: 'a task runs on at most one CPU, and a CPU runs at most one task',
  appliesTo: ALL_SCHEDULER_KINDS,
  monitor(ctx) {
    /** pid → CPU it was switched in on, from `switch` events alone. */
    const runningOn = new Map<number, number>();
    return {
      events: ['switch'],
      event(e, world) {
        if (e.type !== 'switch') return;
        const before = runningOn.get(e.prev);
        if (e.prev !== 0 && before !== e.cpu) {
          return ctx.violate(e.t, SWITCH_MISMATCH, `cpu ${e.cpu} switched from ${name(world, e.prev)}, which ` +
            (before === undefined ? 'was not running' : `runs on cpu ${before}`));
        }
        if (e.prev !== 0) runningOn.delete(e.prev);
        if (e.next === 0) return;
        const elsewhere = runningOn.get(e.next);
        if (elsewhere !== undefined && elsewhere !== e.cpu) {
          return ctx.violate(e.t, TASK_ON_TWO_CPUS, `${name(world, e.next)} switched in on cpu ${e.cpu} while ` +
            `running on cpu ${elsewhere}`);
        }
        runningOn.set(e.next, e.cpu);
      },
      settled(nowNs, world) {
        for (const pid of world.dirtyPids) {
          const p = world.tasks.get(pid);
          if (!p || p.place !== 'run') continue;
          const curr = world.cpuCurr[p.cpu];
          if (curr !== pid) {
            return ctx.violate(nowNs, CPU_RUNS_TWO, `cpu ${p.cpu} runs ${curr ? name(world, curr) : 'idle'} and ` +
              `${name(world, pid)} is in place run there`);
          }
        }
        for (const cpu of world.dirtyCpus) {
          const curr = world.cpuCurr[cpu] ?? 0;
          if (curr === 0) continue;
          const p = world.tasks.get(curr);
          if (!p || p.place !== 'run' || p.cpu !== cpu) {
            return ctx.violate(nowNs, CPU_RUNS_TWO, `cpu ${cpu} runs ${name(world, curr)} but the task is in ` +
              `${p ? `${p.place}${p.cpu >= 0 ? ` on cpu ${p.cpu}` : ''}` : 'no place'}`);
          }
        }
      },
    };
  },
};
