// The disable path takes time (issue 9 item 13). scx_disable() claims the exit (scx_claim_exit sets
// `aborting`) and queues the disable work on the scheduler's SCHED_FIFO helper kthread; scx_disable_workfn →
// scx_root_disable then turns bypass on, enters DISABLING and walks every task on scx_tasks, switching each
// to fair and exiting it, before ops.exit and DISABLED (kernel/sched/ext.c). Until the work starts the BPF
// scheduler is still called, but consume_dispatch_q bails on every non-bypass DSQ while aborting.
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { SCX_DISABLE_TASK_NS, SCX_DISABLE_WORK_LATENCY_NS } from '../../model/kernel/constants.ts';
import { MS, ofType, pidOf, sched, sim } from '../helpers/sim.ts';

const EXIT_AT = 10 * MS;

function sleepers(n: number): TaskSpec[] {
  return Array.from({ length: n }, (_, i) => ({ comm: `s${i}`, program: [{ op: 'loop', body: [
    { op: 'run', ns: 100_000 }, { op: 'sleep', ns: 30 * MS }] }] }) as TaskSpec);
}

function disableTimes(nrTasks: number) {
  const run = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 4, threadsPerCore: 1 },
    durationNs: 20 * MS, quietNs: 10 * MS, attachAtNs: 1 * MS, tasks: sleepers(nrTasks),
    faults: [{ atNs: EXIT_AT, kind: 'sysrq' }] }, sched('plain', () => ({})));
  const states = ofType(run.events, 'scx_state').filter((e) => e.t >= EXIT_AT);
  return {
    run,
    disablingNs: states.find((e) => e.state === 'DISABLING')?.t,
    disabledNs: states.find((e) => e.state === 'DISABLED')?.t,
    exitNs: ofType(run.events, 'exit')[0]?.t,
  };
}

describe('the disable work runs later and walks every task (scx_disable_workfn / scx_root_disable)', () => {
  it('starts SCX_DISABLE_WORK_LATENCY_NS after the claim and takes SCX_DISABLE_TASK_NS per task', () => {
    const { disablingNs, disabledNs, exitNs } = disableTimes(16);
    expect(disablingNs).toBe(EXIT_AT + SCX_DISABLE_WORK_LATENCY_NS);
    expect(disabledNs).toBe(EXIT_AT + SCX_DISABLE_WORK_LATENCY_NS + 16 * SCX_DISABLE_TASK_NS);
    expect(exitNs).toBe(disabledNs);
  });

  it('grows with the task count', () => {
    const small = disableTimes(8);
    const large = disableTimes(64);
    expect((large.disabledNs ?? 0) - (small.disabledNs ?? 0)).toBe(56 * SCX_DISABLE_TASK_NS);
    // every task is back in fair, none lost (seamless-fallback, no-lost-task hold)
    expect(large.run.document.violations).toEqual([]);
  });

  it('while aborting, the global DSQ is not consumed: the CPU idles until the bypass cycle', () => {
    // 1 CPU, no ops.enqueue: every task goes through SCX_DSQ_GLOBAL. `a` raises scx_bpf_error() when it blocks
    // at 5.1 ms with `b` waiting in the global DSQ.
    const failing = sched('fail_on_block', () => ({
      stopping(ctx, p, runnable) { if (p.comm === 'a' && !runnable && ctx.nowNs() >= 5 * MS) ctx.error('boom'); },
    }));
    const run = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
      durationNs: 20 * MS, quietNs: 10 * MS, attachAtNs: 1 * MS, tasks: [
        { comm: 'a', startNs: 5 * MS, program: [{ op: 'run', ns: 100_000 }, { op: 'sleep', ns: 50 * MS }] },
        { comm: 'b', startNs: 5 * MS, program: [{ op: 'loop', body: [{ op: 'run', ns: 1 * MS }] }] },
      ] }, failing);
    const a = pidOf(run.events, 'a');
    const b = pidOf(run.events, 'b');
    const blockAt = ofType(run.events, 'block').find((e) => e.pid === a)?.t ?? -1;
    expect(blockAt).toBeGreaterThan(5 * MS);
    const after = ofType(run.events, 'switch').filter((e) => e.t >= blockAt);
    // At the claim the CPU goes idle although b waits in the global DSQ (consume_dispatch_q bails) …
    expect(after[0]).toMatchObject({ t: blockAt, next: 0 });
    // … and b runs once the disable work's bypass cycle moved it to the bypass DSQ.
    expect(after.find((e) => e.next === b)?.t).toBe(blockAt + SCX_DISABLE_WORK_LATENCY_NS);
  });
});
