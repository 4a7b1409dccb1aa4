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
// - SCENARIO_DEPENDENT: the shipped schedulers produce the transition, but only under a workload no
//   shipped scenario has. The coverage test reaches each one with witness scenarios run with the shipped
//   schedulers (test/model/statecharts/witnesses.ts), so the reason stays true.
//
// Transitions are named as machineGraph.ts names them: `source: event [guard] → target`.
import type { MachineName } from './machines.ts';

export interface UncoveredTransition {
  readonly machine: MachineName;
  readonly transition: string;
  readonly reason: string;
}

const L = 'taskLifecycle.';
const H = 'handoff.message.';
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
  { machine: 'taskLifecycle', transition: `${RUN}elsewhere: place.sleep → ${RUN}sleeping`,
    reason: 'not modelled: a running task that changes class is switched out and re-enqueued (README, Kernel model simplifications), so its first place under sched_ext is a queue, never sleep' },
  { machine: 'taskLifecycle', transition: `${RUN}sleeping: place.bypass → ${RUN}runnable.inDsq.bypass`,
    reason: `${ATOMIC}: bypass is on only inside the enable step and the disable work's task walk (SCX_DISABLE_TASK_NS per task, microseconds), and no shipped or witness scenario wakes an ext task inside that window` },
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
  { machine: 'handoff', transition: `${H}bounced: handoff.inserted [claimsTask] → ${H}dispatchBuffer`,
    reason: 'needs a user-space policy naming a CPU outside the cpumask the task had when it was queued: the shipped ones pick CPUs with select_cpu(), within that cpumask, and an affinity change of a QUEUED task dequeues and re-enqueues it, so the decision is stale (cancelled) or the task no longer QUEUED (dropped by the qseq check)' },
  { machine: 'handoff', transition: 'handoff.message.bounced: handoff.inserted [missesTask] → handoff.message.droppedByQseq',
    reason: 'needs a policy that names a CPU the task may no longer use (the shipped policies choose with select_cpu() inside the current cpumask, so a bounce needs an affinity change between that call and the dispatch), an outside affinity change, and a re-enqueue without a new message (BPF fast path, full ring): the witness_last_cpu policy on the handoff churn' },
];

/**
 * The handoff transitions the shipped scenarios leave out: each needs a task dequeued while its message is
 * in flight (only an affinity, nice or class change made from outside can dequeue a QUEUED task; in the
 * shipped scenarios a task changes its properties itself, while it runs), or an unload while a decision
 * waits in the dispatched ring (user space answers within microseconds and ops.dispatch drains the ring).
 */
const FROM_OUTSIDE = 'needs a task\'s affinity or nice changed from outside while its message is in flight (the shipped scenarios change properties only from the task itself, while it runs, never while it is QUEUED)';

export const SCENARIO_DEPENDENT: readonly UncoveredTransition[] = [
  { machine: 'handoff', transition: `${H}dispatchedRing: handoff.ignored [taskGone] → ${H}ignored`,
    reason: `${FROM_OUTSIDE}: the decision for one of its two messages lets the task run and exit before the other decision arrives` },
  { machine: 'handoff', transition: `${H}dispatchedRing: handoff.any [missesTask] → ${H}droppedByQseq`,
    reason: `${FROM_OUTSIDE}: the decision arrives after a decision for another message of the task claimed it, or after a re-enqueue that made no message (ring full, BPF fast path)` },
  { machine: 'handoff', transition: `${H}dispatchedRing: handoff.inserted [missesTask] → ${H}droppedByQseq`,
    reason: `${FROM_OUTSIDE}: the decision arrives after a decision for another message of the task claimed it, or after a re-enqueue that made no message (ring full, BPF fast path)` },
  { machine: 'handoff', transition: `${H}dispatchedRing: handoff.cancelled [staleAndTaskExists] → ${H}cancelled`,
    reason: `${FROM_OUTSIDE}: the re-enqueue makes a newer message, so the older decision for a specific CPU is stale` },
  { machine: 'handoff', transition: `${H}dispatchedRing: handoff.bounced [taskExists] → ${H}bounced`,
    reason: `${FROM_OUTSIDE}: the CPU select_cpu() chose is no longer in the new cpumask when the decision arrives` },
  { machine: 'handoff', transition: `${H}bounced: handoff.cancelled [staleAndTaskExists] → ${H}cancelled`,
    reason: `${FROM_OUTSIDE}, re-enqueued with a newer message, and the chosen CPU outside the new cpumask` },
];
