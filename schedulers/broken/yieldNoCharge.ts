// Canary for `bounded-starvation`: scx_simple's weighted vtime (reference §6.2) with one "optimisation": a
// task that calls sched_yield() gave its CPU away voluntarily, so ops.stopping does not charge it for the
// time it used. A task that runs a little and yields in a loop (a spin-wait) then keeps the smallest vtime
// for ever and is picked first every time; the tasks queued behind it on the same CPUs never run. No CPU
// is idle and nothing errors: only the starvation bound catches it (the watchdog waits 30 s).
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import { defineScheduler } from '../../model/kernel/ops.ts';

const SHARED_DSQ = 0;

export default defineScheduler({
  kind: 'sched_ext',
  name: 'yield_no_charge',
  description: 'canary: never charges vtime to a task that yields (bounded-starvation)',
  canary: true,
  options: {},
  create: () => {
    let vtimeNow = 0;
    const yielded = new Set<number>();
    return {
      name: 'yield_no_charge',
      init: (ctx) => ctx.createDsq(SHARED_DSQ, -1),
      selectCpu(ctx, p, prevCpu, wakeFlags) {
        const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
        if (isIdle) ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
        return cpu;
      },
      enqueue(ctx, p, enqFlags) {
        const vtime = Math.max(p.dsqVtime, vtimeNow - SCX_SLICE_DFL);
        ctx.dsqInsertVtime(p, SHARED_DSQ, SCX_SLICE_DFL, vtime, enqFlags);
      },
      dispatch(ctx) {
        ctx.dsqMoveToLocal(SHARED_DSQ);
      },
      running(_ctx, p) {
        vtimeNow = Math.max(vtimeNow, p.dsqVtime);
      },
      yield(ctx, from) {
        yielded.add(from.pid);
        ctx.taskSetSlice(from, 0);
        return false;
      },
      stopping(ctx, p) {
        // BUG: a yielding task is never charged for the CPU time it used.
        if (yielded.delete(p.pid)) return;
        const usedNs = SCX_SLICE_DFL - Math.min(SCX_SLICE_DFL, p.sliceNs);
        ctx.taskSetDsqVtime(p, p.dsqVtime + Math.floor((usedNs * 100) / p.scxWeight));
      },
      enable(ctx, p) {
        ctx.taskSetDsqVtime(p, vtimeNow);
      },
    };
  },
});
