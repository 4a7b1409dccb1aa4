// The kfuncs as methods of `ctx` (reference §1.3, §3.3–3.11). Each checks its allowed context first;
// misuse is scx_error() with the kernel's message and the kfunc becomes a no-op, as in the kernel.
import { Cpumask } from './cpumask.ts';
import { formatDsqId16, isLocalOn, isUserDsq, localOnCpu, SCX_DSQ_LOCAL } from './dsqId.ts';
import { USER_DSQS_MAX } from './constants.ts';
import { Dsq, setDsqVtime } from './dsq.ts';
import { invalidArg, validCpu, validU64 } from './kfuncArgs.ts';
import type { ScxCtx, SchedTask } from './ops.ts';
import type { Scx } from './scx.ts';
import {
  EXIT_CODE_ZERO, SCX_ENQ_BPF_ALLOWED_MASK, SCX_ENQ_REENQ, SCX_EXIT_ERROR, SCX_EXIT_ERROR_BPF, SCX_EXIT_UNREG_BPF,
  SCX_KF_DISPATCH, SCX_KF_ENQUEUE, SCX_KF_SELECT_CPU, SCX_KF_SLEEPABLE, SCX_KF_UNLOCKED,
  SCX_KICK_IDLE, SCX_KICK_PREEMPT, SCX_KICK_WAIT, type ScxExitCode,
} from './scxFlags.ts';
import { pickIdleCpu, selectCpuDfl, testAndClearIdle } from './scxIdle.ts';
import { recordKickWait } from './scxKickSync.ts';
import type { Task } from './task.ts';

const ANY = -1;
const INSERT_CONTEXT = SCX_KF_ENQUEUE | SCX_KF_DISPATCH;

