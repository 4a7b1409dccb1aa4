// Fidelity: SCX_DSQ_LOCAL inserted from ops.select_cpu (fidelity review rule 3, issue 9 item 2). The core's
// select_task_rq replaces a CPU the task may not use with select_fallback_rq; direct_dispatch then resolves
// SCX_DSQ_LOCAL against task_rq(p), the CPU the task is actually enqueued on (kernel/sched/ext.c
// direct_dispatch → find_dsq_for_dispatch(rq = task_rq(p))), so there is no error. The kernel selftest
// select_cpu_dispatch has this shape (insert SCX_DSQ_LOCAL, return prev_cpu).
import { describe, expect, it } from 'vitest';
import { dsqLocalOn, SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { MS, ofType, pidOf, sched, sim } from '../helpers/sim.ts';

const topology = { nodes: 1, llcsPerNode: 1, coresPerLlc: 3, threadsPerCore: 1 };
const tasks = [{ comm: 't', cpumask: '0', program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: MS },
  { op: 'sleep' as const, ns: 10 * MS }] }] }];
// The affinity changes while `t` sleeps, to exclude the CPU it last ran on.
const faults = [{ atNs: 5 * MS, kind: 'setAffinity' as const, target: 't', cpus: '1-2' }];

describe('SCX_DSQ_LOCAL from ops.select_cpu (direct_dispatch: task_rq(p))', () => {
  it('returning prev_cpu after an affinity change while asleep: the task runs on the fallback CPU, no error', () => {
    const prevLocal = sched('prev_local', () => ({
      selectCpu(ctx, p, prevCpu) {
        ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
        return prevCpu;
      },
    }));
    const r = sim({ topology, durationNs: 40 * MS, quietNs: 0, attachAtNs: MS, tasks, faults }, prevLocal);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    const t = pidOf(r.events, 't');
    const later = ofType(r.events, 'switch').filter((e) => e.next === t && e.t > 5 * MS);
    expect(later.length).toBeGreaterThan(0);
    for (const s of later) expect([1, 2]).toContain(s.cpu);
    // It went straight to that CPU's local DSQ, without ops.enqueue.
    const places = ofType(r.events, 'place').filter((e) => e.pid === t && e.t > 5 * MS && e.place === 'local');
    expect(places.length).toBeGreaterThan(0);
  });

  it('SCX_DSQ_LOCAL_ON a CPU outside the cpumask is still an error (find_dsq_for_dispatch)', () => {
    const localOn0 = sched('local_on_0', () => ({
      selectCpu(ctx, p, prevCpu) {
        ctx.dsqInsert(p, dsqLocalOn(0), SCX_SLICE_DFL, 0);
        return prevCpu;
      },
    }));
    const r = sim({ topology, durationNs: 40 * MS, quietNs: 0, attachAtNs: MS, tasks, faults }, localOn0);
    expect(r.kernel.scx.exits[0]?.msg).toMatch(/^SCX_DSQ_LOCAL\[_ON\] target CPU 0 not allowed for t\[\d+\]$/);
  });
});
