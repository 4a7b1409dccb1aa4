// The Scenario type: plain JSON data for topology, workload, faults and expectations (DESIGN.md, Scenarios
// are data), and its validation with one-line errors naming the field (`tasks[3].cpumask: …`).
import { inputError } from '../model/kernel/assert.ts';
import type { Policy, Step, TaskSpec } from '../model/kernel/behaviour.ts';
import { BEHAVIOUR_NESTING_MAX, HZ_DEFAULT } from '../model/kernel/constants.ts';
import { cpumaskFromJson } from '../model/kernel/cpumask.ts';
import { exitKindFromName } from '../model/kernel/scxFlags.ts';
import { buildTopology, type Topology, type TopologySpec } from '../model/kernel/topology.ts';

export const SCENARIO_FORMAT_VERSION = 1;

export type Fault =
  | { readonly atNs: number; readonly kind: 'unregister' }
  | { readonly atNs: number; readonly kind: 'sysrq' }
  | { readonly atNs: number; readonly kind: 'scxError'; readonly msg?: string }
  | { readonly atNs: number; readonly kind: 'hotplug'; readonly cpu: number; readonly online: boolean }
  | { readonly atNs: number; readonly kind: 'rtHog'; readonly cpu: number; readonly durationNs: number }
  | { readonly atNs: number; readonly kind: 'setAffinity'; readonly target: number | string; readonly cpus: string | number[] }
  | { readonly atNs: number; readonly kind: 'setNice'; readonly target: number | string; readonly nice: number }
  | { readonly atNs: number; readonly kind: 'setPolicy'; readonly target: number | string; readonly policy: Policy };

export type FaultKind = Fault['kind'];

export interface Scenario {
  readonly formatVersion: number;
  readonly name: string;
  readonly description: string;
  readonly topology: TopologySpec;
  readonly hz?: number;
  /** Fault phase length. */
  readonly durationNs: number;
  /** Quiet phase after it (no faults), where liveness is decided. */
  readonly quietNs?: number;
  /** When the sched_ext scheduler attaches (default 0). */
  readonly attachAtNs?: number;
  readonly schedulerOptions?: Readonly<Record<string, number | boolean | string>>;
  readonly kernel?: { readonly extServer?: boolean; readonly fairServer?: boolean };
  /** Re-attach after an exit whose code carries SCX_ECODE_ACT_RESTART (scx_loader, rustland's loop). */
  readonly restartOnExit?: boolean;
  readonly restartDelayNs?: number;
  readonly tasks: readonly TaskSpec[];
  readonly faults?: readonly Fault[];
  /** Expected outcome: the first exit kind (name) or 'none' when the scheduler must stay loaded. */
  readonly expect?: { readonly exit?: string };
}

