// Kernel selftest `select_cpu_dispatch_dbl_dsp`
// (tools/testing/selftests/sched_ext/select_cpu_dispatch_dbl_dsp.{c,bpf.c}), reference §7, §3.4, §3.11.
// ops.select_cpu inserts the same task twice into SCX_DSQ_GLOBAL. Expected: SCX_EXIT_ERROR with
// "<comm>[<pid>] already direct-dispatched" (the second insert is ignored); afterwards every live task is
// on fair with scx state NONE and keeps running.
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL } from '../../model/kernel/dsqId.ts';
import { SCX_EXIT_ERROR } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

describe('selftest select_cpu_dispatch_dbl_dsp (reference §7)', () => {
  it('two direct dispatches of one task from select_cpu → SCX_EXIT_ERROR "already direct-dispatched"', () => {
    const outcome = runSelftest({
      name: 'select_cpu_dispatch_dbl_dsp',
      scheduler: () => ({
        name: 'select_cpu_dispatch_dbl_dsp',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        selectCpu(ctx, p, prevCpu) {
          // Dispatching twice in a row is disallowed.
          ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, 0);
          ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, 0);
          return prevCpu;
        },
      }),
    });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    const exit = firstExit(outcome);
    expect(exit.kind).toBe(SCX_EXIT_ERROR);
    expect(exit.msg).toMatch(/^\S+\[\d+\] already direct-dispatched$/);
    expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_ERROR']);
    expectFallbackAfterExit(outcome);
  });
});
