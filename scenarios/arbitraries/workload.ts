// Workload generator: behaviour kinds (CPU hogs, interactive sleepers, ping-pong pairs, fork/exit churn,
// periodic tasks, per-CPU kthreads, RT hogs, yielders), each with a nice value and, for some, a cpumask.
// A generated item is plain data with the same shape for every kind — `{kind, a, b, nice, mask}`, raw
// numbers that shrink toward 0 — and becomes TaskSpecs only once the CPU count is known, so shrinking the
// topology never invalidates a workload. Kinds are a registry: a swarm switches some off per case.
import fc from 'fast-check';
import type { Step, TaskSpec } from '../../model/kernel/behaviour.ts';
import { NS_PER_MS, NS_PER_US } from '../../model/kernel/constants.ts';

export type BehaviourKind = 'hog' | 'sleeper' | 'pingPong' | 'forker' | 'periodic' | 'kthread' | 'rtHog' | 'yielder' |
  'longSleeper' | 'crowd';

/** One generated workload item; `a` and `b` are raw parameters each kind scales to its own units. */
export interface WorkloadItem {
  readonly kind: BehaviourKind;
  readonly a: number;
  readonly b: number;
  readonly nice: number;
  /** CPU bitmask (bit i: CPU i) for kinds that may be pinned; null: every CPU. */
  readonly mask: number | null;
}

/** What a workload item demands of the CPUs, for deriving liveness bounds (bounds.ts). */
export interface ItemLoad {
  /** Weights (nice-derived) of the tasks that compete for CPUs at once. */
  readonly weights: readonly number[];
  /** Longest burst an RT task of this item runs without sleeping (it preempts everything else). */
  readonly rtBurstNs: number;
  /** CPU time of short-lived tasks this item queues at once, which a waiting task may sit behind (crowd). */
  readonly burstNs?: number;
  /** How long the run must last for this item's behaviour to show (a long sleeper's first wake-up and burst). */
  readonly horizonNs?: number;
}

export interface BehaviourSpec {
  readonly kind: BehaviourKind;
  readonly description: string;
  tasks(item: WorkloadItem, index: number, nrCpus: number): TaskSpec[];
  load(item: WorkloadItem): ItemLoad;
}

/** Most items per generated workload (a ping-pong pair or a forker's children add tasks). */
export const WORKLOAD_ITEMS_MAX = 6;
/** Raw parameters range over 0 … RAW_MAX. */
const RAW_MAX = 999;
/** Nice values generated: a narrow mix, so weight ratios (and so starvation bounds) stay small. */
export const NICE_GENERATED_MIN = -3;
export const NICE_GENERATED_MAX = 3;
/**
 * A forker sleeps this many times its burst's CPU time, so its churn takes at most 1/10 of a CPU: a fork
 * storm that saturates a CPU with fresh tasks starves older ones on vtime schedulers by design (a new task
 * starts at vtime_now, reference §6.2), which is a workload property, not a scheduler bug.
 */
const FORK_DUTY_INVERSE = 10;
/**
 * A long sleeper sleeps 0.3–1 s, then crunches for 100–400 ms: sleeper-credit bugs need a sleep worth more
 * than a starvation bound of the others' vtime, and a burst long enough to spend it. Longer would cost
 * simulated time in every such run.
 */
export const LONG_SLEEP_NS_MIN = 300 * NS_PER_MS;
export const LONG_SLEEP_NS_MAX = 1000 * NS_PER_MS;
export const LONG_SLEEPER_RUN_NS_MIN = 100 * NS_PER_MS;
export const LONG_SLEEPER_RUN_NS_MAX = 400 * NS_PER_MS;
/**
 * A crowd forks 33–80 short tasks at once on one CPU: more than a dispatch batch (SCX_DSP_DFL_MAX_BATCH,
 * 32) and than a small ring, queued together.
 */
export const CROWD_TASKS_MIN = 33;
export const CROWD_TASKS_MAX = 80;
/** A crowd's bursts take at most 1/20 of its CPU (fewer bursts per run: each is costly to simulate). */
const CROWD_DUTY_INVERSE = 20;
/** Longest burst of a workload RT task: RT preempts ext, so this adds to every wait. */
export const RT_BURST_NS_MAX = 5 * NS_PER_MS;

/** The kernel's sched_prio_to_weight for nice -3 … 3. */
const WEIGHT_BY_NICE: Readonly<Record<number, number>> = { [-3]: 1991, [-2]: 1586, [-1]: 1277, 0: 1024, 1: 820, 2: 655, 3: 526 };

export function weightOfNice(nice: number): number {
  return WEIGHT_BY_NICE[nice] ?? 1024;
}

