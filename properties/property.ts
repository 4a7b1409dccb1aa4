// What a property is (DESIGN.md, properties/; STYLE.md "Properties are data"): a named invariant with a
// kind (safety: a bad state is never reached; liveness: something good happens within a bound), the
// scheduler kinds it judges, and a monitor that reads the trace online. Monitors see only trace events,
// the world rebuilt from them (world.ts) and the scenario — never the kernel model — and report through
// their context: a violation with a fixed reason string and the simulated time, an inconclusive verdict
// when a liveness property could not be decided within the run, and named figures for the summary.
import type { TraceEvent, TraceEventType } from '../model/kernel/trace.ts';
import type { ConformanceChecker } from '../model/statecharts/conformance.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import type { World } from './world.ts';

export type PropertyKind = 'safety' | 'liveness';

/**
 * The runs a property judges: `eevdf` (no sched_ext scheduler attached, the baseline), `sched_ext` (a
 * BPF-style scheduler) or `userspace` (the rustland family: a BPF half plus a user-space policy).
 */
export type SchedulerKind = 'eevdf' | 'sched_ext' | 'userspace';

export const ALL_SCHEDULER_KINDS: readonly SchedulerKind[] = ['eevdf', 'sched_ext', 'userspace'];
export const SCX_SCHEDULER_KINDS: readonly SchedulerKind[] = ['sched_ext', 'userspace'];

export interface PropertyViolation {
  readonly property: string;
  /** Simulated time at which the property became false. */
  readonly atNs: number;
  /** A fixed string per kind of violation (grep-able, comparable across runs). */
  readonly reason: string;
  /** The particulars: tasks, CPUs, durations. */
  readonly detail: string;
}

export interface PropertyInconclusive {
  readonly property: string;
  readonly reason: string;
  readonly detail: string;
}

/** What a monitor is given: the scenario, its bounds, and the channels to report through. */
export interface MonitorContext {
  readonly property: string;
  readonly scenario: Scenario;
  readonly schedulerKind: SchedulerKind;
  /** End of the fault phase: liveness is judged from here on (DESIGN.md, Safety, then liveness). */
  readonly quietStartNs: number;
  /** The bound the scenario sets for this property (`properties.bounds[name]`), if any. */
  readonly boundNs: number | undefined;
  violate(atNs: number, reason: string, detail: string): void;
  inconclusive(reason: string, detail: string): void;
  /** A figure for the summary (e.g. the longest wait across a scheduler exit). */
  note(key: string, value: number): void;
  /**
   * The run's statechart checker when the runner has one: a sink ahead of the suite, so it has already
   * stepped each event a monitor sees (lifecycle reads its verdict instead of replaying the trace). Null
   * when the suite runs alone.
   */
  readonly conformance: ConformanceChecker | null;
  /** True once this property has a violation (monitors may stop looking). */
  readonly violated: boolean;
}

export interface Monitor {
  /**
   * The trace event types `event` reads: the suite hands it only those (omitted: every event). Most events
   * are ops and ops_state steps that only the statecharts read, so a monitor should declare its types.
   */
  readonly events?: readonly TraceEventType[];
  /** Every trace event (of the declared types), in order, after the world has applied it. */
  event?(event: TraceEvent, world: World): void;
  /** Every event of simulated time `nowNs` has been applied: the world is between atomic steps. */
  settled?(nowNs: number, world: World): void;
  /** The run ended at `endNs` (after the last settle). */
  end?(endNs: number, world: World): void;
}

export interface PropertyDefinition {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  /** The runs this property judges. */
  readonly appliesTo: readonly SchedulerKind[];
  /** What `properties.bounds[name]` means for this property, and its default, for `list` and the README. */
  readonly bound?: { readonly meaning: string; readonly defaultText: string };
  monitor(context: MonitorContext): Monitor;
}
