// error-fallback: the scheduler hits a runtime error mid-run (scx_error → SCX_EXIT_ERROR) and every task
// falls back to the fair class (reference §4.3, §4.4); the quiet phase shows them running under EEVDF.
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { Scenario } from '../scenario.ts';

export const errorFallback: Scenario = {
  formatVersion: 1,
  name: 'error-fallback',
  description: 'a runtime error mid-run; every task falls back to the fair class',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 4, threadsPerCore: 1 },
  durationNs: 300 * NS_PER_MS,
  quietNs: 200 * NS_PER_MS,
  tasks: [
    ...[0, 1, 2, 3, 4].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 30 * NS_PER_MS }] }] })),
    ...[0, 1, 2].map((i) => ({
      comm: `io${i}`,
      program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 500_000 }, { op: 'sleep' as const, ns: [1 * NS_PER_MS, 4 * NS_PER_MS] as const }] }],
    })),
    { comm: 'rt_audio', policy: 'FIFO', rtPriority: 10, program: [{ op: 'loop', body: [{ op: 'run', ns: 200_000 }, { op: 'sleep', ns: 5 * NS_PER_MS }] }] },
  ],
  faults: [{ atNs: 150 * NS_PER_MS, kind: 'scxError', msg: 'injected runtime error (error-fallback)' }],
  expect: { exit: 'SCX_EXIT_ERROR' },
};
