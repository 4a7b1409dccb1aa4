// Kernel selftest `select_cpu_dfl` (tools/testing/selftests/sched_ext/select_cpu_dfl.{c,bpf.c}),
// reference §7, §1.4 B.1 and §3.9. No ops.select_cpu (so the kernel's default selection runs) and
// ops.enqueue inserts into SCX_DSQ_GLOBAL. Like the BPF side, enqueue sets `saw_local` when a test task
// (comm "select_cpu_dfl") reaches ops.enqueue while its CPU is still marked idle in the built-in idle
// tracking — i.e. an idle CPU had been found for it. Expected: saw_local == false, because a task for
// which the default selection found an idle CPU is dispatched straight to that CPU's local DSQ and never
// reaches ops.enqueue. A runner forks 1028 test children, one every ~0.5 ms, so the 4 CPUs are mostly
// idle at their wake-ups; the scheduler stays loaded. (The idle probe is scx_bpf_test_and_clear_cpu_idle on the task's CPU: it only changes state
// when it returns true, i.e. when the test has already failed.)
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL } from '../../model/kernel/dsqId.ts';
import { expectStillLoaded, forkingParent, NUM_CHILDREN, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

const TEST_COMM = 'select_cpu_dfl';

describe('selftest select_cpu_dfl (reference §7)', () => {
  it('tasks that found an idle CPU never reach ops.enqueue (saw_local == false)', () => {
    let sawLocal = false;
    let testEnqueues = 0;
    const outcome = runSelftest({
      name: 'select_cpu_dfl',
      scheduler: () => ({
        name: 'select_cpu_dfl',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        enqueue(ctx, p, enqFlags) {
          if (p.comm === TEST_COMM) {
            testEnqueues++;
            if (ctx.testAndClearCpuIdle(ctx.taskCpu(p))) sawLocal = true;
          }
          ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enqFlags);
        },
      }),
      scenario: { tasks: [forkingParent(TEST_COMM, NUM_CHILDREN, 500_000)] },
    });
    expectStillLoaded(outcome);
    expect(sawLocal).toBe(false);
    const children = outcome.kernel.tasks.filter((p) => p.comm === TEST_COMM);
    expect(children).toHaveLength(NUM_CHILDREN);
    expect(children.every((p) => p.status === 'dead')).toBe(true);
    // Non-vacuous: the test children woke 2 × 1028 times (fork and wake-up), and most of those wake-ups
    // found an idle CPU, were auto-dispatched to its local DSQ and so did not show up in ops.enqueue.
    expect(testEnqueues).toBeLessThan(NUM_CHILDREN / 2);
  });
});
