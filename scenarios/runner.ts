// The runner: puts a Scenario, a scheduler (or none: `eevdf`) and a seed together, runs the kernel through
// the fault phase and the quiet phase with the property monitors attached (properties/), and returns the run
// document of the command-line contract. The kernel runs in chunks that end on tick boundaries — where
// every busy CPU has just been charged by its tick, so a chunk end changes nothing in the simulation — and
// between chunks the runner may stop: at the first violation (`stopOnViolation`) or on `stop()`.
import { inputError } from '../model/kernel/assert.ts';
import { RESTART_DELAY_NS_DEFAULT } from '../model/kernel/constants.ts';
import { Kernel } from '../model/kernel/kernel.ts';
import type { SchedExtOps, SchedExtSchedulerDefinition, SchedulerDefinition, SchedulerOptions } from '../model/kernel/ops.ts';
import { frameworkCosts } from '../schedulers/rustland-core/define.ts';
import { UserspaceProcess } from '../schedulers/rustland-core/process.ts';
import {
  EXIT_CODE_ZERO, exitKindName, SCX_EXIT_ERROR, SCX_EXIT_NONE, SCX_EXIT_SYSRQ, SCX_EXIT_UNREG,
} from '../model/kernel/scxFlags.ts';
import { buildTopology } from '../model/kernel/topology.ts';
import type { TraceSink } from '../model/kernel/trace.ts';
import { TraceHasher } from '../model/kernel/traceHash.ts';
import { collectMetrics, type RunMetrics } from './metrics.ts';
import { type Fault, type Scenario, scenarioHz } from './scenario.ts';
import { cpumaskFromJson } from '../model/kernel/cpumask.ts';
import { ConformanceChecker } from '../model/statecharts/conformance.ts';
import { propertiesFor, type PropertyDefinition, PropertySuite, type SchedulerKind } from '../properties/index.ts';

export interface Violation {
  readonly property: string;
  readonly atNs: number;
  /** A fixed string per kind of violation. */
  readonly reason: string;
  /** The particulars (tasks, CPUs, durations). */
  readonly detail?: string;
}

/** A liveness property that could not be decided within the run (never a pass). */
export interface Inconclusive {
  readonly property: string;
  readonly reason: string;
  readonly detail: string;
}

/** The kernel runs at most this many ticks between two chances to stop. */
export const RUN_CHUNK_TICKS = 1;

export interface RunDocument {
  readonly scheduler: string;
  readonly scenario: string;
  readonly seed: number;
  readonly events: number;
  readonly simulatedNs: number;
  readonly traceHash: string;
  readonly exit: { readonly kind: string; readonly reason: string; readonly msg: string };
  readonly exits: readonly { readonly kind: string; readonly reason: string; readonly msg: string }[];
  readonly violations: readonly Violation[];
  /** Properties checked (in registry order). */
  readonly properties: readonly string[];
  readonly inconclusive: readonly Inconclusive[];
  /** Figures the property monitors noted, per property (e.g. seamless-fallback's longest wait). */
  readonly notes: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** True when the run stopped before its end (at the first violation, or on request). */
  readonly stoppedEarly: boolean;
  readonly metrics: RunMetrics;
}

export interface RunOptions {
  readonly scenario: Scenario;
  /** null runs the scenario with no sched_ext scheduler (`eevdf`). */
  readonly scheduler: SchedulerDefinition | null;
  readonly seed: number;
  readonly options?: SchedulerOptions;
  readonly sinks?: readonly TraceSink[];
  /** Replays the trace through the statecharts (default on); the first illegal event is a `lifecycle` violation. */
  readonly conformance?: boolean;
  readonly opProbe?: (opIndex: number) => void;
  /**
   * The properties to check: default the scenario's `properties.check` (else every property that applies
   * to the scheduler kind); an empty list checks none.
   */
  readonly properties?: readonly PropertyDefinition[];
  /** End the run at the first violation (default false: run to the end). */
  readonly stopOnViolation?: boolean;
}

export interface RunOutcome {
  readonly document: RunDocument;
  readonly kernel: Kernel;
  /** The statechart conformance checker of the run (null when turned off). */
  readonly conformance: ConformanceChecker | null;
  /** The property monitors of the run. */
  readonly suite: PropertySuite;
}

/** The scheduler kind properties judge: `eevdf` without a scheduler, else the definition's kind. */
export function schedulerKindOf(scheduler: SchedulerDefinition | null): SchedulerKind {
  return scheduler === null ? 'eevdf' : scheduler.kind;
}

/** The properties a run of `scenario` on a scheduler of `kind` checks by default. */
export function defaultProperties(scenario: Scenario, kind: SchedulerKind): PropertyDefinition[] {
  return propertiesFor(kind, scenario.properties?.check);
}

