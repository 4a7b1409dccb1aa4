// Fidelity: the watchdog's wait clock (fidelity review rule 12, issue 9 item 1). The kernel arms
// SCX_TASK_RESET_RUNNABLE_AT in scx_init_task (kernel/sched/ext.c), so the first enqueue after a task
// becomes ext restarts runnable_at in set_task_runnable; a task asleep across the attach is measured from
// its wake-up, not from the attach. check_rq_for_timeouts then only ejects a task that really waited.
import { describe, expect, it } from 'vitest';
import { SCX_EXIT_ERROR_STALL } from '../../model/kernel/scxFlags.ts';
import { createSimple } from '../../schedulers/simple.ts';
import { hog, MS, pidOf, sched, sim } from '../helpers/sim.ts';

const TIMEOUT_MS = 1000;
const fifo1s = sched('simple_fifo_1s', () => ({ ...createSimple({ fifo: true }), timeoutMs: TIMEOUT_MS }));

describe('watchdog runnable_at (scx_init_task sets SCX_TASK_RESET_RUNNABLE_AT)', () => {
  it('a task asleep across the attach that wakes after the timeout behind busy hogs is not a stall', () => {
    // Attach at 10 ms while `sleeper` sleeps until 1.5 s; it then waits behind three 20 ms FIFO slices and
    // is still waiting at the watchdog check at 1.51 s. Kernel: it waited ~10 ms → no ERROR_STALL.
    const r = sim({
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
      durationNs: 1600 * MS, quietNs: 0, attachAtNs: 10 * MS,
      tasks: [
        { comm: 'sleeper', program: [{ op: 'run', ns: 100_000 }, { op: 'sleep', ns: 1500 * MS },
          { op: 'loop', body: [{ op: 'run', ns: MS }, { op: 'sleep', ns: 10 * MS }] }] },
        hog('hog0', { startNs: 5 * MS }, 10 * MS), hog('hog1', { startNs: 5 * MS }, 10 * MS),
        hog('hog2', { startNs: 5 * MS }, 10 * MS),
      ],
    }, fifo1s);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    const sleeper = pidOf(r.events, 'sleeper');
    // The scenario does exercise the case: the sleeper is runnable but not running at the 1.51 s check.
    const woke = r.events.find((e) => e.type === 'wake' && e.pid === sleeper && e.t > 1000 * MS);
    const ran = r.events.find((e) => e.type === 'switch' && e.next === sleeper && e.t > 1000 * MS);
    expect(woke?.t).toBeLessThan(1510 * MS);
    expect(ran?.t).toBeGreaterThan(1510 * MS);
  });

  it('a task that really waits longer than the timeout is still ejected (SCX_EXIT_ERROR_STALL)', () => {
    const never = sched('never_dispatch', () => ({ timeoutMs: TIMEOUT_MS, enqueue: () => undefined }));
    const r = sim({
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
      durationNs: 1700 * MS, quietNs: 0, attachAtNs: 10 * MS,
      tasks: [{ comm: 'sleeper', program: [{ op: 'run', ns: 100_000 }, { op: 'sleep', ns: 200 * MS },
        { op: 'run', ns: MS }] }],
    }, never);
    expect(r.kernel.scx.exits[0]?.kind).toBe(SCX_EXIT_ERROR_STALL);
    expect(r.kernel.scx.exits[0]?.msg).toMatch(/^sleeper\[\d+\] failed to run for 1\.\d{3}s$/);
  });
});
