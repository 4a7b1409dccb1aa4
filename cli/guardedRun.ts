// runScenarioGuarded: the public, in-process form of the command line's guarded run (cli/guard.ts). runScenario
// runs on the caller's thread, so a callback that never returns would hang the caller — a vitest run
// included, whose test timeout cannot fire while the thread spins. This runs the simulation in a worker
// under the wall-clock guard instead, and rejects with a SchedulerFault when the scheduler hangs, calls
// process.exit() or runs out of memory. The scheduler is named by module path (or shipped name), because
// a worker loads its own copy: a definition object cannot cross threads.
import type { SchedulerOptions } from '../model/kernel/ops.ts';
import type { RunDocument } from '../scenarios/runner.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import { runGuarded, wallClockLimitMs } from './guard.ts';

export interface GuardedRunOptions {
  /** A path to a scheduler module (absolute, or relative to the working folder), a shipped name, or `eevdf`. */
  readonly scheduler: string;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly options?: SchedulerOptions;
  /** Property names to check (default: the scenario's default set). */
  readonly properties?: readonly string[];
  /** Silence of scheduler code that counts as a hang (default SCHEDCHECK_WALL_CLOCK_MS, else 5000). */
  readonly wallClockMs?: number;
  /** The worker's heap limit in MB (default: Node's). */
  readonly maxHeapMb?: number;
}

/** The scheduler's own fault: hung in a callback, process.exit(), or out of memory (the CLI's exit 1). */
export class SchedulerFault extends Error {
  override readonly name = 'SchedulerFault';
}

/**
 * Runs one scenario in a worker under the wall-clock guard; resolves with the run document.
 *
 * @example
 * ```ts
 * const document = await runScenarioGuarded({ scheduler: './sched.ts', scenario, seed: 1, wallClockMs: 2000 });
 * ```
 */
export async function runScenarioGuarded(options: GuardedRunOptions): Promise<RunDocument> {
  const reply = await runGuarded({ scheduler: options.scheduler, scenario: options.scenario, seed: options.seed,
    options: options.options ?? {}, properties: options.properties ?? null },
  options.wallClockMs ?? wallClockLimitMs(), options.maxHeapMb ? { maxHeapMb: options.maxHeapMb } : {});
  if (reply.ok) return reply.document;
  if (reply.kind === 'scheduler') throw new SchedulerFault(reply.message);
  throw new Error(reply.message);
}
