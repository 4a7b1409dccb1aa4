// Fidelity: the slice an insert gives (fidelity review rules 4 and 9, issue 9 item 5). scx_bpf_dsq_insert___v2
// and scx_dsq_insert_vtime (kernel/sched/ext.c) write p->scx.slice = slice ?: (p->scx.slice ?: 1) and
// p->scx.dsq_vtime at the call, for every target — local DSQs included — and also for inserts that are
// later cancelled or found stale. A 0 ("keep the residual slice") insert of a task whose slice ran out
// therefore gives it 1 ns: it runs until the next tick, not for SCX_SLICE_DFL.
import { describe, expect, it } from 'vitest';
import { SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import type { SchedTask } from '../../model/kernel/ops.ts';
import { hog, MS, ofType, pidOf, sched, sim } from '../helpers/sim.ts';

const oneCpu = { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 };

/** A scheduler's BPF-side FIFO: ops.enqueue queues the task, ops.dequeue takes it out again. */
function bpfFifo() {
  const queued: SchedTask[] = [];
  return {
    queued,
    enqueue(_ctx: unknown, p: SchedTask) { queued.push(p); },
    dequeue(_ctx: unknown, p: SchedTask) {
      const i = queued.indexOf(p);
      if (i >= 0) queued.splice(i, 1);
    },
  };
}

describe('slice at insert: slice ?: (p->scx.slice ?: 1), written at the kfunc call', () => {
  it('slice 0 into SCX_DSQ_LOCAL after the slice ran out: the task gets 1 ns and rotates every tick', () => {
    const keepSlice = sched('keep_slice', () => ({
      enqueue(ctx, p, enqFlags) { ctx.dsqInsert(p, SCX_DSQ_LOCAL, 0, enqFlags); },
    }));
    const r = sim({ topology: oneCpu, durationNs: 100 * MS, quietNs: 0, attachAtNs: MS,
      tasks: [hog('a', {}, 10 * MS), hog('b', {}, 10 * MS)] }, keepSlice);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    // After both first 20 ms slices (enable's SCX_SLICE_DFL) the two hogs alternate at every 1 ms tick
    // (HZ 1000); with a 20 ms refill they would switch only ~3 times in 60 ms.
    const switches = ofType(r.events, 'switch').filter((e) => e.t > 45 * MS && e.t <= 95 * MS);
    expect(switches.length).toBeGreaterThanOrEqual(40);
  });

  it('an insert from ops.dispatch that is cancelled still sets the slice; a later slice-0 insert keeps it', () => {
    // Every dispatch: insert the task with a 7 ms slice, cancel it, insert it again with slice 0. The
    // kernel wrote 7 ms at the first call, so the task runs 7 ms turns.
    const redispatch = sched('cancel_then_keep', () => {
      const { queued, enqueue, dequeue } = bpfFifo();
      return {
        enqueue,
        dequeue,
        dispatch(ctx) {
          const p = queued.shift();
          if (!p) return;
          ctx.dsqInsert(p, SCX_DSQ_LOCAL, 7 * MS, 0);
          ctx.dispatchCancel();
          ctx.dsqInsert(p, SCX_DSQ_LOCAL, 0, 0);
        },
      };
    });
    const r = sim({ topology: oneCpu, durationNs: 120 * MS, quietNs: 0, attachAtNs: MS,
      tasks: [hog('a', {}, 10 * MS), hog('b', {}, 10 * MS)] }, redispatch);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    const a = pidOf(r.events, 'a');
    const b = pidOf(r.events, 'b');
    const turns = ofType(r.events, 'switch').filter((e) => e.t > 50 * MS && (e.next === a || e.next === b));
    expect(turns.length).toBeGreaterThan(3);
    for (let i = 1; i < turns.length; i++) {
      expect((turns[i]?.t ?? 0) - (turns[i - 1]?.t ?? 0)).toBe(7 * MS);
    }
  });

  it('the vtime of a cancelled scx_bpf_dsq_insert_vtime is written too (scx_dsq_insert_vtime)', () => {
    // Dispatch: vtime-insert into a user DSQ with vtime 1000 + pid, cancel it, then insert into the local
    // DSQ. ops.running then sees the vtime the cancelled call wrote.
    const USER_DSQ = 3;
    const seen: { pid: number; vtime: number }[] = [];
    const vtimeThenCancel = sched('vtime_then_cancel', () => {
      const { queued, enqueue, dequeue } = bpfFifo();
      return {
        init: (ctx) => ctx.createDsq(USER_DSQ, -1),
        enqueue,
        dequeue,
        dispatch(ctx) {
          const p = queued.shift();
          if (!p) return;
          ctx.dsqInsertVtime(p, USER_DSQ, 0, 1000 + p.pid, 0);
          ctx.dispatchCancel();
          ctx.dsqInsert(p, SCX_DSQ_LOCAL, 0, 0);
        },
        running(_ctx, p) { seen.push({ pid: p.pid, vtime: p.dsqVtime }); },
      };
    });
    const r = sim({ topology: oneCpu, durationNs: 60 * MS, quietNs: 0, attachAtNs: MS,
      tasks: [hog('a', {}, 10 * MS), hog('b', {}, 10 * MS)] }, vtimeThenCancel);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    const dispatched = seen.filter((s) => s.vtime !== 0);
    expect(dispatched.length).toBeGreaterThan(0);
    for (const s of dispatched) expect(s.vtime).toBe(1000 + s.pid);
  });
});
