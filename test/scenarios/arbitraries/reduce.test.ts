// Goal: data-level shrinking proposes valid, strictly smaller scenarios — one fault, one task or one CPU
// fewer, a task made a plain hog, a shorter fault phase — remaps cpumasks and pinned CPUs, recomputes the
// expected exit, and never goes below a known limit's CPU count. Method: reduce generated scenarios.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cpuCount, NO_CAPS, scenarioArb } from '../../../scenarios/arbitraries/index.ts';
import { smallerScenarios } from '../../../scenarios/arbitraries/reduce.ts';
import { type Scenario, validateScenario } from '../../../scenarios/scenario.ts';

const MS = 1_000_000;
const size = (s: Scenario): number[] => ['cpus' in s.topology ? 0 : cpuCount(s.topology), s.tasks.length, (s.faults ?? []).length, s.durationNs];

describe('smallerScenarios', () => {
  it('should propose only valid variants, each smaller in one dimension or simpler in one task', () => {
    for (const scenario of fc.sample(scenarioArb(), { seed: 3, numRuns: 40 })) {
      for (const variant of smallerScenarios(scenario, NO_CAPS)) {
        expect(() => validateScenario(JSON.parse(JSON.stringify(variant)))).not.toThrow();
        const [a, b] = [size(scenario), size(variant)];
        const smaller = b.some((v, i) => v < (a[i] as number)) && b.every((v, i) => v <= (a[i] as number));
        const simpler = JSON.stringify(b) === JSON.stringify(a) && JSON.stringify(variant.tasks) !== JSON.stringify(scenario.tasks);
        expect(smaller || simpler).toBe(true);
      }
    }
  });

  const pinned: Scenario = {
    formatVersion: 1, name: 'g', description: 'g', topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 3, threadsPerCore: 1 },
    durationNs: 40 * MS, quietNs: 100 * MS,
    tasks: [{ comm: 'k', kthread: true, cpumask: [2], program: [{ op: 'sleep', ns: MS }] },
      { comm: 'p', cpumask: [1, 2], program: [{ op: 'run', ns: MS }] }],
    faults: [{ atNs: 5 * MS, kind: 'hotplug', cpu: 2, online: false }], expect: { exit: 'SCX_EXIT_UNREG_KERN' },
  };

  it('should remap pinned CPUs, drop faults on removed CPUs and recompute the expected exit', () => {
    const fewer = smallerScenarios(pinned, NO_CAPS).find((v) => 'coresPerLlc' in v.topology && v.topology.coresPerLlc === 2);
    expect(fewer?.tasks.map((t) => t.cpumask)).toEqual([[0], [1]]);
    expect(fewer?.faults).toBeUndefined();
    expect(fewer?.expect?.exit).toBe('none');
    expect(smallerScenarios(pinned, NO_CAPS).find((v) => v.faults === undefined && v.tasks.length === 2)?.expect?.exit).toBe('none');
  });

  it('should keep at least the CPUs a known limit needs', () => {
    const two: Scenario = { ...pinned, topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, faults: [], tasks: [] };
    expect(smallerScenarios(two, NO_CAPS, { minCpus: 2 }).some((v) => size(v)[0] === 1)).toBe(false);
    expect(smallerScenarios(two, NO_CAPS).some((v) => size(v)[0] === 1)).toBe(true);
  });
});
