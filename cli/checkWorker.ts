// The worker side of `schedcheck check` jobs: a worker thread takes jobs one after another from the main
// thread (it stays loaded between jobs: the module loading is paid once per worker, not per job); for each
// it loads the scheduler, runs the campaign (or one slice of a generated campaign), and reports each run
// before it starts (so the main thread's wall-clock guard can name the scenario of a callback that never
// returns), progress, and the result. Where scheduler code runs is published in shared memory.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../model/kernel/assert.ts';
import { runGenerated, runGeneratedSlice, runScenarios, runSweep, type CampaignHooks } from './campaign/index.ts';
import type { CheckJob, WorkerMessage } from './checkJob.ts';
import { ProbeWriter } from './probeCells.ts';
import { loadScheduler } from './resolve.ts';

const data = workerData as { shared: SharedArrayBuffer };
const probe = new ProbeWriter(data.shared);
probe.watchExit();
probe.watchChildren();
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);

async function runJob(job: CheckJob): Promise<void> {
  try {
    probe.loading();
    const scheduler = await loadScheduler(job.scheduler);
    probe.ready();
    const options = {
      scheduler, schedulerRef: job.scheduler, properties: job.properties, seed: job.seed, runs: job.runs,
      knownLimits: job.knownLimits, ...(job.budgetMs !== undefined ? { budgetMs: job.budgetMs } : {}),
      ...(job.shrinkBudgetMs !== undefined ? { shrinkBudgetMs: job.shrinkBudgetMs } : {}),
      ...(job.shard !== undefined ? { shard: job.shard } : {}),
      ...(job.latencySample !== undefined ? { latencySample: job.latencySample } : {}),
      ...(job.shrinkRuns !== undefined ? { shrinkRuns: job.shrinkRuns } : {}),
      ...(job.reduceRuns !== undefined ? { reduceRuns: job.reduceRuns } : {}),
    };
    const hooks: CampaignHooks = {
      now: () => Date.now(),
      onRun: (scenario, seed) => post({ type: 'run', scenario, seed }),
      onProgress: (runs, failures) => post({ type: 'progress', runs, failures }),
      onFailureFound: (run) => post({ type: 'found', run }),
      opProbe: probe.opProbe,
    };
    if (job.mode === 'generated' && job.firstRun !== undefined) {
      post({ type: 'slice', slice: runGeneratedSlice(options, hooks, job.firstRun, job.runs, job.sampleRuns) });
      return;
    }
    const result = job.mode === 'generated' ? runGenerated(options, hooks)
      : job.mode === 'sweep' ? runSweep(options, job.sweep as NonNullable<CheckJob['sweep']>, hooks)
        : runScenarios(options, job.entries ?? [], hooks);
    post({ type: 'done', result });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof InputError || (error instanceof Error && error.name === 'UsageError');
    post({ type: 'error', kind: usage ? 'usage' : 'internal', message, stack: error instanceof Error ? error.stack ?? '' : '' });
  }
}

parentPort?.on('message', (job: CheckJob) => void runJob(job));
