// The BPF half of scx_rustland_core as a SchedExtOps (reference §5.3–5.7). It decides almost nothing: every
// task that needs a decision becomes a message on the queued ring; decisions come back on the dispatched
// ring and are applied in ops.dispatch. Fast paths it does take itself: an idle CPU found in select_cpu or
// for a queued wake-up, per-CPU kthreads, and the congestion fallback to SHARED_DSQ when the ring is full.
import type { SchedExtOps, SchedTask, ScxCtx } from '../../model/kernel/ops.ts';
import {
  SCX_ENQ_CPU_SELECTED, SCX_KICK_IDLE, SCX_OPS_ALLOW_QUEUED_WAKEUP, SCX_OPS_ENQ_LAST, SCX_OPS_SWITCH_PARTIAL,
} from '../../model/kernel/scxFlags.ts';
import {
  type DispatchedTask, MAX_DISPATCH_SLOT, RL_CPU_ANY, RUSTLAND_TIMEOUT_MS, SCHED_DSQ, SHARED_DSQ,
  USERSCHED_TIMER_NS,
} from './intf.ts';
import type { RustlandShared } from './shared.ts';
import { PF_KCOMPACTD, PF_KSWAPD } from '../../model/kernel/taskFlags.ts';

/** Per-task BPF storage (task_ctx). */
interface TaskCtx {
  enqCnt: number;
  startTs: number;
  stopTs: number;
  execRuntime: number;
}

const newTaskCtx = (): TaskCtx => ({ enqCnt: 0, startTs: 0, stopTs: 0, execRuntime: 0 });

