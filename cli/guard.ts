// The wall-clock guard (DESIGN.md, The scheduler interface): a callback that never returns cannot be
// stopped deterministically, so the CLI runs each simulation in a worker and watches it from the main
// thread. The worker reports where scheduler code runs and beats on every callback entry and return and on
// every simulated millisecond (cli/probeCells.ts). Scheduler code silent for `limitMs` — no return, no
// simulated progress — is reported as "scheduler hung in ops.<callback>()" (exit 1). Load cannot fake
// that: the short limit only applies while the worker sits inside scheduler code, where a healthy callback
// spends microseconds; loading the module and the kernel model's own (bounded) work get the backstop.
// The worker's other ways of ending are reported for what they are too: process.exit() called by the
// scheduler, and running out of memory (an unbounded allocation).
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SchedulerOptions } from '../model/kernel/ops.ts';
import { probeName } from '../model/kernel/probe.ts';
import { HUNG, OUT_OF_MEMORY, PROCESS_EXIT } from '../properties/noSchedulerError.ts';
import type { RunDocument } from '../scenarios/runner.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import { newProbeBuffer, ProbeReader } from './probeCells.ts';

export interface SimRequest {
  /** A shipped name, `eevdf`, or a path to a scheduler module (loaded inside the worker). */
  readonly scheduler: string;
  /** The validated scenario itself (a shipped one or one read from a file). */
  readonly scenario: Scenario;
  readonly seed: number;
  readonly options: SchedulerOptions;
  readonly tracePath?: string;
  /** `--perfetto FILE` and `--html FILE` (cli/reports/), written by the worker at the end of the run. */
  readonly perfettoPath?: string;
  readonly htmlPath?: string;
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

/**
 * `scheduler`: the scheduler's own fault, exit 1 — a callback that never returned, process.exit() called
 * from scheduler code, or the worker's heap exhausted.
 */
export type SimReply =
  | { readonly ok: true; readonly document: RunDocument; readonly excerpt?: TraceExcerpt }
  | { readonly ok: false; readonly kind: 'usage' | 'internal' | 'scheduler'; readonly message: string; readonly stack?: string;
      /** For `scheduler`: the no-scheduler-error reason (HUNG, PROCESS_EXIT, OUT_OF_MEMORY). */
      readonly reason?: string };

/** Default: scheduler code silent this long is hung (SCHEDCHECK_WALL_CLOCK_MS overrides it). */
export const WALL_CLOCK_LIMIT_MS_DEFAULT = 5_000;
/** Silence tolerated while the worker loads the scheduler module or runs the kernel model alone. */
export const WALL_CLOCK_BACKSTOP_MS = 120_000;
/** How often the guard looks at the worker. */
const GUARD_POLL_MS_MAX = 100;

export function wallClockLimitMs(): number {
  const text = process.env['SCHEDCHECK_WALL_CLOCK_MS'];
  const value = text === undefined ? NaN : Number(text);
  return Number.isSafeInteger(value) && value > 0 ? value : WALL_CLOCK_LIMIT_MS_DEFAULT;
}

/** The worker entry, next to this file (ESM: dist/cli/ or cli/) or under cli/ beside the CommonJS bundle. */
export function workerEntry(): URL {
  const here = import.meta.url as string | undefined;
  return here ? new URL('./simWorkerEntry.js', here) : pathToFileURL(join(__dirname, 'cli', 'simWorkerEntry.js'));
}

/** Where scheduler code was when the worker was seen last. */
function where(reader: ProbeReader): string {
  const name = probeName(reader.probe);
  if (name !== null) return `in ${name}`;
  return reader.ready ? 'outside any callback' : 'while its module was loading';
}

export interface GuardFault {
  readonly kind: 'scheduler' | 'internal';
  readonly message: string;
  /** For `scheduler`: the no-scheduler-error reason. */
  readonly reason?: string;
}

/**
 * Watches a worker: calls `onFault` once when scheduler code has been silent too long. `touch()` counts as
 * a heartbeat (a message from the worker). Returns the watcher; `stop()` it when the worker is done.
 */
export class SilenceWatch {
  private lastBeat = -1;
  private lastChangeMs = Date.now();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(readonly reader: ProbeReader, private readonly limitMs: number,
    onFault: (fault: GuardFault) => void, onPoll?: (reader: ProbeReader) => void) {
    this.timer = setInterval(() => {
      onPoll?.(reader);
      const fault = this.check(Date.now());
      if (fault) { this.stop(); onFault(fault); }
    }, Math.max(1, Math.min(GUARD_POLL_MS_MAX, Math.floor(limitMs / 2))));
  }

