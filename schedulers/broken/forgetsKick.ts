// Canary for `work-conservation`: per-CPU DSQs, each CPU consuming only its own. ops.enqueue claims an idle
// CPU with scx_bpf_pick_idle_cpu() and queues the task on that CPU's DSQ — but forgets
// scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE), so the idle CPU never wakes up to look at its DSQ: it stays idle
// while its DSQ holds work (reference §3.8: an idle CPU only runs balance when kicked or rescheduled).
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { defineScheduler } from '../../model/kernel/ops.ts';

export default defineScheduler({
  kind: 'sched_ext',
  name: 'forgets_kick',
  description: 'canary: queues work on an idle CPU\'s DSQ without kicking it (work-conservation)',
  canary: true,
  options: {},
  create: () => ({
    name: 'forgets_kick',
    init(ctx) {
      for (let cpu = 0; cpu < ctx.nrCpuIds(); cpu++) {
        const ret = ctx.createDsq(cpu, -1);
        if (ret !== 0) return ret;
      }
      return 0;
    },
    selectCpu: (_ctx, _p, prevCpu) => prevCpu,
    enqueue(ctx, p, enqFlags) {
      const idle = ctx.pickIdleCpu(p.cpumask, 0);
      const cpu = idle >= 0 ? idle : ctx.taskCpu(p);
      // BUG: no scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE) after queueing on another CPU's DSQ.
      ctx.dsqInsert(p, cpu, SCX_SLICE_DFL, enqFlags);
    },
    dispatch(ctx, cpu) {
      ctx.dsqMoveToLocal(cpu);
    },
  }),
});
