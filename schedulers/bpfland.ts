// scx_bpfland (reference §6.4; facts from scx `scheds/rust/scx_bpfland/src/bpf/main.bpf.c` and the CLI
// defaults of `src/main.rs` at SCX HEAD): a fully-BPF vruntime/deadline scheduler favouring tasks that
// sleep often and run in short bursts.
//
// Policy (w = p.scx.weight, 100 = nice 0; all integer arithmetic):
//   stopping:   used = now − last_run_at;  dsq_vtime += used × 100 / w;  awake_vtime += used × 100 / w
//   runnable:   awake_vtime = 0;  wakeup_freq = min(EWMA¾(wakeup_freq, 100 ms / Δwakeup), 64)
//   deadline  = max(dsq_vtime, vtime_now − slice_lag × lag_scale × w / 100) + min(awake_vtime, slice_lag × 100 / w)
//               lag_scale = max(wakeup_freq, 1) × q / (q + nr_queued), q = (STARVATION_MS / 10) / slice_max,
//               forced to 1 once nr_queued × slice_max ≥ STARVATION_MS / 10
//   slice     = max(slice_max × w / 100 / max(nr_waiting, 1), slice_min)
//   queues:     one PRIQ DSQ per CPU (id = cpu) and one per NUMA node (id = nr_cpu_ids + node), keyed by
//               the deadline; select_cpu sends a wakee to an idle CPU's DSQ, enqueue to an idle CPU's DSQ
//               when it may migrate, else to the node DSQ; per-CPU tasks use their CPU's DSQ.
//   dispatch:   consume the earlier head deadline of (this CPU's DSQ, its node's DSQ); nothing there →
//               refill prev's slice so it keeps running.
// Why: fairness comes from the weighted vruntime; latency comes from awake_vtime (frequent sleepers
// accumulate little of it, so their deadlines are early) and from the larger lag credit granted to tasks
// with a high wakeup frequency; short slices that shrink with queue depth bound everyone's wait. The
// watchdog timeout is STARVATION_MS = 5 s.
//
// Model notes (simplifications, each also marked where it applies):
// - NUMA: the model offers no scx_bpf_cpu_node()/scx_bpf_nr_node_ids(); bpfland's __COMPAT_ wrappers then
//   return node 0 and 1 node, which is what this does: one node DSQ (id nr_cpu_ids) shared by all CPUs.
// - No scx_bpf_dsq_peek() or DSQ iterator in the model: the head deadline of each DSQ is kept in a shadow
//   (vtime per queued pid), maintained on insert and cleared in ops.dequeue (the model calls it whenever a
//   task leaves a user DSQ, ≥ v7.0 custody semantics, reference §1.3) and ops.running. Emptiness always
//   comes from scx_bpf_dsq_nr_queued(), so a stale shadow can only change the order of the two tries.
// - No idle/SMT cpumask kfuncs: is_smt_contended() is taken as false (as with --disable-smt).
// - No bpf_get_smp_processor_id() in select_cpu: the waker-CPU bias needs it and, with the model's
//   uniform capacities, never applies anyway; a prev_cpu outside the mask falls back to the first allowed CPU.
// - scx_bpf_select_cpu_and(p, prev, flags, p->cpus_ptr, 0) is modelled by scx_bpf_select_cpu_dfl (same
//   search over the task's own cpumask), which the model allows from enqueue as ≥ v6.16 kernels do.
// - cpu_release re-enqueues the local DSQ unconditionally as reference §6.4 describes; at SCX HEAD this
//   only happens in TIMELY mode. TIMELY, cpufreq, throttling and primary domains are not modelled.
import { NS_PER_MS, NS_PER_US } from '../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../model/kernel/dsqId.ts';
import { defineScheduler, type ScxCtx, type SchedExtOps, type SchedTask, type SchedulerLimit } from '../model/kernel/ops.ts';
import { SCX_ENQ_CPU_SELECTED, SCX_KICK_IDLE } from '../model/kernel/scxFlags.ts';

