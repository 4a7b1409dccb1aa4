// Canary for `bounded-starvation`: a FIFO scheduler that keeps waiting tasks in a BPF queue map of one slot
// per CPU ("each CPU only ever needs one task ready") and, when the map is full, parks the task on an
// overflow DSQ — then drains the overflow only when the map is empty. Under sustained load the map is
// refilled by every preempted task before it ever runs dry, so a task that overflowed waits for as long as
// the load lasts: starvation, although no CPU is ever idle while work waits (the scheduler kicks idle
// CPUs), so work conservation holds and the watchdog only fires after its 30 s timeout. The realistic bug:
// a fallback path (like scx_central's fallback DSQ, reference §6.3) served with the wrong priority.
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import { defineScheduler, type SchedTask } from '../../model/kernel/ops.ts';
import { SCX_KICK_IDLE } from '../../model/kernel/scxFlags.ts';

const OVERFLOW_DSQ = 0;

export default defineScheduler({
  kind: 'sched_ext',
  name: 'overflow_starves',
  dsqNames: { OVERFLOW_DSQ },
  description: 'canary: drains its overflow DSQ only when its BPF queue is empty (bounded-starvation)',
  canary: true,
  options: {},
  create: () => {
    /** The BPF queue map of waiting tasks, FIFO, one slot per CPU. */
    const queue: SchedTask[] = [];
    let slots = 1;
    return {
      name: 'overflow_starves',
      init(ctx) {
        slots = ctx.nrCpuIds();
        return ctx.createDsq(OVERFLOW_DSQ, -1);
      },
      selectCpu(ctx, p, prevCpu, wakeFlags) {
        const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
        if (isIdle) ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
        return cpu;
      },
      enqueue(ctx, p, enqFlags) {
        if (queue.length < slots) queue.push(p);
        else ctx.dsqInsert(p, OVERFLOW_DSQ, SCX_SLICE_DFL, enqFlags);
        const idle = ctx.pickIdleCpu(p.cpumask, 0);
        if (idle >= 0) ctx.kickCpu(idle, SCX_KICK_IDLE);
      },
      dequeue(_ctx, p) {
        const index = queue.indexOf(p);
        if (index >= 0) queue.splice(index, 1);
      },
      dispatch(ctx, cpu) {
        for (let i = 0; i < queue.length; i++) {
          const p = queue[i] as SchedTask;
          if (!p.cpumask.has(cpu)) continue;
          queue.splice(i, 1);
          ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
          return;
        }
        // BUG: the overflow DSQ is only drained when nothing in the queue can run here.
        ctx.dsqMoveToLocal(OVERFLOW_DSQ);
      },
    };
  },
});
