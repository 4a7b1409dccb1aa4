// Exiting tasks (issue 9 item 9). do_exit() sets PF_EXITING, then the task tears itself down before its final
// schedule() (kernel/exit.c); if it is preempted in that window, do_enqueue_task() puts it on its CPU's
// local DSQ with a refilled slice and skips ops.enqueue — unless the scheduler set SCX_OPS_ENQ_EXITING
// (K-cur kernel/sched/ext.c do_enqueue_task, SCX_EV_ENQ_SKIP_EXITING).
import { describe, expect, it } from 'vitest';
import { SCX_SLICE_DFL, TASK_EXIT_WORK_NS } from '../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL } from '../../model/kernel/dsqId.ts';
import { SCX_OPS_ENQ_EXITING } from '../../model/kernel/scxFlags.ts';
import { MS, US, ofType, ops, pidOf, sched, sim } from '../helpers/sim.ts';

/** `e` runs from 2 ms, starts exiting at 21.98 ms; its 20 ms slice runs out at the 22 ms tick, mid-exit. */
function run(flags: number) {
  const s = sched('global_enq', () => ({
    flags,
    enqueue(ctx, p, enqFlags) { ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enqFlags); },
  }));
  const r = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
    durationNs: 30 * MS, quietNs: 0, attachAtNs: 1 * MS, tasks: [
      { comm: 'e', startNs: 2 * MS, program: [{ op: 'run', ns: 19_980 * US }, { op: 'exit' }] },
      { comm: 'other', startNs: 3 * MS, program: [{ op: 'run', ns: 5 * MS }] },
    ] }, s);
  return { r, e: pidOf(r.events, 'e') };
}

describe('PF_EXITING and SCX_OPS_ENQ_EXITING (do_enqueue_task)', () => {
  it('an exiting task preempted mid-exit goes to the local DSQ without ops.enqueue', () => {
    const { r, e } = run(0);
    const local = ofType(r.events, 'place').find((p) => p.pid === e && p.place === 'local' && p.t === 22 * MS);
    expect(local?.cpu).toBe(0);
    expect(ops(r.events, 'enqueue', e).filter((o) => o.t >= 21_980 * US)).toEqual([]);
    // It finishes its exit work after `other`'s turn, then dies.
    const dead = ofType(r.events, 'task_dead').find((d) => d.pid === e);
    expect(dead?.t).toBeGreaterThan(22 * MS + TASK_EXIT_WORK_NS);
  });

  it('with SCX_OPS_ENQ_EXITING the scheduler sees the exiting task in ops.enqueue', () => {
    const { r, e } = run(SCX_OPS_ENQ_EXITING);
    expect(ops(r.events, 'enqueue', e).filter((o) => o.t === 22 * MS).length).toBe(1);
    expect(ofType(r.events, 'place').some((p) => p.pid === e && p.place === 'global' && p.t === 22 * MS)).toBe(true);
  });
});
