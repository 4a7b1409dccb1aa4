// The conformance checker interface the `lifecycle` property wraps, and an interim implementation of it.
// The specification proper is the statecharts' conformance checker (model/statecharts/, DESIGN.md:
// "Every trace is checked against them"); until it is wired in, this table-driven checker enforces the two
// per-task protocols the kernel documents: the scx_task_state lifecycle (reference §1.1: NONE → INIT →
// READY ⇄ ENABLED, INIT/READY → NONE) and the ops_state handshake (reference §2.3: NONE → QUEUEING →
// QUEUED → DISPATCHING → NONE, with QUEUEING → NONE for a direct dispatch and QUEUED → NONE for a dequeue).
import type { TraceEvent } from '../model/kernel/trace.ts';

export interface ConformanceViolation {
  readonly atNs: number;
  /** Which protocol or machine rejected the event. */
  readonly machine: string;
  readonly detail: string;
}

/** An online checker: feed it every event in order; it returns the first violation once, then null. */
export interface ConformanceChecker {
  event(event: TraceEvent): ConformanceViolation | null;
}

export type ConformanceCheckerFactory = () => ConformanceChecker;

const TASK_STATE_NEXT: Readonly<Record<string, readonly string[]>> = {
  NONE: ['INIT'],
  INIT: ['READY', 'NONE'],
  READY: ['ENABLED', 'NONE'],
  ENABLED: ['READY'],
};

const OPS_STATE_NEXT: Readonly<Record<string, readonly string[]>> = {
  NONE: ['QUEUEING'],
  QUEUEING: ['QUEUED', 'NONE'],
  QUEUED: ['DISPATCHING', 'NONE'],
  DISPATCHING: ['NONE'],
};

/** The interim checker: per-task scx_task_state and ops_state transition tables. */
export function tableConformanceChecker(): ConformanceChecker {
  const taskState = new Map<number, string>();
  const opsState = new Map<number, string>();
  let reported = false;
  const step = (table: Readonly<Record<string, readonly string[]>>, states: Map<number, string>, machine: string,
    e: { t: number; pid: number; state: string }): ConformanceViolation | null => {
    const from = states.get(e.pid) ?? 'NONE';
    states.set(e.pid, e.state);
    if (from === e.state && machine === 'opsOwnership' && e.state === 'NONE') return null;
    if ((table[from] ?? []).includes(e.state)) return null;
    return { atNs: e.t, machine, detail: `pid ${e.pid}: ${from} → ${e.state} is not a transition of ${machine}` };
  };
  return {
    event(e) {
      if (reported) return null;
      let violation: ConformanceViolation | null = null;
      if (e.type === 'task_state') violation = step(TASK_STATE_NEXT, taskState, 'taskLifecycle', e);
      else if (e.type === 'ops_state') violation = step(OPS_STATE_NEXT, opsState, 'opsOwnership', e);
      reported = violation !== null;
      return violation;
    },
  };
}
