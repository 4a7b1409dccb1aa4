// Runs `schedcheck check` jobs on a few worker threads, each job under the wall-clock guard (DESIGN.md: a
// callback that never returns cannot be stopped deterministically): the worker reports every run before it
// starts; if scheduler code stays silent longer than the limit (cli/guard.ts), or calls process.exit(), or
// exhausts the heap, the worker is terminated and the job reports it as a no-scheduler-error failure with
// that run's scenario. A worker stays loaded from one job to the next (start-up is paid once per worker).
// A generated campaign is cut into slices of runs (cli/campaign/runList.ts) that every worker takes from
// one queue, so all cores work on one scheduler's runs (balance by run, not by scheduler); the slices merge
// in run order into the result one worker gives (issue 14, item 5). A slice after one that failed is not
// started, and one running is stopped as soon as the failure is found (before it is shrunk); the eevdf
// latency sample is asked only of slices that may still be among the first passes.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { HUNG } from '../properties/noSchedulerError.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import {
  type CampaignOptions, type CampaignResult, campaignRuns, EEVDF_SAMPLE_RUNS, type GeneratedSlice, mergeGeneratedSlices, sliceRuns,
  slicesOf,
} from './campaign/index.ts';
import type { CheckJob, WorkerMessage } from './checkJob.ts';
import { CHECK_WORKERS_MAX, releaseCheckWorkers, takeCheckWorker } from './checkWorkers.ts';
import { errorFault, exitFault, type GuardFault, killClient, SilenceWatch } from './guard.ts';
import type { ProbeReader } from './probeCells.ts';

export { CHECK_WORKERS_MAX } from './checkWorkers.ts';

export type JobOutcome =
  | { readonly ok: true; readonly result: CampaignResult }
  | { readonly ok: false; readonly kind: 'usage' | 'internal'; readonly message: string; readonly stack: string };

export interface PoolHooks {
  onProgress?(jobIndex: number, runs: number, failures: number): void;
}

/**
 * Workers: --workers if given, else as many as the machine has cores (at most CHECK_WORKERS_MAX); never more
 * than there is work for (`units`: slices of runs, or jobs that do not split).
 */
export function checkConcurrency(units: number, workers?: number): number {
  return Math.max(1, Math.min(units, workers ?? Math.min(CHECK_WORKERS_MAX, availableParallelism())));
}

/** Slices of runs a job splits into (generated campaigns), or 1. */
export function unitsOf(job: CheckJob): number {
  return splits(job) ? Math.ceil(job.runs / sliceRuns(job.runs)) : 1;
}

function splits(job: CheckJob): boolean {
  // A shard of a campaign (--shard) runs whole: its runs are every N-th of the campaign (cli/shard.ts).
  return job.mode === 'generated' && job.firstRun === undefined && job.shard === undefined;
}

/** What one job on a worker came to: its answer, an error it reported, or the guard's verdict. */
type LaneOutcome =
  | { readonly kind: 'done'; readonly result: CampaignResult }
  | { readonly kind: 'slice'; readonly slice: GeneratedSlice }
  | { readonly kind: 'error'; readonly error: Extract<JobOutcome, { ok: false }> }
  /** Stopped from the main thread: a slice after one that failed. */
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'fault'; readonly fault: GuardFault; readonly stack: string; readonly runs: number;
      readonly current: { scenario: Scenario; seed: number } | null; readonly startedAtMs: number; readonly runStartMs: number };

/** A worker thread that runs jobs one at a time; a fault ends it, and the next job starts a fresh one. */
export class Lane {
  private worker: Worker | null = null;
  private reader: ProbeReader | null = null;
  private listener: { message(m: WorkerMessage): void; error(e: Error): void; exit(code: number): void } | null = null;
  private cancelRunning: (() => void) | null = null;