/** STARVATION_MS: the watchdog timeout and the scale of the queue-pressure clamp. */
export const BPFLAND_STARVATION_MS = 5000;
/** MAX_WAKEUP_FREQ: cap of the wakeup-frequency EWMA (wakeups per 100 ms). */
export const BPFLAND_MAX_WAKEUP_FREQ = 64;
/** is_task_sticky(): tasks averaging less than this per run stay on their CPU (with stickyTasks). */
const STICKY_RUNTIME_NS = 10 * NS_PER_US;
const STARVATION_THRESH_NS = Math.floor((BPFLAND_STARVATION_MS * NS_PER_MS) / 10);
const EBUSY = 16;

export interface BpflandOptions {
  readonly sliceMaxNs: number;
  readonly sliceMinNs: number;
  readonly sliceLagNs: number;
  readonly localPcpu: boolean;
  readonly localKthreads: boolean;
  readonly stickyTasks: boolean;
}

/** struct task_ctx (the fields the policy uses). */
export interface BpflandTaskCtx {
  awakeVtime: number;
  lastRunAt: number;
  wakeupFreq: number;
  lastWokeAt: number;
  avgRuntime: number;
}

/** calc_avg(): new = old × ¾ + new × ¼, in integers like the BPF shifts. */
function calcAvg(oldVal: number, newVal: number): number {
  return oldVal - Math.floor(oldVal / 4) + Math.floor(newVal / 4);
}

/** update_freq(): EWMA of the event rate per 100 ms. */
function updateFreq(freq: number, intervalNs: number): number {
  return calcAvg(freq, Math.floor((100 * NS_PER_MS) / intervalNs));
}

const scaleByWeight = (p: SchedTask, value: number): number => Math.floor((value * p.scxWeight) / 100);
const scaleByWeightInverse = (p: SchedTask, value: number): number => Math.floor((value * 100) / p.scxWeight);

