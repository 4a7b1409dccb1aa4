// Goal: run metrics say what happened (issue 10, item 13). A task that never got a CPU shows the wait it
// was still in when the run ended, not `wait max 0ns`; `fallbackWaitMaxNs` counts only the wait after the
// scheduler exit, not what the task had waited before it. Method: tiny inline scenarios through the real
// runner; the expected figures are computed from the trace (switch and scx_state events).
import { describe, expect, it } from 'vitest';
import { findScheduler } from '../../schedulers/index.ts';
import { hog, MS, ofType, sched, sim } from '../helpers/sim.ts';

describe('run metrics', () => {
  it('should show the wait of a task that never ran as its wait max, and mark it as not run', () => {
    // A scheduler that keeps every task in BPF custody and never dispatches: the task waits from 1 ms on.
    const keeps = sched('keeps', () => ({ enqueue: () => undefined }));
    const { document } = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
      durationNs: 50 * MS, tasks: [hog('starved', { startNs: 1 * MS })] }, keeps);
    const starved = document.metrics.tasks.find((t) => t.comm === 'starved');
    expect(starved?.ran).toBe(false);
    expect(starved?.waitingAtEndNs).toBe(49 * MS);
    expect(starved?.waitMaxNs).toBe(49 * MS);
    expect(document.metrics.waitMaxNs).toBe(49 * MS);
  });

  it('should count in fallbackWaitMaxNs only the wait after the scheduler exit', () => {
    // Three hogs share one CPU under scx_simple (20 ms slices); the unregister comes while two wait.
    const { document, events } = sim({
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 }, durationNs: 60 * MS,
      tasks: [hog('a'), hog('b'), hog('c')], faults: [{ atNs: 30 * MS, kind: 'unregister' }],
    }, findScheduler('simple') ?? null);
    const exitAt = events.findIndex((e) => e.type === 'scx_state' && e.state === 'DISABLING');
    const exitNs = events[exitAt]?.t ?? -1;
    expect(exitNs).toBeGreaterThan(0);
    // Expected: for each task waiting at the exit, from the exit to its next switch-in.
    const waitingAtExit = new Map<number, number>();
    for (const e of ofType(events.slice(0, exitAt), 'place')) {
      if (e.place === 'run' || e.place === 'sleep' || e.place === 'dead') waitingAtExit.delete(e.pid);
      else if (!waitingAtExit.has(e.pid)) waitingAtExit.set(e.pid, e.t);
    }
    expect(waitingAtExit.size).toBeGreaterThan(0);
    let expected = 0;
    let waitedBefore = 0;
    for (const [pid, since] of waitingAtExit) {
      const next = ofType(events, 'switch').find((s) => s.t >= exitNs && s.next === pid);
      if (next) expected = Math.max(expected, next.t - exitNs);
      waitedBefore = Math.max(waitedBefore, exitNs - since);
    }
    expect(waitingAtExit.size).toBe(2);
    expect(waitedBefore).toBeGreaterThan(0);
    expect(expected).toBeGreaterThan(0);
    expect(document.metrics.fallbackWaitMaxNs).toBe(expected);
  });
});