  private start(): { worker: Worker; reader: ProbeReader } {
    if (this.worker !== null && this.reader !== null) return { worker: this.worker, reader: this.reader };
    const { worker, reader } = takeCheckWorker();
    // Only the lane's current worker speaks to the current job: a worker closed after a cancelled slice
    // exits later, and its exit must not end the next job, which already runs on a fresh worker.
    worker.on('message', (m: WorkerMessage) => { if (this.worker === worker) this.listener?.message(m); });
    worker.on('error', (e) => { if (this.worker === worker) this.listener?.error(e); });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.listener?.exit(code);
      this.worker = null;
      this.reader = null;
    });
    this.worker = worker;
    this.reader = reader;
    return { worker, reader };
  }

  run(job: CheckJob, limitMs: number, onProgress: (runs: number, failures: number) => void,
    onFound: (run: number) => void = () => {}): Promise<LaneOutcome> {
    const { worker, reader } = this.start();
    const startedAtMs = Date.now();
    let runStartMs = startedAtMs;
    let current: { scenario: Scenario; seed: number } | null = null;
    let started = 0;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: LaneOutcome): void => {
        if (settled) return;
        settled = true;
        watch.stop();
        this.listener = null;
        this.cancelRunning = null;
        if (outcome.kind === 'fault' || outcome.kind === 'cancelled') this.close();
        resolve(outcome);
      };
      const fault = (f: GuardFault, stack = ''): void =>
        settle({ kind: 'fault', fault: f, stack, runs: started, current, startedAtMs, runStartMs });
      const watch = new SilenceWatch(reader, limitMs, (f) => fault(f));
      this.listener = {
        message: (message) => {
          watch.touch();
          if (message.type === 'run') {
            current = { scenario: message.scenario, seed: message.seed };
            runStartMs = Date.now();
            started++;
          } else if (message.type === 'progress') {
            onProgress(message.runs, message.failures);
          } else if (message.type === 'found') {
            onFound(message.run);
          } else if (message.type === 'done') {
            settle({ kind: 'done', result: message.result });
          } else if (message.type === 'slice') {
            settle({ kind: 'slice', slice: message.slice });
          } else {
            settle({ kind: 'error', error: { ok: false, kind: message.kind, message: message.message, stack: message.stack } });
          }
        },
        error: (error) => fault(errorFault(reader, error), error.stack ?? ''),
        exit: (code) => fault(exitFault(reader, code)),
      };
      this.cancelRunning = () => settle({ kind: 'cancelled' });
      worker.postMessage(job);
    });
  }

  /** Ends the job in progress (its worker is terminated; the next job starts a fresh one). */
  cancel(): void {
    this.cancelRunning?.();
  }

  close(): void {
    this.listener = null;
    // An exec scheduler's client process dies with the worker that drives it (exec/bridge.ts).
    if (this.reader !== null) killClient(this.reader);
    if (this.worker !== null) void this.worker.terminate();
    this.worker = null;
    this.reader = null;
  }
}

/** The scheduler's own fault (hung, process.exit(), out of memory) as the failure of the run in progress. */
function faultFailure(job: CheckJob, current: { scenario: Scenario; seed: number }, fault: GuardFault): NonNullable<CampaignResult['failure']> {
  return {
    source: job.mode, scenario: current.scenario, runSeed: current.seed, shrinks: 0, runsBefore: 0, lastEvents: [], traceHash: '',
    violation: { property: 'no-scheduler-error', atNs: 0, reason: fault.reason ?? HUNG, detail: fault.message },
    ...(job.mode === 'generated' ? { fcSeed: job.seed } : {}),
  };
}

/** A whole job that ended in the scheduler's fault. */
function faultResult(job: CheckJob, o: Extract<LaneOutcome, { kind: 'fault' }>): CampaignResult {
  const runs = Math.max(0, o.runs - 1);
  const none = { runs: 0, waitP50Ns: 0, waitP99Ns: 0, waitMaxNs: 0 };
  return {
    scheduler: job.scheduler, mode: job.mode, runsPlanned: job.runs, runs: runs + 1, budgetExhausted: false, passed: runs,
    expectedViolations: 0, failed: 1, inconclusive: 0, firstInconclusive: null, properties: [], latency: none, eevdf: null,
    timing: { elapsedMs: Date.now() - o.startedAtMs, beforeFailureMs: o.runStartMs - o.startedAtMs, shrinkMs: null },
    failure: o.current === null ? null : { ...faultFailure(job, o.current, o.fault), runsBefore: runs },
  };
}

