// Fault plan generator (STYLE.md: pluggable injectors chosen in swarm fashion). A registry of fault kinds;
// each turns a generated draft — the same plain shape for every kind, `{kind, atPermille, a, b, flag}`,
// shrinking toward 0 — into a scenario Fault once the topology, the tasks and the phases are known, and
// says which exit the fault causes if it fires while a scheduler is loaded. The scenario generator derives
// the expected outcome from the plan with `expectedFirstExit`. The rustland family's kinds (user-space
// crash, hang, slowdown, page fault, ring full) register here alongside these.
import fc from 'fast-check';
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { Policy } from '../../model/kernel/behaviour.ts';
import type { Fault } from '../scenario.ts';
import type { TopologyShape } from '../../model/kernel/topology.ts';

/** What a scheduler implements that changes how faults end (probed from its ops table). */
export interface SchedulerCaps {
  readonly cpuOnline: boolean;
  readonly cpuOffline: boolean;
}

/** One generated fault before placement. */
export interface FaultDraft {
  readonly kind: string;
  /** Position in the fault phase after attach, in ‰ of its length. */
  readonly atPermille: number;
  readonly a: number;
  readonly b: number;
  readonly flag: boolean;
}

/** What a draft is placed into. */
export interface FaultEnv {
  readonly nrCpus: number;
  /** Comms of the scenario's tasks (fault targets). */
  readonly comms: readonly string[];
  readonly atNs: number;
  /** End of the fault phase: faults with a duration end by then. */
  readonly durationNs: number;
  /** The machine's shape (LLC and NUMA domains). */
  readonly shape?: TopologyShape;
}

/** The machine state the plan walk keeps, to tell which faults take effect. */
export interface PlanState {
  readonly online: boolean[];
}

export interface FaultKindSpec {
  readonly kind: string;
  readonly description: string;
  build(draft: FaultDraft, env: FaultEnv): Fault | null;
  /** The exit kind the fault causes when it fires while the scheduler is loaded (null: none). Updates `state`. */
  exitOf(fault: Fault, state: PlanState, caps: SchedulerCaps): string | null;
}

/** Most faults per generated plan. */
export const FAULTS_MAX = 4;
/** Longest generated RT hog fault (it ends within the fault phase anyway). */
export const RT_HOG_FAULT_NS_MAX = 30 * NS_PER_MS;
const RAW_MAX = 999;

const NO_EXIT = (): null => null;

function target(draft: FaultDraft, env: FaultEnv): string | null {
  return env.comms.length === 0 ? null : (env.comms[draft.a % env.comms.length] as string);
}

function cpusOfMask(mask: number, nrCpus: number): number[] {
  const cpus: number[] = [];
  for (let cpu = 0; cpu < nrCpus && cpu < 16; cpu++) if (Math.floor(mask / 2 ** cpu) % 2 === 1) cpus.push(cpu);
  return cpus.length > 0 ? cpus : [mask % nrCpus];
}

/** Comm prefix of the hogs that saturate a moveDomain fault's target domain (never its target). */
export const SATURATING_COMM = 'sat';

/**
 * The CPUs of the LLC (or, with `flag` on a multi-node machine, the NUMA node) a moveDomain draft moves its
 * task into; null when the machine has a single domain of that kind. Shape numbering (topology.ts):
 * cpu = ((node × llcs + llc) × cores + core) × threads + thread.
 */
export function moveDomainCpus(d: FaultDraft, shape: TopologyShape): number[] | null {
  const perLlc = shape.coresPerLlc * shape.threadsPerCore;
  const nodeLevel = d.flag && shape.nodes > 1;
  const count = nodeLevel ? shape.nodes : shape.nodes * shape.llcsPerNode;
  if (count < 2) return null;
  const size = nodeLevel ? perLlc * shape.llcsPerNode : perLlc;
  const first = (d.b % count) * size;
  return Array.from({ length: size }, (_, i) => first + i);
}

