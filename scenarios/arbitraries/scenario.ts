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
import { avoidCpus, withinLimits } from './regions.ts';
import {
  expectedFirstExit, FAULT_KIND_NAMES, faultKind, faultPlanArb, type FaultDraft, type SchedulerCaps,
} from './faults.ts';
import { biasedTopologyArb, cpuCount, GENERATED_CPUS_MAX } from './topology.ts';
import { BEHAVIOUR_KINDS, type BehaviourKind, workloadArb, type WorkloadItem, workloadTasks } from './workload.ts';

/** Fault phase length range, in ms. */
export const FAULT_PHASE_MS_MIN = 50;
export const FAULT_PHASE_MS_MAX = 300;
/** Latest generated attach time, in ms. */
export const ATTACH_MS_MAX = 20;
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
  /** Boolean scheduler options kept at a value instead of generated (a scheduler's known limit). */
  readonly fixedOptions?: Readonly<Record<string, boolean>>;
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
    readonly restartOnExit: boolean };
  readonly items: readonly WorkloadItem[];
  readonly faults: readonly FaultDraft[];
  readonly faultPhaseMs: number;
  readonly attachMs: number;
  readonly options: SchedulerOptions;
}

export interface GeneratedCase {
  readonly scenario: Scenario;
  /** The kernel seed the case runs with. */
  readonly seed: number;
}

function schedulerOptionsArb(declared: Readonly<Record<string, SchedulerOption>>,
  fixed: Readonly<Record<string, boolean>>): fc.Arbitrary<SchedulerOptions> {
  const booleans = Object.entries(declared).filter(([, o]) => o.type === 'boolean').map(([key]) => key);
  if (booleans.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(booleans.map((key) =>
    [key, fixed[key] !== undefined ? fc.constant(fixed[key]) : fc.boolean()]))) as fc.Arbitrary<SchedulerOptions>;
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
    }),
    items: workloadArb(behaviourKinds),
    faults: faultKinds.length === 0 ? fc.constant([]) : faultPlanArb(faultKinds),
    faultPhaseMs: fc.integer({ min: FAULT_PHASE_MS_MIN, max: FAULT_PHASE_MS_MAX }),
    attachMs: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: ATTACH_MS_MAX }), weight: 1 }),
    options: schedulerOptionsArb(options.schedulerOptions ?? {}, options.fixedOptions ?? {}),
  });
}

/** Puts a draft together into a Scenario (pure: the same draft always gives the same scenario). */
export function buildScenario(draft: ScenarioDraft, context: BuildContext = DEFAULT_BUILD): Scenario {
  const { caps, keepOnline } = context;
  const nrCpus = cpuCount(draft.topology);
  const enabled = draft.items.filter((item) => draft.swarm.behaviours.includes(item.kind));
  const items = enabled.length > 0 ? enabled : draft.items.slice(0, 1);
  const tasks = avoidCpus(workloadTasks(items, nrCpus), nrCpus, context.kthreadsAvoid ?? []);
  const durationNs = draft.faultPhaseMs * NS_PER_MS;
  const attachAtNs = Math.min(draft.attachMs * NS_PER_MS, durationNs - 2 * FAULT_MARGIN_NS);
  const windowNs = durationNs - attachAtNs - 2 * FAULT_MARGIN_NS;
  const faults: Fault[] = [];
  for (const fd of draft.faults) {
    const spec = faultKind(fd.kind);
    if (!spec || !draft.swarm.faults.includes(fd.kind)) continue;
    const atNs = attachAtNs + FAULT_MARGIN_NS + Math.floor((fd.atPermille * windowNs) / 1000);
    const fault = spec.build(fd, { nrCpus, comms: tasks.map((t) => t.comm), atNs, durationNs });
    if (fault) faults.push(fault);
  }
  const plan = withinLimits(faults, nrCpus, keepOnline, context.minOnline ?? 1);
  const bounds = deriveBounds(items);
  const exit = expectedFirstExit(plan, attachAtNs, nrCpus, caps);
  const hasHotplug = plan.some((f) => f.kind === 'hotplug');
  return {
    formatVersion: 1,
    name: 'generated',
    description: describeGenerated(nrCpus, tasks.length, plan),
    topology: { ...draft.topology },
    durationNs,
    quietNs: bounds.quietNs,
    ...(attachAtNs > 0 ? { attachAtNs } : {}),
    ...(Object.keys(draft.options).length > 0 ? { schedulerOptions: { ...draft.options } } : {}),
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
