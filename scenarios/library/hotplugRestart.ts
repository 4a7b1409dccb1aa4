// hotplug: a CPU goes offline and comes back while the loader restarts the scheduler (cpus=4, tasks=6).
// No shipped scheduler implements ops.cpu_online/cpu_offline, so each hotplug unloads it with
// SCX_EXIT_UNREG_KERN and the restart code (reference §4.9), and `restartOnExit` re-attaches it 10 ms later:
// two fallbacks and two attaches, with tasks pinned to the CPU that leaves (they must follow it out).
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { Scenario } from '../scenario.ts';

const ms = NS_PER_MS;

export const hotplugRestart: Scenario = {
  formatVersion: 1,
  name: 'hotplug-restart',
  description: 'CPU 3 goes offline, then online; the loader restarts the scheduler after each exit',
  topology: { nodes: 1, llcsPerNode: 2, coresPerLlc: 2, threadsPerCore: 1 },
  durationNs: 250 * ms,
  quietNs: 200 * ms,
  restartOnExit: true,
  tasks: [
    ...[0, 1, 2].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 10 * ms }] }] })),
    { comm: 'kworker/3', kthread: true, cpumask: [3], program: [{ op: 'loop', body: [{ op: 'sleep', ns: 8 * ms }, { op: 'run', ns: 300_000 }] }] },
    { comm: 'pinned3', cpumask: [3], program: [{ op: 'loop', body: [{ op: 'run', ns: 3 * ms }, { op: 'sleep', ns: 2 * ms }] }] },
    { comm: 'ui', program: [{ op: 'loop', body: [{ op: 'run', ns: [100_000, 500_000] }, { op: 'sleep', ns: [1 * ms, 5 * ms] }] }] },
  ],
  faults: [
    { atNs: 80 * ms, kind: 'hotplug', cpu: 3, online: false },
    { atNs: 180 * ms, kind: 'hotplug', cpu: 3, online: true },
  ],
  properties: {
    bounds: { 'bounded-starvation': 150 * ms, 'work-conservation': 20 * ms, 'seamless-fallback': 100 * ms },
  },
  expect: { exit: 'SCX_EXIT_UNREG_KERN' },
};
