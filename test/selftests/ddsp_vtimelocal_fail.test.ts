// Kernel selftest `ddsp_vtimelocal_fail` (tools/testing/selftests/sched_ext/ddsp_vtimelocal_fail.{c,bpf.c}),
// reference §7, §3.2 and §3.11. ops.select_cpu picks an idle CPU and direct-dispatches the task with a
// vtime insert into SCX_DSQ_LOCAL. Built-in DSQs can never be PRIQ, so expected: SCX_EXIT_ERROR with
// "cannot use vtime ordering for built-in DSQs" (the task is still inserted FIFO); afterwards every live
// task is on fair with scx state NONE and keeps running.
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import { SCX_EXIT_ERROR } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

describe('selftest ddsp_vtimelocal_fail (reference §7)', () => {
  it('vtime direct dispatch to SCX_DSQ_LOCAL → SCX_EXIT_ERROR "cannot use vtime ordering for built-in DSQs"', () => {
    const outcome = runSelftest({
      name: 'ddsp_vtimelocal_fail',
      scheduler: () => ({
        name: 'ddsp_vtimelocal_fail',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        selectCpu(ctx, p, prevCpu) {
          const cpu = ctx.pickIdleCpu(p.cpumask, 0);
          if (cpu >= 0) {
            ctx.dsqInsertVtime(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, p.dsqVtime, 0);
            return cpu;
          }
          return prevCpu;
        },
      }),
    });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    const exit = firstExit(outcome);
    expect(exit.kind).toBe(SCX_EXIT_ERROR);
    expect(exit.msg).toContain('cannot use vtime ordering for built-in DSQs');
    expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_ERROR']);
    expectFallbackAfterExit(outcome);
  });
});
