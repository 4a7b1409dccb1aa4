// Goal (issue 14, item 5: campaigns on every core): a worker lane of the check pool that cancels a slice (a
// failure was found in an earlier one) goes on with the next job on a fresh worker, and the cancelled
// worker's late exit does not end that job. Before the fix, the old worker's exit reached the next job's
// listener: `check --scheduler all --seed 1 --runs 300` reported rlfifo, central and bpfland as failing
// after 1 run with no violation, once rustland's failure cancelled a running slice.
import { describe, expect, it } from 'vitest';
import type { CheckJob } from '../../cli/checkJob.ts';
import { Lane } from '../../cli/checkPool.ts';
import { releaseCheckWorkers } from '../../cli/checkWorkers.ts';

const job = (runs: number): CheckJob => ({ scheduler: 'simple', mode: 'generated', seed: 1, runs, properties: null, knownLimits: true, firstRun: 0 });

describe('check pool lane', () => {
  it('should run the next job to its end after cancelling one', async () => {
    const lane = new Lane();
    try {
      let started!: () => void;
      const running = new Promise<void>((resolve) => { started = resolve; });
      const first = lane.run(job(1000), 60_000, () => started());
      await running;
      lane.cancel();
      expect((await first).kind).toBe('cancelled');
      const next = await lane.run(job(3), 60_000, () => {});
      expect(next.kind).toBe('slice');
      if (next.kind === 'slice') expect(next.slice.counts).toMatchObject({ runs: 3, passed: 3, failed: 0 });
    } finally {
      lane.close();
      releaseCheckWorkers();
    }
  });
});