/** The CPUs of `mask` on a machine of `nrCpus` CPUs; undefined (every CPU) when none is left. */
export function maskCpus(mask: number | null, nrCpus: number): number[] | undefined {
  if (mask === null) return undefined;
  const cpus: number[] = [];
  for (let cpu = 0; cpu < nrCpus && cpu < 16; cpu++) if (Math.floor(mask / 2 ** cpu) % 2 === 1) cpus.push(cpu);
  return cpus.length === 0 || cpus.length === nrCpus ? undefined : cpus;
}

const loop = (body: Step[]): Step[] => [{ op: 'loop', body }];
const us = (n: number): number => n * NS_PER_US;
const ms = (n: number): number => n * NS_PER_MS;

function longSleepNs(item: WorkloadItem): number {
  return LONG_SLEEP_NS_MIN + Math.floor(((LONG_SLEEP_NS_MAX - LONG_SLEEP_NS_MIN) * (item.a % 100)) / 99);
}

function longSleeperRunNs(item: WorkloadItem): number {
  return LONG_SLEEPER_RUN_NS_MIN + Math.floor(((LONG_SLEEPER_RUN_NS_MAX - LONG_SLEEPER_RUN_NS_MIN) * (item.b % 10)) / 9);
}

const crowdSize = (item: WorkloadItem): number => CROWD_TASKS_MIN + (item.b % (CROWD_TASKS_MAX - CROWD_TASKS_MIN + 1));
const crowdChildRunNs = (item: WorkloadItem): number => us(50 + 50 * (item.a % 6));
/** Scheduling overhead allowed per crowd task on top of its run time (switches, dispatch rounds, user space). */
const CROWD_TASK_OVERHEAD_NS = 100 * NS_PER_US;

function common(item: WorkloadItem, nrCpus: number): Partial<TaskSpec> {
  const cpus = maskCpus(item.mask, nrCpus);
  return { ...(item.nice !== 0 ? { nice: item.nice } : {}), ...(cpus ? { cpumask: cpus } : {}) };
}

const single = (item: WorkloadItem): ItemLoad => ({ weights: [weightOfNice(item.nice)], rtBurstNs: 0 });

