// The reference workload for benchmarks (issue: 8 CPUs, 64 tasks, scx_simple, 10 simulated seconds): a mix
// of CPU hogs, interactive sleepers and ping-pong pairs, so every path of the kernel model is exercised.
import { NS_PER_MS, NS_PER_SEC } from '../model/kernel/constants.ts';
import type { TaskSpec } from '../model/kernel/behaviour.ts';
import type { Scenario } from '../scenarios/scenario.ts';

export function referenceWorkload(durationNs = 10 * NS_PER_SEC): Scenario {
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < 16; i++) tasks.push({ comm: `hog${i}`, nice: (i % 5) - 2, program: [{ op: 'loop', body: [{ op: 'run', ns: [5 * NS_PER_MS, 50 * NS_PER_MS] }] }] });
  for (let i = 0; i < 32; i++) {
    tasks.push({ comm: `ui${i}`, program: [{ op: 'loop', body: [{ op: 'run', ns: [100_000, 2 * NS_PER_MS] }, { op: 'sleep', ns: [1 * NS_PER_MS, 20 * NS_PER_MS] }] }] });
  }
  for (let i = 0; i < 8; i++) {
    tasks.push({ comm: `ping${i}`, program: [{ op: 'loop', body: [{ op: 'run', ns: 50_000 }, { op: 'wake', target: `pong${i}` }, { op: 'wait' }] }] });
    tasks.push({ comm: `pong${i}`, program: [{ op: 'loop', body: [{ op: 'wait' }, { op: 'run', ns: 50_000 }, { op: 'wake', target: `ping${i}` }] }] });
  }
  return {
    formatVersion: 1, name: 'bench-reference', description: '8 CPUs, 64 tasks: hogs, sleepers, ping-pong pairs',
    topology: { nodes: 1, llcsPerNode: 2, coresPerLlc: 4, threadsPerCore: 1 }, durationNs, quietNs: 0, tasks,
  };
}
