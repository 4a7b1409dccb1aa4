// Topology generator (STYLE.md: plans are data): 1–16 CPUs as NUMA nodes × LLCs × cores × SMT threads.
// Every field shrinks toward 1, so a counterexample shrinks toward one CPU — or the fewest CPUs the bug
// needs. CPUs all start online; hotplug faults take them down and up again.
import fc from 'fast-check';
import type { TopologyShape } from '../../model/kernel/topology.ts';

/** Largest generated machine (kept small: liveness must stay cheap to decide). */
export const GENERATED_CPUS_MAX = 16;

export function cpuCount(shape: TopologyShape): number {
  return shape.nodes * shape.llcsPerNode * shape.coresPerLlc * shape.threadsPerCore;
}

/** A topology of 1–`maxCpus` CPUs: 1–2 nodes, 1–2 LLCs per node, 1–4 cores per LLC, 1–2 threads per core. */
export function topologyArb(maxCpus = GENERATED_CPUS_MAX): fc.Arbitrary<TopologyShape> {
  return shapeArb(maxCpus);
}

/**
 * Topologies biased toward small machines (half of them 1–2 CPUs, a quarter up to 4), where a few tasks
 * already overload the CPUs, as most scheduling bugs need; the rest span up to `maxCpus`.
 */
export function biasedTopologyArb(maxCpus = GENERATED_CPUS_MAX, minCpus = 1): fc.Arbitrary<TopologyShape> {
  return fc.oneof(
    { arbitrary: shapeArb(Math.max(minCpus, Math.min(2, maxCpus)), minCpus), weight: 2 },
    { arbitrary: shapeArb(Math.max(minCpus, Math.min(4, maxCpus)), minCpus), weight: 1 },
    { arbitrary: shapeArb(maxCpus, minCpus), weight: 1 },
  );
}

function shapeArb(maxCpus: number, minCpus = 1): fc.Arbitrary<TopologyShape> {
  return fc.record({
    nodes: fc.integer({ min: 1, max: 2 }),
    llcsPerNode: fc.integer({ min: 1, max: 2 }),
    coresPerLlc: fc.integer({ min: 1, max: 4 }),
    threadsPerCore: fc.integer({ min: 1, max: 2 }),
  }).filter((shape) => cpuCount(shape) <= maxCpus && cpuCount(shape) >= minCpus);
}
