// Runs `schedcheck check` jobs in worker threads, a few at a time, each under the wall-clock guard
// (DESIGN.md: a callback that never returns cannot be stopped deterministically): the worker reports every
// run before it starts; if scheduler code stays silent longer than the limit (cli/guard.ts), or calls
// process.exit(), or exhausts the heap, the worker is terminated and the job reports it as a
// no-scheduler-error failure with that run's scenario.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { HUNG } from '../properties/noSchedulerError.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import type { CampaignResult } from './campaign/index.ts';
import type { CheckJob, WorkerMessage } from './checkJob.ts';
import { errorFault, exitFault, type GuardFault, killClient, SilenceWatch, workerEntry } from './guard.ts';
import { newProbeBuffer, ProbeReader } from './probeCells.ts';

/** Most jobs run at once (never more than the machine's cores). */
export const CHECK_WORKERS_MAX = 4;

export type JobOutcome =
  | { readonly ok: true; readonly result: CampaignResult }
  | { readonly ok: false; readonly kind: 'usage' | 'internal'; readonly message: string; readonly stack: string };

export interface PoolHooks {
  onProgress?(jobIndex: number, runs: number, failures: number): void;
}

/** Jobs at once: --workers if given, else as many as the machine has cores (at most CHECK_WORKERS_MAX). */
export function checkConcurrency(jobs: number, workers?: number): number {
  return Math.max(1, Math.min(jobs, workers ?? Math.min(CHECK_WORKERS_MAX, availableParallelism())));
}

/** The scheduler's own fault (hung, process.exit(), out of memory) as the failure of the run in progress. */
function faultResult(job: CheckJob, runs: number, current: { scenario: Scenario; seed: number } | null,
  fault: GuardFault, timing: { elapsedMs: number; beforeFailureMs: number }): CampaignResult {
  const none = { runs: 0, waitP50Ns: 0, waitP99Ns: 0, waitMaxNs: 0 };
  return {
    scheduler: job.scheduler, mode: job.mode, runsPlanned: job.runs, runs: runs + 1, budgetExhausted: false, passed: runs,
    expectedViolations: 0, failed: 1, inconclusive: 0, firstInconclusive: null, properties: [], latency: none, eevdf: null,
    timing: { ...timing, shrinkMs: null },
    failure: current === null ? null : {
      source: job.mode, scenario: current.scenario, runSeed: current.seed, shrinks: 0, runsBefore: runs, lastEvents: [], traceHash: '',
      violation: { property: 'no-scheduler-error', atNs: 0, reason: fault.reason ?? HUNG, detail: fault.message },
      ...(job.mode === 'generated' ? { fcSeed: job.seed } : {}),
    },
  };
}

function runJob(job: CheckJob, index: number, limitMs: number, hooks: PoolHooks): Promise<JobOutcome> {
  const shared = newProbeBuffer();
  const reader = new ProbeReader(shared);
  const worker = new Worker(workerEntry(), { workerData: { entry: 'checkWorker', job, shared } });
  let current: { scenario: Scenario; seed: number } | null = null;
  const jobStartMs = Date.now();
  let runStartMs = jobStartMs;
  let started = 0;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: JobOutcome): void => {
      if (settled) return;
      settled = true;
      watch.stop();
      killClient(reader);
      void worker.terminate();
      resolve(outcome);
    };
    const fault = (f: GuardFault, stack = ''): void => settle(f.kind === 'scheduler'
      ? { ok: true, result: faultResult(job, Math.max(0, started - 1), current, f,
        { elapsedMs: Date.now() - jobStartMs, beforeFailureMs: runStartMs - jobStartMs }) }
      : { ok: false, kind: 'internal', message: f.message, stack });
    const watch = new SilenceWatch(reader, limitMs, (f) => fault(f));
    worker.on('message', (message: WorkerMessage) => {
      watch.touch();
      if (message.type === 'run') {
        current = { scenario: message.scenario, seed: message.seed };
        runStartMs = Date.now();
        started++;
      } else if (message.type === 'progress') {
        hooks.onProgress?.(index, message.runs, message.failures);
      } else if (message.type === 'done') {
        settle({ ok: true, result: message.result });
      } else {
        settle({ ok: false, kind: message.kind, message: message.message, stack: message.stack });
      }
    });
    worker.once('error', (error) => fault(errorFault(reader, error), error.stack ?? ''));
    worker.once('exit', (code) => fault(exitFault(reader, code)));
  });
}

/** Runs every job, `workers` at a time; outcomes come back in job order. */
export async function runJobs(jobs: readonly CheckJob[], limitMs: number, hooks: PoolHooks = {},
  workers = checkConcurrency(jobs.length)): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = new Array<JobOutcome>(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      outcomes[index] = await runJob(jobs[index] as CheckJob, index, limitMs, hooks);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, lane));
  return outcomes;
}
