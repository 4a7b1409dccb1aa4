// The Scenario type: plain JSON data for topology, workload, faults and expectations (DESIGN.md, Scenarios
// are data), and its validation with one-line errors naming the field (`tasks[3].cpumask: …`): the zod
// schema of schema.ts for structure, then the checks that need the topology.
import { inputError } from '../model/kernel/assert.ts';
import type { Policy, Step, TaskSpec } from '../model/kernel/behaviour.ts';
import { formatPath, scenarioSchema } from './schema.ts';
import { BEHAVIOUR_NESTING_MAX, HZ_DEFAULT, TASKS_MAX } from '../model/kernel/constants.ts';
import { cpumaskFromJson } from '../model/kernel/cpumask.ts';
import { exitKindFromName } from '../model/kernel/scxFlags.ts';
import { buildTopology, type Topology, type TopologySpec } from '../model/kernel/topology.ts';
import { PROPERTIES, propertyNames } from '../properties/index.ts';
import { checkFaultTarget, checkWakeTargets, scenarioComms } from './taskRefs.ts';

export const SCENARIO_FORMAT_VERSION = 1;

export type Fault =
  | { readonly atNs: number; readonly kind: 'unregister' }
  | { readonly atNs: number; readonly kind: 'sysrq' }
  | { readonly atNs: number; readonly kind: 'scxError'; readonly msg?: string }
  | { readonly atNs: number; readonly kind: 'hotplug'; readonly cpu: number; readonly online: boolean }
  | { readonly atNs: number; readonly kind: 'rtHog'; readonly cpu: number; readonly durationNs: number }
  | { readonly atNs: number; readonly kind: 'setAffinity'; readonly target: number | string; readonly cpus: string | number[] }
  | { readonly atNs: number; readonly kind: 'setNice'; readonly target: number | string; readonly nice: number }
  | { readonly atNs: number; readonly kind: 'setPolicy'; readonly target: number | string; readonly policy: Policy }
  | { readonly atNs: number; readonly kind: 'lostWakeup'; readonly durationNs: number }
  | { readonly atNs: number; readonly kind: 'userschedCrash' }
  | { readonly atNs: number; readonly kind: 'userschedHang' }
  | { readonly atNs: number; readonly kind: 'userschedSlow'; readonly factor: number; readonly durationNs: number }
  | { readonly atNs: number; readonly kind: 'userschedPagefault'; readonly kthread: number | string }
  | { readonly atNs: number; readonly kind: 'ringFull'; readonly durationNs: number };

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
  /**
   * Kernel options: the deadline servers, and `uptimeNs`, how long the machine has been up when the run
   * starts: the clock a scheduler reads (`ctx.nowNs()`, scx_bpf_now) is uptimeNs + the run's time.
   */
  readonly kernel?: { readonly extServer?: boolean; readonly fairServer?: boolean; readonly uptimeNs?: number };
  /** Re-attach after an exit whose code carries SCX_ECODE_ACT_RESTART (scx_loader, rustland's loop). */
  readonly restartOnExit?: boolean;
  readonly restartDelayNs?: number;
  readonly tasks: readonly TaskSpec[];
  readonly faults?: readonly Fault[];
  /**
   * The manifest's property list (like a model checker's .cfg): which properties this scenario checks
   * (default: every property that applies to the scheduler) and their bounds in ns, by property name
   * (`bounded-starvation`: the starvation bound; `work-conservation`: the idle tolerance;
   * `seamless-fallback`: exit to every owned task running again).
   */
  readonly properties?: ScenarioProperties;
  /**
   * The kinds of scheduler the scenario is meant for (default: all). `heartbeat-recovery`, for example, tests
   * a mechanism only user-space (rustland-family) schedulers have; campaigns skip the others.
   */
  readonly schedulerKinds?: readonly ('sched_ext' | 'userspace')[];
  /**
   * Expected outcome: `exit` is the first exit kind (name) or 'none' when the scheduler must stay loaded;
   * `userspaceExit`, when given, replaces `exit` for user-space (rustland-family) schedulers, whose process
   * faults other schedulers do not have; `violation` names a property this scenario is expected to violate
   * (default: every property holds).
   */
  readonly expect?: { readonly exit?: string; readonly userspaceExit?: string; readonly violation?: string };
}

