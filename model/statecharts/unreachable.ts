// The statechart transitions the shipped scenarios do not reach, each with the reason. Two kinds:
//
// - UNREACHABLE: the kernel allows the transition but the model cannot produce it, because its steps are
//   atomic (DESIGN.md, Kernel model decisions: concurrency is interleaving of atomic steps, so nothing
//   happens between a callback and its state change, or inside enable/disable) or because the model
//   leaves the mechanism out. No trace of the model may ever take one (the coverage test checks it).
// - SCHEDULER_DEPENDENT: the kernel model produces the transition, but only for schedulers with a
//   behaviour no shipped real scheduler has (a callback none implements, a failing load, inserts into
//   the global DSQ …). The coverage test reaches each one with small witness schedulers, so the reason
//   stays true; the shipped schedulers cannot, whatever the scenario.
//
// Transitions are named as machineGraph.ts names them: `source: event [guard] → target`.
import type { MachineName } from './machines.ts';

export interface UncoveredTransition {
  readonly machine: MachineName;
  readonly transition: string;
  readonly reason: string;
}

const L = 'taskLifecycle.';
const RUN = `${L}enabled.run.`;
const ATOMIC = 'atomic steps (DESIGN.md, Kernel model decisions)';

export const UNREACHABLE: readonly UncoveredTransition[] = [
  { machine: 'taskLifecycle', transition: `${L}init: task_state.NONE → ${L}exited`,
    reason: `${ATOMIC}: scx_fork and scx_post_fork are one step, and the load loop sets READY right after INIT, so a fork is never cancelled between them (scx_cancel_fork)` },
  { machine: 'taskLifecycle', transition: `${L}init: op.exit_task → ${L}inExitTask`,
    reason: `${ATOMIC}: INIT is always followed by READY in the same step, so no task is ever exited while INIT` },
  { machine: 'taskLifecycle', transition: `${L}init: place.* → (self)`,
    reason: `${ATOMIC}: INIT and READY happen in the same step, so the task cannot move in between` },
  { machine: 'taskLifecycle', transition: `${L}enabled: op.other → (self)`,
    reason: 'not modelled: every per-task callback of the model has its own event; op.other keeps a future one legal while ENABLED' },
  { machine: 'taskLifecycle', transition: `${L}exited: place.* → (self)`,
    reason: `${ATOMIC}: a task is exited either by the unload loop (DISABLED follows in the same step) or at its death (after place dead)` },
  { machine: 'taskLifecycle', transition: `${RUN}elsewhere: place.sleep → ${RUN}sleeping`,
    reason: 'not modelled: a running task that changes class is switched out and re-enqueued (README, Kernel model simplifications), so its first place under sched_ext is a queue, never sleep' },
  { machine: 'taskLifecycle', transition: `${RUN}sleeping: place.bypass → ${RUN}runnable.inDsq.bypass`,
    reason: `${ATOMIC}: bypass is on only inside the enable and disable steps, during which no task wakes up` },
  { machine: 'taskLifecycle', transition: `${RUN}runnable.onCpu: place.bypass → ${RUN}runnable.inDsq.bypass`,
    reason: `${ATOMIC}: bypass is on only inside the enable and disable steps, during which no running task is switched out (the bypass cycle keeps a running task running)` },
  { machine: 'scheduler', transition: 'scheduler.kernel.bypass.depth1: bypass.2 → scheduler.kernel.bypass.depth2',
    reason: `${ATOMIC}: enable and disable are each one step and enable turns bypass off on every way out, its error path included, before the disable work starts, so bypass never nests; a second level needs PM suspend/hibernate or a sub-scheduler transition (reference §4.5), not modelled` },
  { machine: 'scheduler', transition: 'scheduler.kernel.bypass.depth2: bypass.1 → scheduler.kernel.bypass.depth1',
    reason: `${ATOMIC}: enable and disable are each one step and enable turns bypass off on every way out, its error path included, before the disable work starts, so bypass never nests; a second level needs PM suspend/hibernate or a sub-scheduler transition (reference §4.5), not modelled` },
  { machine: 'scheduler', transition: 'scheduler.kernel.bypass.depth2: bypass.3 → scheduler.kernel.bypass.depth3',
    reason: 'not modelled: the third nesting level is PM suspend/hibernate bypass (reference §4.5)' },
  { machine: 'scheduler', transition: 'scheduler.kernel.bypass.depth3: bypass.2 → scheduler.kernel.bypass.depth2',
    reason: 'not modelled: the third nesting level is PM suspend/hibernate bypass (reference §4.5)' },
];

/** `op.X` events that need callback X; the reason names it. */
function needs(callback: string): string {
  return `needs ops.${callback}(), which no shipped real scheduler implements`;
}

const CB = `${L}enabled.callbacks.`;

