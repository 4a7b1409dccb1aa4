// Shrinking on the data itself (DESIGN.md: "shrinking then works on data"): one-step-smaller variants of a
// generated scenario — one fault fewer, one task fewer, a task turned into a plain CPU hog, one CPU fewer,
// a shorter fault phase — that stay valid scenarios. fast-check's shrinker works on the generator's draws and stops at local minima (it will
// not turn a ping-pong pair into the single hog a bug needs); a greedy pass over these variants, keeping
// each one that still fails the same way, finishes the job (delta debugging, as in C-Reduce). Cpumasks,
// pinned CPUs and faults are remapped or dropped when CPUs go, and the expected exit is recomputed from
// the remaining fault plan, so every variant means what it says.
import type { Step, TaskSpec } from '../../model/kernel/behaviour.ts';
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { TopologyShape } from '../../model/kernel/topology.ts';
import type { Fault, Scenario } from '../scenario.ts';
import { scenarioComms } from '../taskRefs.ts';
import { expectedFirstExit, type SchedulerCaps } from './faults.ts';
import { describeGenerated } from './describe.ts';
import { avoidCpus, avoidKthreadMoves, withinLimits } from './regions.ts';
import { cpuCount } from './topology.ts';

/** The program a simplified task gets: a plain CPU hog. */
const HOG_PROGRAM: readonly Step[] = [{ op: 'loop', body: [{ op: 'run', ns: 5 * NS_PER_MS }] }];
/** The shortest fault phase a reduction goes down to. */
export const REDUCED_FAULT_PHASE_NS_MIN = 10 * NS_PER_MS;

const SHAPE_FIELDS = ['nodes', 'llcsPerNode', 'coresPerLlc', 'threadsPerCore'] as const;

/** Recomputes what depends on the rest: the expected exit and the description. */
function withExpect(scenario: Scenario, caps: SchedulerCaps): Scenario {
  const nrCpus = 'cpus' in scenario.topology ? scenario.topology.cpus.length : cpuCount(scenario.topology);
  const described = { ...scenario, description: describeGenerated(nrCpus, scenario.tasks.length, scenario.faults ?? []) };
  if (scenario.expect?.exit === undefined) return described;
  const exit = expectedFirstExit(scenario.faults ?? [], scenario.attachAtNs ?? 0, nrCpus, caps);
  return { ...described, expect: { ...scenario.expect, exit } };
}

function withFaults(scenario: Scenario, faults: readonly Fault[]): Scenario {
  const { faults: _old, ...rest } = scenario;
  return faults.length > 0 ? { ...rest, faults } : rest;
}

function remapCpus(cpus: string | readonly number[], nrCpus: number): number[] | null {
  if (typeof cpus === 'string') return null;
  const kept = cpus.filter((cpu) => cpu < nrCpus);
  return kept.length > 0 ? kept : null;
}

function remapSteps(steps: readonly Step[], nrCpus: number): Step[] {
  return steps.map((step): Step => {
    if (step.op === 'loop') return { ...step, body: remapSteps(step.body, nrCpus) };
    if (step.op === 'fork') return { ...step, child: remapTask(step.child, nrCpus) };
    if (step.op === 'setAffinity') return { ...step, cpus: remapCpus(step.cpus, nrCpus) ?? [0] };
    return step;
  });
}

function remapTask(task: TaskSpec, nrCpus: number): TaskSpec {
  const { cpumask, ...rest } = task;
  const program = remapSteps(task.program, nrCpus);
  if (cpumask === undefined) return { ...rest, program };
  const kept = remapCpus(cpumask, nrCpus);
  if (kept !== null && kept.length < nrCpus) return { ...rest, cpumask: kept, program };
  // A pinned task (kthread, RT hog) keeps a single CPU; others lose a mask that no longer restricts them.
  if (task.kthread === true || (Array.isArray(cpumask) && cpumask.length === 1)) {
    return { ...rest, cpumask: [Math.min(...(cpumask as readonly number[])) % nrCpus], program };
  }
  return { ...rest, program };
}

function remapFault(fault: Fault, nrCpus: number): Fault | null {
  if (fault.kind === 'hotplug' || fault.kind === 'rtHog') return fault.cpu < nrCpus ? fault : null;
  if (fault.kind === 'setAffinity') {
    const cpus = remapCpus(fault.cpus, nrCpus);
    return cpus === null ? null : { ...fault, cpus };
  }
  return fault;
}

function fewerCpus(scenario: Scenario, shape: TopologyShape, field: (typeof SHAPE_FIELDS)[number]): Scenario {
  const topology = { ...shape, [field]: shape[field] - 1 };
  const nrCpus = cpuCount(topology);
  const faults = (scenario.faults ?? []).map((f) => remapFault(f, nrCpus)).filter((f): f is Fault => f !== null);
  return withFaults({ ...scenario, topology, tasks: scenario.tasks.map((t) => remapTask(t, nrCpus)) }, faults);
}