/** Resolves `--opt` values against the scheduler's declared options (exit 2 on unknown or mistyped). */
export function resolveOptions(def: SchedulerDefinition, given: SchedulerOptions): SchedulerOptions {
  const resolved: Record<string, number | boolean | string> = {};
  for (const [key, option] of Object.entries(def.options)) resolved[key] = option.default;
  for (const [key, value] of Object.entries(given)) {
    const option = def.options[key];
    if (!option) inputError(`--opt ${key}: scheduler ${def.name} has no option ${key}`);
    if (typeof value !== option.type) inputError(`--opt ${key}: expected a ${option.type}`);
    resolved[key] = value;
  }
  return resolved;
}

function applyFault(k: Kernel, fault: Fault, index: number, usersched: UserspaceProcess | null): void {
  const field = `faults[${index}]`;
  k.emit({ t: k.nowNs, type: 'fault', fault: fault.kind, cpu: 'cpu' in fault ? fault.cpu : -1, pid: 0 });
  switch (fault.kind) {
    case 'unregister': return k.scx.requestExit(SCX_EXIT_UNREG, EXIT_CODE_ZERO, 'unregistered from user space');
    case 'sysrq': return k.scx.requestExit(SCX_EXIT_SYSRQ, EXIT_CODE_ZERO, 'disabled by sysrq-S');
    case 'scxError': return k.scx.requestExit(SCX_EXIT_ERROR, EXIT_CODE_ZERO, fault.msg ?? 'injected runtime error');
    case 'hotplug': return k.setCpuOnline(fault.cpu, fault.online);
    case 'rtHog':
      k.createTask({ comm: `rt_hog/${fault.cpu}`, policy: 'FIFO', rtPriority: 50, cpumask: [fault.cpu],
        program: [{ op: 'run', ns: Math.max(1, fault.durationNs) }] }, null, field);
      return;
    case 'lostWakeup': k.wakeupIpisLostUntilNs = k.nowNs + fault.durationNs; return;
    case 'userschedCrash': return usersched?.crash();
    case 'userschedHang': return usersched?.hang();
    case 'userschedSlow': return usersched?.slow(fault.factor, k.nowNs + fault.durationNs);
    case 'ringFull': return usersched?.ringFull(k.nowNs + fault.durationNs);
    case 'userschedPagefault': {
      const kthread = k.findTask(fault.kthread);
      if (kthread) usersched?.pagefault(kthread);
      return;
    }
    case 'setAffinity': case 'setNice': case 'setPolicy': {
      const p = k.findTask(fault.target);
      if (!p) return;
      if (fault.kind === 'setAffinity') k.setAffinity(p, cpumaskFromJson(fault.cpus, k.nrCpus, `${field}.cpus`));
      else if (fault.kind === 'setNice') k.setNice(p, fault.nice);
      else k.setPolicy(p, fault.policy, 0);
    }
  }
}

/** A run that is set up but not yet executed: step `kernel.run(t)` yourself, then `finish()`. */
export interface PreparedRun {
  readonly kernel: Kernel;
  readonly endNs: number;
  readonly suite: PropertySuite;
  /** Asks the run to end at the next chunk boundary (a monitor or a host may call it). */
  stop(): void;
  finish(): RunOutcome;
}

/**
 * Builds the kernel, schedules tasks, attach and faults; nothing has run yet. Use it to inspect the model
 * between events.
 *
 * @example
 * ```ts
 * const run = prepareRun({ scenario, scheduler, seed: 1 });
 * for (let t = 0; t <= run.endNs; t += 1_000_000) { run.kernel.run(t); check(run.kernel); }
 * const { document } = run.finish();
 * ```
 */
