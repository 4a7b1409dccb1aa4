// Canary for `no-scheduler-error`: spreads waiting tasks round-robin over every CPU's local DSQ with
// SCX_DSQ_LOCAL_ON, without checking the task's cpumask. The first pinned task sent to a CPU outside its
// mask makes the kernel abort the scheduler with a runtime error (reference §3.5, §3.11: "SCX_DSQ_LOCAL[_ON]
// target CPU %d not allowed for %s[%d]") — an SCX_EXIT_ERROR no scenario expects.
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { dsqLocalOn } from '../../model/kernel/dsqId.ts';
import { defineScheduler } from '../../model/kernel/ops.ts';
import { SCX_KICK_IDLE } from '../../model/kernel/scxFlags.ts';

export default defineScheduler({
  kind: 'sched_ext',
  name: 'ignores_affinity',
  description: 'canary: dispatches to SCX_DSQ_LOCAL_ON of CPUs outside the task\'s cpumask (no-scheduler-error)',
  canary: true,
  options: {},
  create: () => {
    let next = 0;
    return {
      name: 'ignores_affinity',
      enqueue(ctx, p, enqFlags) {
        const online = ctx.onlineCpus();
        const cpu = online[next % online.length] as number;
        next++;
        // BUG: p.cpumask is never consulted.
        ctx.dsqInsert(p, dsqLocalOn(cpu), SCX_SLICE_DFL, enqFlags);
        ctx.kickCpu(cpu, SCX_KICK_IDLE);
      },
    };
  },
});
