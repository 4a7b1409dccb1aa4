// A property suite: the trace sink that runs a set of property monitors over one run. It reduces the trace
// into one shared World, hands every event to the monitors that read its type (Monitor.events), and calls
// `settled(t)` when simulated time moves past t — the moments between atomic steps when the world must be consistent. It keeps the first
// violation of each property, the inconclusive verdicts and the figures monitors note, and raises
// `stopRequested` at the first violation so the runner can end the run early (DESIGN.md: a monitor may
// stop a run). A monitor that throws is a bug in schedcheck, not in the scheduler: the error is kept and
// rethrown by the runner after the run (exit 3), never mistaken for a scheduler error.
import type { TraceEvent, TraceSink } from '../model/kernel/trace.ts';
import type { ConformanceChecker } from '../model/statecharts/conformance.ts';
import type { Scenario } from '../scenarios/scenario.ts';
import type {
  Monitor, MonitorContext, PropertyDefinition, PropertyInconclusive, PropertyViolation, SchedulerKind,
} from './property.ts';
import { World } from './world.ts';

interface Entry {
  readonly definition: PropertyDefinition;
  readonly monitor: Monitor;
  violated: boolean;
}

export interface SuiteOptions {
  readonly scenario: Scenario;
  readonly schedulerKind: SchedulerKind;
  readonly properties: readonly PropertyDefinition[];
  /** The run's statechart checker, fed each event before this suite (the runner's sink order), if any. */
  readonly conformance?: ConformanceChecker | null;
}

export class PropertySuite implements TraceSink {
  readonly world: World;
  readonly violations: PropertyViolation[] = [];
  readonly inconclusive: PropertyInconclusive[] = [];
  /** Figures noted by monitors, per property. */
  readonly notes: Record<string, Record<string, number>> = {};
  /** The first error a monitor threw (a schedcheck bug), if any. */
  internalError: unknown = null;
  /**
   * Set by the runner when it ends the run early: monitors' `end` hooks are then skipped, since an
   * unfinished run cannot tell that an expected event never came.
   */
  stoppedEarly = false;
  private readonly entries: Entry[] = [];
  /** Per trace event type, the entries whose monitor reads it, in registry order (built on first use). */
  private readonly byType = new Map<string, Entry[]>();
  private started = false;
  private lastNs = 0;
  private ended = false;

  constructor(options: SuiteOptions) {
    this.world = new World(options.scenario);
    const quietStartNs = options.scenario.durationNs;
    for (const definition of options.properties) {
      const entry: { definition: PropertyDefinition; monitor: Monitor; violated: boolean } =
        { definition, monitor: {}, violated: false };
      entry.monitor = definition.monitor(this.contextFor(entry, options, quietStartNs));
      this.entries.push(entry);
    }
  }

  private contextFor(entry: Entry, options: SuiteOptions, quietStartNs: number): MonitorContext {
    const name = entry.definition.name;
    const suite = this;
    return {
      property: name, scenario: options.scenario, schedulerKind: options.schedulerKind, quietStartNs,
      boundNs: options.scenario.properties?.bounds?.[name], conformance: options.conformance ?? null,
      violate(atNs, reason, detail) {
        if (entry.violated) return;
        entry.violated = true;
        suite.violations.push({ property: name, atNs, reason, detail });
      },
      inconclusive(reason, detail) {
        if (entry.violated || suite.inconclusive.some((i) => i.property === name)) return;
        suite.inconclusive.push({ property: name, reason, detail });
      },
      note(key, value) {
        (suite.notes[name] ??= {})[key] = value;
      },
      get violated() { return entry.violated; },
    };
  }

  /** Names of the properties checked, in registry order. */
  get propertyNames(): string[] {
    return this.entries.map((e) => e.definition.name);
  }

  /** True once any property is violated: the runner may stop the run. */
  get stopRequested(): boolean {
    return this.violations.length > 0 || this.internalError !== null;
  }

  /** The earliest violation (by simulated time, then detection order), or null. */
  firstViolation(): PropertyViolation | null {
    let first: PropertyViolation | null = null;
    for (const v of this.violations) if (first === null || v.atNs < first.atNs) first = v;
    return first;
  }

  event(e: TraceEvent): void {
    if (this.internalError !== null) return;
    try {
      if (this.started && e.t > this.lastNs) this.settle(this.lastNs);
      this.started = true;
      this.lastNs = e.t;
      this.world.apply(e);
      let readers = this.byType.get(e.type);
      if (readers === undefined) {
        readers = this.entries.filter((entry) => entry.monitor.event !== undefined &&
          (entry.monitor.events === undefined || entry.monitor.events.includes(e.type)));
        this.byType.set(e.type, readers);
      }
      for (const entry of readers) if (!entry.violated) entry.monitor.event?.(e, this.world);
    } catch (error) {
      this.internalError = error;
    }
  }

  end(endNs: number): void {
    if (this.ended || this.internalError !== null) return;
    this.ended = true;
    try {
      this.settle(this.lastNs);
      this.world.nowNs = Math.max(this.world.nowNs, endNs);
      if (this.stoppedEarly) return;
      for (const entry of this.entries) if (!entry.violated) entry.monitor.end?.(endNs, this.world);
    } catch (error) {
      this.internalError = error;
    }
  }

  private settle(nowNs: number): void {
    for (const entry of this.entries) if (!entry.violated) entry.monitor.settled?.(nowNs, this.world);
    this.world.clearDirty();
  }
}