export const BEHAVIOURS: readonly BehaviourSpec[] = [
  {
    kind: 'hog', description: 'CPU hog: runs for ever in 5–50 ms chunks',
    tasks: (item, i, n) => [{ comm: `hog${i}`, ...common(item, n), program: loop([{ op: 'run', ns: ms(5 + (item.a % 46)) }]) }],
    load: single,
  },
  {
    kind: 'sleeper', description: 'interactive: runs 0.1–1 ms, sleeps 1–8 ms',
    tasks: (item, i, n) => [{ comm: `ui${i}`, ...common(item, n), program: loop([
      { op: 'run', ns: us(100 + 100 * (item.a % 10)) }, { op: 'sleep', ns: [ms(1), ms(1 + (item.b % 8))] }]) }],
    load: single,
  },
  {
    kind: 'pingPong', description: 'a pair waking each other through a pipe (sync wake/wait), 50 µs–1 ms of work per hop',
    tasks: (item, i) => {
      const runNs = us(50 + 50 * (item.a % 20));
      return [
        { comm: `ping${i}`, program: loop([{ op: 'run', ns: runNs }, { op: 'wake', target: `pong${i}`, sync: true }, { op: 'wait' }]) },
        { comm: `pong${i}`, program: loop([{ op: 'wait' }, { op: 'run', ns: runNs }, { op: 'wake', target: `ping${i}`, sync: true }]) },
      ];
    },
    load: () => ({ weights: [1024, 1024], rtBurstNs: 0 }),
  },
  {
    kind: 'forker', description: 'fork/exit churn: bursts of 1–4 children of 0.2–1 ms, at most 10 % of a CPU',
    tasks: (item, i, n) => {
      const childRunNs = us(200 + 100 * (item.b % 9));
      const child: TaskSpec = { comm: `child${i}`, program: [{ op: 'run', ns: childRunNs }, { op: 'exit' }] };
      const burst = 1 + (item.a % 4);
      return [{ comm: `fork${i}`, ...common(item, n), program: loop([
        { op: 'loop', times: burst, body: [{ op: 'fork', child }, { op: 'run', ns: us(20) }] },
        { op: 'sleep', ns: FORK_DUTY_INVERSE * burst * childRunNs }]) }];
    },
    load: (item) => ({ weights: new Array<number>(2 + (item.a % 4)).fill(weightOfNice(item.nice)), rtBurstNs: 0 }),
  },
  {
    kind: 'periodic', description: 'periodic: 0.2–3 ms of work every 5–24 ms',
    tasks: (item, i, n) => {
      const runNs = us(200 + 300 * (item.a % 10));
      const periodNs = ms(5 + (item.b % 20));
      return [{ comm: `per${i}`, ...common(item, n), program: loop([
        { op: 'run', ns: runNs }, { op: 'sleep', ns: Math.max(us(100), periodNs - runNs) }]) }];
    },
    load: single,
  },
  {
    kind: 'kthread', description: 'per-CPU kthread: 0.1–0.5 ms of work every 10 ms on one CPU',
    tasks: (item, i, n) => [{ comm: `kth${i}`, kthread: true, cpumask: [item.a % n], program: loop([
      { op: 'sleep', ns: ms(10) }, { op: 'run', ns: us(100 + 100 * (item.b % 5)) }]) }],
    load: () => ({ weights: [1024], rtBurstNs: 0 }),
  },
  {
    kind: 'rtHog', description: 'RT (SCHED_FIFO) task on one CPU: 1–5 ms bursts, 25 % duty cycle',
    tasks: (item, i, n) => {
      const runNs = ms(1 + (item.b % 5));
      return [{ comm: `rt${i}`, policy: 'FIFO', rtPriority: 10, cpumask: [item.a % n], program: loop([
        { op: 'run', ns: runNs }, { op: 'sleep', ns: 3 * runNs }]) }];
    },
    load: (item) => ({ weights: [], rtBurstNs: ms(1 + (item.b % 5)) }),
  },
  {
    kind: 'yielder', description: 'spin-waiter: runs 0.2–1.1 ms, then sched_yield()',
    tasks: (item, i, n) => [{ comm: `yield${i}`, ...common(item, n), program: loop([
      { op: 'run', ns: us(200 + 100 * (item.a % 10)) }, { op: 'yield' }]) }],
    load: single,
  },
  {
    kind: 'longSleeper', description: 'long sleeper: sleeps 0.3–1 s, then runs 100–400 ms (sleeper-credit bugs need long sleeps)',
    tasks: (item, i, n) => [{ comm: `nap${i}`, ...common(item, n), program: loop([
      { op: 'sleep', ns: longSleepNs(item) }, { op: 'run', ns: longSleeperRunNs(item) }]) }],
    // It competes like a hog while awake; the run lasts until its first burst is over.
    load: (item) => ({ weights: [weightOfNice(item.nice)], rtBurstNs: 0, horizonNs: longSleepNs(item) + longSleeperRunNs(item) }),
  },
  {
    kind: 'crowd', description: 'crowd: 33–80 tasks of 50–300 µs forked at once on one CPU, at most 5 % of it',
    tasks: (item, i, n) => {
      const cpumask = [(item.mask ?? item.a) % n];
      const child: TaskSpec = { comm: `crowd${i}`, cpumask, program: [{ op: 'run', ns: crowdChildRunNs(item) }, { op: 'exit' }] };
      const size = crowdSize(item);
      return [{ comm: `herd${i}`, cpumask, program: loop([
        { op: 'loop', times: size, body: [{ op: 'fork', child }, { op: 'run', ns: 1000 }] },
        { op: 'sleep', ns: CROWD_DUTY_INVERSE * size * crowdChildRunNs(item) }]) }];
    },
    // A waiting task may sit behind a whole burst (new tasks start at vtime_now, or at a FIFO's tail).
    load: (item) => ({ weights: [1024], rtBurstNs: 0,
      burstNs: crowdSize(item) * (crowdChildRunNs(item) + CROWD_TASK_OVERHEAD_NS) }),
  },
];

export const BEHAVIOUR_KINDS: readonly BehaviourKind[] = BEHAVIOURS.map((b) => b.kind);

export function behaviour(kind: BehaviourKind): BehaviourSpec {
  const spec = BEHAVIOURS.find((b) => b.kind === kind);
  if (!spec) throw new Error(`no behaviour ${kind}`);
  return spec;
}

const niceArb = fc.oneof({ arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: NICE_GENERATED_MIN, max: NICE_GENERATED_MAX }), weight: 1 });

export function workloadItemArb(kinds: readonly BehaviourKind[] = BEHAVIOUR_KINDS): fc.Arbitrary<WorkloadItem> {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    a: fc.integer({ min: 0, max: RAW_MAX }),
    b: fc.integer({ min: 0, max: RAW_MAX }),
    nice: niceArb,
    mask: fc.option(fc.integer({ min: 1, max: 0xffff }), { freq: 4 }),
  });
}

/** 1 … WORKLOAD_ITEMS_MAX items; shrinks toward fewer items and smaller parameters. */
export function workloadArb(kinds: readonly BehaviourKind[] = BEHAVIOUR_KINDS): fc.Arbitrary<WorkloadItem[]> {
  return fc.array(workloadItemArb(kinds), { minLength: 1, maxLength: WORKLOAD_ITEMS_MAX });
}

/** The tasks of a workload on `nrCpus` CPUs. */
export function workloadTasks(items: readonly WorkloadItem[], nrCpus: number): TaskSpec[] {
  return items.flatMap((item, i) => behaviour(item.kind).tasks(item, i, nrCpus));
}
