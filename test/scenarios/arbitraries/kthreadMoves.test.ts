// Goal (issue 11, item 2: known limits as data, used by the generator): a scheduler's `kthreadsAvoid` CPUs
// stay free of per-CPU kthreads in generated scenarios, setAffinity faults included. Before, a generated
// setAffinity (or moveDomain) fault could move a kthread onto scx_central's CPU 0, rebuilding the region of
// its documented kthread limit: `check --scheduler central --seed 2 --runs 1000` failed bounded-starvation at
// run 448 with a kthread moved from CPU 1 to CPU 0 (counterexamples/central-kthread-enq-last.json is that
// limit). Method: many generated scenarios of central, and the shrinker's region filter on a hand-made one.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { caseArb, generatorOptionsFor } from '../../../scenarios/arbitraries/index.ts';
import { avoidKthreadMoves } from '../../../scenarios/arbitraries/regions.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';
import { findScheduler } from '../../../schedulers/index.ts';

function kthreadMovesOntoCpu0(s: Scenario): number {
  const kthreads = new Set(s.tasks.filter((t) => t.kthread === true).map((t) => t.comm));
  return (s.faults ?? []).filter((f) => f.kind === 'setAffinity' && typeof f.target === 'string' && kthreads.has(f.target) &&
    Array.isArray(f.cpus) && f.cpus.includes(0)).length;
}

describe('kthreadsAvoid and setAffinity faults', () => {
  it('should never move a generated kthread onto scx_central\'s CPU 0', () => {
    const arb = caseArb(generatorOptionsFor(findScheduler('central') ?? null, { knownLimits: true }));
    const cases = fc.sample(arb, { seed: 2, numRuns: 600 });
    const moves = cases.flatMap((c) => (c.scenario.faults ?? []).filter((f) => f.kind === 'setAffinity'));
    expect(moves.length).toBeGreaterThan(0);
    expect(cases.map((c) => kthreadMovesOntoCpu0(c.scenario)).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('should take the avoided CPUs out of a kthread\'s new mask and drop a move left with none', () => {
    const tasks = [{ comm: 'kth0', kthread: true, cpumask: [1], program: [] }, { comm: 'app', program: [] }];
    const faults = [
      { atNs: 1, kind: 'setAffinity' as const, target: 'kth0', cpus: [0] },
      { atNs: 2, kind: 'setAffinity' as const, target: 'kth0', cpus: [0, 1] },
      { atNs: 3, kind: 'setAffinity' as const, target: 'app', cpus: [0] },
    ];
    expect(avoidKthreadMoves(faults, tasks, [0])).toEqual([faults[1] && { ...faults[1], cpus: [1] }, faults[2]]);
    expect(avoidKthreadMoves(faults, tasks, [])).toEqual(faults);
  });
});
