// Kernel selftest `ddsp_bogus_dsq_fail` (tools/testing/selftests/sched_ext/ddsp_bogus_dsq_fail.{c,bpf.c}),
// reference §7, §3.4 and §3.11. ops.select_cpu picks an idle CPU and direct-dispatches the task with a
// vtime insert into the non-existent user DSQ 0xcafef00d. Expected: SCX_EXIT_ERROR (runtime error) with
// "non-existent DSQ 0xcafef00d", a graceful failure — the task falls back to the global DSQ — and after the
// exit every live task is on fair with scx state NONE and keeps running.
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_EXIT_ERROR } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

describe('selftest ddsp_bogus_dsq_fail (reference §7)', () => {
  it('vtime direct dispatch to DSQ 0xcafef00d → SCX_EXIT_ERROR "non-existent DSQ 0xcafef00d"', () => {
    const outcome = runSelftest({
      name: 'ddsp_bogus_dsq_fail',
      scheduler: () => ({
        name: 'ddsp_bogus_dsq_fail',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        selectCpu(ctx, p, prevCpu) {
          const cpu = ctx.pickIdleCpu(p.cpumask, 0);
          if (cpu >= 0) {
            // Dispatching to a bogus DSQ falls back to the built-in global DSQ: a graceful failure.
            ctx.dsqInsertVtime(p, 0xcafef00d, SCX_SLICE_DFL, p.dsqVtime, 0);
            return cpu;
          }
          return prevCpu;
        },
      }),
    });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    const exit = firstExit(outcome);
    expect(exit.kind).toBe(SCX_EXIT_ERROR);
    expect(exit.reason).toBe('runtime error');
    expect(exit.msg).toContain('non-existent DSQ 0xcafef00d');
    expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_ERROR']);
    expectFallbackAfterExit(outcome);
  });
});