  touch(): void {
    this.lastChangeMs = Date.now();
  }

  private check(nowMs: number): GuardFault | null {
    const exitCode = this.reader.exitCode;
    if (exitCode !== null) return exitFault(this.reader, exitCode);
    const beat = this.reader.beat;
    if (beat !== this.lastBeat) {
      this.lastBeat = beat;
      this.lastChangeMs = nowMs;
      return null;
    }
    const silentMs = nowMs - this.lastChangeMs;
    const inScheduler = probeName(this.reader.probe) !== null;
    if (inScheduler && this.reader.ready && silentMs > this.limitMs) {
      return { kind: 'scheduler', reason: HUNG, message: `scheduler hung ${where(this.reader)} (no return and no simulated ` +
        `progress for ${this.limitMs} ms; SCHEDCHECK_WALL_CLOCK_MS sets the limit)` };
    }
    if (silentMs <= Math.max(this.limitMs, WALL_CLOCK_BACKSTOP_MS)) return null;
    if (!this.reader.ready || inScheduler) {
      return { kind: 'scheduler', reason: HUNG, message: `scheduler hung ${where(this.reader)} (no progress for ${silentMs} ms)` };
    }
    return { kind: 'internal', message: `the kernel model made no progress for ${silentMs} ms` };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * SIGKILLs the exec client the worker had alive (exec/): a worker thread the guard terminates cannot end
 * its client itself, and a hung client would outlive the run.
 */
export function killClient(reader: ProbeReader): void {
  const pid = reader.childPid;
  if (pid <= 0) return;
  try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
}

/** The scheduler ended the worker itself: process.exit() from its code. */
export function exitFault(reader: ProbeReader, code: number): GuardFault {
  return { kind: 'scheduler', reason: PROCESS_EXIT, message: `scheduler called process.exit(${code}) ${where(reader)}` };
}

/** A worker error: running out of memory is the scheduler's unbounded allocation; anything else is internal. */
export function errorFault(reader: ProbeReader, error: Error): GuardFault {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { kind: 'scheduler', reason: OUT_OF_MEMORY, message: `scheduler ran out of memory ${where(reader)} (the worker's heap limit ` +
      'was reached: an unbounded allocation)' };
  }
  return { kind: 'internal', message: error.message };
}

export interface GuardOptions {
  /** The worker's heap limit in MB (resourceLimits.maxOldGenerationSizeMb; default: Node's). */
  readonly maxHeapMb?: number;
  /** Called on every guard poll with the simulated milliseconds so far (a progress line). */
  readonly onProgress?: (simulatedMs: number) => void;
}

export function runGuarded(request: SimRequest, limitMs: number, options: GuardOptions = {}): Promise<SimReply> {
  const shared = newProbeBuffer();
  const reader = new ProbeReader(shared);
  const worker = new Worker(workerEntry(), { workerData: { ...request, shared },
    ...(options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } } : {}) });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reply: SimReply): void => {
      if (settled) return;
      settled = true;
      watch.stop();
      killClient(reader);
      void worker.terminate();
      resolve(reply);
    };
    const fail = (fault: GuardFault): void => settle({ ok: false, ...fault });
    const onProgress = options.onProgress;
    const watch = new SilenceWatch(reader, limitMs, fail, onProgress ? (r) => onProgress(r.simulatedMs) : undefined);
    worker.once('message', (reply: SimReply) => settle(reply));
    worker.once('error', (error) => {
      const fault = errorFault(reader, error);
      settle({ ok: false, ...fault, ...(fault.kind === 'internal' ? { stack: error.stack ?? '' } : {}) });
    });
    worker.once('exit', (code) => fail(exitFault(reader, code)));
  });
}
