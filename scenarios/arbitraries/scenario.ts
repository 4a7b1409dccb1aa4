// The scenario generator: a topology, a workload, a fault plan, an attach time and scheduler options, put
// together into a plain Scenario (JSON-serialisable, validated like a hand-written one). Swarm testing
// (STYLE.md, TigerBeetle's options_swarm): each case switches a random subset of fault kinds and behaviour
// kinds off, so rare combinations get room. The fault phase is 50–300 ms; the quiet phase and the liveness
// bounds come from the load (bounds.ts); the expected outcome comes from the fault plan (faults.ts), and the
// properties judge everything else. Every part shrinks toward less: fewer tasks, CPUs and faults, a
// shorter fault phase, kinds switched off.
import fc from 'fast-check';
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { SchedulerOption, SchedulerOptions } from '../../model/kernel/ops.ts';
import type { Fault, Scenario } from '../scenario.ts';
import { deriveBounds } from './bounds.ts';
import { describeGenerated } from './describe.ts';
import { avoidCpus, avoidKthreadMoves, withinLimits } from './regions.ts';
import {
  expectedFirstExit, FAULT_KIND_NAMES, faultKind, faultPlanArb, type FaultDraft, moveDomainCpus, SATURATING_COMM,
  type SchedulerCaps,
} from './faults.ts';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { biasedTopologyArb, cpuCount, GENERATED_CPUS_MAX } from './topology.ts';
import { BEHAVIOUR_KINDS, type BehaviourKind, workloadArb, type WorkloadItem, workloadTasks } from './workload.ts';

/** Fault phase length range, in ms. */
export const FAULT_PHASE_MS_MIN = 50;
export const FAULT_PHASE_MS_MAX = 300;
/** Latest generated attach time, in ms. */
export const ATTACH_MS_MAX = 20;
/** Emulated uptime range (swarm.uptime), in ms: past 2^32 ns (4.3 s) and 2^32 µs (71 min) of clock. */
export const UPTIME_MS_MIN = 1000;
export const UPTIME_MS_MAX = 7 * 24 * 3600 * 1000;
/** With emulated uptime the scheduler attaches up to this much later than ATTACH_MS_MAX, in ms. */
export const LATE_ATTACH_MS_MAX = 100;
/** Most CPUs of hogs that saturate the domains moveDomain faults move tasks into. */
const SATURATING_HOGS_MAX = 16;
/** Faults are placed at least this long after attach and before the end of the fault phase. */
const FAULT_MARGIN_NS = NS_PER_MS;

export const NO_CAPS: SchedulerCaps = { cpuOnline: false, cpuOffline: false };

export interface GeneratorOptions {
  /** What the scheduler under test implements (decides which faults make it exit). */
  readonly caps?: SchedulerCaps;
  /** The scheduler's declared options: boolean ones are generated, others keep their defaults. */
  readonly schedulerOptions?: Readonly<Record<string, SchedulerOption>>;
  readonly faultKinds?: readonly string[];
  readonly behaviourKinds?: readonly BehaviourKind[];
  readonly maxCpus?: number;
  /** Fewest CPUs (a scheduler's known limit, knownLimits.ts). */
  readonly minCpus?: number;
  /** CPUs hotplug faults never take offline (a scheduler's known limit). */
  readonly keepOnline?: readonly number[];
  /** Least idle tolerance for work-conservation (a scheduler's known limit). */
  readonly idleToleranceNs?: number;
  /** The properties generated scenarios list in their manifest (default: every one that applies). */
  readonly check?: readonly string[];
  /** CPUs generated per-CPU kthreads are never pinned to (a scheduler's known limit). */
  readonly kthreadsAvoid?: readonly number[];
  /** Swarm features that are off in every case when false (default: switched per case). */
  readonly features?: { readonly uptime?: boolean; readonly numericOptions?: boolean };
  /** Boolean scheduler options kept at a value instead of generated (a scheduler's known limit). */
  readonly fixedOptions?: Readonly<Record<string, number | boolean | string>>;
}

/** What turning a draft into a scenario needs besides the draft. */
export interface BuildContext {
  readonly caps: SchedulerCaps;
  readonly keepOnline: readonly number[];
  /** Hotplug never leaves fewer CPUs online than this. */
  readonly minOnline?: number;
  readonly kthreadsAvoid?: readonly number[];
  readonly idleToleranceNs: number;
  readonly check?: readonly string[];
}

const DEFAULT_BUILD: BuildContext = { caps: { cpuOnline: false, cpuOffline: false }, keepOnline: [], idleToleranceNs: 0 };

