// no-lost-task: a conservation law (STYLE.md: FoundationDB's Cycle check). At every settle point each live
// task is in exactly one place — running on a CPU, a local, global, bypass or user DSQ, BPF custody, a
// fair or RT run queue, or sleeping — and that place is one its class serves: an ext task never waits on
// the fair queue and a fair task never waits in a DSQ. Across a scheduler exit nothing vanishes: once the
// scheduler is DISABLED no task may still sit in a sched_ext place, because nothing would ever run it
// (reference §4.4: the disable path reclaims everything in BPF custody). Exactly-one is structural here:
// the world keeps one place per task, so a stale message a re-enqueue left behind (reference §5.9) is not
// a second place; `handoff-accounting` follows messages. A dead task never comes back.
import type { TaskClass } from '../model/kernel/trace.ts';
import type { PropertyDefinition } from './property.ts';
import { ALL_SCHEDULER_KINDS } from './property.ts';
import { isScxPlace, type TaskView, type World, type WorldPlace } from './world.ts';

export const NO_PLACE = 'live task has no place';
export const WRONG_CLASS_PLACE = 'task waits in a place its class does not serve';
export const LEFT_IN_SCX = 'task left in a sched_ext place after the scheduler exit';
export const DEAD_REAPPEARS = 'dead task has a place again';

function classServes(cls: TaskClass, place: WorldPlace): boolean {
  if (place === 'run' || place === 'sleep') return true;
  if (cls === 'ext') return isScxPlace(place);
  return place === cls;
}

function describe(p: TaskView): string {
  const where = p.cpu >= 0 ? ` cpu ${p.cpu}` : p.dsq >= 0 ? ` dsq ${p.dsq}` : '';
  return `${p.comm}[${p.pid}] (class ${p.cls}) in ${p.place}${where}`;
}

/** The first reason `p` breaks the law, or null. */
function check(p: TaskView, world: World): string | null {
  if (!p.alive) return p.place === 'dead' || p.place === 'sleep' ? null : DEAD_REAPPEARS;
  if (p.place === 'none' || p.place === 'dead') return NO_PLACE;
  if (world.scxState === 'DISABLED' && isScxPlace(p.place)) return LEFT_IN_SCX;
  if (!classServes(p.cls, p.place)) return WRONG_CLASS_PLACE;
  return null;
}

export const noLostTask: PropertyDefinition = {
  name: 'no-lost-task',
  kind: 'safety',
  description: 'every live task is in exactly one place its class serves; nothing vanishes across a scheduler exit',
  appliesTo: ALL_SCHEDULER_KINDS,
  monitor(ctx) {
    let disabledSince = false;
    return {
      events: ['scx_state'],
      event(e) {
        if (e.type === 'scx_state') disabledSince ||= e.state === 'DISABLED';
      },
      settled(nowNs, world) {
        // After an exit every task is re-checked; otherwise only the tasks that changed.
        const pids = disabledSince ? [...world.tasks.keys()] : world.dirtyPids;
        disabledSince = false;
        for (const pid of pids) {
          const p = world.tasks.get(pid);
          if (!p) continue;
          const reason = check(p, world);
          if (reason) return ctx.violate(nowNs, reason, describe(p));
        }
      },
    };
  },
};
