// The statecharts' event alphabet: what the machines see of a trace. Each trace event becomes at most one
// event per machine, named after the trace (`op.running`, `task_state.READY`, `place.local`, …). The
// machines are finite on purpose (no context), so the few facts a rule needs beyond the event's name ride
// on the event as small fields that a finite alphabet can enumerate:
//
// - `impl`: which of the nesting callbacks (runnable, running, stopping, quiescent) the loaded scheduler
//   is known to implement. A callback a BPF scheduler leaves out is a no-op at its hook and leaves no trace
//   event, so "runnable → (running → stopping)* → quiescent" can only be demanded of the callbacks that
//   exist. The trace never says which exist; the conformance checker learns it per scheduler instance (a
//   callback exists once it has been seen), so a rule only ever gets stricter and never fires falsely.
// - `sameQseq`: whether an ops_state QUEUED/DISPATCHING carries the qseq stamped at QUEUEING (reference
//   §2.4). The checker remembers that one number per task, which keeps the ops machine finite.
// - `gen`, `owned`, `gone` (handoff machine, one instance per rustland message): how the message's enq_cnt
//   compares with its task's current one, whether the task is QUEUED in BPF custody with no insert of the
//   same dispatch batch already claiming it, and whether the task no longer exists. The checker derives
//   them from the trace (`queued`, `ops_state`, `task_dead`); handoffMachine.ts explains each.
import type { PlaceKind } from '../kernel/trace.ts';

/** Bits of `impl`: the nesting callbacks the scheduler instance is known to implement. */
export const IMPL_RUNNABLE = 1;
export const IMPL_RUNNING = 2;
export const IMPL_STOPPING = 4;
export const IMPL_QUIESCENT = 8;
/** Every nesting callback implemented: the strictest reading, the explorer's default. */
export const IMPL_ALL = IMPL_RUNNABLE | IMPL_RUNNING | IMPL_STOPPING | IMPL_QUIESCENT;

/** The nesting callbacks and their `impl` bits, by kernel name. */
export const NESTING_CALLBACK_BITS: Readonly<Record<string, number>> = {
  runnable: IMPL_RUNNABLE, running: IMPL_RUNNING, stopping: IMPL_STOPPING, quiescent: IMPL_QUIESCENT,
};

/** Per-task callbacks the lifecycle machine knows by name; any other per-task callback is `op.other`. */
export const TASK_OPS = [
  'init_task', 'exit_task', 'enable', 'disable', 'runnable', 'running', 'quiescent', 'set_weight',
  'set_cpumask', 'select_cpu', 'enqueue', 'dequeue', 'dispatch', 'tick', 'yield',
] as const;
export type TaskOp = (typeof TASK_OPS)[number];

export const TASK_STATES = ['NONE', 'INIT', 'READY', 'ENABLED'] as const;
export type TaskStateName = (typeof TASK_STATES)[number];

export const OPS_STATES = ['NONE', 'QUEUEING', 'QUEUED', 'DISPATCHING'] as const;
export type OpsStateName = (typeof OPS_STATES)[number];

export const SCX_STATES = ['ENABLING', 'ENABLED', 'DISABLING', 'DISABLED'] as const;
export type ScxStateName = (typeof SCX_STATES)[number];

export const PLACE_KINDS: readonly PlaceKind[] = [
  'run', 'local', 'global', 'bypass', 'user', 'bpf', 'fair', 'rt', 'sleep', 'dead',
];

/** Deepest bypass nesting the scheduler machine has states for (enable + disable + PM suspend). */
export const BYPASS_DEPTH_MAX = 3;

/** Events of the per-task lifecycle machine (taskLifecycleMachine.ts). */
export type LifecycleEvent =
  | { type: `op.${TaskOp}` | 'op.stopping(true)' | 'op.stopping(false)' | 'op.other'; impl?: number }
  | { type: `task_state.${TaskStateName}`; impl?: number }
  | { type: `place.${PlaceKind}` }
  | { type: 'task_dead' }
  | { type: 'scheduler.disabled' };

/** Events of the per-task ops ownership machine (opsOwnershipMachine.ts). */
export type OwnershipEvent =
  | { type: `ops_state.${OpsStateName}`; sameQseq?: boolean }
  | { type: `place.${PlaceKind}` }
  | { type: 'op.enqueue' }
  | { type: 'task_dead' }
  | { type: 'scheduler.disabled' };

/**
 * How a message's enq_cnt compares with its task's current one (the enq_cnt of the task's last `queued`
 * in this scheduler instance, 0 before any): behind it, equal, one ahead, or further ahead.
 */
export const GENERATIONS = ['older', 'current', 'next', 'newer'] as const;
export type Generation = (typeof GENERATIONS)[number];

/** Events of the per-message handoff machine (handoffMachine.ts). */
export type HandoffEvent =
  | { type: 'handoff.queued' | 'handoff.congested' | 'handoff.kernel'; gen: Generation }
  | { type: 'handoff.dequeued' | 'handoff.submitted' }
  | { type: 'handoff.bounced' | 'handoff.ignored'; gone: boolean }
  | { type: 'handoff.inserted'; gen: Generation; owned: boolean; gone: boolean }
  | { type: 'handoff.any'; owned: boolean; gone: boolean }
  | { type: 'handoff.cancelled'; gen: Generation; gone: boolean }
  | { type: 'ops_state.DISPATCHING' | 'ops_state.other' }
  | { type: 'scheduler.disabling' };

/** Events of the global scheduler machine (schedulerMachine.ts). */
export type SchedulerEvent =
  | { type: `scx_state.${ScxStateName}` }
  | { type: `bypass.${0 | 1 | 2 | 3}` | 'bypass.deeper' }
  | { type: 'exit' }
  | { type: 'op.init' | 'op.exit' | 'op.other' }
  | { type: `task_state.${TaskStateName}` }
  | { type: 'trace.end' };

/** Any machine event: a type plus the optional alphabet fields. */
export interface MachineEvent {
  readonly type: string;
  readonly impl?: number;
  readonly sameQseq?: boolean;
  readonly gen?: Generation;
  readonly owned?: boolean;
  readonly gone?: boolean;
}

/**
 * The alphabet key of an event: its type plus the fields that are set. Two events with the same key are
 * indistinguishable to every guard, which is what lets a table stand in for the machine.
 */
export function eventKey(event: MachineEvent): string {
  let key = event.type;
  if (event.impl !== undefined) key += `|impl=${event.impl}`;
  if (event.sameQseq !== undefined) key += event.sameQseq ? '|sameQseq' : '|staleQseq';
  if (event.gen !== undefined) key += `|gen=${event.gen}`;
  if (event.owned !== undefined) key += event.owned ? '|owned' : '|notOwned';
  if (event.gone !== undefined) key += event.gone ? '|gone' : '|alive';
  return key;
}

/** Parses an alphabet key back into its event (the inverse of `eventKey`). */
export function eventFromKey(key: string): MachineEvent {
  const [type, ...fields] = key.split('|');
  let event: MachineEvent = { type: type as string };
  for (const field of fields) {
    if (field.startsWith('impl=')) event = { ...event, impl: Number(field.slice(5)) };
    else if (field.startsWith('gen=')) event = { ...event, gen: field.slice(4) as Generation };
    else if (field === 'owned' || field === 'notOwned') event = { ...event, owned: field === 'owned' };
    else if (field === 'gone' || field === 'alive') event = { ...event, gone: field === 'gone' };
    else event = { ...event, sameQseq: field === 'sameQseq' };
  }
  return event;
}
