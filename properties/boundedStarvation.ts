// bounded-starvation: "runnable leads to running within B" (STYLE.md: TLA+'s leads-to made finite, the way
// the kernel watchdog bounds it with timeout_ms). B is the scenario's bound for this property, else the
// watchdog timeout of the scheduler in force (scx_state's timeoutNs), else SCX_WATCHDOG_MAX_TIMEOUT. It is
// judged in the quiet phase only (DESIGN.md, Safety, then liveness): a wait counts from the later of its
// start and the start of the quiet phase. A task still waiting at the end that has not run during the
// whole quiet phase, and has not yet waited B, leaves the property undecided: inconclusive, never a pass.
// A violation names the task's place and class when the bound was crossed and what held its CPUs meanwhile
// (attribution.ts). The rustland family's user-space scheduler task is exempt: by design it stays queued while it has nothing
// to schedule (reference §5.6), and `usersched-progress` bounds its progress when work is pending.
import { describeStep, stepAt, waitCause } from './attribution.ts';
import { isWaitingPlace, type TaskView, type World } from './world.ts';
import type { PropertyDefinition } from './property.ts';
import { ALL_SCHEDULER_KINDS } from './property.ts';

/** SCX_WATCHDOG_MAX_TIMEOUT (30 s): the bound when no scheduler sets a timeout. */
export const STARVATION_BOUND_NS_DEFAULT = 30_000_000_000;
/** How often (in parts of B) waits in progress are checked; finished waits are checked when they end. */
const CHECKS_PER_BOUND = 16;

export const STARVED = 'runnable task did not run within the starvation bound';
export const UNDECIDED = 'task still waiting when the run ended, before the bound';

function who(p: TaskView, atNs: number): string {
  return `${p.comm}[${p.pid}] (waiting in ${describeStep(stepAt(p, atNs))})`;
}

export const boundedStarvation: PropertyDefinition = {
  name: 'bounded-starvation',
  kind: 'liveness',
  description: 'in the quiet phase, a runnable task runs within the starvation bound',
  appliesTo: ALL_SCHEDULER_KINDS,
  bound: { meaning: 'longest wait for a CPU (ns)', defaultText: "the scheduler's watchdog timeout (30 s without one)" },
  monitor(ctx) {
    const quiet = ctx.quietStartNs;
    const boundOf = (world: World): number =>
      ctx.boundNs ?? (world.timeoutNs > 0 ? world.timeoutNs : STARVATION_BOUND_NS_DEFAULT);
    /** Wait start of every waiting task, to judge a wait when it ends. */
    const waitingSince = new Map<number, number>();
    let nextCheckNs = quiet;
    const judge = (p: TaskView, sinceNs: number, nowNs: number, world: World): boolean => {
      const from = Math.max(sinceNs, quiet);
      const bound = boundOf(world);
      if (nowNs - from <= bound) return false;
      // The detail describes the moment the bound was crossed, not this (possibly much later) event.
      ctx.violate(from + bound, STARVED, `${p.comm}[${p.pid}] waited from ${from} ns for more than ${bound} ns; ` +
        waitCause(world, p, from, from + bound));
      return true;
    };
    return {
      events: ['usersched', 'place'],
      event(e, world) {
        if (e.type === 'usersched') { waitingSince.delete(e.pid); return; }
        if (e.type !== 'place') return;
        const p = world.tasks.get(e.pid);
        if (!p || p.pid === world.userschedPid) return;
        if (p.waitingSinceNs >= 0) { waitingSince.set(p.pid, p.waitingSinceNs); return; }
        const since = waitingSince.get(p.pid);
        if (since === undefined) return;
        waitingSince.delete(p.pid);
        if (e.t > quiet) judge(p, since, e.t, world);
      },
      settled(nowNs, world) {
        if (nowNs < nextCheckNs) return;
        nextCheckNs = nowNs + Math.max(1, Math.floor(boundOf(world) / CHECKS_PER_BOUND));
        for (const [pid, since] of waitingSince) {
          const p = world.tasks.get(pid);
          if (p && judge(p, since, nowNs, world)) return;
        }
      },
      end(endNs, world) {
        for (const [pid, since] of waitingSince) {
          const p = world.tasks.get(pid);
          if (!p || !p.alive || !isWaitingPlace(p.place)) continue;
          if (judge(p, since, endNs, world)) return;
        }
        for (const [pid, since] of waitingSince) {
          const p = world.tasks.get(pid);
          if (!p || !p.alive || since > quiet) continue;
          return ctx.inconclusive(UNDECIDED, `${who(p, endNs)} has not run since ${since} ns; the quiet phase ` +
            `(${Math.max(0, endNs - quiet)} ns) ended before the ${boundOf(world)} ns bound`);
        }
      },
    };
  },
};
