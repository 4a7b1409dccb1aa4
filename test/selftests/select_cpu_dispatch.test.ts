// Kernel selftest `select_cpu_dispatch` (tools/testing/selftests/sched_ext/select_cpu_dispatch.{c,bpf.c}),
// reference §7 and §3.4. ops.select_cpu direct-dispatches every waking task into a built-in DSQ: the local
// DSQ of prev_cpu if it was idle (test_and_clear_cpu_idle), else of any idle CPU (pick_idle_cpu), else the
// global DSQ with prev_cpu. A runner forks 1028 children that run, sleep and exit. Expected: every child
// runs to completion (no stall, no error) and the scheduler is still loaded after 1 s.
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import {
  defaultTasks, expectStillLoaded, forkingParent, NUM_CHILDREN, runSelftest, SELFTEST_TIMEOUT_MS,
} from './harness.ts';

describe('selftest select_cpu_dispatch (reference §7)', () => {
  it('direct dispatch to built-in DSQs from select_cpu: all 1028 children exit, no error', () => {
    let directDispatches = 0;
    const outcome = runSelftest({
      name: 'select_cpu_dispatch',
      scheduler: () => ({
        name: 'select_cpu_dispatch',
        timeoutMs: SELFTEST_TIMEOUT_MS,
        selectCpu(ctx, p, prevCpu) {
          let dsqId = SCX_DSQ_LOCAL;
          let cpu = prevCpu;
          if (!ctx.testAndClearCpuIdle(cpu)) {
            cpu = ctx.pickIdleCpu(p.cpumask, 0);
            if (cpu < 0) {
              dsqId = SCX_DSQ_GLOBAL;
              cpu = prevCpu;
            }
          }
          ctx.dsqInsert(p, dsqId, SCX_SLICE_DFL, 0);
          directDispatches++;
          return cpu;
        },
      }),
      scenario: { tasks: [forkingParent('scd_child'), ...defaultTasks()] },
    });
    expectStillLoaded(outcome);
    const children = outcome.kernel.tasks.filter((p) => p.comm === 'scd_child');
    expect(children).toHaveLength(NUM_CHILDREN);
    expect(children.filter((p) => p.status !== 'dead').map((p) => `${p.pid} ${p.status}`)).toEqual([]);
    expect(directDispatches).toBeGreaterThanOrEqual(2 * NUM_CHILDREN);
  });
});