export function createBpfland(options: BpflandOptions): SchedExtOps {
  const { sliceMaxNs, sliceMinNs, sliceLagNs, localPcpu, localKthreads, stickyTasks } = options;
  const qThresh = Math.max(Math.floor(STARVATION_THRESH_NS / Math.max(1, sliceMaxNs)), 1);
  let vtimeNow = 0;
  let nrCpuIds = 1;
  /** Shadow of the queued deadlines per DSQ (see the header: no dsq_peek in the model). */
  const shadow = new Map<number, Map<number, number>>();
  /** pid → the DSQ its shadow entry is in. */
  const shadowDsqOf = new Map<number, number>();

  const cpuDsq = (cpu: number): number => cpu;
  // Simplification: __COMPAT_scx_bpf_cpu_node() is 0 without scx_bpf_cpu_node (see the header).
  const nodeDsq = (_cpu: number): number => nrCpuIds + 0;

  const tctxOf = (ctx: ScxCtx, p: SchedTask): BpflandTaskCtx => ctx.taskStorage(p, () => ({
    awakeVtime: 0, lastRunAt: 0, wakeupFreq: 0, lastWokeAt: 0, avgRuntime: 0,
  }));

  const nrQueued = (ctx: ScxCtx, dsqId: number): number => Math.max(0, ctx.dsqNrQueued(dsqId));

  function shadowForget(pid: number): void {
    const dsqId = shadowDsqOf.get(pid);
    if (dsqId === undefined) return;
    shadowDsqOf.delete(pid);
    shadow.get(dsqId)?.delete(pid);
  }

  /** scx_bpf_dsq_insert_vtime into a user DSQ, recording the deadline in the shadow. */
  function insertVtime(ctx: ScxCtx, p: SchedTask, dsqId: number, sliceNs: number, vtime: number,
    enqFlags: number): void {
    ctx.dsqInsertVtime(p, dsqId, sliceNs, vtime, enqFlags);
    shadowForget(p.pid);
    shadowDsqOf.set(p.pid, dsqId);
    shadow.get(dsqId)?.set(p.pid, vtime);
  }

  /** The head deadline of a DSQ known to be non-empty (+∞ if the shadow lost track). */
  function headVtime(dsqId: number): number {
    let min = Number.POSITIVE_INFINITY;
    for (const vtime of shadow.get(dsqId)?.values() ?? []) if (vtime < min) min = vtime;
    return min;
  }

  /** task_dl(): the virtual deadline; may pull p's dsq_vtime forward and clamp awake_vtime. */
  function taskDl(ctx: ScxCtx, p: SchedTask, cpu: number, tctx: BpflandTaskCtx): number {
    const queued = nrQueued(ctx, cpuDsq(cpu)) + nrQueued(ctx, nodeDsq(cpu));
    const awakeMax = scaleByWeightInverse(p, sliceLagNs);
    // Queue pressure q / (q + nr_queued) on the wakeup frequency; clamp to 1 when the queued work
    // already spans a tenth of the starvation window.
    let lagScale = Math.max(tctx.wakeupFreq, 1);
    if (queued * sliceMaxNs >= STARVATION_THRESH_NS) lagScale = 1;
    else lagScale = Math.max(Math.floor((lagScale * qThresh) / (qThresh + queued)), 1);
    let vtime = p.dsqVtime;
    const vtimeMin = vtimeNow - scaleByWeight(p, sliceLagNs * lagScale);
    if (vtime < vtimeMin) {
      vtime = vtimeMin;
      ctx.taskSetDsqVtime(p, vtime);
    }
    if (tctx.awakeVtime > awakeMax) tctx.awakeVtime = awakeMax;
    return vtime + tctx.awakeVtime;
  }

  /** task_slice(): shrinks with the number of waiting tasks, never below slice_min. */
  function taskSlice(ctx: ScxCtx, p: SchedTask, cpu: number): number {
    const waiting = nrQueued(ctx, cpuDsq(cpu)) + nrQueued(ctx, nodeDsq(cpu));
    return Math.max(Math.floor(scaleByWeight(p, sliceMaxNs) / Math.max(waiting, 1)), sliceMinNs);
  }

  /** pick_idle_cpu(): an idle CPU (claimed) or -EBUSY. */
  function pickIdleCpu(ctx: ScxCtx, p: SchedTask, prevCpu: number, wakeFlags: number): number {
    const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
    return isIdle ? cpu : -EBUSY;
  }

  const isPcpuTask = (p: SchedTask): boolean => p.nrCpusAllowed === 1 || p.migrationDisabled;

  /** consume_first_task(): only tried when the DSQ has something queued. */
  function consume(ctx: ScxCtx, dsqId: number, queued: boolean): boolean {
    return queued && ctx.dsqMoveToLocal(dsqId);
  }

  return {
    name: 'bpfland',
    timeoutMs: BPFLAND_STARVATION_MS,

    init(ctx) {
      nrCpuIds = ctx.nrCpuIds();
      // Per-CPU DSQs 0 … nr_cpu_ids − 1, then per-node DSQs nr_cpu_ids + node (one node, see header).
      for (let id = 0; id <= nrCpuIds; id++) {
        const err = ctx.createDsq(id, 0);
        if (err !== 0) {
          ctx.error(`failed to create DSQ ${id}: ${err}`);
          return err;
        }
        shadow.set(id, new Map());
      }
      return 0;
    },

    initTask(ctx, p) {
      tctxOf(ctx, p);
      return 0;
    },

    enable(ctx, p) {
      ctx.taskSetDsqVtime(p, vtimeNow);
    },

    selectCpu(ctx, p, prevCpu, wakeFlags) {
      // Simplification: no this_cpu in the model, so a disallowed prev_cpu becomes the first allowed CPU.
      const prev = p.cpumask.has(prevCpu) ? prevCpu : p.cpumask.first();
      const cpu = pickIdleCpu(ctx, p, prev, wakeFlags);
      if (cpu >= 0) {
        const tctx = tctxOf(ctx, p);
        insertVtime(ctx, p, cpuDsq(cpu), taskSlice(ctx, p, cpu), taskDl(ctx, p, cpu, tctx), 0);
        return cpu;
      }
      return prev;
    },

    enqueue(ctx, p, enqFlags) {
      const prevCpu = ctx.taskCpu(p);
      const tctx = tctxOf(ctx, p);
      if (stickyTasks && tctx.avgRuntime < STICKY_RUNTIME_NS) {
        ctx.dsqInsert(p, SCX_DSQ_LOCAL, taskSlice(ctx, p, prevCpu), enqFlags);
        return;
      }
      if (localKthreads && p.kthread && p.nrCpusAllowed === 1) {
        ctx.dsqInsert(p, SCX_DSQ_LOCAL, taskSlice(ctx, p, prevCpu), enqFlags);
        return;
      }
      // A task that can only run here goes to this CPU's DSQ; dispatch still orders it against the node
      // DSQ by deadline (or straight to the local DSQ with localPcpu).
      if (isPcpuTask(p)) {
        if (localPcpu) ctx.dsqInsert(p, SCX_DSQ_LOCAL, taskSlice(ctx, p, prevCpu), enqFlags);
        else insertVtime(ctx, p, cpuDsq(prevCpu), taskSlice(ctx, p, prevCpu), taskDl(ctx, p, prevCpu, tctx), enqFlags);
        return;
      }
      // task_should_migrate(): select_cpu was skipped (and, with sticky tasks, p isn't running).
      // Simplification: the is_smt_contended(prev_cpu) alternative is always false here.
      const shouldMigrate = (enqFlags & SCX_ENQ_CPU_SELECTED) === 0 && (!stickyTasks || !ctx.taskRunning(p));
      if (shouldMigrate) {
        const cpu = pickIdleCpu(ctx, p, prevCpu, 0);
        if (cpu >= 0) {
          insertVtime(ctx, p, cpuDsq(cpu), taskSlice(ctx, p, cpu), taskDl(ctx, p, cpu, tctx), enqFlags);
          if (prevCpu !== cpu || !ctx.taskRunning(p)) ctx.kickCpu(cpu, SCX_KICK_IDLE);
          return;
        }
      }
      insertVtime(ctx, p, nodeDsq(prevCpu), taskSlice(ctx, p, prevCpu), taskDl(ctx, p, prevCpu, tctx), enqFlags);
      if (shouldMigrate) ctx.kickCpu(prevCpu, SCX_KICK_IDLE);
    },

    dequeue(_ctx, p) {
      shadowForget(p.pid);
    },

    dispatch(ctx, cpu, prev) {
      const mine = cpuDsq(cpu);
      const node = nodeDsq(cpu);
      const mineQueued = nrQueued(ctx, mine) > 0;
      const nodeQueued = nrQueued(ctx, node) > 0;
      // is_deadline_min(node head, cpu head): the node DSQ goes first only if its head is strictly earlier.
      const nodeFirst = nodeQueued && (!mineQueued || headVtime(node) < headVtime(mine));
      if (nodeFirst) {
        if (consume(ctx, node, nodeQueued) || consume(ctx, mine, mineQueued)) return;
      } else if (consume(ctx, mine, mineQueued) || consume(ctx, node, nodeQueued)) {
        return;
      }
      // Nothing else wants this CPU: refill prev's slice and let it run another round (keep_running;
      // the model passes prev only while it is queued; SMT contention is taken as false).
      if (prev) ctx.taskSetSlice(prev, taskSlice(ctx, prev, cpu));
    },

    running(ctx, p) {
      const tctx = tctxOf(ctx, p);
      tctx.lastRunAt = ctx.nowNs();
      if (vtimeNow < p.dsqVtime) vtimeNow = p.dsqVtime;
      shadowForget(p.pid);
    },

    stopping(ctx, p) {
      const tctx = tctxOf(ctx, p);
      const usedNs = Math.max(0, ctx.nowNs() - tctx.lastRunAt);
      tctx.avgRuntime = calcAvg(tctx.avgRuntime, usedNs);
      const deltaVtime = scaleByWeightInverse(p, usedNs);
      ctx.taskSetDsqVtime(p, p.dsqVtime + deltaVtime);
      tctx.awakeVtime += deltaVtime;
    },

    runnable(ctx, p) {
      const tctx = tctxOf(ctx, p);
      const now = ctx.nowNs();
      tctx.awakeVtime = 0;
      const deltaNs = now > tctx.lastWokeAt ? now - tctx.lastWokeAt : 1;
      tctx.wakeupFreq = Math.min(updateFreq(tctx.wakeupFreq, deltaNs), BPFLAND_MAX_WAKEUP_FREQ);
      tctx.lastWokeAt = now;
    },

    cpuRelease(ctx) {
      // A higher class took the CPU: send the tasks waiting in its local DSQ back through enqueue.
      ctx.reenqueueLocal();
    },
  };
}

