// fallback: sysrq-S under an RT hog (cpus=4, tasks=8). An RT hog takes CPU 1 for 30 ms and SysRq-S unloads
// the scheduler in the middle of it: every task the scheduler owned must be back on the fair class and
// running within the fallback bound although one CPU is taken (reference §4.4, §4.7), and the tasks queued
// behind the hog must be pulled elsewhere by the fair class's balancing.
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { Scenario } from '../scenario.ts';

const ms = NS_PER_MS;

export const rtHogSysrq: Scenario = {
  formatVersion: 1,
  name: 'rt-hog-sysrq',
  description: 'SysRq-S while an RT hog holds one of 4 CPUs: seamless fallback of 8 tasks',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 4, threadsPerCore: 1 },
  durationNs: 200 * ms,
  quietNs: 250 * ms,
  tasks: [
    ...[0, 1, 2, 3].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 15 * ms }] }] })),
    ...[0, 1, 2].map((i) => ({ comm: `ui${i}`, program: [{ op: 'loop' as const, body: [
      { op: 'run' as const, ns: [200_000, 800_000] as const }, { op: 'sleep' as const, ns: [2 * ms, 6 * ms] as const }] }] })),
    { comm: 'pinned', cpumask: [1], program: [{ op: 'loop', body: [{ op: 'run', ns: 2 * ms }, { op: 'sleep', ns: 3 * ms }] }] },
  ],
  faults: [
    { atNs: 100 * ms, kind: 'rtHog', cpu: 1, durationNs: 30 * ms },
    { atNs: 110 * ms, kind: 'sysrq' },
  ],
  properties: {
    bounds: { 'bounded-starvation': 200 * ms, 'work-conservation': 20 * ms, 'seamless-fallback': 100 * ms },
  },
  expect: { exit: 'SCX_EXIT_SYSRQ' },
};
