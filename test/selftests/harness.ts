// Shared harness for the kernel's sched_ext selftests (tools/testing/selftests/sched_ext/) re-expressed as
// schedcheck scenarios (reference §7). `runSelftest` puts a tiny test scheduler into a default scenario —
// 4 CPUs, a parent that keeps forking short-lived children and a few sleepers, about 1 s of
// simulated time plus a short quiet phase — and returns the RunOutcome of `runScenario` together with a
// recorder of the trace (callbacks seen, scx_state transitions, per-task CPU time by interval).
import { expect } from 'vitest';
import { NS_PER_MS, SCX_DISABLE_TASK_NS, SCX_DISABLE_WORK_LATENCY_NS } from '../../model/kernel/constants.ts';
import {
  defineScheduler, type SchedExtOps, type SchedulerDefinition, type ScxExitInfo,
} from '../../model/kernel/ops.ts';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { exitKindName } from '../../model/kernel/scxFlags.ts';
import type { TraceEvent, TraceSink } from '../../model/kernel/trace.ts';
import { runScenario, type RunOutcome } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';

/** Fault phase of the default scenario: the selftests wait about 1 s after attaching. */
export const SELFTEST_DURATION_NS = 1000 * NS_PER_MS;
/** Quiet phase of the default scenario (after it, liveness is judged). */
export const SELFTEST_QUIET_NS = 100 * NS_PER_MS;
/** The selftests' `timeout_ms = 1000`. */
export const SELFTEST_TIMEOUT_MS = 1000;

/** 4 independent CPUs in one LLC. */
export const TOPOLOGY_4CPU = { nodes: 1, llcsPerNode: 1, coresPerLlc: 4, threadsPerCore: 1 } as const;

/** A child like the selftests' forked children: runs a little, sleeps, runs again and exits. */
export function shortChild(comm: string): TaskSpec {
  return {
    comm,
    program: [
      { op: 'run', ns: [100_000, 400_000] },
      { op: 'sleep', ns: [200_000, 2 * NS_PER_MS] },
      { op: 'run', ns: [50_000, 200_000] },
      { op: 'exit' },
    ],
  };
}

/**
 * Default workload, like the selftests' processes: a parent that keeps forking short-lived children and
 * three sleepers, all allowed on every CPU. Nothing is CPU-bound for long, so every task sleeps well
 * within the 1 s watchdog timeout.
 */
export function defaultTasks(): TaskSpec[] {
  return [
    {
      comm: 'parent',
      program: [{ op: 'loop', body: [{ op: 'fork', child: shortChild('child') }, { op: 'run', ns: 50_000 },
        { op: 'sleep', ns: [2 * NS_PER_MS, 6 * NS_PER_MS] }] }],
    },
    ...[0, 1, 2].map((i): TaskSpec => ({
      comm: `sleeper${i}`,
      program: [{ op: 'loop', body: [{ op: 'run', ns: [200_000, 1 * NS_PER_MS] },
        { op: 'sleep', ns: [1 * NS_PER_MS, 8 * NS_PER_MS] }] }],
    })),
  ];
}

export function defaultScenario(name: string): Scenario {
  return {
    formatVersion: 1,
    name,
    description: `kernel selftest ${name} (reference §7)`,
    topology: { ...TOPOLOGY_4CPU },
    durationNs: SELFTEST_DURATION_NS,
    quietNs: SELFTEST_QUIET_NS,
    tasks: defaultTasks(),
  };
}

/** Records what the selftests would look at: ops called, scx_state transitions, CPU time per task. */
export class SelftestRecorder implements TraceSink {
  readonly opCounts = new Map<string, number>();
  readonly opPids = new Map<string, Set<number>>();
  readonly scxStates: { t: number; state: string; scheduler: string }[] = [];
  readonly exits: { t: number; kind: string; msg: string }[] = [];
  /** Per CPU: [startNs, endNs, pid] intervals of non-idle execution. */
  private readonly intervals: { cpu: number; pid: number; from: number; to: number }[] = [];
  private readonly current = new Map<number, { pid: number; from: number }>();
  endNs = 0;

