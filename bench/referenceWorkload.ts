// The benchmark workloads (issue 14: 8 CPUs/64 tasks and 64 CPUs/1024 tasks; growth curves from 2 to 256
// CPUs and 64 to 4096 tasks): a mix of CPU hogs, interactive sleepers and ping-pong pairs, so every path of
// the kernel model is exercised. Per 64 tasks: 16 hogs, 32 sleepers, 8 ping-pong pairs; 4 cores per LLC.
import { NS_PER_MS, NS_PER_SEC } from '../model/kernel/constants.ts';
import type { TaskSpec } from '../model/kernel/behaviour.ts';
import type { Scenario } from '../scenarios/scenario.ts';

/** Cores per LLC of the scaled workloads (fewer when the machine has fewer CPUs). */
const CORES_PER_LLC = 4;

/** `cpus` CPUs and `tasks` tasks (a multiple of 8) in the reference mix. */
export function scaledWorkload(cpus: number, tasks: number, durationNs = 10 * NS_PER_SEC): Scenario {
  const hogs = tasks / 4;
  const sleepers = tasks / 2;
  const pairs = tasks / 8;
  const list: TaskSpec[] = [];
  for (let i = 0; i < hogs; i++) list.push({ comm: `hog${i}`, nice: (i % 5) - 2, program: [{ op: 'loop', body: [{ op: 'run', ns: [5 * NS_PER_MS, 50 * NS_PER_MS] }] }] });
  for (let i = 0; i < sleepers; i++) {
    list.push({ comm: `ui${i}`, program: [{ op: 'loop', body: [{ op: 'run', ns: [100_000, 2 * NS_PER_MS] }, { op: 'sleep', ns: [1 * NS_PER_MS, 20 * NS_PER_MS] }] }] });
  }
  for (let i = 0; i < pairs; i++) {
    list.push({ comm: `ping${i}`, program: [{ op: 'loop', body: [{ op: 'run', ns: 50_000 }, { op: 'wake', target: `pong${i}` }, { op: 'wait' }] }] });
    list.push({ comm: `pong${i}`, program: [{ op: 'loop', body: [{ op: 'wait' }, { op: 'run', ns: 50_000 }, { op: 'wake', target: `ping${i}` }] }] });
  }
  const coresPerLlc = Math.min(CORES_PER_LLC, cpus);
  return {
    formatVersion: 1, name: `bench-${cpus}x${tasks}`, description: `${cpus} CPUs, ${tasks} tasks: hogs, sleepers, ping-pong pairs`,
    topology: { nodes: 1, llcsPerNode: cpus / coresPerLlc, coresPerLlc, threadsPerCore: 1 }, durationNs, quietNs: 0, tasks: list,
  };
}

/** The reference workload: 8 CPUs (2 LLCs × 4 cores), 64 tasks. */
export function referenceWorkload(durationNs = 10 * NS_PER_SEC): Scenario {
  return { ...scaledWorkload(8, 64, durationNs), name: 'bench-reference', description: '8 CPUs, 64 tasks: hogs, sleepers, ping-pong pairs' };
}
