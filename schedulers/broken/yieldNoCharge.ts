// Canary for `bounded-starvation`: scx_simple's weighted vtime (reference §6.2) with one "optimisation": a
// task that calls sched_yield() gave its CPU away voluntarily, so ops.stopping does not charge it for the
// time it used. A task that runs a little and yields in a loop (a spin-wait) then keeps the smallest vtime
// for ever and is picked first every time; the tasks queued behind it on the same CPUs never run. No CPU
// is idle and nothing errors: only the starvation bound catches it (the watchdog waits 30 s).
import { defineScheduler } from '../../model/kernel/ops.ts';
import { createSimple } from '../simple.ts';

export default defineScheduler({
  kind: 'sched_ext',
  name: 'yield_no_charge',
  description: 'canary: never charges vtime to a task that yields (bounded-starvation)',
  canary: true,
  options: {},
  create: () => {
    const simple = createSimple({ fifo: false });
    const yielded = new Set<number>();
    return {
      ...simple,
      name: 'yield_no_charge',
      yield(ctx, from) {
        yielded.add(from.pid);
        ctx.taskSetSlice(from, 0);
        return false;
      },
      stopping(ctx, p, runnable) {
        // BUG: a yielding task is never charged for the CPU time it used.
        if (yielded.delete(p.pid)) return;
        simple.stopping?.(ctx, p, runnable);
      },
    };
  },
});