export const FAULT_KINDS: readonly FaultKindSpec[] = [
  {
    kind: 'unregister', description: 'the loader unregisters the scheduler: SCX_EXIT_UNREG',
    build: (_d, env) => ({ atNs: env.atNs, kind: 'unregister' }),
    exitOf: () => 'SCX_EXIT_UNREG',
  },
  {
    kind: 'sysrq', description: 'SysRq-S: SCX_EXIT_SYSRQ',
    build: (_d, env) => ({ atNs: env.atNs, kind: 'sysrq' }),
    exitOf: () => 'SCX_EXIT_SYSRQ',
  },
  {
    kind: 'scxError', description: 'an injected scx_error(): SCX_EXIT_ERROR',
    build: (_d, env) => ({ atNs: env.atNs, kind: 'scxError', msg: 'injected runtime error (generated)' }),
    exitOf: () => 'SCX_EXIT_ERROR',
  },
  {
    kind: 'hotplug', description: 'a CPU goes offline (or back online); without cpu_online/offline: SCX_EXIT_UNREG_KERN',
    build: (d, env) => (env.nrCpus < 2 ? null : { atNs: env.atNs, kind: 'hotplug', cpu: d.a % env.nrCpus, online: d.flag }),
    exitOf(fault, state, caps) {
      if (fault.kind !== 'hotplug') return null;
      const onlineCount = state.online.filter(Boolean).length;
      const takesEffect = fault.online ? state.online[fault.cpu] === false
        : state.online[fault.cpu] === true && onlineCount > 1;
      if (!takesEffect) return null;
      state.online[fault.cpu] = fault.online;
      const handled = fault.online ? caps.cpuOnline : caps.cpuOffline;
      return handled ? null : 'SCX_EXIT_UNREG_KERN';
    },
  },
  {
    kind: 'rtHog', description: 'an RT hog on one CPU for up to 30 ms, ending within the fault phase',
    build: (d, env) => {
      const durationNs = Math.min(NS_PER_MS * (1 + (d.b % 30)), env.durationNs - env.atNs);
      return durationNs <= 0 ? null : { atNs: env.atNs, kind: 'rtHog', cpu: d.a % env.nrCpus, durationNs };
    },
    exitOf: NO_EXIT,
  },
  {
    kind: 'setAffinity', description: 'a task\'s cpumask changes',
    build: (d, env) => {
      const comm = target(d, env);
      return comm === null ? null : { atNs: env.atNs, kind: 'setAffinity', target: comm, cpus: cpusOfMask(1 + d.b, env.nrCpus) };
    },
    exitOf: NO_EXIT,
  },
  {
    kind: 'moveDomain',
    description: 'a task\'s cpumask becomes another LLC or NUMA node, which hogs keep saturated (a setAffinity fault)',
    build: (d, env) => {
      const cpus = env.shape ? moveDomainCpus(d, env.shape) : null;
      const comms = env.comms.filter((c) => !c.startsWith(SATURATING_COMM));
      if (cpus === null || comms.length === 0) return null;
      return { atNs: env.atNs, kind: 'setAffinity', target: comms[d.a % comms.length] as string, cpus };
    },
    exitOf: NO_EXIT,
  },
  {
    kind: 'setNice', description: 'a task\'s nice value changes (-3 … 3)',
    build: (d, env) => {
      const comm = target(d, env);
      return comm === null ? null : { atNs: env.atNs, kind: 'setNice', target: comm, nice: (d.b % 7) - 3 };
    },
    exitOf: NO_EXIT,
  },
  {
    kind: 'setPolicy', description: 'a task switches between SCHED_NORMAL and SCHED_BATCH',
    build: (d, env) => {
      const comm = target(d, env);
      const policy: Policy = d.flag ? 'BATCH' : 'NORMAL';
      return comm === null ? null : { atNs: env.atNs, kind: 'setPolicy', target: comm, policy };
    },
    exitOf: NO_EXIT,
  },
];