/** A slice that ended in the scheduler's fault: its runs before the fault passed, the one in progress failed. */
function faultSlice(job: CheckJob, o: Extract<LaneOutcome, { kind: 'fault' }>): GeneratedSlice {
  const runs = Math.max(0, o.runs - 1);
  const failure = o.current === null ? null : (({ runsBefore: _, ...rest }) => rest)(faultFailure(job, o.current, o.fault));
  return {
    firstRun: job.firstRun ?? 0, failure, properties: [], startedAtMs: o.startedAtMs, endedAtMs: Date.now(), knownLimits: [],
    counts: { runs: runs + 1, passed: runs, expectedViolations: 0, failed: 1, inconclusive: 0, firstInconclusive: null, samples: [],
      budgetExhausted: false, firstFailure: { runsBefore: runs, beforeMs: o.runStartMs - o.startedAtMs }, shrinkMs: null, records: [] },
  };
}

/** An empty slice for one the time cap did not let start. */
function exhaustedSlice(firstRun: number, nowMs: number): GeneratedSlice {
  return {
    firstRun, failure: null, properties: [], startedAtMs: nowMs, endedAtMs: nowMs, knownLimits: [],
    counts: { runs: 0, passed: 0, expectedViolations: 0, failed: 0, inconclusive: 0, firstInconclusive: null, samples: [],
      budgetExhausted: true, firstFailure: null, shrinkMs: null, records: [] },
  };
}

/** One job's progress: its finished and running slices, and where it stopped (a failure or the cap). */
class JobState {
  readonly slices: GeneratedSlice[] = [];
  /** First run of the earliest slice that failed or ran out of time (later slices are not needed). */
  stopRun = Infinity;
  error: Extract<JobOutcome, { ok: false }> | null = null;
  result: CampaignResult | null = null;
  private readonly running = new Map<number, { runs: number; failures: number }>();
  /** The lanes running this job's slices, by first run. */
  readonly lanes = new Map<number, Lane>();

  constructor(readonly job: CheckJob, readonly index: number, readonly deadlineMs: number) {}

  /** Passing runs still worth sampling on eevdf in the slice from `firstRun` (an upper bound: see file header). */
  sampleRunsFor(firstRun: number): number {
    let sampled = 0;
    for (const s of this.slices) if (s.firstRun < firstRun) sampled += s.counts.samples.length;
    return Math.max(0, EEVDF_SAMPLE_RUNS - sampled);
  }

  progress(firstRun: number, runs: number, failures: number): { runs: number; failures: number } {
    this.running.set(firstRun, { runs, failures });
    return this.totals();
  }

  /** The slice from `firstRun` failed (it shrinks now): later slices are not needed, running ones stop. */
  found(firstRun: number): void {
    this.stopRun = Math.min(this.stopRun, firstRun);
    for (const [first, lane] of this.lanes) if (first > this.stopRun) lane.cancel();
  }

  finish(slice: GeneratedSlice): void {
    this.running.delete(slice.firstRun);
    this.slices.push(slice);
    if (slice.counts.failed > 0 || slice.counts.budgetExhausted) this.stopRun = Math.min(this.stopRun, slice.firstRun);
  }

  /** A slice stopped before its end (it came after a failing one): not part of the campaign. */
  drop(firstRun: number): void {
    this.running.delete(firstRun);
  }

  totals(): { runs: number; failures: number } {
    let runs = 0;
    let failures = 0;
    for (const s of this.slices) if (s.firstRun <= this.stopRun) { runs += s.counts.runs; failures += s.counts.failed; }
    for (const [first, p] of this.running) if (first <= this.stopRun) { runs += p.runs; failures += p.failures; }
    return { runs, failures };
  }
}

interface WorkItem {
  readonly state: JobState;
  /** A slice (firstRun, runs) of a generated job, or null for the whole job. */
  readonly slice: { readonly firstRun: number; readonly runs: number } | null;
}

function itemsOf(state: JobState): WorkItem[] {
  const job = state.job;
  if (!splits(job)) return [{ state, slice: null }];
  // The campaign's runs, in the order of the run list, cut into the slices workers take (runList.ts).
  return slicesOf(campaignRuns([job.scheduler], job.runs), sliceRuns(job.runs))
    .map(({ firstRun, runs }) => ({ state, slice: { firstRun, runs } }));
}