/** Known limits of scx_bpfland's design (README, Known limits), each with its counterexample. */
export const BPFLAND_LIMITS: readonly SchedulerLimit[] = [
  {
    property: 'bounded-starvation',
    reason: 'with --local-pcpu, per-CPU tasks go straight to their CPU\'s local DSQ and never through ' +
      'ops.dispatch, so two of them pinned to one CPU keep it for ever, and an unpinned task that was queued ' +
      'on that CPU\'s own DSQ (it was idle when the task was enqueued) is never consumed: no other CPU looks ' +
      'at that DSQ',
    fixedOptions: { localPcpu: false },
    counterexample: 'counterexamples/bpfland-local-pcpu.json',
  },
  {
    property: 'bounded-starvation',
    reason: 'deadlines favour frequent wakers (the vtime floor is lowered by the wake-up frequency, up ' +
      'to slice_lag × 64, reference §6.4): a ping-pong pair waking every few tens of µs keeps a CPU and delays ' +
      'a periodic task pinned there for longer than a weighted round of slices (bounded only by that floor, ' +
      'seconds)',
    unsupportedWorkloads: ['pingPong'],
    counterexample: 'counterexamples/bpfland-pingpong-boost.json',
  },
];

/** Reads the `bpfland` options (validated by the runner's resolveOptions). */
export function bpflandOptions(options: Readonly<Record<string, number | boolean | string>>): BpflandOptions {
  const num = (key: string, dflt: number): number => {
    const value = options[key];
    return typeof value === 'number' ? value : dflt;
  };
  const bool = (key: string): boolean => options[key] === true;
  return {
    sliceMaxNs: Math.max(1, Math.floor(num('sliceUs', 1000) * NS_PER_US)),
    sliceMinNs: Math.max(0, Math.floor(num('sliceMinUs', 0) * NS_PER_US)),
    sliceLagNs: Math.max(0, Math.floor(num('sliceLagUs', 40_000) * NS_PER_US)),
    localPcpu: bool('localPcpu'),
    localKthreads: bool('localKthreads'),
    stickyTasks: bool('stickyTasks'),
  };
}

