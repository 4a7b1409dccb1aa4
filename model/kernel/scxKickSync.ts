// SCX_KICK_WAIT (reference §3.8; K-cur kernel/sched/ext.c kick_one_cpu, kick_cpus_irq_workfn,
// kick_sync_wait_bal_cb). Every rq has a kick_sync counter, advanced on entry to the ext pick path
// (do_pick_task_scx) and whenever an ext task is put (put_prev_task_scx). A WAIT kick of a CPU running an
// ext task records that CPU's counter; the kicking CPU then reschedules and, before it runs what it picked,
// waits until every recorded counter has moved. Since the SCX_KICK_WAIT deadlock fix the wait happens in a
// balance callback that keeps advancing the waiting CPU's own kick_sync, so a CPU waiting for a waiting CPU
// is released and wait cycles (A→B→C→A, the cyclic_kick_wait selftest) cannot deadlock.
//
// Model: the wait is a deferred schedule(): the kicking CPU's next schedule() does nothing until the targets
// moved on (it is rescheduled when they do). Simplifications: the wait starts at the next schedule() whatever
// class it would pick (the kernel waits only once the ext pick path runs); while it waits, its current task
// keeps its place (a wait lasts zero simulated time here, as targets reschedule at the instant of the kick);
// a kick from ops.select_cpu counts from the waker's CPU.
import type { Cpu } from './cpu.ts';
import type { Scx } from './scx.ts';

/** kick_sync advanced on `cpu`: CPUs waiting for it reschedule. */
export function advanceKickSync(scx: Scx, cpu: Cpu): void {
  cpu.kickSync++;
  if (scx.nrKickWaiting === 0) return;
  for (const waiter of scx.k.cpus) {
    if (waiter.kickWaits.has(cpu.id)) scx.k.resched(waiter);
  }
}

/** kick_one_cpu with SCX_KICK_WAIT: remember the target's kick_sync if it runs an ext task. */
export function recordKickWait(scx: Scx, target: Cpu): void {
  const selfId = scx.localCpu >= 0 ? scx.localCpu : scx.waker !== null ? scx.waker.cpu : -1;
  const self = scx.k.cpus[selfId];
  const curr = target.curr;
  if (!self || self === target || curr === null || curr.cls !== 'ext') return;
  if (self.kickWaits.size === 0) scx.nrKickWaiting++;
  self.kickWaits.set(target.id, { kickSync: target.kickSync, pid: curr.pid });
  scx.kickWaitsRecorded++;
  // kick_sync_pending + resched_curr(this_rq): go through the pick path, then wait.
  scx.k.resched(self);
}

/**
 * kick_sync_wait_bal_cb at the start of `cpu`'s schedule(): advance its own kick_sync, drop the targets that
 * moved on (counter changed, or no longer running the task kicked, or offline), and report whether it must
 * keep waiting.
 */
export function kickSyncWaitBlocks(scx: Scx, cpu: Cpu): boolean {
  if (cpu.kickWaits.size === 0) return false;
  advanceKickSync(scx, cpu);
  for (const [targetId, seen] of cpu.kickWaits) {
    const target = scx.k.cpus[targetId] as Cpu;
    if (!target.online || target.kickSync !== seen.kickSync || target.curr?.pid !== seen.pid) {
      cpu.kickWaits.delete(targetId);
    }
  }
  if (cpu.kickWaits.size > 0) {
    scx.kickWaitsBlocked++;
    return true;
  }
  scx.nrKickWaiting--;
  return false;
}
