// seamless-fallback: after any scheduler exit, every live task the scheduler owned is back in the fair class
// (RT tasks keep theirs), none is left in a sched_ext place, and each one that was waiting runs within a
// bound F of the exit (reference §4.4: the disable path cycles every task into fair; Documentation:
// "the default scheduler is restored"). Owned = class ext when the scheduler entered DISABLING; judged when
// it reaches DISABLED. Notes `longestWaitAcrossSwitchNs`: the longest wait of an owned task that began
// before the exit and ended after it. If the run ends before F with owned tasks still waiting, the
// property is inconclusive. The rustland family's user-space scheduler task is not waited for: it stays
// queued by design when it has nothing to schedule (after a restart, say); `usersched-progress` covers it.
import { waitCause } from './attribution.ts';
import { isScxPlace, type TaskView, type World } from './world.ts';
import type { PropertyDefinition } from './property.ts';
import { SCX_SCHEDULER_KINDS } from './property.ts';

/** Default bound from the exit to every owned waiting task running again. */
export const FALLBACK_BOUND_NS_DEFAULT = 100_000_000;

export const NOT_FAIR = 'owned task not back in the fair class after the scheduler exit';
export const RT_CHANGED = 'RT task changed class across the scheduler exit';
export const LOST = 'owned task left in a sched_ext place after the scheduler exit';
export const NOT_RUN = 'owned task did not run within the fallback bound';
export const UNDECIDED = 'run ended before the fallback bound with owned tasks still waiting';

/** The task still waiting when the fallback bound ran out, and why (attribution.ts). */
function notRun(world: World, pid: number, exitNs: number, deadlineNs: number, what: string): string {
  const p = world.tasks.get(pid);
  return p ? `${p.comm}[${p.pid}] ${what}; ${waitCause(world, p, exitNs, deadlineNs)}` : `pid ${pid} ${what}`;
}

function who(p: TaskView): string {
  return `${p.comm}[${p.pid}] (class ${p.cls}, in ${p.place}${p.cpu >= 0 ? ` on cpu ${p.cpu}` : ''})`;
}

export const seamlessFallback: PropertyDefinition = {
  name: 'seamless-fallback',
  kind: 'liveness',
  description: 'after a scheduler exit every owned task is fair again, none is lost, and each runs within a bound',
  appliesTo: SCX_SCHEDULER_KINDS,
  bound: { meaning: 'from the exit until every owned waiting task has run (ns)', defaultText: '100 ms' },
  monitor(ctx) {
    const bound = ctx.boundNs ?? FALLBACK_BOUND_NS_DEFAULT;
    let owned = new Set<number>();
    let rt = new Set<number>();
    /** Owned tasks that must still run, with the start of their wait. */
    const pending = new Map<number, number>();
    let deadlineNs = -1;
    let exitNs = -1;
    let longestNs = 0;
    ctx.note('longestWaitAcrossSwitchNs', 0);
    return {
      events: ['scx_state', 'switch', 'task_dead'],
      event(e, world) {
        if (e.type === 'scx_state' && e.state === 'DISABLING') {
          owned = new Set();
          rt = new Set();
          for (const p of world.tasks.values()) {
            if (p.alive && p.cls === 'ext') owned.add(p.pid);
            if (p.alive && p.cls === 'rt') rt.add(p.pid);
          }
          return;
        }
        if (e.type === 'scx_state' && e.state === 'DISABLED') {
          for (const pid of rt) {
            const p = world.tasks.get(pid);
            if (p && p.alive && p.cls !== 'rt') return ctx.violate(e.t, RT_CHANGED, who(p));
          }
          for (const pid of owned) {
            const p = world.tasks.get(pid);
            if (!p || !p.alive) continue;
            if (isScxPlace(p.place)) return ctx.violate(e.t, LOST, who(p));
            const rtPolicy = p.policy === 'FIFO' || p.policy === 'RR';
            if (p.cls !== (rtPolicy ? 'rt' : 'fair')) return ctx.violate(e.t, NOT_FAIR, who(p));
            if (p.waitingSinceNs >= 0 && !pending.has(pid) && pid !== world.userschedPid) pending.set(pid, p.waitingSinceNs);
          }
          if (pending.size > 0) { exitNs = e.t; deadlineNs = e.t + bound; }
          return;
        }
        if (e.type === 'switch' && e.next !== 0) {
          const since = pending.get(e.next);
          if (since === undefined) return;
          if (e.t > deadlineNs) {
            return ctx.violate(deadlineNs, NOT_RUN, notRun(world, e.next, exitNs, deadlineNs,
              `first ran ${e.t - deadlineNs + bound} ns after the exit`));
          }
          pending.delete(e.next);
          longestNs = Math.max(longestNs, e.t - since);
          ctx.note('longestWaitAcrossSwitchNs', longestNs);
          return;
        }
        if (e.type === 'task_dead') pending.delete(e.pid);
      },
      settled(nowNs, world) {
        if (pending.size === 0 || nowNs <= deadlineNs) return;
        const [pid] = pending.keys();
        ctx.violate(deadlineNs, NOT_RUN, notRun(world, pid as number, exitNs, deadlineNs, `still waiting ${bound} ns after the exit`));
      },
      end(endNs, world) {
        if (pending.size === 0) return;
        const [pid] = pending.keys();
        const p = world.tasks.get(pid as number);
        if (endNs > deadlineNs) {
          return ctx.violate(deadlineNs, NOT_RUN, notRun(world, pid as number, exitNs, deadlineNs, `still waiting ${bound} ns after the exit`));
        }
        ctx.inconclusive(UNDECIDED, `${p ? who(p) : `pid ${String(pid)}`} still waiting at ${endNs} ns; the bound ` +
          `ends at ${deadlineNs} ns`);
      },
    };
  },
};
