// Goal: the watchdog measures the time since a task last started waiting (reference §4.6: runnable_at is
// re-stamped when a task becomes runnable after having run), so a task that ran for longer than the timeout
// and is then preempted is not reported as stalled, while a task kept in custody is. Method: a scheduler
// that gives one hog an infinite slice on a single CPU for 1.5 s, then kicks it off with SCX_KICK_PREEMPT.
import { describe, expect, it } from 'vitest';
import { NS_PER_MS, SCX_SLICE_INF } from '../../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL } from '../../../model/kernel/dsqId.ts';
import { defineScheduler } from '../../../model/kernel/ops.ts';
import { SCX_KICK_PREEMPT } from '../../../model/kernel/scxFlags.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';

const longRunner = defineScheduler({
  kind: 'sched_ext', name: 'long_runner', description: 'infinite slices, preempts at 1.5 s', options: {},
  create: () => ({
    name: 'long_runner',
    timeoutMs: 1000,
    enqueue: (ctx, p, flags) => ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_INF, flags),
    init(ctx) { ctx.timerStart('preempt', 1500 * NS_PER_MS); return 0; },
    timer(ctx) { ctx.kickCpu(0, SCX_KICK_PREEMPT); },
  }),
});

const scenario: Scenario = {
  formatVersion: 1, name: 'long-run', description: 'two hogs on one CPU',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
  durationNs: 2300 * NS_PER_MS,
  tasks: [
    { comm: 'hogA', program: [{ op: 'loop', body: [{ op: 'run', ns: 100 * NS_PER_MS }] }] },
    { comm: 'hogB', startNs: 1400 * NS_PER_MS, program: [{ op: 'loop', body: [{ op: 'run', ns: 100 * NS_PER_MS }] }] },
  ],
};

describe('watchdog runnable_at (reference §4.6)', () => {
  it('should not report a task that ran past the timeout and was then preempted', () => {
    // Act
    const { kernel } = runScenario({ scenario, scheduler: longRunner, seed: 1 });
    // Assert: hogA ran alone for 1.5 s (past the 1 s timeout), then hogB ran; no stall exit either way
    const [hogA, hogB] = kernel.tasks;
    expect(hogA?.stats.runNs).toBeGreaterThanOrEqual(1500 * NS_PER_MS);
    expect(hogB?.stats.runNs).toBeGreaterThan(0);
    expect(kernel.scx.exits).toEqual([]);
  });
});
