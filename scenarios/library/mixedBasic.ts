// mixed-basic: CPU-bound hogs and interactive sleepers on 4 CPUs (2 cores × 2 threads), the everyday mix.
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { Scenario } from '../scenario.ts';

const ms = NS_PER_MS;

export const mixedBasic: Scenario = {
  formatVersion: 1,
  name: 'mixed-basic',
  description: 'CPU-bound and interactive tasks on 4 CPUs',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 2 },
  durationNs: 400 * ms,
  quietNs: 100 * ms,
  tasks: [
    ...[0, 1, 2].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 50 * ms }] }] })),
    { comm: 'hog_nice5', nice: 5, program: [{ op: 'loop', body: [{ op: 'run', ns: 50 * ms }] }] },
    ...[0, 1, 2].map((i) => ({
      comm: `ui${i}`,
      program: [{ op: 'loop' as const, body: [
        { op: 'run' as const, ns: [200_000, 1 * ms] as const }, { op: 'sleep' as const, ns: [2 * ms, 8 * ms] as const },
      ] }],
    })),
    { comm: 'ping', program: [{ op: 'loop', body: [{ op: 'run', ns: 100_000 }, { op: 'wake', target: 'pong', sync: true }, { op: 'wait' }] }] },
    { comm: 'pong', program: [{ op: 'loop', body: [{ op: 'wait' }, { op: 'run', ns: 100_000 }, { op: 'wake', target: 'ping', sync: true }] }] },
  ],
  expect: { exit: 'none' },
};