async function runItem(lane: Lane, item: WorkItem, limitMs: number, hooks: PoolHooks): Promise<void> {
  const { state, slice } = item;
  const job = state.job;
  const nowMs = Date.now();
  if (slice === null) {
    const outcome = await lane.run(job, limitMs, (runs, failures) => hooks.onProgress?.(state.index, runs, failures));
    if (outcome.kind === 'done') state.result = outcome.result;
    else if (outcome.kind === 'fault' && outcome.fault.kind === 'scheduler') state.result = faultResult(job, outcome);
    else if (outcome.kind === 'fault') state.error = { ok: false, kind: 'internal', message: outcome.fault.message, stack: outcome.stack };
    else if (outcome.kind === 'error') state.error = outcome.error;
    return;
  }
  if (nowMs >= state.deadlineMs) {
    state.finish(exhaustedSlice(slice.firstRun, nowMs));
    return;
  }
  const { budgetMs: _, ...rest } = job;
  const sliceJob: CheckJob = {
    ...rest, firstRun: slice.firstRun, runs: slice.runs, sampleRuns: state.sampleRunsFor(slice.firstRun),
    ...(Number.isFinite(state.deadlineMs) ? { budgetMs: Math.max(1, state.deadlineMs - nowMs) } : {}),
  };
  if (slice.firstRun > state.stopRun) return;
  state.lanes.set(slice.firstRun, lane);
  const outcome = await lane.run(sliceJob, limitMs, (runs, failures) => {
    const t = state.progress(slice.firstRun, runs, failures);
    hooks.onProgress?.(state.index, t.runs, t.failures);
  }, () => state.found(slice.firstRun));
  state.lanes.delete(slice.firstRun);
  if (outcome.kind === 'cancelled') state.drop(slice.firstRun);
  else if (outcome.kind === 'slice') state.finish(outcome.slice);
  else if (outcome.kind === 'fault' && outcome.fault.kind === 'scheduler') state.finish(faultSlice(sliceJob, outcome));
  else if (outcome.kind === 'fault') state.error ??= { ok: false, kind: 'internal', message: outcome.fault.message, stack: outcome.stack };
  else if (outcome.kind === 'error') state.error ??= outcome.error;
  else state.error ??= { ok: false, kind: 'internal', message: 'a slice answered with a whole result', stack: '' };
  const t = state.totals();
  hooks.onProgress?.(state.index, t.runs, t.failures);
}

function outcomeOf(state: JobState): JobOutcome {
  if (state.error !== null) return state.error;
  if (state.result !== null) return { ok: true, result: state.result };
  const job = state.job;
  const options: CampaignOptions = { scheduler: null, schedulerRef: job.scheduler, properties: job.properties, seed: job.seed, runs: job.runs };
  // The campaign runs from its first slice's start in a worker (worker start-up excluded, as for a whole job).
  const startMs = Math.min(...state.slices.map((s) => s.startedAtMs), Date.now());
  const endMs = Math.max(startMs, ...state.slices.map((s) => s.endedAtMs));
  return { ok: true, result: mergeGeneratedSlices(options, state.slices, startMs, endMs) };
}

export interface PoolOptions {
  /** --time-budget of the whole check, ms: generated job i may search until start + budget × (i + 1) / jobs. */
  readonly budgetMs?: number | null;
}

/**
 * Runs every job on `workers` worker threads; outcomes come back in job order. Generated campaigns run as
 * slices of runs from one queue (in job order, then run order), every other job whole.
 */
export async function runJobs(jobs: readonly CheckJob[], limitMs: number, hooks: PoolHooks = {},
  workers = checkConcurrency(jobs.reduce((n, job) => n + unitsOf(job), 0)), options: PoolOptions = {}): Promise<JobOutcome[]> {
  const startMs = Date.now();
  const budgetMs = options.budgetMs ?? null;
  const states = jobs.map((job, index) => new JobState(job, index, budgetMs === null
    ? (job.budgetMs === undefined ? Infinity : startMs + job.budgetMs * (index + 1))
    : startMs + (budgetMs * (index + 1)) / jobs.length));
  const queue = states.flatMap(itemsOf);
  let next = 0;
  const take = (): WorkItem | null => {
    while (next < queue.length) {
      const item = queue[next++] as WorkItem;
      // A slice after one that failed (or ran out of time) is not part of the campaign.
      if (item.slice !== null && (item.slice.firstRun > item.state.stopRun || item.state.error !== null)) continue;
      return item;
    }
    return null;
  };
  const lane = async (): Promise<void> => {
    const worker = new Lane();
    try {
      for (let item = take(); item !== null; item = take()) await runItem(worker, item, limitMs, hooks);
    } finally {
      worker.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, queue.length)) }, lane));
  } finally {
    releaseCheckWorkers();
  }
  return states.map(outcomeOf);
}