export function prepareRun(options: RunOptions): PreparedRun {
  const { scenario, scheduler, seed } = options;
  const hasher = new TraceHasher();
  const topology = buildTopology(scenario.topology);
  const conformance = options.conformance === false ? null : new ConformanceChecker();
  const kind = schedulerKindOf(scheduler);
  // `conformance: false` turns the statecharts off, the lifecycle property included.
  // The suite comes after the conformance sink in `sinks`, so lifecycle can read its verdict.
  const suite = new PropertySuite({ scenario, schedulerKind: kind, conformance, properties: options.properties ??
    defaultProperties(scenario, kind).filter((p) => options.conformance !== false || p.name !== 'lifecycle') });
  let usersched: UserspaceProcess | null = null;
  const k = new Kernel({
    topology, hz: scenarioHz(scenario), seed, extServer: scenario.kernel?.extServer ?? true,
    fairServer: scenario.kernel?.fairServer ?? true,
    ...(scenario.kernel?.uptimeNs ? { uptimeNs: scenario.kernel.uptimeNs } : {}),
    sinks: [hasher, ...(conformance ? [conformance] : []), suite, ...(options.sinks ?? [])],
    ...(options.opProbe ? { opProbe: options.opProbe } : {}),
  });
  scenario.tasks.forEach((spec, i) => k.at(spec.startNs ?? 0, () => { k.createTask(spec, null, `tasks[${i}]`); }));
  if (scheduler) {
    const resolved = resolveOptions(scheduler, { ...scenario.schedulerOptions, ...options.options });
    const restart = { restartOnExit: scenario.restartOnExit ?? false,
      restartDelayNs: scenario.restartDelayNs ?? RESTART_DELAY_NS_DEFAULT, name: scheduler.name };
    k.at(scenario.attachAtNs ?? 0, () => {
      let makeOps = (): SchedExtOps => (scheduler as SchedExtSchedulerDefinition).create(resolved);
      if (scheduler.kind === 'userspace') {
        const process = new UserspaceProcess(k, scheduler, resolved,
          { ...frameworkCosts(resolved), restartOnExit: restart.restartOnExit });
        process.start();
        usersched = process;
        makeOps = () => process.makeOps();
      }
      const rejected = k.scx.attach(makeOps, restart);
      if (rejected) inputError(`scheduler ${scheduler.name}: load rejected: ${rejected}`);
    });
  }
  (scenario.faults ?? []).forEach((fault, i) => {
    if (fault.atNs <= scenario.durationNs) k.at(fault.atNs, () => applyFault(k, fault, i, usersched));
  });
  const endNs = scenario.durationNs + (scenario.quietNs ?? 0);
  let stopRequested = false;
  const shouldStop = (): boolean => stopRequested || suite.internalError !== null ||
    (options.stopOnViolation === true && suite.stopRequested);
  return {
    kernel: k,
    endNs,
    suite,
    stop() { stopRequested = true; },
    finish(): RunOutcome {
      const chunkNs = k.tickNs * RUN_CHUNK_TICKS;
      let stoppedEarly = false;
      try {
        while (k.nowNs < endNs) {
          if (shouldStop()) { stoppedEarly = true; break; }
          k.run(Math.min(endNs, (Math.floor(k.nowNs / chunkNs) + 1) * chunkNs));
        }
      } finally {
        // A user-space scheduler running as a client process (exec/) ends with the run.
        (usersched as UserspaceProcess | null)?.close();
      }
      suite.stoppedEarly = stoppedEarly;
      k.end();
      if (suite.internalError !== null) throw suite.internalError;
      return { kernel: k, conformance, suite,
        document: buildDocument(options, k, hasher, k.nowNs, conformance, suite, stoppedEarly) };
    },
  };
}

/**
 * Runs one scenario to the end of its quiet phase. Deterministic in (scenario, scheduler, seed, options):
 * the same inputs give the same `document.traceHash`. `scheduler: null` runs without sched_ext (`eevdf`).
 *
 * @example
 * ```ts
 * const { document } = runScenario({ scenario: findScenario('mixed-basic')!, scheduler: mySched, seed: 7 });
 * if (document.exit.kind !== 'SCX_EXIT_NONE') console.log(document.exit.msg);
 * ```
 */
export function runScenario(options: RunOptions): RunOutcome {
  return prepareRun(options).finish();
}

function buildDocument(options: RunOptions, k: Kernel, hasher: TraceHasher, endNs: number,
  conformance: ConformanceChecker | null, suite: PropertySuite, stoppedEarly: boolean): RunDocument {
  const exits = k.scx.exits.map((e) => ({ kind: exitKindName(e.kind), reason: e.reason, msg: e.msg }));
  const first = exits[0] ?? { kind: exitKindName(SCX_EXIT_NONE), reason: '', msg: '' };
  // The expected exit is judged by no-scheduler-error (properties/noSchedulerError.ts).
  const checked = suite.propertyNames;
  // The statecharts' own sink sees the same first illegal event as the lifecycle property; its report (the
  // state, the event and the rule in words) stands for both in the document.
  const illegal = conformance?.violation;
  const violations: Violation[] = suite.violations
    .map((v): Violation => (v.property === 'lifecycle' && illegal ? { property: 'lifecycle', atNs: illegal.atNs, reason: illegal.reason } : { ...v }))
    .sort((a, b) => a.atNs - b.atNs);
  if (illegal && checked.includes('lifecycle') && !violations.some((v) => v.property === 'lifecycle')) {
    violations.push({ property: 'lifecycle', atNs: illegal.atNs, reason: illegal.reason });
  }
  return {
    scheduler: options.scheduler?.name ?? 'eevdf', scenario: options.scenario.name, seed: options.seed,
    events: hasher.count, simulatedNs: endNs, traceHash: hasher.hex(), exit: first, exits, violations,
    properties: checked, inconclusive: suite.inconclusive.map((i) => ({ ...i })), notes: suite.notes, stoppedEarly,
    metrics: collectMetrics(k, endNs),
  };
}
