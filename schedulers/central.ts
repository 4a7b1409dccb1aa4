// scx_central (reference §6.3; facts from scx `scheds/c/scx_central.bpf.c` at d1810e621^, the same program
// as the kernel's `tools/sched_ext/scx_central.bpf.c`): one CPU makes every scheduling decision.
//
// Policy: ready tasks are a single FIFO of pids (central_q, 4096 entries; overflow → FALLBACK_DSQ 0).
//   enqueue(p)          = per-CPU kthread ? LOCAL(p, SCX_SLICE_INF, PREEMPT) : push(central_q, p), kick central PREEMPT
//   dispatch(central)   = ∀ cpu with gimme[cpu]: pop → LOCAL_ON|cpu (SCX_SLICE_INF), kick cpu IDLE;
//                         no slots left → kick self PREEMPT (retry); else serve itself (fallback DSQ, then pop)
//   dispatch(other cpu) = move_to_local(FALLBACK_DSQ) or { gimme[cpu] = true; kick central PREEMPT }
//   timer (every 1 ms)  = ∀ cpu ≠ central: kick PREEMPT iff (idle or now ≥ started_at[cpu] + slice_ns)
//                         and work is pending (fallback DSQ, cpu's local DSQ, or one of nr_queued)
// Why: it demonstrates centralised scheduling through SCX_DSQ_LOCAL_ON dispatches and tickless operation:
// every slice is infinite, so a task is only switched out when it blocks or when the central CPU decides
// (the timer, or a PREEMPT kick). Per-CPU kthreads jump the queue because the timer may depend on them.
// SCX_OPS_ENQ_LAST: since decisions are centralised, the last task on a CPU is enqueued like any other.
//
// Model notes (simplifications):
// - The BPF timer is not pinned to a CPU (the model's timers have no CPU), so the original's "Central
//   timer ran on CPU %d" check and the "init from non-central CPU" check have no equivalent.
// - The kernel model has no NO_HZ_FULL tick stopping; an SCX_SLICE_INF slice is simply never charged, so
//   ticks never end it (reference §3.3).
// - The user-space statistics loop is not modelled; the counters are kept in `stats` for tests.
// - As in the original, the timer never preempts the central CPU: its tasks are switched out by the
//   PREEMPT kicks that every enqueue and every "gimme" sends it. On a one-CPU machine nothing else
//   preempts, so a CPU hog there starves the others until the watchdog fires (real behaviour).
import { NS_PER_MS, SCX_SLICE_DFL, SCX_SLICE_INF } from '../model/kernel/constants.ts';
import { dsqLocalOn, SCX_DSQ_LOCAL } from '../model/kernel/dsqId.ts';
import { defineScheduler, type ScxCtx, type SchedExtOps, type SchedulerLimit } from '../model/kernel/ops.ts';
import { SCX_ENQ_PREEMPT, SCX_KICK_IDLE, SCX_KICK_PREEMPT, SCX_OPS_ENQ_LAST } from '../model/kernel/scxFlags.ts';

/** FALLBACK_DSQ_ID: user DSQ for central_q overflow and cpumask mismatches. */
export const CENTRAL_FALLBACK_DSQ = 0;
/** max_entries of the central_q BPF queue map. */
export const CENTRAL_QUEUE_MAX = 4096;
/** TIMER_INTERVAL_NS. */
export const CENTRAL_TIMER_INTERVAL_NS = 1 * NS_PER_MS;
const TIMER_NAME = 'central_timer';
const EINVAL = 22;

export interface CentralOptions {
  readonly centralCpu: number;
  readonly sliceNs: number;
}

/** The original's BPF globals (nr_total, nr_locals, …), readable by tests. */
export interface CentralStats {
  total: number;
  locals: number;
  queued: number;
  lostPids: number;
  timers: number;
  dispatches: number;
  mismatches: number;
  retries: number;
  overflows: number;
  /** Model-only: LOCAL_ON inserts made by the central CPU for another CPU. */
  remoteInserts: number;
}

/** A bounded FIFO of pids: BPF_MAP_TYPE_QUEUE with max_entries = capacity. */
class PidQueue {
  private readonly slots: number[];
  private head = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.slots = new Array<number>(capacity).fill(0);
  }

  get length(): number {
    return this.count;
  }

  /** bpf_map_push_elem: false when full (-E2BIG in BPF). */
  push(pid: number): boolean {
    if (this.count >= this.capacity) return false;
    this.slots[(this.head + this.count) % this.capacity] = pid;
    this.count++;
    return true;
  }

  /** bpf_map_pop_elem: the oldest pid, or -1 when empty (-ENOENT in BPF). */
  pop(): number {
    if (this.count === 0) return -1;
    const pid = this.slots[this.head] as number;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return pid;
  }
}