function shorter(scenario: Scenario): Scenario | null {
  const durationNs = Math.max(REDUCED_FAULT_PHASE_NS_MIN, Math.floor(scenario.durationNs / 2 / NS_PER_MS) * NS_PER_MS);
  const attachAtNs = scenario.attachAtNs ?? 0;
  if (durationNs >= scenario.durationNs || durationNs <= attachAtNs) return null;
  const faults = (scenario.faults ?? []).filter((f) => f.atNs < durationNs)
    .map((f) => (f.kind === 'rtHog' ? { ...f, durationNs: Math.min(f.durationNs, durationNs - f.atNs) } : f));
  return withFaults({ ...scenario, durationNs }, faults);
}

/**
 * Wake steps naming a comm no remaining task has are dropped with the task they named: they were no-ops
 * for it anyway (a wake-up takes no time), and validation rejects a wake of nobody (scenarios/taskRefs.ts).
 */
function withoutWakesOf(steps: readonly Step[], comms: ReadonlySet<string>): Step[] {
  const kept: Step[] = [];
  for (const step of steps) {
    if (step.op === 'wake' && typeof step.target === 'string' && !comms.has(step.target)) continue;
    if (step.op === 'fork') kept.push({ ...step, child: { ...step.child, program: withoutWakesOf(step.child.program, comms) } });
    else if (step.op === 'loop') {
      const body = withoutWakesOf(step.body, comms);
      if (body.length > 0) kept.push({ ...step, body });
    } else kept.push(step);
  }
  return kept;
}

/** Drops the faults and wake-ups that name a task the scenario no longer has (after a task went). */
function withoutDanglingRefs(scenario: Scenario): Scenario {
  const comms = scenarioComms(scenario.tasks, scenario.faults ?? []);
  const named = (ref: number | string): boolean => typeof ref !== 'string' || comms.has(ref);
  const faults = (scenario.faults ?? []).filter((f) => ('target' in f ? named(f.target) : true) &&
    (f.kind === 'userschedPagefault' ? named(f.kthread) : true));
  const tasks = scenario.tasks.map((t) => ({ ...t, program: withoutWakesOf(t.program, comms) }));
  return withFaults({ ...scenario, tasks }, faults);
}

/** What a reduction must keep: the generator's known-limit regions (knownLimits.ts, regions.ts). */
export interface ReduceLimits {
  readonly minCpus?: number;
  readonly keepOnline?: readonly number[];
  readonly kthreadsAvoid?: readonly number[];
}

/** A variant kept inside the regions: no excluded hotplug, no kthread on an avoided CPU. */
function inRegions(scenario: Scenario, limits: ReduceLimits): Scenario {
  const nrCpus = 'cpus' in scenario.topology ? scenario.topology.cpus.length : cpuCount(scenario.topology);
  const tasks = avoidCpus([...scenario.tasks], nrCpus, limits.kthreadsAvoid ?? []);
  const faults = withinLimits(avoidKthreadMoves(scenario.faults ?? [], tasks, limits.kthreadsAvoid ?? []), nrCpus,
    limits.keepOnline ?? [], limits.minCpus ?? 1);
  return withFaults({ ...scenario, tasks }, faults);
}

/** One-step-smaller variants of `scenario`, most valuable first: fewer faults, tasks, CPUs, less time. */
export function smallerScenarios(scenario: Scenario, caps: SchedulerCaps, limits: ReduceLimits = {}): Scenario[] {
  const variants: Scenario[] = [];
  const faults = scenario.faults ?? [];
  faults.forEach((_, i) => variants.push(withFaults(scenario, faults.filter((__, j) => j !== i))));
  scenario.tasks.forEach((_, i) =>
    variants.push(withoutDanglingRefs({ ...scenario, tasks: scenario.tasks.filter((__, j) => j !== i) })));
  scenario.tasks.forEach((task, i) => {
    const plain: TaskSpec = { comm: task.comm, program: HOG_PROGRAM };
    const hog: TaskSpec = { ...task, program: HOG_PROGRAM };
    // An RT task keeps its duty cycle: an RT hog that never sleeps is outside what the generator makes.
    const rt = task.policy === 'FIFO' || task.policy === 'RR';
    for (const simpler of rt ? [plain] : [plain, hog]) {
      if (JSON.stringify(simpler) === JSON.stringify(task)) continue;
      variants.push(withoutDanglingRefs({ ...scenario, tasks: scenario.tasks.map((t, j) => (j === i ? simpler : t)) }));
    }
  });
  const topology = scenario.topology;
  if (!('cpus' in topology)) {
    const minCpus = limits.minCpus ?? 1;
    for (const field of SHAPE_FIELDS) {
      const fewer = cpuCount(topology) / topology[field] * (topology[field] - 1);
      if (topology[field] > 1 && fewer >= minCpus) variants.push(fewerCpus(scenario, topology, field));
    }
  }
  const short = shorter(scenario);
  if (short) variants.push(short);
  return variants.map((v) => withExpect(inRegions(v, limits), caps));
}
