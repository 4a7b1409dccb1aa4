// Run metrics for the summary and the JSON document: per-task wait latency (p50/p99/max), CPU share,
// context switches and migrations. Presentation only: properties never read these. A wait still in progress
// when the run ends counts in the longest wait (a task that never got a CPU waited the whole run, not 0 ns);
// percentiles are of finished waits. Waits stream into per-task WaitStats (model/kernel/waitStats.ts): exact
// while a task has at most WAIT_VALUES_EXACT_MAX distinct waits, a histogram beyond (percentiles within
// 0.2 %, max exact).
import type { Kernel } from '../model/kernel/kernel.ts';
import { waitPercentiles } from '../model/kernel/waitStats.ts';

export interface TaskMetrics {
  readonly pid: number;
  readonly comm: string;
  readonly cls: string;
  readonly runNs: number;
  readonly cpuShare: number;
  readonly waitP50Ns: number;
  readonly waitP99Ns: number;
  /** The longest wait, counting the one still in progress when the run ended. */
  readonly waitMaxNs: number;
  /** The wait still in progress when the run ended (0: the task was not waiting for a CPU). */
  readonly waitingAtEndNs: number;
  /** False for a task that never got a CPU: its percentiles (of finished waits) are then meaningless. */
  readonly ran: boolean;
  readonly switches: number;
  readonly migrations: number;
}

export interface RunMetrics {
  readonly tasks: readonly TaskMetrics[];
  readonly waitP50Ns: number;
  readonly waitP99Ns: number;
  readonly waitMaxNs: number;
  readonly switches: number;
  readonly migrations: number;
  /** Busy CPU time / (online CPUs × simulated time), in per mille. */
  readonly utilisationPermille: number;
  /**
   * The longest wait of any task across a scheduler exit (began before it, ended after it), counted from
   * the exit: how long the fallback kept a task waiting, not how long it had waited before.
   */
  readonly fallbackWaitMaxNs: number;
  /** Live tasks per class at the end of the run (after a fallback: all fair or rt). */
  readonly liveTasksByClass: Readonly<Record<string, number>>;
}

/** Nearest-rank percentile of sorted values (0 for an empty list). */
export function percentile(sorted: readonly number[], pct: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((pct / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function collectMetrics(k: Kernel, simulatedNs: number): RunMetrics {
  let switches = 0;
  let migrations = 0;
  let busyNs = 0;
  const tasks = k.tasks.map((p) => {
    const waits = p.stats.waits;
    const [waitP50Ns, waitP99Ns] = waitPercentiles([waits], [50, 99]) as [number, number];
    switches += p.stats.switches;
    migrations += p.stats.migrations;
    busyNs += p.stats.runNs;
    const waitingAtEndNs = p.status !== 'dead' && p.stats.waitStartNs >= 0 ? Math.max(0, simulatedNs - p.stats.waitStartNs) : 0;
    return {
      pid: p.pid, comm: p.comm, cls: p.cls, runNs: p.stats.runNs,
      cpuShare: simulatedNs > 0 ? Math.round((p.stats.runNs / simulatedNs) * 1000) / 1000 : 0,
      waitP50Ns, waitP99Ns, waitMaxNs: Math.max(waits.maxNs, waitingAtEndNs), waitingAtEndNs,
      ran: waits.count > 0 || p.stats.runNs > 0, switches: p.stats.switches, migrations: p.stats.migrations,
    };
  });
  const [waitP50Ns, waitP99Ns] = waitPercentiles(k.tasks.map((p) => p.stats.waits), [50, 99]) as [number, number];
  let waitMaxNs = 0;
  for (const p of k.tasks) waitMaxNs = Math.max(waitMaxNs, p.stats.waits.maxNs);
  for (const t of tasks) waitMaxNs = Math.max(waitMaxNs, t.waitingAtEndNs);
  const capacity = k.nrCpus * simulatedNs;
  const liveTasksByClass: Record<string, number> = { rt: 0, fair: 0, ext: 0 };
  let fallbackWaitMaxNs = 0;
  for (const p of k.tasks) {
    fallbackWaitMaxNs = Math.max(fallbackWaitMaxNs, p.stats.waitAcrossExitNs);
    if (p.status !== 'dead') liveTasksByClass[p.cls] = (liveTasksByClass[p.cls] ?? 0) + 1;
  }
  return {
    tasks, waitP50Ns, waitP99Ns, waitMaxNs,
    switches, migrations, utilisationPermille: capacity > 0 ? Math.round((busyNs * 1000) / capacity) : 0,
    fallbackWaitMaxNs, liveTasksByClass,
  };
}