export function createCentral(options: CentralOptions, stats?: CentralStats): SchedExtOps {
  const { centralCpu, sliceNs } = options;
  const st: CentralStats = stats ?? {
    total: 0, locals: 0, queued: 0, lostPids: 0, timers: 0, dispatches: 0, mismatches: 0, retries: 0,
    overflows: 0, remoteInserts: 0,
  };
  const centralQ = new PidQueue(CENTRAL_QUEUE_MAX);
  // cpu_gimme_task[] and cpu_started_at[] (0 = idle), sized in init to nr_cpu_ids.
  let gimme: boolean[] = [];
  let startedAt: number[] = [];
  let nrCpuIds = 1;

  /** dispatch_to_cpu: pop until a task that may run on `cpu` is found and inserted there. */
  function dispatchToCpu(ctx: ScxCtx, cpu: number): boolean {
    // bpf_repeat(BPF_MAX_LOOPS): bounded here by the queue's capacity.
    for (let i = 0; i < CENTRAL_QUEUE_MAX; i++) {
      const pid = centralQ.pop();
      if (pid < 0) break;
      st.queued--;
      const p = ctx.taskFromPid(pid);
      if (!p) {
        st.lostPids++;
        continue;
      }
      // Can't run the task at the top here: bounce it to the fallback DSQ.
      if (!p.cpumask.has(cpu)) {
        st.mismatches++;
        ctx.dsqInsert(p, CENTRAL_FALLBACK_DSQ, SCX_SLICE_INF, 0);
        // Out of dispatch slots: stop now, the next insert would overflow the buffer.
        if (ctx.dispatchNrSlots() === 0) break;
        continue;
      }
      ctx.dsqInsert(p, dsqLocalOn(cpu), SCX_SLICE_INF, 0);
      if (cpu !== centralCpu) {
        st.remoteInserts++;
        ctx.kickCpu(cpu, SCX_KICK_IDLE);
      }
      return true;
    }
    return false;
  }

  return {
    name: 'central',
    flags: SCX_OPS_ENQ_LAST,

    init(ctx) {
      nrCpuIds = ctx.nrCpuIds();
      // scx_central.c rejects -c CPU ≥ nr_cpu_ids before loading.
      if (!Number.isInteger(centralCpu) || centralCpu < 0 || centralCpu >= nrCpuIds) return -EINVAL;
      gimme = new Array<boolean>(nrCpuIds).fill(false);
      startedAt = new Array<number>(nrCpuIds).fill(0);
      const ret = ctx.createDsq(CENTRAL_FALLBACK_DSQ, -1);
      if (ret !== 0) return ret;
      ctx.timerStart(TIMER_NAME, CENTRAL_TIMER_INTERVAL_NS);
      return 0;
    },

    // Steer wake-ups to the central CPU: a hint only; the kernel falls back if p can't run there.
    selectCpu: () => centralCpu,

    enqueue(ctx, p, enqFlags) {
      st.total++;
      // Per-CPU kthreads go to the head of their local DSQ and preempt: the timer may depend on them.
      if (p.kthread && p.nrCpusAllowed === 1) {
        st.locals++;
        ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_INF, enqFlags | SCX_ENQ_PREEMPT);
        return;
      }
      if (!centralQ.push(p.pid)) {
        st.overflows++;
        ctx.dsqInsert(p, CENTRAL_FALLBACK_DSQ, SCX_SLICE_INF, enqFlags);
        return;
      }
      st.queued++;
      if (!ctx.taskRunning(p)) ctx.kickCpu(centralCpu, SCX_KICK_PREEMPT);
    },

    dispatch(ctx, cpu) {
      if (cpu === centralCpu) {
        st.dispatches++;
        // Dispatch for every other CPU first.
        for (let other = 0; other < nrCpuIds; other++) {
          if (ctx.dispatchNrSlots() === 0) break;
          if (!gimme[other]) continue; // central's gimme is never set
          if (dispatchToCpu(ctx, other)) gimme[other] = false;
        }
        // Out of slots: some CPUs (and self) may have been skipped; the core only retries when the
        // local DSQ is empty, so kick self to come back.
        if (ctx.dispatchNrSlots() === 0) {
          st.retries++;
          ctx.kickCpu(centralCpu, SCX_KICK_PREEMPT);
          return;
        }
        if (ctx.dsqMoveToLocal(CENTRAL_FALLBACK_DSQ)) return;
        dispatchToCpu(ctx, centralCpu);
        return;
      }
      if (ctx.dsqMoveToLocal(CENTRAL_FALLBACK_DSQ)) return;
      if (cpu >= 0 && cpu < nrCpuIds) gimme[cpu] = true;
      // Make the central CPU run dispatch so it finds a task for us.
      ctx.kickCpu(centralCpu, SCX_KICK_PREEMPT);
    },

    running(ctx, p) {
      const cpu = ctx.taskCpu(p);
      if (cpu >= 0 && cpu < nrCpuIds) startedAt[cpu] = ctx.nowNs() || 1; // 0 means idle
    },

    stopping(ctx, p) {
      const cpu = ctx.taskCpu(p);
      if (cpu >= 0 && cpu < nrCpuIds) startedAt[cpu] = 0;
    },

    timer(ctx, name) {
      if (name !== TIMER_NAME) return;
      const now = ctx.nowNs();
      let nrToKick = st.queued;
      for (let i = 0; i < nrCpuIds; i++) {
        const cpu = (st.timers + i) % nrCpuIds;
        if (cpu === centralCpu) continue;
        // Kick only if the current task exhausted its slice (an idle CPU has started_at 0) …
        const started = startedAt[cpu] ?? 0;
        if (started !== 0 && now < started + sliceNs) continue;
        // … and there is something pending.
        if (ctx.dsqNrQueued(CENTRAL_FALLBACK_DSQ) > 0 || ctx.dsqNrQueued(dsqLocalOn(cpu)) > 0) {
          // pending for this CPU
        } else if (nrToKick > 0) {
          nrToKick--;
        } else {
          continue;
        }
        ctx.kickCpu(cpu, SCX_KICK_PREEMPT);
      }
      ctx.timerStart(TIMER_NAME, CENTRAL_TIMER_INTERVAL_NS);
      st.timers++;
    },
  };
}

