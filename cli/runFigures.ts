// The few figures of a run that `schedcheck gate` compares with its baseline (issue 12, item 5): wait
// latency (p99 and max), the fallback's delay across a scheduler exit, migrations, and how evenly the CPU
// time was shared. All of them come from the run document's `metrics` (scenarios/metrics.ts); integers, so
// a baseline file stays exact and diffable.
import type { RunDocument } from '../scenarios/runner.ts';

export interface RunFigures {
  /** The run's 99th-percentile wake-to-run wait (metrics.waitP99Ns). */
  readonly waitP99Ns: number;
  /** The run's longest wait, counting one still in progress at the end (metrics.waitMaxNs). */
  readonly waitMaxNs: number;
  /** The longest wait of a task across a scheduler exit, from the exit on (metrics.fallbackWaitMaxNs; 0: no exit). */
  readonly fallbackWaitMaxNs: number;
  /** set_task_cpu migrations of every task (metrics.migrations). */
  readonly migrations: number;
  /**
   * CPU share fairness: Jain's index (Σx)² / (n·Σx²) of the CPU time x of each task that ran, in per mille
   * (1000: every task got the same CPU time; 1000/n: one task got it all). Tasks that sleep by design lower it,
   * so it means something only next to the same scenario's figure in a baseline.
   */
  readonly fairnessPermille: number;
}

/** Names of the figures, in report order. */
export const FIGURE_NAMES: readonly (keyof RunFigures)[] = ['waitP99Ns', 'waitMaxNs', 'fallbackWaitMaxNs', 'migrations', 'fairnessPermille'];

/** Jain's fairness index of `values`, per mille (1000 for no values). */
export function jainPermille(values: readonly number[]): number {
  let sum = 0;
  let squares = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
  }
  return squares === 0 ? 1000 : Math.round((1000 * sum * sum) / (values.length * squares));
}

export function runFigures(document: RunDocument): RunFigures {
  const m = document.metrics;
  return {
    waitP99Ns: m.waitP99Ns, waitMaxNs: m.waitMaxNs, fallbackWaitMaxNs: m.fallbackWaitMaxNs, migrations: m.migrations,
    fairnessPermille: jainPermille(m.tasks.filter((t) => t.runNs > 0).map((t) => t.runNs)),
  };
}
