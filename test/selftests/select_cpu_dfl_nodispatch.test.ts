// Kernel selftest `select_cpu_dfl_nodispatch`
// (tools/testing/selftests/sched_ext/select_cpu_dfl_nodispatch.{c,bpf.c}), reference §7 and §3.9.
// ops.select_cpu calls scx_bpf_select_cpu_dfl and stores the returned `is_idle` ("found") in task
// storage but does not insert; ops.enqueue inserts into SCX_DSQ_LOCAL when found was set (clearing it and
// setting saw_local) and into SCX_DSQ_GLOBAL otherwise; ops.init_task creates the storage. Expected:
// saw_local == true — ops.enqueue does run when select_cpu did not dispatch, even though an idle CPU was
// found — and the scheduler is still loaded after 1 s.
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import { expectStillLoaded, forkingParent, NUM_CHILDREN, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

const TEST_COMM = 'select_cpu_dfl';

describe('selftest select_cpu_dfl_nodispatch (reference §7)', () => {
  it('enqueue runs when select_cpu found an idle CPU but did not dispatch (saw_local == true)', () => {
    let sawLocal = false;
    const outcome = runSelftest({
      name: 'select_cpu_dfl_nodispatch',
      scheduler: () => ({
        name: 'select_cpu_dfl_nodispatch',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        selectCpu(ctx, p, prevCpu, wakeFlags) {
          const tctx = ctx.taskStorage(p, () => ({ forceLocal: false }));
          const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
          tctx.forceLocal = isIdle;
          return cpu;
        },
        enqueue(ctx, p, enqFlags) {
          const tctx = ctx.taskStorage(p, () => ({ forceLocal: false }));
          let dsqId = SCX_DSQ_GLOBAL;
          if (tctx.forceLocal) {
            dsqId = SCX_DSQ_LOCAL;
            tctx.forceLocal = false;
            if (p.comm === TEST_COMM) sawLocal = true;
          }
          ctx.dsqInsert(p, dsqId, SCX_SLICE_DFL, enqFlags);
        },
        initTask(ctx, p) {
          ctx.taskStorage(p, () => ({ forceLocal: false }));
          return 0;
        },
      }),
      scenario: { tasks: [forkingParent(TEST_COMM, NUM_CHILDREN, 500_000)] },
    });
    expectStillLoaded(outcome);
    expect(sawLocal).toBe(true);
  });
});
