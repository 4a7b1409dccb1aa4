// work-conservation: in the quiet phase, no online CPU stays idle for longer than a tolerance T while a task
// allowed on it waits for a CPU in the kernel's custody (a DSQ, the fair run queue) or the scheduler's (a
// user DSQ, BPF custody). A violation is an overlap longer than T between a CPU's idle interval and one
// task's continuous wait, both counted from the start of the quiet phase at the earliest; it is found when
// either interval ends, and checked periodically while both last. Exempt, because the model cannot move
// them: RT tasks (the model's RT class has no push/pull balancing — README, simplifications) and
// migration-disabled tasks (named by comm in the scenario). Exempt too: the rustland family's user-space
// scheduler task, which by design stays queued while it has nothing to schedule (reference §5.6); its
// progress is `usersched-progress`'s business.
import type { Step, TaskSpec } from '../model/kernel/behaviour.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import { scenarioInitialOnline } from './cpulist.ts';
import type { PropertyDefinition } from './property.ts';
import { SCX_SCHEDULER_KINDS } from './property.ts';
import { waitCause } from './attribution.ts';
import { formatTraceDsq } from '../model/kernel/trace.ts';
import type { TaskView, World } from './world.ts';

/** Default tolerance: one default slice (SCX_SLICE_DFL, 20 ms). */
export const IDLE_TOLERANCE_NS_DEFAULT = 20_000_000;
/** Ongoing overlaps are checked every T / CHECKS_PER_TOLERANCE. */
const CHECKS_PER_TOLERANCE = 4;

export const IDLE_WITH_WORK = 'CPU idle while a task allowed on it waits';

interface Wait {
  readonly sinceNs: number;
  /** The place the task waits in (the latest, when it moved between waiting places), its CPU and DSQ. */
  place: string;
  cpu: number;
  dsq: number;
}

function collectPinned(spec: TaskSpec, into: Set<string>): void {
  if (spec.migrationDisabled === true) into.add(spec.comm);
  const visit = (steps: readonly Step[]): void => {
    for (const step of steps) {
      if (step.op === 'fork') collectPinned(step.child, into);
      if (step.op === 'loop') visit(step.body);
    }
  };
  visit(spec.program);
}

/** The place a task waits in, for a violation's detail: `local on cpu 2`, `user dsq SHARED_DSQ`. */
function where(wait: Wait): string {
  return `${wait.place}${wait.cpu >= 0 ? ` on cpu ${wait.cpu}` : wait.dsq >= 0 ? ` dsq ${formatTraceDsq(wait.dsq)}` : ''}`;
}

/** Comms of migration-disabled tasks anywhere in the scenario (including forked children). */
function pinnedComms(scenario: Scenario): Set<string> {
  const comms = new Set<string>();
  for (const task of scenario.tasks) collectPinned(task, comms);
  return comms;
}

export const workConservation: PropertyDefinition = {
  name: 'work-conservation',
  kind: 'liveness',
  description: 'in the quiet phase, no CPU stays idle longer than a tolerance while a task allowed on it waits',
  appliesTo: SCX_SCHEDULER_KINDS,
  bound: { meaning: 'idle tolerance (ns)', defaultText: '20 ms (one default slice)' },
  monitor(ctx) {
    const quiet = ctx.quietStartNs;
    const tolerance = ctx.boundNs ?? IDLE_TOLERANCE_NS_DEFAULT;
    const pinned = pinnedComms(ctx.scenario);
    const eligible = (p: TaskView, world: World): boolean => p.alive && p.place !== 'rt' && p.cls !== 'rt' &&
      !pinned.has(p.comm) && p.pid !== world.userschedPid;
    /** Waiting eligible tasks: wait start and the place they wait in. */
    const waiting = new Map<number, Wait>();
    let nextCheckNs = quiet;

    /** Judges the overlap of CPU `cpu` idle since `idleSince` and task `p` waiting as `wait` says. */
    const judge = (cpu: number, idleSince: number, p: TaskView, wait: Wait, nowNs: number, world: World): boolean => {
      if (p.cpumask[cpu] !== true) return false;
      const from = Math.max(idleSince, wait.sinceNs, quiet);
      if (nowNs - from <= tolerance) return false;
      ctx.violate(from + tolerance, IDLE_WITH_WORK, `cpu ${cpu} idle from ${idleSince} ns while ${p.comm}[${p.pid}] ` +
        `waited in ${where(wait)} from ${wait.sinceNs} ns (tolerance ${tolerance} ns); ` +
        waitCause(world, p, from, from + tolerance));
      return true;
    };
    const cpuEnds = (cpu: number, idleSince: number, nowNs: number, world: World): boolean => {
      for (const [pid, since] of waiting) {
        const p = world.tasks.get(pid);
        if (p && judge(cpu, idleSince, p, since, nowNs, world)) return true;
      }
      return false;
    };
    const taskEnds = (p: TaskView, since: Wait, nowNs: number, world: World): boolean => {
      for (let cpu = 0; cpu < world.nrCpus; cpu++) {
        const idle = world.cpuIdleSinceNs[cpu] ?? -1;
        if (idle >= 0 && judge(cpu, idle, p, since, nowNs, world)) return true;
      }
      return false;
    };
    /**
     * Idle start of each CPU before the current event, to judge an idle interval when it ends: the world's
     * state before its first switch or cpu event (the only events that change it), all online CPUs idle.
     */
    const idleBefore: number[] = scenarioInitialOnline(ctx.scenario).map((on) => (on ? 0 : -1));
    return {
      events: ['switch', 'cpu', 'usersched', 'place', 'class', 'task_dead'],
      event(e, world) {
        if (e.type === 'switch' || e.type === 'cpu') {
          const was = idleBefore[e.cpu] ?? -1;
          const now = world.cpuIdleSinceNs[e.cpu] ?? -1;
          idleBefore[e.cpu] = now;
          if (was >= 0 && now < 0 && e.t > quiet) cpuEnds(e.cpu, was, e.t, world);
          return;
        }
        if (e.type === 'usersched') { waiting.delete(e.pid); return; }
        if (e.type !== 'place' && e.type !== 'class' && e.type !== 'task_dead') return;
        const p = world.tasks.get(e.pid);
        if (!p) return;
        const since = waiting.get(p.pid);
        const waitsNow = p.waitingSinceNs >= 0 && eligible(p, world);
        if (waitsNow) {
          // The text is built only for a violation (where()); here the wait keeps the latest place.
          if (since === undefined) waiting.set(p.pid, { sinceNs: p.waitingSinceNs, place: p.place, cpu: p.cpu, dsq: p.dsq });
          else { since.place = p.place; since.cpu = p.cpu; since.dsq = p.dsq; }
          return;
        }
        if (since === undefined) return;
        waiting.delete(p.pid);
        if (e.t > quiet) taskEnds(p, since, e.t, world);
      },
      settled(nowNs, world) {
        if (nowNs < nextCheckNs) return;
        nextCheckNs = nowNs + Math.max(1, Math.floor(tolerance / CHECKS_PER_TOLERANCE));
        for (let cpu = 0; cpu < world.nrCpus; cpu++) {
          const idle = world.cpuIdleSinceNs[cpu] ?? -1;
          if (idle >= 0 && cpuEnds(cpu, idle, nowNs, world)) return;
        }
      },
      end(endNs, world) {
        for (let cpu = 0; cpu < world.nrCpus; cpu++) {
          const idle = world.cpuIdleSinceNs[cpu] ?? -1;
          if (idle >= 0 && cpuEnds(cpu, idle, endNs, world)) return;
        }
      },
    };
  },
};
