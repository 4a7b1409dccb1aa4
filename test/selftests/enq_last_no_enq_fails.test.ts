// Kernel selftest `enq_last_no_enq_fails` (tools/testing/selftests/sched_ext/enq_last_no_enq_fails.{c,bpf.c}),
// reference §7, §4.2 step 3 and §3.11. The scheduler sets SCX_OPS_ENQ_LAST without implementing
// ops.enqueue. Expected (current version of the test, ST commit e8f925c3): the attach itself succeeds
// (returns a link) but the scheduler is ejected at once with SCX_EXIT_ERROR and the message
// "SCX_OPS_ENQ_LAST requires ops.enqueue() to be implemented"; tasks stay on / return to fair with scx
// state NONE and keep running.
import { describe, it, expect } from 'vitest';
import { SCX_EXIT_ERROR, SCX_OPS_ENQ_LAST } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

describe('selftest enq_last_no_enq_fails (reference §7)', () => {
  it('SCX_OPS_ENQ_LAST without ops.enqueue: attach succeeds, then SCX_EXIT_ERROR at once', () => {
    // runScenario throws (InputError) when the load itself is rejected, so returning at all means the
    // attach succeeded.
    const outcome = runSelftest({
      name: 'enq_last_no_enq_fails',
      scheduler: () => ({ name: 'enq_last_no_enq_fails', flags: SCX_OPS_ENQ_LAST, timeoutMs: SELFTEST_TIMEOUT_MS }),
    });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    const exit = firstExit(outcome);
    expect(exit.kind).toBe(SCX_EXIT_ERROR);
    expect(exit.msg).toBe('SCX_OPS_ENQ_LAST requires ops.enqueue() to be implemented');
    // Ejected immediately: at the attach instant (attachAtNs 0).
    expect(outcome.recorder.exits[0]?.t).toBe(0);
    // It did get as far as ENABLING (an accepted attach), but never ENABLED.
    expect(outcome.recorder.scxStates.map((s) => s.state)).toContain('ENABLING');
    expect(outcome.recorder.scxStates.map((s) => s.state)).not.toContain('ENABLED');
    expectFallbackAfterExit(outcome);
  });
});