/** The raw generated parts of a scenario, before they are put together. */
export interface ScenarioDraft {
  readonly topology: { nodes: number; llcsPerNode: number; coresPerLlc: number; threadsPerCore: number };
  readonly swarm: { readonly faults: readonly string[]; readonly behaviours: readonly BehaviourKind[];
    readonly restartOnExit: boolean;
    /** Number options vary over their declared ranges (off: defaults). */
    readonly numericOptions: boolean;
    /** Emulated uptime: the clock starts at `uptimeMs` and the scheduler attaches late, over running fair tasks. */
    readonly uptime: boolean };
  readonly items: readonly WorkloadItem[];
  readonly faults: readonly FaultDraft[];
  readonly faultPhaseMs: number;
  readonly attachMs: number;
  /** Booleans (always) … */
  readonly options: SchedulerOptions;
  /** … and number options in their ranges (with swarm.numericOptions). */
  readonly numbers: SchedulerOptions;
  /** With swarm.uptime: the clock schedulers read at the start of the run, and the later attach time. */
  readonly uptimeMs: number;
  readonly lateAttachMs: number;
}

export interface GeneratedCase {
  readonly scenario: Scenario;
  /** The kernel seed the case runs with. */
  readonly seed: number;
}

/**
 * The generated scheduler options: every boolean option (`kind: 'boolean'`), or every number option that
 * declares a range (`min`, `max`; `kind: 'number'`). Options a known limit fixes stay at that value.
 */
function schedulerOptionsArb(declared: Readonly<Record<string, SchedulerOption>>,
  fixed: Readonly<Record<string, number | boolean | string>>, kind: 'boolean' | 'number'): fc.Arbitrary<SchedulerOptions> {
  const entries: [string, fc.Arbitrary<number | boolean | string>][] = [];
  for (const [key, o] of Object.entries(declared)) {
    const pinned = fixed[key];
    const range = numericRange(o);
    if (kind === 'boolean' && o.type === 'boolean') entries.push([key, pinned !== undefined ? fc.constant(pinned) : fc.boolean()]);
    else if (kind === 'number' && range !== null) {
      entries.push([key, pinned !== undefined ? fc.constant(pinned) : numberInRangeArb(range[0], range[1])]);
    }
  }
  if (entries.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(entries)) as fc.Arbitrary<SchedulerOptions>;
}

/**
 * A number in [min, max], biased toward the ends (where limits are: a ring of a few slots, the shortest
 * slice): the low end, the low 1/64th of the range, the whole range, the high end.
 */
function numberInRangeArb(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.constant(min), weight: 1 },
    { arbitrary: fc.integer({ min, max: min + Math.floor((max - min) / 64) }), weight: 1 },
    { arbitrary: fc.integer({ min, max }), weight: 2 },
    { arbitrary: fc.constant(max), weight: 1 },
  );
}

/** A number option's generated range, or null when it declares none (then it keeps its default). */
export function numericRange(option: SchedulerOption): [number, number] | null {
  const { min, max } = option;
  if (option.type !== 'number' || min === undefined || max === undefined) return null;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) return null;
  return [min, max];
}

export function scenarioDraftArb(options: GeneratorOptions = {}): fc.Arbitrary<ScenarioDraft> {
  const faultKinds = options.faultKinds ?? FAULT_KIND_NAMES;
  const behaviourKinds = options.behaviourKinds ?? BEHAVIOUR_KINDS;
  return fc.record({
    topology: biasedTopologyArb(options.maxCpus ?? GENERATED_CPUS_MAX, options.minCpus ?? 1),
    swarm: fc.record({
      faults: fc.subarray([...faultKinds]),
      behaviours: fc.subarray([...behaviourKinds], { minLength: 1 }),
      restartOnExit: fc.boolean(),
      numericOptions: options.features?.numericOptions === false ? fc.constant(false) : fc.boolean(),
      uptime: options.features?.uptime === false ? fc.constant(false) : fc.boolean(),
    }),
    items: workloadArb(behaviourKinds),
    faults: faultKinds.length === 0 ? fc.constant([]) : faultPlanArb(faultKinds),
    faultPhaseMs: fc.integer({ min: FAULT_PHASE_MS_MIN, max: FAULT_PHASE_MS_MAX }),
    attachMs: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: ATTACH_MS_MAX }), weight: 1 }),
    options: schedulerOptionsArb(options.schedulerOptions ?? {}, options.fixedOptions ?? {}, 'boolean'),
    numbers: schedulerOptionsArb(options.schedulerOptions ?? {}, options.fixedOptions ?? {}, 'number'),
    uptimeMs: fc.integer({ min: UPTIME_MS_MIN, max: UPTIME_MS_MAX }),
    lateAttachMs: fc.integer({ min: 1, max: LATE_ATTACH_MS_MAX }),
  });
}