export default defineScheduler({
  kind: 'sched_ext',
  name: 'bpfland',
  description: 'scx_bpfland: vruntime + awake-time deadlines on per-CPU and per-node PRIQ DSQs',
  limits: BPFLAND_LIMITS,
  options: {
    // Generated ranges stay within what the generated liveness bounds assume (scenarios/arbitraries/bounds.ts):
    // sleeper credit up to the default lag, and slices up to half of work-conservation's generated idle
    // tolerance (one 20 ms slice): a task bpfland keeps on a busy CPU's local DSQ (sticky, or dispatched
    // there by select_cpu) waits out the running task's slice while another CPU it may use idles, as the
    // real scheduler does, so a 20 ms slice made that wait reach the tolerance (a false alarm, seed 1).
    sliceUs: { type: 'number', default: 1000, min: 100, max: 10_000, description: 'maximum time slice, µs (--slice-us)' },
    sliceMinUs: { type: 'number', default: 0, min: 0, max: 1000, description: 'minimum time slice, µs (--slice-min-us)' },
    sliceLagUs: { type: 'number', default: 40_000, min: 0, max: 40_000, description: 'maximum sleeper vruntime credit, µs (--slice-us-lag)' },
    localPcpu: { type: 'boolean', default: false, description: 'per-CPU tasks straight to the local DSQ (--local-pcpu)' },
    localKthreads: { type: 'boolean', default: false, description: 'per-CPU kthreads straight to the local DSQ (--local-kthreads)' },
    stickyTasks: { type: 'boolean', default: false, description: 'keep tasks with < 10 µs average runs on their CPU (--sticky-tasks)' },
  },
  create: (options) => createBpfland(bpflandOptions(options)),
});
