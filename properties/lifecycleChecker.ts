// The conformance checker interface the `lifecycle` property wraps, and its implementation by the
// statecharts (model/statecharts/conformance.ts: XState machines of the task lifecycle, ops ownership and
// the scheduler's enable/exit, stepped as derived tables — DESIGN.md: "Every trace is checked against
// them"). The interface keeps the property independent of how the specification is executed: tests and
// future checkers plug in through `lifecycleProperty(factory)`.
import type { TraceEvent, TraceEventType } from '../model/kernel/trace.ts';
import { ConformanceChecker as StatechartChecker } from '../model/statecharts/conformance.ts';
import { STEPPED_EVENT_TYPES } from '../model/statecharts/stepper.ts';

export interface ConformanceViolation {
  readonly atNs: number;
  /** Which machine (or protocol) rejected the event. */
  readonly machine: string;
  readonly detail: string;
}

/** An online checker: feed it every event in order; it returns its first violation once, then null. */
export interface ConformanceChecker {
  event(event: TraceEvent): ConformanceViolation | null;
  /** The event types it reads (omitted: every event); the others cannot change its verdict. */
  readonly events?: readonly TraceEventType[];
  /** The run ended: a machine may still be in a state the run must not end in. */
  end?(endNs: number): ConformanceViolation | null;
}

/**
 * Builds a run's checker. `shared` is the run's own statechart checker when the runner has one (a sink
 * placed before the property suite, so it has seen each event before the monitors do), else null.
 */
export type ConformanceCheckerFactory = (shared: StatechartChecker | null) => ConformanceChecker;

/**
 * The statecharts' checker behind the interface. Given the run's shared checker, it only reads that
 * checker's verdict (one statechart replay per run, not two); otherwise it steps a checker of its own.
 */
export function statechartConformanceChecker(shared: StatechartChecker | null = null): ConformanceChecker {
  const checker = shared ?? new StatechartChecker();
  const feed = shared === null;
  let reported = false;
  const report = (): ConformanceViolation | null => {
    const v = checker.violation;
    if (reported || v === null) return null;
    reported = true;
    return { atNs: v.atNs, machine: v.machine, detail: v.reason };
  };
  return {
    events: STEPPED_EVENT_TYPES,
    event(e) {
      if (reported) return null;
      if (feed) checker.event(e);
      return report();
    },
    end(endNs) {
      if (reported) return null;
      if (feed) checker.end(endNs);
      return report();
    },
  };
}