const POLICIES: readonly Policy[] = ['NORMAL', 'BATCH', 'IDLE', 'EXT', 'FIFO', 'RR'];
const FAULT_KINDS: readonly FaultKind[] = ['unregister', 'sysrq', 'scxError', 'hotplug', 'rtHog', 'setAffinity',
  'setNice', 'setPolicy'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonNegInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    inputError(`${field}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function duration(value: unknown, field: string): void {
  if (Array.isArray(value)) {
    if (value.length !== 2) inputError(`${field}: a range is [min, max]`);
    const min = nonNegInt(value[0], `${field}[0]`);
    const max = nonNegInt(value[1], `${field}[1]`);
    if (min > max) inputError(`${field}: range min ${min} exceeds max ${max}`);
    return;
  }
  nonNegInt(value, field);
}

/** True when running `steps` once takes time (a run or sleep), so a loop over them makes progress. */
function takesTime(steps: readonly Step[]): boolean {
  return steps.some((s) => s.op === 'run' || s.op === 'sleep' || s.op === 'wait' || s.op === 'exit' ||
    (s.op === 'loop' && takesTime(s.body)));
}

function validateSteps(steps: unknown, field: string, topology: Topology, depth: number): void {
  if (!Array.isArray(steps)) inputError(`${field}: expected an array of steps`);
  if (depth > BEHAVIOUR_NESTING_MAX) inputError(`${field}: loops nested deeper than ${BEHAVIOUR_NESTING_MAX}`);
  steps.forEach((step: unknown, i) => validateStep(step, `${field}[${i}]`, topology, depth));
}

function validateStep(step: unknown, field: string, topology: Topology, depth: number): void {
  if (!isObject(step)) inputError(`${field}: expected a step object`);
  switch (step['op']) {
    case 'run': case 'sleep': return duration(step['ns'], `${field}.ns`);
    case 'yield': case 'exit': case 'wait': return;
    case 'fork': return validateTask(step['child'], `${field}.child`, topology, depth + 1);
    case 'wake':
      if (typeof step['target'] !== 'number' && typeof step['target'] !== 'string') inputError(`${field}.target: expected a pid or comm`);
      return;
    case 'setAffinity': cpumaskFromJson(step['cpus'], topology.nrCpus, `${field}.cpus`); return;
    case 'setNice': nice(step['nice'], `${field}.nice`); return;
    case 'setPolicy':
      if (!POLICIES.includes(step['policy'] as Policy)) inputError(`${field}.policy: unknown policy ${JSON.stringify(step['policy'])}`);
      return;
    case 'loop': {
      if (step['times'] !== undefined && (nonNegInt(step['times'], `${field}.times`) < 1)) inputError(`${field}.times: must be at least 1`);
      validateSteps(step['body'], `${field}.body`, topology, depth + 1);
      if (!takesTime(step['body'] as Step[])) inputError(`${field}.body: a loop needs a run, sleep, wait or exit step`);
      return;
    }
    default: inputError(`${field}.op: unknown step ${JSON.stringify(step['op'])}`);
  }
}

function nice(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -20 || value > 19) {
    inputError(`${field}: nice must be an integer in -20..19`);
  }
}

function validateTask(task: unknown, field: string, topology: Topology, depth: number): void {
  if (!isObject(task)) inputError(`${field}: expected a task object`);
  if (typeof task['comm'] !== 'string' || task['comm'].length === 0 || task['comm'].length > 15) {
    inputError(`${field}.comm: expected a name of 1..15 characters`);
  }
  if (task['policy'] !== undefined && !POLICIES.includes(task['policy'] as Policy)) {
    inputError(`${field}.policy: unknown policy ${JSON.stringify(task['policy'])}`);
  }
  if (task['nice'] !== undefined) nice(task['nice'], `${field}.nice`);
  if (task['rtPriority'] !== undefined) {
    const prio = nonNegInt(task['rtPriority'], `${field}.rtPriority`);
    if (prio < 1 || prio > 99) inputError(`${field}.rtPriority: must be 1..99`);
  }
  if (task['cpumask'] !== undefined) cpumaskFromJson(task['cpumask'], topology.nrCpus, `${field}.cpumask`);
  if (task['startNs'] !== undefined) nonNegInt(task['startNs'], `${field}.startNs`);
  validateSteps(task['program'], `${field}.program`, topology, depth);
}

function validateFault(fault: unknown, field: string, topology: Topology): void {
  if (!isObject(fault)) inputError(`${field}: expected a fault object`);
  nonNegInt(fault['atNs'], `${field}.atNs`);
  if (!FAULT_KINDS.includes(fault['kind'] as FaultKind)) inputError(`${field}.kind: unknown fault ${JSON.stringify(fault['kind'])}`);
  if (fault['kind'] === 'hotplug' || fault['kind'] === 'rtHog') {
    const cpu = nonNegInt(fault['cpu'], `${field}.cpu`);
    if (cpu >= topology.nrCpus) inputError(`${field}.cpu: cpu ${cpu} is outside the topology (0-${topology.nrCpus - 1})`);
  }
  if (fault['kind'] === 'rtHog') nonNegInt(fault['durationNs'], `${field}.durationNs`);
  if (fault['kind'] === 'setAffinity') cpumaskFromJson(fault['cpus'], topology.nrCpus, `${field}.cpus`);
}

/** Validates raw JSON as a Scenario; throws InputError naming the first bad field. */
export function validateScenario(raw: unknown): Scenario {
  if (!isObject(raw)) inputError('scenario: expected a JSON object');
  if (raw['formatVersion'] !== SCENARIO_FORMAT_VERSION) {
    inputError(`formatVersion: expected ${SCENARIO_FORMAT_VERSION}, got ${JSON.stringify(raw['formatVersion'])}`);
  }
  if (typeof raw['name'] !== 'string' || raw['name'].length === 0) inputError('name: expected a non-empty string');
  if (!isObject(raw['topology'])) inputError('topology: expected an object');
  const topology = buildTopology(raw['topology'] as unknown as TopologySpec);
  if (raw['hz'] !== undefined) {
    const hz = nonNegInt(raw['hz'], 'hz');
    if (hz < 100 || hz > 10_000) inputError('hz: must be within 100..10000');
  }
  if (nonNegInt(raw['durationNs'], 'durationNs') === 0) inputError('durationNs: must be positive');
  for (const key of ['quietNs', 'attachAtNs', 'restartDelayNs']) if (raw[key] !== undefined) nonNegInt(raw[key], key);
  if (!Array.isArray(raw['tasks'])) inputError('tasks: expected an array');
  raw['tasks'].forEach((task: unknown, i) => validateTask(task, `tasks[${i}]`, topology, 0));
  if (raw['faults'] !== undefined) {
    if (!Array.isArray(raw['faults'])) inputError('faults: expected an array');
    raw['faults'].forEach((fault: unknown, i) => validateFault(fault, `faults[${i}]`, topology));
  }
  const expect = raw['expect'];
  if (expect !== undefined) {
    if (!isObject(expect)) inputError('expect: expected an object');
    const exit = expect['exit'];
    if (exit !== undefined && exit !== 'none' && (typeof exit !== 'string' || exitKindFromName(exit) === undefined)) {
      inputError(`expect.exit: unknown exit kind ${JSON.stringify(exit)}`);
    }
  }
  return raw as unknown as Scenario;
}

export function scenarioHz(scenario: Scenario): number {
  return scenario.hz ?? HZ_DEFAULT;
}
