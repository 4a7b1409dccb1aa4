// Helpers for the shipped-scheduler tests (not a test file): a run with scheduler options and the full
// trace, the exit a BPF (sched_ext) scheduler must show on a shipped scenario, and a work-conservation
// measure over the trace.
import type { SchedulerDefinition, SchedulerOptions } from '../../model/kernel/ops.ts';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { FaultKind, Scenario } from '../../scenarios/scenario.ts';
import { scenario, type MiniScenario } from '../helpers/sim.ts';

export function run(mini: MiniScenario, def: SchedulerDefinition, options: SchedulerOptions = {}, seed = 1) {
  const events: TraceEvent[] = [];
  const outcome = runScenario({ scenario: scenario(mini), scheduler: def, seed, options,
    sinks: [{ event: (e) => events.push(e) }] });
  return { ...outcome, events };
}

/** Faults that act on a user-space scheduler process only; a BPF scheduler never sees them. */
const USERSPACE_ONLY_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'userschedCrash', 'userschedHang', 'userschedSlow', 'userschedPagefault', 'ringFull',
]);

/**
 * The first exit a sched_ext (BPF-only) scheduler must show on a shipped scenario: the scenario's own
 * expectation, except that an exit caused only by user-space-process faults (usersched-crash/hang, which
 * expect SCX_EXIT_UNREG / SCX_EXIT_ERROR_STALL from the rustland family) cannot happen without a
 * user-space process, so the scheduler must stay loaded there. Returns whether the scenario's own
 * expectation applies (then the runner's expected-exit check must pass too).
 */
export function bpfExpectedExit(sc: Scenario): { kind: string; scenarioExpectationApplies: boolean } {
  const expected = sc.expect?.exit;
  const want = expected === undefined || expected === 'none' ? 'SCX_EXIT_NONE' : expected;
  const faults = sc.faults ?? [];
  const userspaceOnly = faults.length > 0 && faults.every((f) => USERSPACE_ONLY_FAULTS.has(f.kind));
  if (want !== 'SCX_EXIT_NONE' && userspaceOnly) return { kind: 'SCX_EXIT_NONE', scenarioExpectationApplies: false };
  // A scenario that must fail (expect.violation, e.g. rt-starves-ext) is judged by its manifest, not here.
  return { kind: want, scenarioExpectationApplies: sc.expect?.violation === undefined };
}

function parseCpulist(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    for (let cpu = a ?? 0; cpu <= (b ?? a ?? 0); cpu++) out.push(cpu);
  }
  return out;
}

const WAITING = new Set(['local', 'user', 'bpf', 'global']);

/**
 * Work conservation from the trace: the longest time an ext task spent waiting (in a DSQ or BPF custody)
 * while an online CPU in its cpumask was idle, up to `untilNs`. The state is judged after all events of one
 * timestamp, so zero-time hand-overs (a kick and the resched it causes) count as 0.
 */
export function longestIdleWhileWaiting(events: readonly TraceEvent[], nrCpus: number, untilNs = Infinity):
  { ns: number; pid: number; atNs: number } {
  const place = new Map<number, string>();
  const cls = new Map<number, string>();
  const mask = new Map<number, number[]>();
  const idle = new Array<boolean>(nrCpus).fill(true);
  const online = new Array<boolean>(nrCpus).fill(true);
  const since = new Map<number, number>();
  let worst = { ns: 0, pid: 0, atNs: 0 };
  const judge = (t: number): void => {
    for (const [pid, where] of place) {
      const stuck = cls.get(pid) === 'ext' && WAITING.has(where) &&
        (mask.get(pid) ?? []).some((cpu) => idle[cpu] === true && online[cpu] === true);
      const start = since.get(pid);
      if (stuck && start === undefined) since.set(pid, t);
      if (!stuck && start !== undefined) {
        if (t - start > worst.ns) worst = { ns: t - start, pid, atNs: start };
        since.delete(pid);
      }
    }
  };
  let last = -1;
  for (const e of events) {
    if (e.t > untilNs) break;
    if (e.t !== last) {
      if (last >= 0) judge(last);
      last = e.t;
    }
    switch (e.type) {
      case 'task_new': cls.set(e.pid, e.cls); mask.set(e.pid, parseCpulist(e.cpumask)); break;
      case 'attr': mask.set(e.pid, parseCpulist(e.cpumask)); break;
      case 'class': cls.set(e.pid, e.cls); break;
      case 'place': place.set(e.pid, e.place); break;
      case 'task_dead': place.delete(e.pid); break;
      case 'switch': idle[e.cpu] = e.next === 0; break;
      case 'cpu': online[e.cpu] = e.online; break;
      default: break;
    }
  }
  if (last >= 0) judge(last);
  for (const [pid, start] of since) if (last - start > worst.ns) worst = { ns: last - start, pid, atNs: start };
  return worst;
}
