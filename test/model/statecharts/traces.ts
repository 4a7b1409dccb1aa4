// Hand-made traces for the conformance tests (not a test file): one task (pid 100, comm "victim") loaded
// on a canary scheduler, and the checker run over a trace.
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { ConformanceChecker, type ConformanceViolation } from '../../../model/statecharts/conformance.ts';

export const P = 100;

export function op(t: number, name: string, pid = P, arg = 0): TraceEvent {
  return { t, type: 'op', op: name, pid, cpu: 0, arg };
}
export function taskState(t: number, state: string, pid = P): TraceEvent {
  return { t, type: 'task_state', pid, state };
}
export function opsState(t: number, state: string, qseq: number, pid = P): TraceEvent {
  return { t, type: 'ops_state', pid, state, qseq };
}
export function place(t: number, where: TraceEvent & { type: 'place' } extends infer E ? E extends { place: infer K } ? K : never : never,
  pid = P, cpu = -1): TraceEvent {
  return { t, type: 'place', pid, place: where, cpu, dsq: -1 };
}
export function scx(t: number, state: string): TraceEvent {
  return { t, type: 'scx_state', state, scheduler: 'canary', timeoutNs: 30_000_000_000 };
}
export function bypass(t: number, depth: number): TraceEvent {
  return { t, type: 'bypass', depth };
}

/** A legal load of one task (pid 100, comm "victim") that is left ENABLED and asleep at t = 10. */
export function loaded(): TraceEvent[] {
  return [
    { t: 0, type: 'task_new', pid: P, comm: 'victim', parent: 0, policy: 'NORMAL', nice: 0, weight: 1024,
      cpumask: '0-3', kthread: false, cls: 'fair' },
    place(0, 'sleep'),
    scx(1, 'ENABLING'), op(1, 'init', 0), bypass(1, 1),
    op(1, 'init_task'), taskState(1, 'INIT'), taskState(1, 'READY'),
    op(1, 'enable'), taskState(1, 'ENABLED'),
    bypass(1, 0), scx(1, 'ENABLED'),
  ];
}

export function check(events: readonly TraceEvent[], endNs?: number): ConformanceViolation | null {
  const checker = new ConformanceChecker();
  for (const e of events) checker.event(e);
  if (endNs !== undefined) checker.end(endNs);
  return checker.violation;
}