/** Longest generated user-space slowdown, full-ring window or lost-wake-up window. */
export const USERSPACE_FAULT_NS_MAX = 30 * NS_PER_MS;

/**
 * Faults of the rustland family's user-space process (reference §5.9), generated only for user-space
 * schedulers. A crash and a hang are left to the named scenarios (`usersched-crash`, `usersched-hang`) and
 * the crash sweep over them: a killed process exits only when it next runs — at once when it holds work,
 * after up to 2 s of heartbeat otherwise — and a hang ends only with the 5 s watchdog, both beyond the
 * short horizons of generated runs, so the outcome could not be derived from the plan.
 */
export const USERSPACE_FAULT_KINDS: readonly FaultKindSpec[] = [
  {
    kind: 'userschedSlow', description: 'every user-space API call costs 2–20× more for up to 30 ms',
    build: (d, env) => {
      const durationNs = Math.min(USERSPACE_FAULT_NS_MAX, env.durationNs - env.atNs);
      return durationNs <= 0 ? null : { atNs: env.atNs, kind: 'userschedSlow', factor: 2 + (d.b % 19), durationNs };
    },
    exitOf: NO_EXIT,
  },
  {
    kind: 'ringFull', description: 'the queued ring is full for up to 30 ms: congestion to SHARED_DSQ',
    build: (d, env) => {
      const durationNs = Math.min(1 + (d.b % USERSPACE_FAULT_NS_MAX), env.durationNs - env.atNs);
      return durationNs <= 0 ? null : { atNs: env.atNs, kind: 'ringFull', durationNs };
    },
    exitOf: NO_EXIT,
  },
];

const ALL_FAULT_KINDS: readonly FaultKindSpec[] = [...FAULT_KINDS, ...USERSPACE_FAULT_KINDS];

export const FAULT_KIND_NAMES: readonly string[] = FAULT_KINDS.map((f) => f.kind);
export const USERSPACE_FAULT_KIND_NAMES: readonly string[] = USERSPACE_FAULT_KINDS.map((f) => f.kind);

export function faultKind(kind: string): FaultKindSpec | undefined {
  return ALL_FAULT_KINDS.find((f) => f.kind === kind);
}

export function faultDraftArb(kinds: readonly string[] = FAULT_KIND_NAMES): fc.Arbitrary<FaultDraft> {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    atPermille: fc.integer({ min: 0, max: 1000 }),
    a: fc.integer({ min: 0, max: RAW_MAX }),
    b: fc.integer({ min: 0, max: RAW_MAX }),
    flag: fc.boolean(),
  });
}

/** 0 … FAULTS_MAX faults; shrinks toward none. */
export function faultPlanArb(kinds: readonly string[] = FAULT_KIND_NAMES): fc.Arbitrary<FaultDraft[]> {
  return fc.array(faultDraftArb(kinds), { maxLength: FAULTS_MAX });
}

/**
 * The first exit the plan causes on a scheduler attached at `attachAtNs`, or 'none'. Faults are walked in
 * the order the runner applies them (time, then plan order); only the first exit matters because a
 * generated plan never expects the scheduler back (restart is judged by the properties).
 */
export function expectedFirstExit(faults: readonly Fault[], attachAtNs: number, nrCpus: number,
  caps: SchedulerCaps): string {
  const state: PlanState = { online: new Array<boolean>(nrCpus).fill(true) };
  const ordered = faults.map((fault, index) => ({ fault, index }))
    .sort((x, y) => x.fault.atNs - y.fault.atNs || x.index - y.index);
  for (const { fault } of ordered) {
    const spec = faultKind(fault.kind);
    if (!spec) continue;
    const exit = spec.exitOf(fault, state, caps);
    if (exit !== null && fault.atNs >= attachAtNs) return exit;
  }
  return 'none';
}