  event(e: TraceEvent): void {
    switch (e.type) {
      case 'op': {
        this.opCounts.set(e.op, (this.opCounts.get(e.op) ?? 0) + 1);
        let pids = this.opPids.get(e.op);
        if (!pids) { pids = new Set(); this.opPids.set(e.op, pids); }
        pids.add(e.pid);
        return;
      }
      case 'scx_state': this.scxStates.push({ t: e.t, state: e.state, scheduler: e.scheduler }); return;
      case 'exit': this.exits.push({ t: e.t, kind: e.kind, msg: e.msg }); return;
      case 'switch': {
        const open = this.current.get(e.cpu);
        if (open) this.intervals.push({ cpu: e.cpu, pid: open.pid, from: open.from, to: e.t });
        if (e.next !== 0) this.current.set(e.cpu, { pid: e.next, from: e.t });
        else this.current.delete(e.cpu);
        return;
      }
      default: return;
    }
  }

  end(endNs: number): void {
    this.endNs = endNs;
    for (const [cpu, open] of this.current) this.intervals.push({ cpu, pid: open.pid, from: open.from, to: endNs });
    this.current.clear();
  }

  opCount(op: string): number {
    return this.opCounts.get(op) ?? 0;
  }

  /** CPU time in [fromNs, toNs], for one pid or (pid undefined) for all tasks, optionally on one CPU. */
  runNsBetween(fromNs: number, toNs: number, filter: { pid?: number; cpu?: number } = {}): number {
    let total = 0;
    for (const iv of this.intervals) {
      if (filter.pid !== undefined && iv.pid !== filter.pid) continue;
      if (filter.cpu !== undefined && iv.cpu !== filter.cpu) continue;
      total += Math.max(0, Math.min(toNs, iv.to) - Math.max(fromNs, iv.from));
    }
    return total;
  }

  /** Pids that ran at some point in [fromNs, toNs]. */
  pidsRunningBetween(fromNs: number, toNs: number): Set<number> {
    const pids = new Set<number>();
    for (const iv of this.intervals) if (Math.min(toNs, iv.to) > Math.max(fromNs, iv.from)) pids.add(iv.pid);
    return pids;
  }
}

export interface SelftestOptions {
  /** The test scheduler: a ready definition, or an ops factory (wrapped with defineScheduler). */
  readonly scheduler: SchedulerDefinition | (() => SchedExtOps) | null;
  /** Fields replacing the default scenario's. */
  readonly scenario?: Partial<Scenario>;
  readonly seed?: number;
  readonly name?: string;
}

export interface SelftestOutcome extends RunOutcome {
  readonly recorder: SelftestRecorder;
  readonly scenario: Scenario;
}

/** Wraps an ops factory as a SchedulerDefinition (the selftests' BPF skeleton). */
export function selftestScheduler(name: string, create: () => SchedExtOps): SchedulerDefinition {
  return defineScheduler({ kind: 'sched_ext', name, description: `selftest ${name}`, options: {}, create });
}

export function runSelftest(options: SelftestOptions): SelftestOutcome {
  const name = options.name ?? 'selftest';
  const scenario: Scenario = { ...defaultScenario(name), ...options.scenario };
  const recorder = new SelftestRecorder();
  const given = options.scheduler;
  const scheduler = given === null ? null : typeof given === 'function' ? selftestScheduler(name, given) : given;
  const outcome = runScenario({ scenario, scheduler, seed: options.seed ?? 1, sinks: [recorder] });
  return { ...outcome, recorder, scenario };
}

// ---- expectations shared by the tests ------------------------------------------------------------------

/**
 * "uei.kind == NONE after 1 s": no exit recorded and the scheduler still ENABLED (reference §7). A
 * scheduler that is loaded but has frozen the machine would only be caught by the watchdog after its
 * 1 s timeout, i.e. possibly just after the run ends; so this also checks that the machine is alive
 * while loaded (reference §1.3 select_cpu: a returned idle CPU is kicked; §4.6): every task runnable at
 * the end has run within the last second.
 */
