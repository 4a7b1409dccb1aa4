// handoff: unregister at a point to be swept (cpus=2, tasks=4). A short, busy scenario whose one fault —
// an unregister from user space — is meant to be moved to every event boundary by
// `schedcheck check --crash-sweep --scenario unregister-sweep`, so the disable path is tried in the middle of
// every kind of step (dispatch, enqueue, a ping-pong wake-up) rather than only where random placement lands.
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { Scenario } from '../scenario.ts';

const ms = NS_PER_MS;

export const unregisterSweep: Scenario = {
  formatVersion: 1,
  name: 'unregister-sweep',
  description: 'an unregister to move across every event boundary (check --crash-sweep)',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
  durationNs: 40 * ms,
  quietNs: 150 * ms,
  tasks: [
    { comm: 'hog', program: [{ op: 'loop', body: [{ op: 'run', ns: 7 * ms }] }] },
    { comm: 'ui', program: [{ op: 'loop', body: [{ op: 'run', ns: [100_000, 600_000] }, { op: 'sleep', ns: [500_000, 3 * ms] }] }] },
    { comm: 'ping', program: [{ op: 'loop', body: [{ op: 'run', ns: 150_000 }, { op: 'wake', target: 'pong', sync: true }, { op: 'wait' }] }] },
    { comm: 'pong', program: [{ op: 'loop', body: [{ op: 'wait' }, { op: 'run', ns: 150_000 }, { op: 'wake', target: 'ping', sync: true }] }] },
  ],
  faults: [{ atNs: 20 * ms, kind: 'unregister' }],
  properties: {
    bounds: { 'bounded-starvation': 120 * ms, 'work-conservation': 20 * ms, 'seamless-fallback': 60 * ms },
  },
  expect: { exit: 'SCX_EXIT_UNREG' },
};