/**
 * Known limits of scx_central's design (README, Known limits), each with the counterexample that shows it
 * (replayed by test/scenarios/arbitraries/knownLimits.test.ts).
 */
export const CENTRAL_LIMITS: readonly SchedulerLimit[] = [
  {
    property: 'bounded-starvation',
    reason: 'with one CPU online the central CPU runs every task with an infinite slice and its own timer ' +
      'never preempts it (reference §6.3): a CPU hog keeps the CPU until it blocks, the others wait for it ' +
      '(the watchdog ends it after 30 s); likewise after a hotplug leaves only the central CPU online',
    minCpus: 2,
    counterexample: 'counterexamples/central-one-cpu.json',
  },
  {
    property: 'bounded-starvation',
    reason: 'after a hotplug takes the central CPU (0) offline, a loader that restarts scx_central ' +
      '(SCX_ECODE_ACT_RESTART) leaves no CPU to make decisions: every other CPU asks the offline central CPU ' +
      'for work, and every task starves',
    keepOnline: [0],
    counterexample: 'counterexamples/central-cpu-offline.json',
  },
  {
    property: 'work-conservation',
    reason: 'SCX_OPS_ENQ_LAST without a follow-up scheduling event (reference §3.7: "otherwise execution ' +
      'may stall"): the central CPU puts its own last task back in the central queue without a kick, since the ' +
      'task is still running, and goes idle; it looks at the queue again only when another CPU runs out of work ' +
      'and asks, which takes a slice per task that CPU serves from the fallback DSQ (tasks whose cpumask ' +
      'excludes the CPU they were popped for)',
    idleToleranceNs: 160_000_000,
    counterexample: 'counterexamples/central-idle-central-cpu.json',
  },
  {
    property: 'bounded-starvation',
    reason: 'the same SCX_ENQ_LAST case for a per-CPU kthread of the central CPU: central puts it in the ' +
      'local DSQ with SCX_ENQ_PREEMPT, but the kthread is still the current task, so nothing reschedules the ' +
      'CPU, which goes idle with the kthread queued; the timer only watches the other CPUs, so it waits until ' +
      'another CPU asks the central CPU for work — possibly never',
    kthreadsAvoid: [0],
    counterexample: 'counterexamples/central-kthread-enq-last.json',
  },
  {
    property: 'bounded-starvation',
    reason: 'the timer preempts a CPU only after slice_ns (20 ms) since ops.running stamped it, and every ' +
      'return from an RT preemption stamps it again: on a CPU where an RT task runs more often than every ' +
      '20 ms, the ext task under it is never rotated, and the central CPU never preempts itself, so the ' +
      'other tasks starve',
    unsupportedWorkloads: ['rtHog'],
    counterexample: 'counterexamples/central-rt-resets-slice.json',
  },
];

/** Reads the `central` options (validated by the runner's resolveOptions). */
export function centralOptions(options: Readonly<Record<string, number | boolean | string>>): CentralOptions {
  const centralCpu = options['centralCpu'];
  const sliceNs = options['sliceNs'];
  return {
    centralCpu: typeof centralCpu === 'number' ? centralCpu : 0,
    sliceNs: typeof sliceNs === 'number' ? sliceNs : SCX_SLICE_DFL,
  };
}

export default defineScheduler({
  kind: 'sched_ext',
  name: 'central',
  dsqNames: { FALLBACK_DSQ_ID: CENTRAL_FALLBACK_DSQ },
  description: 'scx_central: one CPU dispatches for all, infinite slices, a 1 ms timer preempts expired CPUs',
  limits: CENTRAL_LIMITS,
  options: {
    centralCpu: { type: 'number', default: 0, description: 'the CPU that makes all scheduling decisions (-c)' },
    sliceNs: { type: 'number', default: SCX_SLICE_DFL, min: NS_PER_MS, max: SCX_SLICE_DFL, description: 'time a task may run before the timer preempts it, ns (-s, in µs there)' },
  },
  create: (options) => createCentral(centralOptions(options)),
});
