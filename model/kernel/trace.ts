// The trace: every event the kernel model emits, as a typed union (DESIGN.md, The trace). Properties and
// conformance read only this, so it carries enough to rebuild where every task is, event by event:
// task creation with cpumask/policy/weight, every change of them, and every change of a task's place.
// Events stream to sinks (hash, monitors, file writer) so long runs need not keep them in memory.
import { formatDsqId, isLocalOn, localOnCpu, SCX_DSQ_BYPASS, SCX_DSQ_GLOBAL, SCX_DSQ_INVALID, SCX_DSQ_LOCAL } from './dsqId.ts';

/** Where a task is. Exactly one place per live task (the conservation law no-lost-task checks). */
export type PlaceKind =
  | 'run' // executing on `cpu`
  | 'local' // waiting in the local DSQ of `cpu`
  | 'global' // waiting in the global DSQ
  | 'bypass' // waiting in the bypass DSQ
  | 'user' // waiting in user DSQ `dsq`
  | 'bpf' // in BPF custody (ops_state QUEUED), not on any DSQ
  | 'fair' // waiting on the fair run queue of `cpu`
  | 'rt' // waiting on the RT run queue of `cpu`
  | 'sleep' // blocked
  | 'dead'; // exited

export type TaskClass = 'rt' | 'fair' | 'ext';

/**
 * Steps of a task's message through the rustland handoff (reference §5.4–5.5), emitted by framework code
 * through ctx: `queued` (submitted to the queued ring, enq_cnt bumped), `congested` (ring full: straight to
 * SHARED_DSQ), `kernel` (decided in BPF: idle fast path, kthread), `dequeued` (the policy consumed it),
 * `submitted` (a decision written to the dispatched ring), `inserted` (BPF applied it to a CPU's DSQ),
 * `any` (RL_CPU_ANY: SHARED_DSQ), `bounced` (CPU outside the cpumask: redirected), `cancelled` (stale
 * enq_cnt: undone), `ignored` (the task no longer exists). Messages still in flight when the scheduler
 * exits are reclaimed by the disable path (the handoff statechart ends them at `scx_state DISABLING`).
 */
export type HandoffStep =
  | 'queued' | 'congested' | 'kernel' | 'dequeued' | 'submitted' | 'inserted' | 'any' | 'bounced' | 'cancelled'
  | 'ignored';

export type TraceEvent =
  | { t: number; type: 'task_new'; pid: number; comm: string; parent: number; policy: string; nice: number;
      weight: number; cpumask: string; kthread: boolean; cls: TaskClass; flags?: string }
  | { t: number; type: 'task_dead'; pid: number }
  | { t: number; type: 'place'; pid: number; place: PlaceKind; cpu: number; dsq: number }
  | { t: number; type: 'switch'; cpu: number; prev: number; next: number; cls: TaskClass | 'idle' }
  | { t: number; type: 'migrate'; pid: number; from: number; to: number }
  | { t: number; type: 'wake'; pid: number; cpu: number; waker: number }
  | { t: number; type: 'block'; pid: number; why: 'sleep' | 'wait' | 'exit' }
  | { t: number; type: 'attr'; pid: number; cpumask: string; policy: string; nice: number; weight: number }
  | { t: number; type: 'class'; pid: number; cls: TaskClass }
  | { t: number; type: 'op'; op: string; pid: number; cpu: number; arg: number }
  | { t: number; type: 'task_state'; pid: number; state: string }
  | { t: number; type: 'ops_state'; pid: number; state: string; qseq: number }
  | { t: number; type: 'scx_state'; state: string; scheduler: string; timeoutNs: number }
  | { t: number; type: 'bypass'; depth: number }
  | { t: number; type: 'exit'; kind: string; reason: string; msg: string; code: number }
  | { t: number; type: 'fault'; fault: string; cpu: number; pid: number }
  | { t: number; type: 'kick'; cpu: number; target: number; flags: number }
  | { t: number; type: 'cpu'; cpu: number; online: boolean }
  | { t: number; type: 'usersched'; pid: number; scheduler: string }
  | { t: number; type: 'handoff'; pid: number; enqCnt: number; step: HandoffStep; cpu: number }
  | { t: number; type: 'counter'; name: string; value: number }
  /** A kfunc returned an error code (e.g. scx_bpf_create_dsq -EEXIST), visible even when the scheduler ignores it. */
  | { t: number; type: 'kfunc_err'; kfunc: string; err: number; arg: number };

export type TraceEventType = TraceEvent['type'];

/** A consumer of trace events; `end` is called once with the final simulated time. */
export interface TraceSink {
  event(event: TraceEvent): void;
  end?(endNs: number): void;
}

/** The names a scheduler gave its DSQs (its `#define SHARED_DSQ 0`), by id: for printing only. */
export type DsqNames = ReadonlyMap<number, string>;

const NO_DSQ_NAMES: DsqNames = new Map();

/**
 * A DSQ id as a reader knows it: the kernel's name of a built-in DSQ (`SCX_DSQ_GLOBAL`,
 * `SCX_DSQ_LOCAL_ON|3`), the scheduler's name for one of its DSQs (`SHARED_DSQ`), else the id in hex as
 * the kernel prints it (`0x2a`); -1 (no DSQ) stays -1.
 */
export function formatTraceDsq(dsq: number, names: DsqNames = NO_DSQ_NAMES): string {
  if (dsq < 0) return String(dsq);
  const named = names.get(dsq);
  if (named !== undefined) return named;
  if (dsq === SCX_DSQ_GLOBAL) return 'SCX_DSQ_GLOBAL';
  if (dsq === SCX_DSQ_LOCAL) return 'SCX_DSQ_LOCAL';
  if (dsq === SCX_DSQ_BYPASS) return 'SCX_DSQ_BYPASS';
  if (dsq === SCX_DSQ_INVALID) return 'SCX_DSQ_INVALID';
  if (isLocalOn(dsq)) return `SCX_DSQ_LOCAL_ON|${localOnCpu(dsq)}`;
  return formatDsqId(dsq);
}

/**
 * One compact line per event (legend in the README): `<t> <type> key=value …`. DSQ ids print as
 * formatTraceDsq does. Presentation only: the trace hash reads the values, not this text.
 */
export function formatEvent(event: TraceEvent, dsqNames: DsqNames = NO_DSQ_NAMES): string {
  let line = `${event.t} ${event.type}`;
  for (const key in event) {
    if (key === 't' || key === 'type') continue;
    const value = (event as unknown as Record<string, unknown>)[key];
    line += ` ${key}=${key === 'dsq' ? formatTraceDsq(value as number, dsqNames) : String(value)}`;
  }
  return line;
}
