// Goal: the generator's wider dimensions (issue 11) are there, switchable per case, and keep liveness
// decidable: long sleepers (the run lasts past their first wake-up and burst), crowds of more than a
// dispatch batch on one CPU (their bursts add to the starvation bound), emulated uptime (a late attach over
// fair tasks, a clock that starts at the uptime), number options over their declared ranges, and domain
// moves into a saturated LLC or node. Method: fast-check samples with fixed seeds and one short run.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  buildScenario, deriveBounds, generatorOptionsFor, scenarioArb, scenarioDraftArb, type WorkloadItem,
} from '../../../scenarios/arbitraries/index.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { SCX_DSP_DFL_MAX_BATCH } from '../../../model/kernel/constants.ts';
import type { Step } from '../../../model/kernel/behaviour.ts';
import { defineScheduler } from '../../../model/kernel/ops.ts';
import { findScheduler } from '../../../schedulers/index.ts';

const SEED = 21;
const item = (kind: WorkloadItem['kind'], a = 0, b = 0): WorkloadItem => ({ kind, a, b, nice: 0, mask: null });

function sleeps(steps: readonly Step[]): number[] {
  return steps.flatMap((s) => (s.op === 'sleep' ? [Array.isArray(s.ns) ? s.ns[1] : s.ns] : s.op === 'loop' ? sleeps(s.body) : []));
}

describe('generator breadth', () => {
  // knownLimits: false, since rustland's limit under triage leaves long sleepers and crowds out of its scenarios.
  const scenarios = fc.sample(scenarioArb(generatorOptionsFor(findScheduler('rustland') ?? null, { knownLimits: false })), { seed: SEED, numRuns: 300 });

  it('should generate long sleepers and keep the run going past their first wake-up', () => {
    const long = scenarios.filter((s) => s.tasks.some((t) => t.comm.startsWith('nap')));
    expect(long.length).toBeGreaterThan(5);
    for (const s of long) {
      const longest = Math.max(...s.tasks.filter((t) => t.comm.startsWith('nap')).flatMap((t) => sleeps(t.program)));
      expect(longest).toBeGreaterThanOrEqual(300_000_000);
      expect(s.durationNs + (s.quietNs ?? 0)).toBeGreaterThan(longest + (s.properties?.bounds?.['bounded-starvation'] ?? 0));
    }
  });

  it('should queue more than a dispatch batch of tasks on one CPU, and widen the bound by their bursts', () => {
    const crowd = scenarios.filter((s) => s.tasks.some((t) => t.comm.startsWith('herd')));
    expect(crowd.length).toBeGreaterThan(5);
    const herd = crowd[0]?.tasks.find((t) => t.comm.startsWith('herd'));
    const burst = herd?.program[0]?.op === 'loop' ? herd.program[0].body[0] : undefined;
    expect(burst?.op === 'loop' ? burst.times : 0).toBeGreaterThan(SCX_DSP_DFL_MAX_BATCH);
    expect(deriveBounds([item('hog'), item('crowd', 5, 63)]).starvationNs).toBeGreaterThan(deriveBounds([item('hog'), item('hog')]).starvationNs);
  });

  it('should vary number options over their declared ranges only when the swarm says so', () => {
    const numeric = scenarios.filter((s) => s.schedulerOptions?.['queuedRingSlots'] !== undefined);
    expect(numeric.length).toBeGreaterThan(20);
    expect(numeric.length).toBeLessThan(scenarios.length);
    for (const s of numeric) {
      expect(s.schedulerOptions?.['queuedRingSlots']).toBeGreaterThanOrEqual(8);
      expect(s.schedulerOptions?.['queuedRingSlots']).toBeLessThanOrEqual(4096);
      expect(s.schedulerOptions?.['sliceUs']).toBeLessThanOrEqual(20_000);
    }
    expect(numeric.some((s) => (s.schedulerOptions?.['queuedRingSlots'] as number) < 70)).toBe(true);
  });

  it('should emulate uptime: a late attach over fair tasks, and a clock that starts at the uptime', () => {
    const up = scenarios.filter((s) => s.kernel?.uptimeNs !== undefined);
    expect(up.length).toBeGreaterThan(20);
    expect(up.some((s) => (s.attachAtNs ?? 0) > 20_000_000)).toBe(true);
    expect(up.every((s) => (s.kernel?.uptimeNs ?? 0) >= 1_000_000_000)).toBe(true);
    let seen = -1;
    const clock = defineScheduler({ kind: 'sched_ext', name: 'clock', description: 'reads the clock', options: {},
      create: () => ({ name: 'clock', init: (ctx) => { seen = ctx.nowNs(); return 0; } }) });
    const base = up[0];
    if (base === undefined) throw new Error('no uptime scenario');
    const { schedulerOptions: _mine, ...plain } = base;
    runScenario({ scenario: { ...plain, tasks: [{ comm: 't', program: [{ op: 'run', ns: 1_000_000 }] }], faults: [], quietNs: 0, durationNs: 30_000_000,
      attachAtNs: 25_000_000, kernel: { uptimeNs: 5_000_000_000 } }, scheduler: clock, seed: 1 });
    expect(seen).toBe(5_025_000_000);
  });

  it('should move a task into another LLC or node and saturate that domain with hogs', () => {
    const drafts = fc.sample(scenarioDraftArb(), { seed: SEED, numRuns: 400 });
    const moved = drafts.map((d) => buildScenario(d)).filter((s) => s.tasks.some((t) => t.comm.startsWith('sat')));
    expect(moved.length).toBeGreaterThan(3);
    for (const s of moved) {
      const sat = s.tasks.filter((t) => t.comm.startsWith('sat'));
      const move = s.faults?.find((f) => f.kind === 'setAffinity' && Array.isArray(f.cpus) &&
        sat.some((t) => JSON.stringify(t.cpumask) === JSON.stringify(f.cpus)));
      expect(move).toBeDefined();
      if (move?.kind === 'setAffinity') expect(String(move.target).startsWith('sat')).toBe(false);
    }
  });
});