export function makeCtx(scx: Scx): ScxCtx {
  const err = (msg: string): void => scx.error(SCX_EXIT_ERROR, EXIT_CODE_ZERO, msg);
  const asTask = (p: SchedTask | null | undefined): Task | null => (p ? (p as Task) : null);

  function insert(p0: SchedTask, dsqId: number, sliceNs: number, vtime: number, enqFlags: number, priq: boolean): void {
    if (!scx.kfunc(INSERT_CONTEXT)) return;
    const p = asTask(p0);
    if (!p) return err('called with NULL task');
    const kfunc = priq ? 'scx_bpf_dsq_insert_vtime' : 'scx_bpf_dsq_insert';
    if (!validU64(sliceNs)) return err(invalidArg('slice', sliceNs, kfunc));
    if (!validU64(vtime)) return err(invalidArg('vtime', vtime, kfunc));
    if ((enqFlags & ~SCX_ENQ_BPF_ALLOWED_MASK) !== 0) return err(`invalid enq_flags 0x${enqFlags.toString(16)}`);
    // scx_bpf_dsq_insert___v2 / scx_dsq_insert_vtime write the slice (0 keeps the residual slice, 1 ns if
    // none) and the vtime at the call, for every target and also for an insert that later turns out stale
    // or is cancelled (reference §3.3).
    const slice = Math.floor(sliceNs);
    p.scx.sliceNs = slice > 0 ? slice : (p.scx.sliceNs || 1);
    if (priq) setDsqVtime(p, vtime);
    if (scx.dspCpu === null) return directInsert(p, dsqId, enqFlags, priq);
    scx.bufferDispatch(p, dsqId, enqFlags, priq);
  }

  function directInsert(p: Task, dsqId: number, enqFlags: number, priq: boolean): void {
    const handled = scx.ddspTask;
    if (handled === null) return err('dsq_insert called outside select_cpu, enqueue and dispatch');
    if (handled !== p) {
      return err(`scheduling for ${handled.comm}[${handled.pid}] but trying to direct-dispatch ${p.comm}[${p.pid}]`);
    }
    if (p.scx.ddspDsqId >= 0) return err(`${p.comm}[${p.pid}] already direct-dispatched`);
    scx.setDirectDispatch(p, dsqId, enqFlags, priq);
  }

  const ctx: ScxCtx = {
    nowNs: () => scx.k.clockNs,
    nrCpuIds: () => scx.k.nrCpus,
    dsqInsert: (p, dsqId, sliceNs, enqFlags) => insert(p, dsqId, sliceNs, 0, enqFlags, false),
    dsqInsertVtime: (p, dsqId, sliceNs, vtime, enqFlags) => insert(p, dsqId, sliceNs, vtime, enqFlags, true),
    dsqMoveToLocal(dsqId) {
      if (!scx.kfunc(SCX_KF_DISPATCH)) return false;
      if (scx.dspCpu === null) { err('dispatch kfunc called from a nested operation'); return false; }
      return scx.moveToLocal(dsqId);
    },
    createDsq(dsqId, _node) {
      // KF_SLEEPABLE in scx_kfunc_ids_unlocked: sleepable ops and SYSCALL programs only.
      if (!scx.kfunc(SCX_KF_SLEEPABLE)) return -22;
      // -EINVAL, -EEXIST, -ENOMEM are traced (`kfunc_err`): a scheduler that ignores them fails later, far away.
      const ret = !isUserDsq(dsqId) ? -22 : scx.userDsqs.has(dsqId) ? -17 : scx.userDsqs.size >= USER_DSQS_MAX ? -12 : 0;
      if (ret !== 0) {
        scx.k.emit({ t: scx.nowNs, type: 'kfunc_err', kfunc: 'scx_bpf_create_dsq', err: ret, arg: dsqId });
        return ret;
      }
      scx.userDsqs.set(dsqId, new Dsq(dsqId, -1));
      return 0;
    },
    destroyDsq(dsqId) {
      if (!scx.kfunc(ANY)) return;
      const dsq = scx.userDsqs.get(dsqId);
      if (!dsq) return;
      if (dsq.nrQueued > 0) {
        return err(`attempting to destroy in-use dsq ${formatDsqId16(dsqId)} (nr=${dsq.nrQueued})`);
      }
      dsq.destroyed = true;
      scx.userDsqs.delete(dsqId);
    },
    dsqNrQueued(dsqId) {
      if (!scx.kfunc(ANY)) return -2;
      if (dsqId === SCX_DSQ_LOCAL) return scx.k.cpus[Math.max(0, scx.localCpu)]?.localDsq.nrQueued ?? -2;
      if (isLocalOn(dsqId)) return scx.k.cpus[localOnCpu(dsqId)]?.localDsq.nrQueued ?? -2;
      return scx.userDsqs.get(dsqId)?.nrQueued ?? -2;
    },
    kickCpu(cpu, flags) {
      if (!scx.kfunc(ANY)) return;
      if (!validCpu(cpu, scx.k.nrCpus)) return err(invalidArg('CPU', cpu, 'scx_bpf_kick_cpu'));
      if ((flags & SCX_KICK_IDLE) !== 0 && (flags & (SCX_KICK_PREEMPT | SCX_KICK_WAIT)) !== 0) {
        err('PREEMPT/WAIT cannot be used with SCX_KICK_IDLE');
        flags = SCX_KICK_IDLE;
      }
      if (scx.bypassing || scx.wakeupIpiLost()) return;
      scx.k.emit({ t: scx.nowNs, type: 'kick', cpu: Math.max(-1, scx.localCpu), target: cpu, flags });
      kick(scx, cpu, flags);
    },
    selectCpuDfl(p, prevCpu, wakeFlags) {
      // scx_kfunc_ids_select_cpu and scx_kfunc_ids_unlocked.
      if (!scx.kfunc(SCX_KF_SELECT_CPU | SCX_KF_ENQUEUE | SCX_KF_UNLOCKED)) return { cpu: prevCpu, isIdle: false };
      // scx_bpf_select_cpu_dfl checks ops_cpu_valid(prev_cpu) before the built-in idle tracking.
      if (!validCpu(prevCpu, scx.k.nrCpus)) {
        err(invalidArg('CPU', prevCpu, 'scx_bpf_select_cpu_dfl'));
        return { cpu: prevCpu, isIdle: false };
      }
      if (!scx.builtinIdle) { err('built-in idle tracking is disabled'); return { cpu: prevCpu, isIdle: false }; }
      return selectCpuDfl(scx, p as Task, prevCpu, wakeFlags, scx.waker);
    },
    testAndClearCpuIdle(cpu) {
      if (!scx.kfunc(ANY)) return false;
      if (!scx.builtinIdle) { err('built-in idle tracking is disabled'); return false; }
      if (!validCpu(cpu, scx.k.nrCpus)) { err(invalidArg('CPU', cpu, 'scx_bpf_test_and_clear_cpu_idle')); return false; }
      return testAndClearIdle(scx, cpu);
    },
    pickIdleCpu(cpumask: Cpumask, _flags) {
      if (!scx.kfunc(ANY)) return -16;
      if (!scx.builtinIdle) { err('built-in idle tracking is disabled'); return -16; }
      return pickIdleCpu(scx, cpumask.cpus());
    },
    taskSetSlice(p, sliceNs) {
      if (!scx.kfunc(ANY)) return;
      if (!validU64(sliceNs)) return err(invalidArg('slice', sliceNs, 'scx_bpf_task_set_slice'));
      (p as Task).scx.sliceNs = sliceNs;
    },
    taskSetDsqVtime(p, vtime) {
      if (!scx.kfunc(ANY)) return;
      if (!validU64(vtime)) return err(invalidArg('vtime', vtime, 'scx_bpf_task_set_dsq_vtime'));
      setDsqVtime(p as Task, vtime);
    },
    taskCpu: (p) => (scx.kfunc(ANY), (p as Task).cpu),
    taskRunning: (p) => (scx.kfunc(ANY), (p as Task).place === 'run'),
    taskFromPid(pid) {
      scx.kfunc(ANY);
      const p = scx.k.byPid.get(pid);
      return p && p.status !== 'dead' ? p : null;
    },
    dispatchNrSlots() {
      if (!scx.kfunc(SCX_KF_DISPATCH)) return 0;
      return scx.dispatchNrSlots();
    },
    dispatchCancel() {
      if (scx.kfunc(SCX_KF_DISPATCH)) scx.cancelLastDispatch();
    },
    reenqueueLocal() {
      if (!scx.kfunc(ANY)) return 0;
      const cpu = scx.k.cpus[scx.localCpu];
      if (!cpu) return 0;
      const tasks = cpu.localDsq.tasks.slice();
      for (const p of tasks) {
        cpu.localDsq.remove(p);
        scx.doEnqueue(p, SCX_ENQ_REENQ);
      }
      return tasks.length;
    },
    error(msg) {
      scx.kfunc(ANY);
      scx.error(SCX_EXIT_ERROR_BPF, EXIT_CODE_ZERO, msg);
    },
    exit(code, msg) {
      scx.kfunc(ANY);
      const exitCode: ScxExitCode = typeof code === 'number' ? { action: 0, reason: 0, user: code } : code;
      scx.error(SCX_EXIT_UNREG_BPF, exitCode, msg);
    },
    timerStart(name, delayNs) {
      if (scx.kfunc(ANY)) scx.startTimer(name, delayNs);
    },
    taskStorage<T extends object>(p: SchedTask, init: () => T): T {
      scx.kfunc(ANY);
      const task = p as Task;
      if (task.scx.storage === null) task.scx.storage = init();
      return task.scx.storage as T;
    },
    onlineCpus: () => scx.k.onlineCpuIds(),
    traceHandoff(step, pid, enqCnt, cpu) {
      scx.k.emit({ t: scx.nowNs, type: 'handoff', pid, enqCnt, step, cpu });
    },
    traceCounter(name, value) {
      scx.k.emit({ t: scx.nowNs, type: 'counter', name, value });
    },
  };
  return ctx;
}

/**
 * scx_bpf_kick_cpu's effect (reference §3.8), applied at once: resched, preempt or idle-only kick.
 * SCX_KICK_WAIT makes the kicking CPU wait for the target's next reschedule (scxKickSync.ts).
 */
function kick(scx: Scx, cpuId: number, flags: number): void {
  const cpu = scx.k.cpus[cpuId];
  if (!cpu || !cpu.online) return;
  const curr = cpu.curr;
  if ((flags & SCX_KICK_IDLE) !== 0) {
    if (curr === null) scx.k.resched(cpu);
    return;
  }
  if (curr !== null && curr.cls !== 'ext') return;
  if ((flags & SCX_KICK_PREEMPT) !== 0 && curr !== null) curr.scx.sliceNs = 0;
  scx.k.resched(cpu);
  // After the target's resched_curr, as kick_one_cpu then kick_cpus_irq_workfn do.
  if ((flags & SCX_KICK_WAIT) !== 0) recordKickWait(scx, cpu);
}