export const SCHEDULER_DEPENDENT: readonly UncoveredTransition[] = [
  { machine: 'taskLifecycle', transition: `${L}none: scheduler.disabled → (self)`,
    reason: 'needs a load that fails before ops.init_task() runs (ops.init() fails, SCX_OPS_ENQ_LAST without ops.enqueue)' },
  { machine: 'taskLifecycle', transition: `${L}inInitTask: scheduler.disabled → ${L}none`,
    reason: 'needs ops.init_task() to fail at load' },
  { machine: 'taskLifecycle', transition: `${L}ready: op.exit_task → ${L}inExitTask`, reason: needs('exit_task') },
  { machine: 'taskLifecycle', transition: `${L}inExitTask: task_state.NONE → ${L}exited`, reason: needs('exit_task') },
  { machine: 'taskLifecycle', transition: `${L}inDisable: task_state.READY → ${L}ready`, reason: needs('disable') },
  { machine: 'taskLifecycle', transition: `${L}enabled: op.set_weight → (self)`, reason: needs('set_weight') },
  { machine: 'taskLifecycle', transition: `${L}enabled: op.set_cpumask → (self)`, reason: needs('set_cpumask') },
  { machine: 'taskLifecycle', transition: `${L}enabled: op.tick → (self)`, reason: needs('tick') },
  { machine: 'taskLifecycle', transition: `${L}enabled: op.yield → (self)`, reason: needs('yield') },
  { machine: 'taskLifecycle', transition: `${L}inInitTask: place.* → (self)`,
    reason: 'needs ops.init_task() to fail at load: the task may move before the disable work that follows at the same instant' },
  ...(['idle', 'queued', 'onCpu', 'leaving'] as const).flatMap((state) => [
    { machine: 'taskLifecycle' as const, transition: `${CB}${state}: op.disable${state === 'idle' ? '' : state === 'onCpu' ? ' [skipsStoppingAndQuiescent]' : ' [skipsQuiescent]'} → ${L}inDisable`, reason: needs('disable') },
  ]),
  { machine: 'taskLifecycle', transition: `${CB}idle: op.quiescent [skipsRunnable] → ${CB}idle`, reason: needs('quiescent') },
  { machine: 'taskLifecycle', transition: `${CB}queued: op.quiescent → ${CB}idle`, reason: needs('quiescent') },
  { machine: 'taskLifecycle', transition: `${CB}onCpu: op.quiescent [skipsStopping] → ${CB}idle`, reason: needs('quiescent') },
  { machine: 'taskLifecycle', transition: `${CB}leaving: op.quiescent → ${CB}idle`, reason: needs('quiescent') },
  { machine: 'taskLifecycle', transition: `${CB}idle: op.stopping(true) [skipsRunnableAndRunning] → ${CB}queued`,
    reason: 'needs ops.stopping() without ops.runnable() and ops.running()' },
  { machine: 'taskLifecycle', transition: `${CB}idle: op.stopping(false) [skipsRunnableAndRunning] → ${CB}leaving`,
    reason: 'needs ops.stopping() without ops.runnable() and ops.running()' },
  { machine: 'taskLifecycle', transition: `${CB}queued: op.stopping(true) [skipsRunning] → ${CB}queued`,
    reason: 'needs ops.stopping() without ops.running()' },
  { machine: 'taskLifecycle', transition: `${CB}queued: op.stopping(false) [skipsRunning] → ${CB}leaving`,
    reason: 'needs ops.stopping() without ops.running()' },
  { machine: 'taskLifecycle', transition: `${CB}onCpu: op.runnable [skipsStoppingAndQuiescent] → ${CB}queued`,
    reason: 'needs ops.runnable() without ops.stopping() and ops.quiescent()' },
  { machine: 'taskLifecycle', transition: `${CB}onCpu: op.running [skipsStopping] → ${CB}onCpu`,
    reason: 'needs ops.running() without ops.stopping()' },
  { machine: 'taskLifecycle', transition: `${CB}onCpu: task_state.READY [skipsStoppingAndQuiescent] → ${L}ready`,
    reason: 'needs a scheduler without ops.stopping() and ops.quiescent() (every shipped one implements stopping)' },
  { machine: 'taskLifecycle', transition: `${CB}leaving: op.stopping(true) [skipsQuiescentRunnableAndRunning] → ${CB}queued`,
    reason: 'needs ops.stopping() without ops.runnable(), ops.running() and ops.quiescent()' },
  { machine: 'taskLifecycle', transition: `${CB}leaving: op.stopping(false) [skipsQuiescentRunnableAndRunning] → ${CB}leaving`,
    reason: 'needs ops.stopping() without ops.runnable(), ops.running() and ops.quiescent()' },
  ...['elsewhere', 'sleeping', 'runnable.inBpf', 'runnable.inDsq', 'runnable.onCpu'].map((state) => ({
    machine: 'taskLifecycle' as const, transition: `${RUN}${state}: place.global → ${RUN}runnable.inDsq.global`,
    reason: 'needs the global DSQ: a scheduler without ops.enqueue(), or one inserting into SCX_DSQ_GLOBAL (or an invalid or offline local DSQ)',
  })),
  { machine: 'scheduler', transition: 'scheduler.kernel.enable.enabling: scx_state.DISABLING [bypassOn] → scheduler.kernel.enable.disabling',
    reason: 'needs a load that fails (ops.init() or ops.init_task() fails, SCX_OPS_ENQ_LAST without ops.enqueue, the enq_last_no_enq_fails selftest)' },
  { machine: 'scheduler', transition: 'scheduler.kernel.enable.enabling.init: op.other → scheduler.kernel.enable.enabling.initTasks',
    reason: 'needs a scheduler without ops.init() (every shipped one has it), so ops.init_task() is the first callback' },
  { machine: 'scheduler', transition: 'scheduler.kernel.enable.enabling.init: task_state.INIT → scheduler.kernel.enable.enabling.initTasks',
    reason: 'needs a scheduler without ops.init() and ops.init_task()' },
];
