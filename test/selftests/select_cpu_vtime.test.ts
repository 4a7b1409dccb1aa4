// Kernel selftest `select_cpu_vtime` (tools/testing/selftests/sched_ext/select_cpu_vtime.{c,bpf.c}),
// reference §7 and §3.2. ops.init creates user DSQ 0; ops.select_cpu picks an idle CPU (or prev_cpu,
// clearing its idle bit) and direct-dispatches with a vtime insert into DSQ 0 at
// max(p.dsq_vtime, vtime_now − SCX_SLICE_DFL); ops.dispatch moves DSQ 0 to the local DSQ and sets
// `consumed` when it got a task; running advances the global vtime_now, stopping charges
// (SCX_SLICE_DFL − slice) × 100 / weight, enable starts a task at vtime_now. No ops.enqueue. Expected:
// consumed == true after 1 s and no error (still loaded). expectStillLoaded also checks that the tasks
// keep running while loaded: select_cpu returns the idle CPU it claimed, which gets kicked (reference
// §1.3 select_cpu), so DSQ 0 is consumed throughout, not only at attach.
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import type { SchedTask } from '../../model/kernel/ops.ts';
import { expectStillLoaded, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

const VTIME_DSQ = 0;

describe('selftest select_cpu_vtime (reference §7)', () => {
  it('vtime direct dispatch to user DSQ 0 from select_cpu is consumed by dispatch, no error', () => {
    let consumed = false;
    let vtimeNow = 0;
    const taskVtime = (p: SchedTask): number =>
      (p.dsqVtime < vtimeNow - SCX_SLICE_DFL ? vtimeNow - SCX_SLICE_DFL : p.dsqVtime);
    const outcome = runSelftest({
      name: 'select_cpu_vtime',
      scheduler: () => ({
        name: 'select_cpu_vtime',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        selectCpu(ctx, p, prevCpu) {
          let cpu = ctx.pickIdleCpu(p.cpumask, 0);
          if (cpu < 0) {
            cpu = prevCpu;
            ctx.testAndClearCpuIdle(cpu);
          }
          ctx.dsqInsertVtime(p, VTIME_DSQ, SCX_SLICE_DFL, taskVtime(p), 0);
          return cpu;
        },
        dispatch(ctx) {
          if (ctx.dsqMoveToLocal(VTIME_DSQ)) consumed = true;
        },
        running(_ctx, p) {
          if (vtimeNow < p.dsqVtime) vtimeNow = p.dsqVtime;
        },
        stopping(ctx, p) {
          ctx.taskSetDsqVtime(p, p.dsqVtime + Math.floor(((SCX_SLICE_DFL - p.sliceNs) * 100) / p.scxWeight));
        },
        enable(ctx, p) {
          ctx.taskSetDsqVtime(p, vtimeNow);
        },
        init: (ctx) => ctx.createDsq(VTIME_DSQ, -1),
      }),
    });
    expectStillLoaded(outcome);
    expect(consumed).toBe(true);
  });
});