export function expectStillLoaded(outcome: SelftestOutcome): void {
  const exits = outcome.kernel.scx.exits.map((e) => `${exitKindName(e.kind)} ${e.msg}`);
  expect(exits).toEqual([]);
  expect(outcome.kernel.scx.enableState).toBe('ENABLED');
  expect(outcome.document.exit.kind).toBe('SCX_EXIT_NONE');
  const end = outcome.recorder.endNs;
  const ran = outcome.recorder.pidsRunningBetween(end - SELFTEST_TIMEOUT_MS * NS_PER_MS, end);
  const stuck = outcome.kernel.tasks.filter((p) => p.status === 'runnable' && !ran.has(p.pid))
    .map((p) => `${p.comm}[${p.pid}] waiting in ${p.place}`);
  expect(stuck).toEqual([]);
}

/** The single (first) exit, with a readable failure when there is none. */
export function firstExit(outcome: RunOutcome): ScxExitInfo {
  const exit = outcome.kernel.scx.exits[0];
  expect(exit, 'expected the scheduler to have exited').toBeDefined();
  return exit as ScxExitInfo;
}

/**
 * After an exit (reference §4.4): every live task is back in fair (or rt) with scx state NONE, the
 * scheduler is DISABLED, and the machine keeps running tasks in the quiet phase.
 */
export function expectFallbackAfterExit(outcome: SelftestOutcome): void {
  const k = outcome.kernel;
  expect(k.scx.enableState).toBe('DISABLED');
  const alive = k.tasks.filter((p) => p.status !== 'dead');
  expect(alive.length).toBeGreaterThan(0);
  const bad = alive.filter((p) => (p.cls !== 'fair' && p.cls !== 'rt') || p.scx.state !== 'NONE')
    .map((p) => `${p.comm}[${p.pid}] cls=${p.cls} scx=${p.scx.state}`);
  expect(bad).toEqual([]);
  const quietFrom = outcome.scenario.durationNs;
  const quietTo = quietFrom + (outcome.scenario.quietNs ?? 0);
  expect(outcome.recorder.runNsBetween(quietFrom, quietTo)).toBeGreaterThan(0);
  // Every task that is runnable at the end has run at some point after the exit took effect.
  const exitAt = outcome.recorder.exits[0]?.t ?? 0;
  const ranAfter = outcome.recorder.pidsRunningBetween(exitAt, quietTo);
  const starved = alive.filter((p) => p.status === 'runnable' && !ranAfter.has(p.pid)).map((p) => `${p.comm}[${p.pid}]`);
  expect(starved).toEqual([]);
}

/** The selftests' NUM_CHILDREN for the select_cpu_* tests. */
export const NUM_CHILDREN = 1028;

/**
 * A parent that forks `count` children named `childComm` (like the selftests' run()), then waits; each
 * child runs briefly, sleeps and exits 0. `paceNs` > 0 makes the parent sleep between forks, which keeps
 * the 4 CPUs mostly idle at the children's wake-ups; 0 forks in a tight loop.
 */
export function forkingParent(childComm: string, count = NUM_CHILDREN, paceNs = 0): TaskSpec {
  return {
    comm: 'runner',
    program: [
      { op: 'loop', times: count, body: [{ op: 'fork', child: {
        comm: childComm,
        program: [{ op: 'run', ns: [20_000, 100_000] }, { op: 'sleep', ns: [1 * NS_PER_MS, 20 * NS_PER_MS] },
          { op: 'run', ns: [10_000, 50_000] }, { op: 'exit' }],
      } }, { op: 'run', ns: 10_000 }, ...(paceNs > 0 ? [{ op: 'sleep' as const, ns: paceNs }] : [])] },
      { op: 'wait' },
    ],
  };
}

/**
 * The first exit was claimed at `claimNs`: its `exit` event follows when the disable work is done
 * (SCX_DISABLE_WORK_LATENCY_NS, then SCX_DISABLE_TASK_NS for each task it walks; kernel/sched/ext.c
 * scx_disable_workfn → scx_root_disable).
 */
export function expectExitClaimedAt(outcome: SelftestOutcome, claimNs: number): void {
  const t = outcome.recorder.exits[0]?.t ?? -1;
  expect(t - claimNs).toBeGreaterThanOrEqual(SCX_DISABLE_WORK_LATENCY_NS);
  expect(t - claimNs).toBeLessThanOrEqual(SCX_DISABLE_WORK_LATENCY_NS + outcome.kernel.tasks.length * SCX_DISABLE_TASK_NS);
}
