// The wall-clock guard (DESIGN.md, The scheduler interface): a callback that never returns cannot be
// stopped deterministically, so the CLI runs each simulation in a worker and, past the time limit,
// terminates it and reports "scheduler hung in <callback>" (exit 1) instead of hanging.
import { Worker } from 'node:worker_threads';
import { SCX_OP_NAMES, type SchedulerOptions } from '../model/kernel/ops.ts';
import type { RunDocument } from '../scenarios/runner.ts';
import type { Scenario } from '../scenarios/scenario.ts';

export interface SimRequest {
  /** A shipped name, `eevdf`, or a path to a scheduler module (loaded inside the worker). */
  readonly scheduler: string;
  /** The validated scenario itself (a shipped one or one read from a file). */
  readonly scenario: Scenario;
  readonly seed: number;
  readonly options: SchedulerOptions;
  readonly tracePath?: string;
  /** The properties to check by name (default: the scenario's default set). */
  readonly properties?: readonly string[] | null;
  /** Keep an excerpt of the trace around the first violation (`schedcheck replay`). */
  readonly excerpt?: boolean;
}

/** Trace lines around the first violation: before it (up to when it was reported) and after. */
export interface TraceExcerpt {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export type SimReply =
  | { readonly ok: true; readonly document: RunDocument; readonly excerpt?: TraceExcerpt }
  | { readonly ok: false; readonly kind: 'usage' | 'internal' | 'hung'; readonly message: string; readonly stack?: string };

/** Default wall-clock limit for one simulation; SCHEDCHECK_WALL_CLOCK_MS overrides it. */
export const WALL_CLOCK_LIMIT_MS_DEFAULT = 120_000;

export function wallClockLimitMs(): number {
  const text = process.env['SCHEDCHECK_WALL_CLOCK_MS'];
  const value = text === undefined ? NaN : Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : WALL_CLOCK_LIMIT_MS_DEFAULT;
}

export function runGuarded(request: SimRequest, limitMs: number): Promise<SimReply> {
  const shared = new SharedArrayBuffer(4);
  const marker = new Int32Array(shared);
  Atomics.store(marker, 0, -1);
  const worker = new Worker(new URL('./simWorkerEntry.js', import.meta.url), { workerData: { ...request, shared } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const index = Atomics.load(marker, 0);
      const where = index >= 0 ? `ops.${SCX_OP_NAMES[index] ?? '?'}()` : 'the kernel model';
      void worker.terminate();
      resolve({ ok: false, kind: 'hung', message: `scheduler hung in ${where} (no return within ${limitMs} ms)` });
    }, limitMs);
    worker.once('message', (reply: SimReply) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(reply);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, kind: 'internal', message: error.message, stack: error.stack ?? '' });
    });
  });
}