export interface ScenarioProperties {
  readonly check?: readonly string[];
  readonly bounds?: Readonly<Record<string, number>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when running `steps` once takes time (a run or sleep), so a loop over them makes progress. */
function takesTime(steps: readonly Step[]): boolean {
  return steps.some((s) => s.op === 'run' || s.op === 'sleep' || s.op === 'wait' || s.op === 'exit' ||
    (s.op === 'loop' && takesTime(s.body)));
}

/** Checks that need the topology or the whole program; the structure was checked by the schema. */
function checkSteps(steps: readonly Step[], field: string, topology: Topology, depth: number): void {
  if (depth > BEHAVIOUR_NESTING_MAX) inputError(`${field}: loops nested deeper than ${BEHAVIOUR_NESTING_MAX}`);
  steps.forEach((step, i) => {
    const at = `${field}[${i}]`;
    if (step.op === 'fork') checkTask(step.child, `${at}.child`, topology, depth + 1);
    if (step.op === 'setAffinity') cpumaskFromJson(step.cpus, topology.nrCpus, `${at}.cpus`);
    if ((step.op === 'run' || step.op === 'sleep') && Array.isArray(step.ns) && step.ns[0] > step.ns[1]) {
      inputError(`${at}.ns: range min ${step.ns[0]} exceeds max ${step.ns[1]}`);
    }
    if (step.op === 'loop') {
      checkSteps(step.body, `${at}.body`, topology, depth + 1);
      if (!takesTime(step.body)) inputError(`${at}.body: a loop needs a run, sleep, wait or exit step`);
    }
  });
}

function checkTask(task: TaskSpec, field: string, topology: Topology, depth: number): void {
  if (task.cpumask !== undefined) cpumaskFromJson(task.cpumask, topology.nrCpus, `${field}.cpumask`);
  checkSteps(task.program, `${field}.program`, topology, depth);
}

function checkFault(fault: Fault, field: string, topology: Topology): void {
  if ((fault.kind === 'hotplug' || fault.kind === 'rtHog') && fault.cpu >= topology.nrCpus) {
    inputError(`${field}.cpu: cpu ${fault.cpu} is outside the topology (0-${topology.nrCpus - 1})`);
  }
  if (fault.kind === 'setAffinity') cpumaskFromJson(fault.cpus, topology.nrCpus, `${field}.cpus`);
}

/**
 * Before the schema: a scenario built in code (not parsed from JSON) may fork a task object that contains
 * itself, which the recursive schema would follow until the stack overflows. Walks forks and loops with
 * the chain of enclosing objects and names the first step that closes a cycle.
 */
function checkNoCycle(raw: Record<string, unknown>): void {
  const chain = new Set<unknown>();
  const visitSteps = (steps: unknown, field: string): void => {
    if (!Array.isArray(steps)) return;
    steps.forEach((step: unknown, i) => {
      if (!isObject(step)) return;
      const at = `${field}[${i}]`;
      if (chain.has(step)) inputError(`${at}: the step contains itself (a cycle)`);
      chain.add(step);
      if (isObject(step['child'])) visitTask(step['child'], `${at}.child`);
      visitSteps(step['body'], `${at}.body`);
      chain.delete(step);
    });
  };
  const visitTask = (task: Record<string, unknown>, field: string): void => {
    if (chain.has(task)) inputError(`${field}: a forked task contains itself (a cycle)`);
    chain.add(task);
    visitSteps(task['program'], `${field}.program`);
    chain.delete(task);
  };
  const tasks = raw['tasks'];
  if (Array.isArray(tasks)) tasks.forEach((task: unknown, i) => { if (isObject(task)) visitTask(task, `tasks[${i}]`); });
}

/** Faults fire only in the fault phase (DESIGN.md: the quiet phase has none); the runner drops later ones. */
function checkFaultTime(fault: Fault, field: string, durationNs: number): void {
  if (fault.atNs > durationNs) {
    inputError(`${field}.atNs: ${fault.atNs} ns is after the fault phase (durationNs ${durationNs}): it would never fire`);
  }
}

/** Property names in the manifest must be registered ones (properties/index.ts). */
function checkPropertyNames(scenario: Scenario): void {
  const known = propertyNames();
  const unknown = (name: string, field: string): void => {
    if (!known.includes(name)) inputError(`${field}: unknown property ${JSON.stringify(name)} (known: ${known.join(', ')})`);
  };
  (scenario.properties?.check ?? []).forEach((name, i) => unknown(name, `properties.check[${i}]`));
  for (const name of Object.keys(scenario.properties?.bounds ?? {})) unknown(name, `properties.bounds.${name}`);
  if (scenario.expect?.violation !== undefined) unknown(scenario.expect.violation, 'expect.violation');
}

/**
 * Validates raw JSON as a Scenario: first the schema (structure, types, ranges), then the checks that need
 * the topology. Throws InputError naming the first bad field, e.g. `tasks[3].cpumask: cpu 9 is outside the
 * topology (0-7)`.
 *
 * @example
 * ```ts
 * const scenario = validateScenario(JSON.parse(readFileSync('scenario.json', 'utf8')));
 * ```
 */
export function validateScenario(raw: unknown): Scenario {
  if (!isObject(raw)) inputError('scenario: expected a JSON object');
  checkNoCycle(raw);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    inputError(issue ? `${formatPath(issue.path)}: ${issue.message}` : 'scenario: invalid');
  }
  const scenario = raw as unknown as Scenario;
  if (scenario.tasks.length > TASKS_MAX) {
    inputError(`tasks: ${scenario.tasks.length} tasks exceed TASKS_MAX (${TASKS_MAX} tasks alive at once)`);
  }
  const topology = buildTopology(scenario.topology);
  const faults = scenario.faults ?? [];
  const comms = scenarioComms(scenario.tasks, faults);
  scenario.tasks.forEach((task, i) => {
    checkTask(task, `tasks[${i}]`, topology, 0);
    checkWakeTargets(task.program, `tasks[${i}].program`, comms);
  });
  faults.forEach((fault, i) => {
    checkFault(fault, `faults[${i}]`, topology);
    checkFaultTime(fault, `faults[${i}]`, scenario.durationNs);
    checkFaultTarget(fault, `faults[${i}]`, comms);
  });
  for (const key of ['exit', 'userspaceExit'] as const) {
    const exit = scenario.expect?.[key];
    if (exit !== undefined && exit !== 'none' && exitKindFromName(exit) === undefined) {
      inputError(`expect.${key}: unknown exit kind ${JSON.stringify(exit)}`);
    }
  }
  checkPropertyNames(scenario);
  return scenario;
}

/**
 * What is valid but probably not meant, one line each (the CLI prints them on stderr). Today: a scenario
 * without a quiet phase whose liveness properties can then never be decided — they are judged only after
 * `durationNs` (DESIGN.md, Safety, then liveness), so such a run ends inconclusive or passes vacuously.
 * schedcheck does not invent a quiet phase (that would change the run the file describes); generated
 * scenarios size theirs as the starvation bound plus 20 ms (scenarios/arbitraries/bounds.ts).
 */
export function scenarioWarnings(scenario: Scenario): string[] {
  if ((scenario.quietNs ?? 0) > 0) return [];
  const checked = scenario.properties?.check;
  const liveness = PROPERTIES.filter((p) => p.kind === 'liveness' && (checked === undefined || checked.includes(p.name)))
    .map((p) => p.name);
  if (liveness.length === 0) return [];
  return [`quietNs: missing or 0, so the liveness properties (${liveness.join(', ')}) are never judged: they ` +
    'hold only in the quiet phase after durationNs; add quietNs at least as long as their bounds ' +
    '(generated scenarios use the starvation bound + 20 ms)'];
}

export function scenarioHz(scenario: Scenario): number {
  return scenario.hz ?? HZ_DEFAULT;
}
