// `schedcheck check`/`gate` jobs run on the test's own thread instead of in worker threads (cli/checkPool.ts
// `runJobs`): the same campaign functions the worker (cli/checkWorker.ts) calls, without the wall-clock
// guard and without a worker's start-up (about 2 s of CPU each: it loads the model again through tsx).
// For tests of what commands make of job results (sharding, merge, gate, JUnit), not of the guard:
//   vi.mock('../../cli/checkPool.ts', async (original) => ({ ...(await original()), runJobs: runJobsInProcess }));
import { InputError } from '../../model/kernel/assert.ts';
import { type CampaignHooks, runGenerated, runScenarios, runSweep } from '../../cli/campaign/index.ts';
import type { CheckJob } from '../../cli/checkJob.ts';
import type { JobOutcome } from '../../cli/checkPool.ts';
import { loadScheduler } from '../../cli/resolve.ts';

export async function runJobsInProcess(jobs: readonly CheckJob[]): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  for (const job of jobs) {
    try {
      const scheduler = await loadScheduler(job.scheduler);
      const options = {
        scheduler, schedulerRef: job.scheduler, properties: job.properties, seed: job.seed, runs: job.runs, knownLimits: job.knownLimits,
        ...(job.shard !== undefined ? { shard: job.shard } : {}), ...(job.latencySample !== undefined ? { latencySample: job.latencySample } : {}),
        ...(job.shrinkRuns !== undefined ? { shrinkRuns: job.shrinkRuns } : {}), ...(job.reduceRuns !== undefined ? { reduceRuns: job.reduceRuns } : {}),
      };
      // A frozen clock: results never depend on the machine's speed (timing figures read 0).
      const hooks: CampaignHooks = { now: () => 0 };
      const result = job.mode === 'generated' ? runGenerated(options, hooks)
        : job.mode === 'sweep' ? runSweep(options, job.sweep!, hooks) : runScenarios(options, job.entries ?? [], hooks);
      outcomes.push({ ok: true, result });
    } catch (error) {
      const usage = error instanceof InputError || (error instanceof Error && error.name === 'UsageError');
      outcomes.push({ ok: false, kind: usage ? 'usage' : 'internal', message: String(error), stack: '' });
    }
  }
  return outcomes;
}