export function createBackend(shared: RustlandShared, name: string): SchedExtOps {
  const config = shared.config;
  const counters = shared.counters;
  const isUsersched = (p: SchedTask): boolean => p.pid === config.userschedPid;
  const tctx = (ctx: ScxCtx, p: SchedTask): TaskCtx => ctx.taskStorage(p, newTaskCtx);
  // rustland_enqueue's short-cut (main.bpf.c): per-CPU kthreads, kswapd/kcompactd (is_kswapd: PF_KSWAPD |
  // PF_KCOMPACTD) and khugepaged go straight to their CPU's DSQ.
  const isKernelTask = (p: SchedTask): boolean => (p.kthread && p.nrCpusAllowed === 1) ||
    (p.flags & (PF_KSWAPD | PF_KCOMPACTD)) !== 0 || p.comm === 'khugepaged';

  /** queue_task_to_userspace (§5.4.5): a message, or the congestion fallback when the ring is full. */
  function queueToUserspace(ctx: ScxCtx, p: SchedTask, enqFlags: number, cpu: number): void {
    if (shared.queuedRingFull(ctx.nowNs())) {
      ctx.dsqInsertVtime(p, SHARED_DSQ, config.sliceNs, p.dsqVtime, enqFlags);
      counters.add(ctx, 'nr_sched_congested', 1);
      counters.add(ctx, 'nr_kernel_dispatches', 1);
      ctx.traceHandoff('congested', p.pid, tctx(ctx, p).enqCnt, cpu);
      return;
    }
    const task = tctx(ctx, p);
    task.enqCnt++;
    shared.queuedRing.push({
      pid: p.pid, cpu, nrCpusAllowed: p.nrCpusAllowed, flags: enqFlags, startTs: task.startTs, stopTs: task.stopTs,
      execRuntime: task.execRuntime, weight: p.scxWeight, vtime: p.dsqVtime, enqCnt: task.enqCnt, comm: p.comm,
    });
    counters.add(ctx, 'nr_queued', 1);
    ctx.traceHandoff('queued', p.pid, task.enqCnt, cpu);
  }

  /** Inserts a task into a per-CPU DSQ decided in BPF (nr_kernel_dispatches). */
  function kernelDispatch(ctx: ScxCtx, p: SchedTask, cpu: number, enqFlags: number): void {
    ctx.dsqInsertVtime(p, cpu, config.sliceNs, p.dsqVtime, enqFlags);
    counters.add(ctx, 'nr_kernel_dispatches', 1);
    ctx.traceHandoff('kernel', p.pid, tctx(ctx, p).enqCnt, cpu);
  }

  /**
   * kick_task_cpu: wake the task's previous CPU; only when that CPU is outside the task's cpumask, kick it
   * anyway (to reset its state) and wake another idle CPU the task may use.
   */
  function kickTaskCpu(ctx: ScxCtx, p: SchedTask, prevCpu: number): void {
    if (!p.cpumask.has(prevCpu)) {
      ctx.kickCpu(prevCpu, SCX_KICK_IDLE);
      const idle = ctx.pickIdleCpu(p.cpumask, 0);
      if (idle < 0) return;
      prevCpu = idle;
    }
    ctx.kickCpu(prevCpu, SCX_KICK_IDLE);
  }

  /** dispatch_task (§5.5): apply one decision from user space. */
  function dispatchTask(ctx: ScxCtx, record: DispatchedTask): void {
    const p = ctx.taskFromPid(record.pid);
    if (!p) return ctx.traceHandoff('ignored', record.pid, record.enqCnt, record.cpu);
    if (record.cpu === RL_CPU_ANY) {
      ctx.dsqInsertVtime(p, SHARED_DSQ, record.sliceNs, record.vtime, record.flags);
      ctx.traceHandoff('any', p.pid, record.enqCnt, -1);
      kickTaskCpu(ctx, p, ctx.taskCpu(p));
      return;
    }
    let cpu = record.cpu;
    if (!p.cpumask.has(cpu)) {
      cpu = ctx.taskCpu(p);
      counters.add(ctx, 'nr_bounce_dispatches', 1);
      ctx.traceHandoff('bounced', p.pid, record.enqCnt, cpu);
    } else {
      counters.add(ctx, 'nr_user_dispatches', 1);
    }
    ctx.dsqInsertVtime(p, cpu, record.sliceNs, record.vtime, record.flags);
    if (tctx(ctx, p).enqCnt > record.enqCnt) {
      ctx.dispatchCancel();
      counters.add(ctx, 'nr_cancel_dispatches', 1);
      return ctx.traceHandoff('cancelled', p.pid, record.enqCnt, cpu);
    }
    ctx.traceHandoff('inserted', p.pid, record.enqCnt, cpu);
    ctx.kickCpu(cpu, SCX_KICK_IDLE);
  }

  return {
    name,
    flags: SCX_OPS_ENQ_LAST | SCX_OPS_ALLOW_QUEUED_WAKEUP | (config.partial ? SCX_OPS_SWITCH_PARTIAL : 0),
    timeoutMs: RUSTLAND_TIMEOUT_MS,
    dispatchMaxBatch: MAX_DISPATCH_SLOT,

    init(ctx) {
      shared.ctx = ctx;
      const nrCpus = ctx.nrCpuIds();
      for (let cpu = 0; cpu < nrCpus; cpu++) {
        const ret = ctx.createDsq(cpu, -1);
        if (ret !== 0) return ret;
      }
      const shared1 = ctx.createDsq(SHARED_DSQ, -1);
      if (shared1 !== 0) return shared1;
      const sched = ctx.createDsq(SCHED_DSQ, -1);
      if (sched !== 0) return sched;
      counters.set(ctx, 'nr_online_cpus', ctx.onlineCpus().length);
      ctx.timerStart('heartbeat', USERSCHED_TIMER_NS);
      return 0;
    },

    /** rustland_select_cpu (§5.4): the idle fast path dispatches straight to that CPU's DSQ. */
    selectCpu(ctx, p, prevCpu, wakeFlags) {
      if (isUsersched(p) || !config.builtinIdle) return prevCpu;
      const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
      if (isIdle && ctx.dsqNrQueued(SHARED_DSQ) === 0 && ctx.dsqNrQueued(cpu) === 0) {
        ctx.dsqInsertVtime(p, cpu, config.sliceNs, p.dsqVtime, 0);
        counters.add(ctx, 'nr_kernel_dispatches', 1);
        ctx.traceHandoff('kernel', p.pid, tctx(ctx, p).enqCnt, cpu);
      }
      return cpu;
    },

    /** rustland_enqueue (§5.4 steps 1–6). */
    enqueue(ctx, p, enqFlags) {
      const queuedWakeup = (enqFlags & SCX_ENQ_CPU_SELECTED) === 0 && !ctx.taskRunning(p);
      let cpu = ctx.taskCpu(p);
      if (isUsersched(p)) {
        ctx.dsqInsert(p, SCHED_DSQ, config.sliceNs, enqFlags);
      } else if (isKernelTask(p)) {
        kernelDispatch(ctx, p, cpu, enqFlags);
      } else if (config.builtinIdle && queuedWakeup) {
        const idle = ctx.pickIdleCpu(p.cpumask, 0);
        if (idle >= 0 && ctx.dsqNrQueued(SHARED_DSQ) === 0 && ctx.dsqNrQueued(idle) === 0) {
          kernelDispatch(ctx, p, idle, enqFlags);
        } else {
          queueToUserspace(ctx, p, enqFlags, idle >= 0 ? idle : cpu);
        }
        if (idle >= 0) cpu = idle;
      } else {
        queueToUserspace(ctx, p, enqFlags, cpu);
      }
      if (queuedWakeup) ctx.kickCpu(cpu, SCX_KICK_IDLE);
    },

    /** rustland_dispatch (§5.5), in the reference's order. */
    dispatch(ctx, cpu, prev) {
      while (shared.dispatchedRing.length > 0 && ctx.dispatchNrSlots() > 0) {
        dispatchTask(ctx, shared.dispatchedRing.shift() as DispatchedTask);
      }
      const pending = shared.hasPendingWork();
      if (pending && ctx.dsqMoveToLocal(SCHED_DSQ)) return;
      if (ctx.dsqMoveToLocal(cpu)) return;
      if (ctx.dsqMoveToLocal(SHARED_DSQ)) return;
      if (prev && (!isUsersched(prev) || pending)) ctx.taskSetSlice(prev, config.sliceNs);
    },

    runnable(ctx, p) {
      if (!isUsersched(p)) tctx(ctx, p).execRuntime = 0;
    },

    running(ctx, p) {
      if (isUsersched(p)) {
        shared.userschedLastRunAtNs = ctx.nowNs();
        return;
      }
      counters.add(ctx, 'nr_running', 1);
      tctx(ctx, p).startTs = ctx.nowNs();
    },

    stopping(ctx, p) {
      if (isUsersched(p)) return;
      const task = tctx(ctx, p);
      counters.add(ctx, 'nr_running', -1);
      task.stopTs = ctx.nowNs();
      task.execRuntime += task.stopTs - task.startTs;
    },

    enable(ctx, p) {
      ctx.taskSetDsqVtime(p, 0);
      ctx.taskSetSlice(p, config.sliceNs);
    },

    initTask(ctx, p) {
      tctx(ctx, p);
      return 0;
    },

    /** usersched_timer_fn: wake the scheduler if it has not run for a whole period (§5.6). */
    timer(ctx, name) {
      if (name !== 'heartbeat') return;
      if (ctx.nowNs() - shared.userschedLastRunAtNs >= USERSCHED_TIMER_NS) {
        shared.userschedNeeded = true;
        const usersched = ctx.taskFromPid(config.userschedPid);
        if (usersched) ctx.kickCpu(ctx.taskCpu(usersched), SCX_KICK_IDLE);
      }
      ctx.timerStart('heartbeat', USERSCHED_TIMER_NS);
    },

    exit(_ctx, info) {
      shared.exitInfo = info;
    },
  };
}
