// A user's scheduler: per-LLC FIFO queues. A waking task goes to an idle CPU directly when there is one;
// otherwise it joins the FIFO of its CPU's LLC, and each CPU serves its own LLC's FIFO first, then steals
// from the others so no CPU idles while work waits.
import {
  defineScheduler, SCX_DSQ_LOCAL, SCX_SLICE_DFL, type SchedExtOps, type ScxCtx,
} from 'schedcheck';

function llcOf(cpu: number, cpusPerLlc: number): number {
  return Math.floor(cpu / cpusPerLlc);
}

export function createLlcFifo(options: { cpusPerLlc: number; sliceNs: number }): SchedExtOps {
  let nrLlcs = 1;
  const queueFor = (ctx: ScxCtx, cpu: number): number => llcOf(cpu, options.cpusPerLlc) % nrLlcs;
  return {
    name: 'llc_fifo',
    init(ctx) {
      nrLlcs = Math.max(1, Math.ceil(ctx.nrCpuIds() / options.cpusPerLlc));
      for (let llc = 0; llc < nrLlcs; llc++) {
        const ret = ctx.createDsq(llc, -1);
        if (ret !== 0) return ret;
      }
      return 0;
    },
    selectCpu(ctx, p, prevCpu, wakeFlags) {
      const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
      if (isIdle) ctx.dsqInsert(p, SCX_DSQ_LOCAL, options.sliceNs, 0);
      return cpu;
    },
    enqueue(ctx, p, enqFlags) {
      ctx.dsqInsert(p, queueFor(ctx, ctx.taskCpu(p)), options.sliceNs, enqFlags);
    },
    dispatch(ctx, cpu) {
      const home = queueFor(ctx, cpu);
      for (let i = 0; i < nrLlcs; i++) {
        if (ctx.dsqMoveToLocal((home + i) % nrLlcs)) return;
      }
    },
  };
}

export default defineScheduler({
  kind: 'sched_ext',
  name: 'llc_fifo',
  description: 'per-LLC FIFO queues with work stealing',
  // A known limit, declared as data: generated campaigns leave ping-pong pairs out, and `check` lists the
  // limit under its summary (`--no-known-limits` puts them back).
  limits: [{
    property: 'bounded-starvation', unsupportedWorkloads: ['pingPong'],
    reason: 'a WF_SYNC wake-up finds the waker\'s CPU idle-to-be, so select_cpu inserts the wakee straight into ' +
      'its local DSQ: a ping-pong pair keeps a CPU that way, and a task pinned there waits in its LLC FIFO',
  }],
  options: {
    cpusPerLlc: { type: 'number', default: 4, description: 'CPUs per LLC in the topology' },
    sliceUs: { type: 'number', default: 5000, description: 'time slice in microseconds' },
  },
  create: (options) => createLlcFifo({
    cpusPerLlc: Number(options['cpusPerLlc']), sliceNs: Number(options['sliceUs']) * 1000 || SCX_SLICE_DFL,
  }),
});
