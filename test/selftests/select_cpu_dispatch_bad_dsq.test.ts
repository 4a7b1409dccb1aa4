// Kernel selftest `select_cpu_dispatch_bad_dsq`
// (tools/testing/selftests/sched_ext/select_cpu_dispatch_bad_dsq.{c,bpf.c}), reference §7, §3.4, §3.11.
// ops.select_cpu FIFO-inserts every waking task into the non-existent user DSQ 0xcafef00d and returns
// prev_cpu. Expected: SCX_EXIT_ERROR ("non-existent DSQ 0xcafef00d"; the task falls back to the global
// DSQ); afterwards every live task is on fair with scx state NONE and keeps running.
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_EXIT_ERROR } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

describe('selftest select_cpu_dispatch_bad_dsq (reference §7)', () => {
  it('direct dispatch to DSQ 0xcafef00d from select_cpu → SCX_EXIT_ERROR', () => {
    const outcome = runSelftest({
      name: 'select_cpu_dispatch_bad_dsq',
      scheduler: () => ({
        name: 'select_cpu_dispatch_bad_dsq',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        selectCpu(ctx, p, prevCpu) {
          // Dispatching to a random DSQ should fail.
          ctx.dsqInsert(p, 0xcafef00d, SCX_SLICE_DFL, 0);
          return prevCpu;
        },
      }),
    });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    const exit = firstExit(outcome);
    expect(exit.kind).toBe(SCX_EXIT_ERROR);
    expect(exit.msg).toContain('non-existent DSQ 0xcafef00d');
    expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_ERROR']);
    expectFallbackAfterExit(outcome);
  });
});
