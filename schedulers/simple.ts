// scx_simple (reference §6.2): one shared user DSQ, either FIFO or weighted vtime.
//
// Policy: select_cpu uses the default idle selection and, when it found an idle CPU, inserts straight into
// that CPU's local DSQ (enqueue is skipped). Otherwise enqueue puts the task on SHARED_DSQ: FIFO, or by
// vtime = max(p.dsq_vtime, vtime_now − SCX_SLICE_DFL), so a sleeper banks at most one slice of credit.
// dispatch moves the head of SHARED_DSQ to the local DSQ. stopping charges the used slice scaled by
// 100 / weight; a yield (slice zeroed) is charged a full slice, as in the C original.
import { SCX_SLICE_DFL } from '../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../model/kernel/dsqId.ts';
import { defineScheduler, type SchedExtOps } from '../model/kernel/ops.ts';

const SHARED_DSQ = 0;

export function createSimple(options: { fifo: boolean }): SchedExtOps {
  let vtimeNow = 0;
  return {
    name: 'simple',
    init: (ctx) => ctx.createDsq(SHARED_DSQ, -1),
    selectCpu(ctx, p, prevCpu, wakeFlags) {
      const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
      if (isIdle) ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
      return cpu;
    },
    enqueue(ctx, p, enqFlags) {
      if (options.fifo) return ctx.dsqInsert(p, SHARED_DSQ, SCX_SLICE_DFL, enqFlags);
      const vtime = Math.max(p.dsqVtime, vtimeNow - SCX_SLICE_DFL);
      ctx.dsqInsertVtime(p, SHARED_DSQ, SCX_SLICE_DFL, vtime, enqFlags);
    },
    dispatch(ctx) {
      ctx.dsqMoveToLocal(SHARED_DSQ);
    },
    running(_ctx, p) {
      if (!options.fifo) vtimeNow = Math.max(vtimeNow, p.dsqVtime);
    },
    stopping(ctx, p) {
      if (options.fifo) return;
      const usedNs = SCX_SLICE_DFL - Math.min(SCX_SLICE_DFL, p.sliceNs);
      ctx.taskSetDsqVtime(p, p.dsqVtime + Math.floor((usedNs * 100) / p.scxWeight));
    },
    enable(ctx, p) {
      ctx.taskSetDsqVtime(p, vtimeNow);
    },
  };
}

export default defineScheduler({
  kind: 'sched_ext',
  name: 'simple',
  dsqNames: { SHARED_DSQ },
  description: 'scx_simple: global weighted-vtime (default) or FIFO scheduling on one shared DSQ',
  limits: [{
    property: 'work-conservation', exempt: true,
    reason: 'ops.enqueue never kicks an idle CPU (reference §6.2): a task a busy CPU puts back in ' +
      'SHARED_DSQ at the end of its slice waits there while another CPU idles, until some wake-up\'s ' +
      'select_cpu_dfl happens to pick the idle CPU; when the idle CPU found only tasks it may not run (pinned ' +
      'elsewhere) the last time it looked, that can take for ever',
    counterexample: 'counterexamples/simple-idle-no-kick.json',
  }, {
    property: 'bounded-starvation', unsupportedWorkloads: ['pingPong'],
    reason: 'a WF_SYNC wake-up finds the waker\'s CPU idle-to-be (scx_select_cpu_dfl, reference §3.5) and ' +
      'select_cpu inserts the wakee straight into that CPU\'s local DSQ: a ping-pong pair keeps a CPU that ' +
      'way, the local DSQ is never empty when the CPU picks, and a task pinned to that CPU waits in SHARED_DSQ ' +
      'for as long as the pair goes on (the same design point as bpfland\'s ping-pong limit)',
    counterexample: 'counterexamples/simple-pingpong-sync.json',
  }],
  options: { fifo: { type: 'boolean', default: false, description: 'FIFO instead of weighted vtime' } },
  create: (options) => createSimple({ fifo: options['fifo'] === true }),
});
