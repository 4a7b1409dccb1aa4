// Scenarios for the user-space handoff of the rustland family (reference §5.9), each with its expected
// outcome as data: the process crashes (SCX_EXIT_UNREG, full fallback), hangs (the watchdog: 5 s), runs
// slowly, finds the queued ring full (congestion to SHARED_DSQ), blocks on a page fault that a kthread
// serves, or misses its wake-up IPIs (the 1 s heartbeat recovers it). Other schedulers ignore the
// usersched faults, so these scenarios run on every scheduler.
import { NS_PER_MS, NS_PER_SEC } from '../../model/kernel/constants.ts';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import type { Fault, Scenario } from '../scenario.ts';

const ms = NS_PER_MS;
const fourCpus = { nodes: 1, llcsPerNode: 1, coresPerLlc: 4, threadsPerCore: 1 };

function workload(): TaskSpec[] {
  return [
    ...[0, 1, 2].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 20 * ms }] }] })),
    ...[0, 1, 2, 3].map((i) => ({
      comm: `ui${i}`,
      program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: [100_000, 800_000] as const },
        { op: 'sleep' as const, ns: [1 * ms, 6 * ms] as const }] }],
    })),
    { comm: 'ping', program: [{ op: 'loop', body: [{ op: 'run', ns: 100_000 }, { op: 'wake', target: 'pong' }, { op: 'wait' }] }] },
    { comm: 'pong', program: [{ op: 'loop', body: [{ op: 'wait' }, { op: 'run', ns: 100_000 }, { op: 'wake', target: 'ping' }] }] },
  ];
}

/** `userspaceExit` is what a rustland-family scheduler must do; others ignore process faults and stay loaded. */
function scenario(name: string, description: string, faults: Fault[], userspaceExit: string,
  extra: Partial<Scenario> = {}): Scenario {
  return { formatVersion: 1, name, description, topology: fourCpus, durationNs: 400 * ms, quietNs: 200 * ms,
    tasks: workload(), faults, expect: { exit: 'none', userspaceExit }, ...extra };
}

export const userschedCrash = scenario('usersched-crash',
  'the user-space scheduler process crashes mid-run: SCX_EXIT_UNREG, every task back on the fair class',
  [{ atNs: 200 * ms, kind: 'userschedCrash' }], 'SCX_EXIT_UNREG');

export const userschedHang = scenario('usersched-hang',
  'the user-space scheduler stops running its loop: the watchdog ejects it after its 5 s timeout',
  [{ atNs: 200 * ms, kind: 'userschedHang' }], 'SCX_EXIT_ERROR_STALL',
  { durationNs: 8 * NS_PER_SEC, quietNs: 300 * ms });

// At 200× a loop outlasts the scheduler's 1 ms slice; preempted before it published nr_scheduled, the
// scheduler is not pulled again until the heartbeat (reference §5.5 step 2, §5.6) — which acts only once it
// has not run for a whole second, so up to 2 s — and CPUs may idle meanwhile while it holds tasks: the
// work-conservation and starvation bounds are that long, and the quiet phase is long enough to recover.
export const userschedSlow = scenario('usersched-slow',
  'every user-space API call costs 200× more for 200 ms: latency grows, the heartbeat recovers a preempted loop',
  [{ atNs: 100 * ms, kind: 'userschedSlow', factor: 200, durationNs: 200 * ms }], 'none',
  { quietNs: 2500 * ms, properties: { bounds: { 'work-conservation': 2100 * ms, 'bounded-starvation': 2500 * ms } } });

export const ringFull = scenario('ring-full',
  'the queued ring is full for 150 ms: tasks go straight to SHARED_DSQ (nr_sched_congested), no exit',
  [{ atNs: 100 * ms, kind: 'ringFull', durationNs: 150 * ms }], 'none');

export const userschedPagefault = scenario('usersched-pagefault',
  'the user-space scheduler blocks on a page fault until khugepaged runs; BPF dispatches khugepaged itself',
  [{ atNs: 150 * ms, kind: 'userschedPagefault', kthread: 'khugepaged' }], 'none',
  { tasks: [...workload(), { comm: 'khugepaged', kthread: true, program: [{ op: 'loop', body: [
    { op: 'sleep', ns: 30 * ms }, { op: 'run', ns: 200_000 }] }] }] });

export const heartbeatRecovery: Scenario = {
  formatVersion: 1, name: 'heartbeat-recovery',
  description: 'wake-up IPIs are lost for 2 s on a 1-CPU machine; the 1 s heartbeat gets the scheduler running',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
  durationNs: 3 * NS_PER_SEC, quietNs: 300 * ms,
  tasks: [
    { comm: 'periodic', program: [{ op: 'loop', body: [{ op: 'run', ns: 500_000 }, { op: 'sleep', ns: 300 * ms }] }] },
  ],
  faults: [{ atNs: 100 * ms, kind: 'lostWakeup', durationNs: 2 * NS_PER_SEC }],
  // Only the rustland heartbeat recovers lost wake-ups; a scheduler without one leaves the CPU idle.
  schedulerKinds: ['userspace'],
  expect: { exit: 'none' },
};

export const USERSCHED_SCENARIOS: readonly Scenario[] = [
  userschedCrash, userschedHang, userschedSlow, ringFull, userschedPagefault, heartbeatRecovery,
];
