// The worker side of a `schedcheck check` job: loads the scheduler, runs the campaign, and reports each
// run before it starts (so the main thread's wall-clock guard can name the scenario of a callback that
// never returns), progress, and the result. Where scheduler code runs is published in shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../model/kernel/assert.ts';
import { runGenerated, runScenarios, runSweep, type CampaignHooks } from './campaign/index.ts';
import type { CheckJob, WorkerMessage } from './checkJob.ts';
import { ProbeWriter } from './probeCells.ts';
import { loadScheduler } from './resolve.ts';

const data = workerData as { job: CheckJob; shared: SharedArrayBuffer };
const probe = new ProbeWriter(data.shared);
probe.watchExit();
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);

try {
  const job = data.job;
  const scheduler = await loadScheduler(job.scheduler);
  probe.ready();
  const options = {
    scheduler, schedulerRef: job.scheduler, properties: job.properties, seed: job.seed, runs: job.runs,
    knownLimits: job.knownLimits, ...(job.budgetMs !== undefined ? { budgetMs: job.budgetMs } : {}),
    ...(job.shrinkBudgetMs !== undefined ? { shrinkBudgetMs: job.shrinkBudgetMs } : {}),
    ...(job.shrinkRuns !== undefined ? { shrinkRuns: job.shrinkRuns } : {}),
    ...(job.reduceRuns !== undefined ? { reduceRuns: job.reduceRuns } : {}),
  };
  const hooks: CampaignHooks = {
    now: () => Date.now(),
    onRun: (scenario, seed) => post({ type: 'run', scenario, seed }),
    onProgress: (runs, failures) => post({ type: 'progress', runs, failures }),
    opProbe: probe.opProbe,
  };
  const result = job.mode === 'generated' ? runGenerated(options, hooks)
    : job.mode === 'sweep' ? runSweep(options, job.sweep as NonNullable<CheckJob['sweep']>, hooks)
      : runScenarios(options, job.entries ?? [], hooks);
  post({ type: 'done', result });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const usage = error instanceof InputError || (error instanceof Error && error.name === 'UsageError');
  post({ type: 'error', kind: usage ? 'usage' : 'internal', message, stack: error instanceof Error ? error.stack ?? '' : '' });
}