/** Puts a draft together into a Scenario (pure: the same draft always gives the same scenario). */
export function buildScenario(draft: ScenarioDraft, context: BuildContext = DEFAULT_BUILD): Scenario {
  const { caps, keepOnline } = context;
  const nrCpus = cpuCount(draft.topology);
  const enabled = draft.items.filter((item) => draft.swarm.behaviours.includes(item.kind));
  const items = enabled.length > 0 ? enabled : draft.items.slice(0, 1);
  const moves = draft.faults.filter((fd) => fd.kind === 'moveDomain' && draft.swarm.faults.includes(fd.kind));
  const saturating = saturatingItems(moves, draft.topology);
  const tasks = avoidCpus([...workloadTasks(items, nrCpus), ...saturatingTasks(saturating, nrCpus)], nrCpus,
    context.kthreadsAvoid ?? []);
  const durationNs = draft.faultPhaseMs * NS_PER_MS;
  const attachMs = draft.swarm.uptime ? draft.attachMs + draft.lateAttachMs : draft.attachMs;
  const attachAtNs = Math.min(attachMs * NS_PER_MS, durationNs - 2 * FAULT_MARGIN_NS);
  const windowNs = durationNs - attachAtNs - 2 * FAULT_MARGIN_NS;
  const faults: Fault[] = [];
  for (const fd of draft.faults) {
    const spec = faultKind(fd.kind);
    if (!spec || !draft.swarm.faults.includes(fd.kind)) continue;
    const atNs = attachAtNs + FAULT_MARGIN_NS + Math.floor((fd.atPermille * windowNs) / 1000);
    const fault = spec.build(fd, { nrCpus, comms: tasks.map((t) => t.comm), atNs, durationNs, shape: draft.topology });
    if (fault) faults.push(fault);
  }
  const plan = withinLimits(avoidKthreadMoves(faults, tasks, context.kthreadsAvoid ?? []), nrCpus, keepOnline, context.minOnline ?? 1);
  const bounds = deriveBounds([...items, ...saturating]);
  // Long enough for a long sleeper's first wake-up and burst, and a starvation bound after it.
  const quietNs = Math.max(bounds.quietNs, bounds.horizonNs + bounds.quietNs - durationNs);
  const options = { ...draft.options, ...(draft.swarm.numericOptions ? draft.numbers : {}) };
  const kernel = draft.swarm.uptime ? { kernel: { uptimeNs: draft.uptimeMs * NS_PER_MS } } : {};
  const exit = expectedFirstExit(plan, attachAtNs, nrCpus, caps);
  const hasHotplug = plan.some((f) => f.kind === 'hotplug');
  return {
    formatVersion: 1,
    name: 'generated',
    description: describeGenerated(nrCpus, tasks.length, plan),
    topology: { ...draft.topology },
    durationNs,
    quietNs,
    ...(attachAtNs > 0 ? { attachAtNs } : {}),
    ...(Object.keys(options).length > 0 ? { schedulerOptions: options } : {}),
    ...kernel,
    ...(hasHotplug && draft.swarm.restartOnExit ? { restartOnExit: true } : {}),
    tasks,
    ...(plan.length > 0 ? { faults: plan } : {}),
    properties: { ...(context.check ? { check: [...context.check] } : {}), bounds: {
      'bounded-starvation': bounds.starvationNs,
      'work-conservation': Math.max(bounds.idleToleranceNs, context.idleToleranceNs),
      'seamless-fallback': bounds.fallbackNs,
    } },
    expect: { exit },
  };
}

/** Hogs (one per CPU, nice 0) that keep busy the domain each moveDomain draft moves a task into. */
function saturatingItems(moves: readonly FaultDraft[], shape: ScenarioDraft['topology']): WorkloadItem[] {
  const items: WorkloadItem[] = [];
  const seen = new Set<string>();
  for (const move of moves) {
    const cpus = moveDomainCpus(move, shape);
    if (cpus === null || seen.has(cpus.join(',')) || items.length + cpus.length > SATURATING_HOGS_MAX) continue;
    seen.add(cpus.join(','));
    const mask = cpus.reduce((m, cpu) => m + 2 ** cpu, 0);
    for (let i = 0; i < cpus.length; i++) items.push({ kind: 'hog', a: 0, b: 0, nice: 0, mask });
  }
  return items;
}

function saturatingTasks(items: readonly WorkloadItem[], nrCpus: number): TaskSpec[] {
  return workloadTasks(items, nrCpus).map((t, i) => ({ ...t, comm: `${SATURATING_COMM}${i}` }));
}

/** Generated scenarios for a scheduler with capabilities `options.caps`. */
export function scenarioArb(options: GeneratorOptions = {}): fc.Arbitrary<Scenario> {
  const context: BuildContext = { caps: options.caps ?? NO_CAPS, keepOnline: options.keepOnline ?? [],
    idleToleranceNs: options.idleToleranceNs ?? 0, ...(options.check ? { check: options.check } : {}),
    ...(options.minCpus ? { minOnline: options.minCpus } : {}),
    ...(options.kthreadsAvoid ? { kthreadsAvoid: options.kthreadsAvoid } : {}) };
  return scenarioDraftArb(options).map((draft) => buildScenario(draft, context));
}

/** A generated scenario and the kernel seed to run it with (shrinks toward seed 0). */
export function caseArb(options: GeneratorOptions = {}): fc.Arbitrary<GeneratedCase> {
  return fc.record({ scenario: scenarioArb(options), seed: fc.integer({ min: 0, max: 0x7fffffff }) });
}
