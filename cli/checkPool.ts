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
import { errorFault, exitFault, type GuardFault, SilenceWatch, workerEntry } from './guard.ts';
import { newProbeBuffer, ProbeReader } from './probeCells.ts';

/** Most jobs run at once (never more than the machine's cores). */
export const CHECK_WORKERS_MAX = 4;

export type JobOutcome =
  | { readonly ok: true; readonly result: CampaignResult }
  | { readonly ok: false; readonly kind: 'usage' | 'internal'; readonly message: string; readonly stack: string };

export interface PoolHooks {
  onProgress?(jobIndex: number, runs: number, failures: number): void;
}

export function checkConcurrency(jobs: number): number {
  return Math.max(1, Math.min(jobs, CHECK_WORKERS_MAX, availableParallelism()));
}

/** The scheduler's own fault (hung, process.exit(), out of memory) as the failure of the run in progress. */
function faultResult(job: CheckJob, runs: number, current: { scenario: Scenario; seed: number } | null,
  fault: GuardFault): CampaignResult {
  const none = { runs: 0, waitP50Ns: 0, waitP99Ns: 0, waitMaxNs: 0 };
  return {
    scheduler: job.scheduler, mode: job.mode, runs: runs + 1, passed: runs, expectedViolations: 0, failed: 1,
    inconclusive: 0, firstInconclusive: null, properties: [], latency: none, eevdf: null, elapsedMs: 0,
    failure: current === null ? null : {
      source: job.mode, scenario: current.scenario, runSeed: current.seed, shrinks: 0, lastEvents: [], traceHash: '',
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
  let runs = 0;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: JobOutcome): void => {
      if (settled) return;
      settled = true;
      watch.stop();
      void worker.terminate();
      resolve(outcome);
    };
    const fault = (f: GuardFault, stack = ''): void => settle(f.kind === 'scheduler'
      ? { ok: true, result: faultResult(job, runs, current, f) }
      : { ok: false, kind: 'internal', message: f.message, stack });
    const watch = new SilenceWatch(reader, limitMs, (f) => fault(f));
    worker.on('message', (message: WorkerMessage) => {
      watch.touch();
      if (message.type === 'run') {
        current = { scenario: message.scenario, seed: message.seed };
      } else if (message.type === 'progress') {
        runs = message.runs;
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

/** Runs every job, at most `checkConcurrency` at once; outcomes come back in job order. */
export async function runJobs(jobs: readonly CheckJob[], limitMs: number, hooks: PoolHooks = {}): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = new Array<JobOutcome>(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      outcomes[index] = await runJob(jobs[index] as CheckJob, index, limitMs, hooks);
    }
  };
  await Promise.all(Array.from({ length: checkConcurrency(jobs.length) }, lane));
  return outcomes;
}
