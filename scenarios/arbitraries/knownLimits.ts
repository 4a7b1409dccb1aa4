// Known properties of shipped schedulers: genuine property violations that follow from a scheduler's
// design (and happen in the real scheduler too), documented in the README with a checked-in counterexample
// that the tests replay. Generated campaigns steer clear of them — a machine size, a hotplug, a tighter
// idle tolerance the scheduler is known not to meet, or (when no narrower region exists) the property
// itself — so `schedcheck check --scheduler all` keeps finding new problems instead of the same old one.
// Each entry names the region it excludes; `check --no-known-limits` turns them all off.
import type { BehaviourKind } from './workload.ts';

export interface KnownLimit {
  readonly scheduler: string;
  readonly property: string;
  readonly description: string;
  /** Generated machines for this scheduler have at least this many CPUs, and keep that many online. */
  readonly minCpus?: number;
  /** Generated hotplug faults never take these CPUs offline. */
  readonly keepOnline?: readonly number[];
  /** Generated scenarios give work-conservation at least this idle tolerance. */
  readonly idleToleranceNs?: number;
  /** The property is not checked by default for this scheduler (generated scenarios leave it out). */
  readonly exempt?: boolean;
  /** Behaviour kinds generated workloads leave out for this scheduler. */
  readonly withoutBehaviours?: readonly BehaviourKind[];
  /** Generated per-CPU kthreads are never pinned to these CPUs. */
  readonly kthreadsAvoid?: readonly number[];
  /** Scheduler options generated scenarios keep at these values. */
  readonly fixedOptions?: Readonly<Record<string, boolean>>;
  /** The counterexample showing it, relative to the package root (replayed by test/scenarios/knownLimits). */
  readonly counterexample: string;
}

export const KNOWN_LIMITS: readonly KnownLimit[] = [
  {
    scheduler: 'central', property: 'bounded-starvation',
    description: 'with one CPU online the central CPU runs every task with an infinite slice and its own timer ' +
      'never preempts it (reference §6.3): a CPU hog keeps the CPU until it blocks, the others wait for it ' +
      '(the watchdog ends it after 30 s); likewise after a hotplug leaves only the central CPU online',
    minCpus: 2,
    counterexample: 'counterexamples/central-one-cpu.json',
  },
  {
    scheduler: 'central', property: 'bounded-starvation',
    description: 'after a hotplug takes the central CPU (0) offline, a loader that restarts scx_central ' +
      '(SCX_ECODE_ACT_RESTART) leaves no CPU to make decisions: every other CPU asks the offline central CPU ' +
      'for work, and every task starves',
    keepOnline: [0],
    counterexample: 'counterexamples/central-cpu-offline.json',
  },
  {
    scheduler: 'central', property: 'work-conservation',
    description: 'SCX_OPS_ENQ_LAST without a follow-up scheduling event (reference §3.7: "otherwise execution ' +
      'may stall"): the central CPU puts its own last task back in the central queue without a kick, since the ' +
      'task is still running, and goes idle; it looks at the queue again only when another CPU runs out of work ' +
      'and asks, which takes a slice per task that CPU serves from the fallback DSQ (tasks whose cpumask ' +
      'excludes the CPU they were popped for)',
    idleToleranceNs: 160_000_000,
    counterexample: 'counterexamples/central-idle-central-cpu.json',
  },
  {
    scheduler: 'central', property: 'bounded-starvation',
    description: 'the same SCX_ENQ_LAST case for a per-CPU kthread of the central CPU: central puts it in the ' +
      'local DSQ with SCX_ENQ_PREEMPT, but the kthread is still the current task, so nothing reschedules the ' +
      'CPU, which goes idle with the kthread queued; the timer only watches the other CPUs, so it waits until ' +
      'another CPU asks the central CPU for work — possibly never',
    kthreadsAvoid: [0],
    counterexample: 'counterexamples/central-kthread-enq-last.json',
  },
  {
    scheduler: 'central', property: 'bounded-starvation',
    description: 'the timer preempts a CPU only after slice_ns (20 ms) since ops.running stamped it, and every ' +
      'return from an RT preemption stamps it again: on a CPU where an RT task runs more often than every ' +
      '20 ms, the ext task under it is never rotated, and the central CPU never preempts itself, so the ' +
      'other tasks starve',
    withoutBehaviours: ['rtHog'],
    counterexample: 'counterexamples/central-rt-resets-slice.json',
  },
  {
    scheduler: 'bpfland', property: 'bounded-starvation',
    description: 'with --local-pcpu, per-CPU tasks go straight to their CPU\'s local DSQ and never through ' +
      'ops.dispatch, so two of them pinned to one CPU keep it for ever, and an unpinned task that was queued ' +
      'on that CPU\'s own DSQ (it was idle when the task was enqueued) is never consumed: no other CPU looks ' +
      'at that DSQ',
    fixedOptions: { localPcpu: false },
    counterexample: 'counterexamples/bpfland-local-pcpu.json',
  },
  {
    scheduler: 'bpfland', property: 'bounded-starvation',
    description: 'deadlines favour frequent wakers (the vtime floor is lowered by the wake-up frequency, up ' +
      'to slice_lag × 64, reference §6.4): a ping-pong pair waking every few tens of µs keeps a CPU and delays ' +
      'a periodic task pinned there for longer than a weighted round of slices (bounded only by that floor, ' +
      'seconds)',
    withoutBehaviours: ['pingPong'],
    counterexample: 'counterexamples/bpfland-pingpong-boost.json',
  },
  {
    scheduler: 'simple', property: 'work-conservation',
    description: 'ops.enqueue never kicks an idle CPU (reference §6.2): a task a busy CPU puts back in ' +
      'SHARED_DSQ at the end of its slice waits there while another CPU idles, until some wake-up\'s ' +
      'select_cpu_dfl happens to pick the idle CPU; when the idle CPU found only tasks it may not run (pinned ' +
      'elsewhere) the last time it looked, that can take for ever',
    exempt: true,
    counterexample: 'counterexamples/simple-idle-no-kick.json',
  },
];

export function knownLimitsOf(scheduler: string): KnownLimit[] {
  return KNOWN_LIMITS.filter((limit) => limit.scheduler === scheduler);
}
