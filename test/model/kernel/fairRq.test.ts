// Tests for the EEVDF fair run queue (reference §6.5): fairness between hogs, weight ratios, lag
// banking and clamping, fork placement, and the exactness of the incremental avg_vruntime sums.
// Random queues come from a small integer LCG so every run is the same.

import { describe, expect, it } from 'vitest';
import { FAIR_BASE_SLICE_UNSCALED_NS, NS_PER_MS } from '../../../model/kernel/constants.ts';
import {
  calcDeltaFair,
  fairBaseSliceNs,
  FairRq,
  newFairEntity,
  type FairEntity,
} from '../../../model/kernel/fairRq.ts';

const TICK_NS = NS_PER_MS;
const WEIGHTS = [15, 335, 820, 1024, 1277, 2048, 3121, 88761];

/** Deterministic 32-bit LCG (Numerical Recipes constants); next(n) is an integer in [0, n). */
function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/** V by the definition: floor(Σ w·v / Σ w), in BigInt so nothing rounds. */
function directV(entities: readonly FairEntity[]): bigint {
  let num = 0n;
  let den = 0n;
  for (const se of entities) {
    num += BigInt(se.vruntime) * BigInt(se.weight);
    den += BigInt(se.weight);
  }
  const q = num / den;
  return q * den > num ? q - 1n : q;
}

/** Runs the queue in stepNs steps, re-picking when updateCurr asks for it; returns runtime per pid. */
function simulate(rq: FairRq, steps: number, stepNs: number): { runtime: Map<number, number>; switches: number } {
  const runtime = new Map<number, number>();
  let switches = 0;
  rq.setCurr(rq.pick());
  for (let i = 0; i < steps; i++) {
    const curr = rq.curr;
    if (curr === null) throw new Error('queue unexpectedly empty');
    runtime.set(curr.pid, (runtime.get(curr.pid) ?? 0) + stepNs);
    if (rq.updateCurr(stepNs)) {
      const next = rq.pick();
      if (next !== curr) switches++;
      rq.setCurr(next);
    }
    rq.checkInvariants();
  }
  return { runtime, switches };
}

describe('FairRq (reference §6.5)', () => {
  it('scales the base slice by 1 + ilog2(min(nrCpus, 8)) (reference §6.5)', () => {
    expect(fairBaseSliceNs(1)).toBe(FAIR_BASE_SLICE_UNSCALED_NS);
    expect(fairBaseSliceNs(4)).toBe(3 * FAIR_BASE_SLICE_UNSCALED_NS);
    expect(fairBaseSliceNs(64)).toBe(4 * FAIR_BASE_SLICE_UNSCALED_NS);
  });

  it('two equal-weight hogs alternate and progress equally (reference §6.5)', () => {
    const slice = fairBaseSliceNs(4);
    const rq = new FairRq(slice, TICK_NS);
    const a = newFairEntity(1, 1024, 0);
    const b = newFairEntity(2, 1024, 0);
    rq.enqueue(a, 'fork');
    rq.enqueue(b, 'fork');
    const { runtime, switches } = simulate(rq, 1000, NS_PER_MS);
    expect(switches).toBeGreaterThan(200);
    expect(Math.abs((runtime.get(1) ?? 0) - (runtime.get(2) ?? 0))).toBeLessThanOrEqual(slice + NS_PER_MS);
    expect(Math.abs(a.vruntime - b.vruntime)).toBeLessThanOrEqual(slice + NS_PER_MS);
  });

  it('weights 1024 vs 2048 share CPU time 1:2 within 5 % (reference §6.5)', () => {
    const rq = new FairRq(fairBaseSliceNs(4), TICK_NS);
    rq.enqueue(newFairEntity(1, 1024, 0), 'fork');
    rq.enqueue(newFairEntity(2, 2048, 0), 'fork');
    const { runtime } = simulate(rq, 3000, NS_PER_MS);
    const ratio = (runtime.get(2) ?? 0) / (runtime.get(1) ?? 1);
    expect(Math.abs(ratio - 2) / 2).toBeLessThan(0.05);
  });

  it('a waking sleeper with banked lag is eligible and preempts a hog past its deadline (reference §6.5)', () => {
    const slice = 3 * NS_PER_MS;
    const rq = new FairRq(slice, TICK_NS);
    const hog = newFairEntity(1, 1024, 0);
    const sleeper = newFairEntity(2, 1024, 0);
    rq.enqueue(hog, 'fork');
    rq.enqueue(sleeper, 'fork');
    expect(rq.pick()).toBe(hog); // equal deadlines: lower pid
    rq.setCurr(hog);
    rq.updateCurr(NS_PER_MS);
    rq.setCurr(sleeper);
    rq.updateCurr(NS_PER_MS / 5);
    rq.dequeue(sleeper, true);
    expect(sleeper.vlag).toBe(2 * NS_PER_MS / 5); // V = 0.6 ms, vruntime = 0.2 ms
    rq.setCurr(hog);
    const firstDeadline = hog.deadline;
    for (let i = 0; i < 20; i++) expect(rq.updateCurr(NS_PER_MS / 2)).toBe(false); // alone: no resched
    expect(hog.vruntime).toBeGreaterThan(firstDeadline);
    rq.enqueue(sleeper, 'wakeup');
    expect(sleeper.vruntime).toBe(hog.vruntime - 4 * NS_PER_MS / 5); // lag × (W + w) / W
    expect(rq.isEligible(sleeper)).toBe(true);
    expect(sleeper.deadline).toBeLessThan(hog.deadline);
    expect(rq.checkPreemptWakeup(sleeper)).toBe(true);
    expect(rq.pick()).toBe(sleeper);
  });

  it('batch/idle entities never wakeup-preempt; anyone non-idle preempts an idle curr (reference §6.5)', () => {
    const rq = new FairRq(3 * NS_PER_MS, TICK_NS);
    const hog = newFairEntity(1, 1024, 0);
    const batch = newFairEntity(2, 1024, 0, { noWakeupPreempt: true });
    rq.enqueue(hog, 'fork');
    rq.setCurr(hog);
    rq.updateCurr(10 * NS_PER_MS);
    batch.vlag = NS_PER_MS;
    rq.enqueue(batch, 'wakeup');
    expect(rq.isEligible(batch)).toBe(true);
    expect(rq.checkPreemptWakeup(batch)).toBe(false);
    const idleRq = new FairRq(3 * NS_PER_MS, TICK_NS);
    const idle = newFairEntity(3, 3, 0, { idlePolicy: true });
    expect(idle.noWakeupPreempt).toBe(true);
    idleRq.enqueue(idle, 'fork');
    idleRq.setCurr(idle);
    const late = newFairEntity(4, 1024, 0, { noWakeupPreempt: true });
    late.vlag = -NS_PER_MS; // not eligible, yet it still preempts an idle-policy curr
    idleRq.enqueue(late, 'wakeup');
    expect(idleRq.checkPreemptWakeup(late)).toBe(true);
  });

  it('clamps lag at dequeue to ±calcDeltaFair(max(2 × slice, tick), w) (reference §6.5)', () => {
    const slice = 3 * NS_PER_MS;
    const rq = new FairRq(slice, TICK_NS);
    const hog = newFairEntity(1, 1024, 0);
    const starved = newFairEntity(2, 512, 0);
    rq.enqueue(hog, 'fork');
    rq.enqueue(starved, 'fork');
    rq.setCurr(hog);
    rq.updateCurr(100 * NS_PER_MS); // starved falls far behind V
    const limit = calcDeltaFair(2 * slice, 512);
    expect(rq.avgVruntime() - starved.vruntime).toBeGreaterThan(limit);
    rq.dequeue(starved, true);
    expect(starved.vlag).toBe(limit);
    rq.enqueue(starved, 'wakeup');
    expect(hog.vruntime - starved.vruntime).toBe(limit + Math.trunc((limit * 512) / 1024));
    rq.setCurr(starved);
    rq.updateCurr(100 * NS_PER_MS); // now far ahead of V
    rq.dequeue(starved, true);
    expect(starved.vlag).toBe(-limit);
    expect(rq.curr).toBeNull();
    const tiny = new FairRq(100_000, TICK_NS); // slice below half a tick: the tick bounds the clamp
    const t = newFairEntity(3, 1024, 0);
    tiny.enqueue(t, 'fork');
    tiny.enqueue(newFairEntity(4, 1024, 0), 'fork');
    tiny.setCurr(t);
    tiny.updateCurr(50 * NS_PER_MS);
    tiny.dequeue(t, true);
    expect(t.vlag).toBe(-TICK_NS);
  });

  it('places a fork at V with half a slice of deadline (reference §6.5)', () => {
    const slice = fairBaseSliceNs(8);
    const rq = new FairRq(slice, TICK_NS);
    const first = newFairEntity(1, 1024, 0);
    rq.enqueue(first, 'fork');
    expect(first.deadline - first.vruntime).toBe(slice / 2);
    rq.setCurr(first);
    rq.updateCurr(5 * NS_PER_MS);
    const v = rq.avgVruntime();
    const child = newFairEntity(2, 2048, 0);
    child.vlag = 12345; // ignored: a fork has no history
    rq.enqueue(child, 'fork');
    expect(child.vruntime).toBe(v);
    expect(child.deadline - child.vruntime).toBe(calcDeltaFair(Math.floor(slice / 2), 2048));
    const custom = newFairEntity(3, 1024, 10 * NS_PER_MS); // a custom slice overrides the base
    rq.enqueue(custom, 'fork');
    expect(custom.deadline - custom.vruntime).toBe(5 * NS_PER_MS);
  });

  it('eligibility and V match the direct definition on random queues (reference §6.5)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = lcg(seed);
      const rq = new FairRq(fairBaseSliceNs(1 + next(16)), TICK_NS);
      let pid = 1;
      for (let op = 0; op < 60; op++) {
        const choice = next(4);
        const queued = rq.entities();
        if (choice === 0 || queued.length === 0) {
          const se = newFairEntity(pid++, WEIGHTS[next(WEIGHTS.length)] ?? 1024, 0);
          se.vlag = next(2) === 0 ? 0 : next(10 * NS_PER_MS) - 5 * NS_PER_MS;
          rq.enqueue(se, next(2) === 0 ? 'fork' : 'wakeup');
        } else if (choice === 1) {
          rq.dequeue(queued[next(queued.length)] as FairEntity, next(2) === 0);
        } else if (choice === 2) {
          rq.reweight(queued[next(queued.length)] as FairEntity, WEIGHTS[next(WEIGHTS.length)] ?? 1024);
        } else {
          rq.setCurr(rq.pick());
          rq.updateCurr(next(4 * NS_PER_MS));
        }
        rq.checkInvariants();
        if (rq.nrRunning === 0) continue;
        const v = directV(rq.entities());
        expect(BigInt(rq.avgVruntime())).toBe(v);
        for (const se of rq.entities()) expect(rq.isEligible(se)).toBe(BigInt(se.vruntime) <= v);
        const picked = rq.pick();
        if (picked !== null && rq.entities().some((se) => rq.isEligible(se))) {
          expect(rq.isEligible(picked)).toBe(true);
        }
      }
    }
  });

  it('dequeue/enqueue round trips keep the sums consistent (reference §6.5)', () => {
    const next = lcg(42);
    const rq = new FairRq(fairBaseSliceNs(4), TICK_NS);
    const all = Array.from({ length: 12 }, (_, i) => newFairEntity(i + 1, WEIGHTS[next(WEIGHTS.length)] ?? 1024, 0));
    for (const se of all) rq.enqueue(se, 'fork');
    for (let round = 0; round < 500; round++) {
      rq.setCurr(rq.pick());
      rq.updateCurr(next(3 * NS_PER_MS));
      const se = all[next(all.length)] as FairEntity;
      if (se.onRq) {
        const before = rq.avgVruntime();
        rq.dequeue(se, false);
        rq.enqueue(se, 'restore');
        // An unclamped lag puts V back where it was, up to rounding: the <2 ns floor error in vlag is
        // inflated by (W + w) / W at placement, moving V by up to 2 × w / W (W = the others' load).
        const others = rq.sumWeight - se.weight;
        if (others > 0 && Math.abs(se.vlag) < calcDeltaFair(2 * fairBaseSliceNs(4), se.weight)) {
          expect(Math.abs(rq.avgVruntime() - before)).toBeLessThanOrEqual(2 + Math.ceil((2 * se.weight) / others));
        }
        rq.dequeue(se, true);
      } else {
        rq.enqueue(se, next(2) === 0 ? 'wakeup' : 'migrate');
      }
      rq.checkInvariants();
      expect(rq.sumWeight).toBe(rq.entities().reduce((sum, e) => sum + e.weight, 0));
      expect(rq.entities().every((e) => e.onRq)).toBe(true);
    }
    for (const se of all) if (se.onRq) rq.dequeue(se, true);
    expect(rq.nrRunning).toBe(0);
    expect(rq.sumWeight).toBe(0);
    expect(rq.sumWeightedKey).toBe(0);
    expect(rq.avgVruntime()).toBe(rq.minVruntime);
  });

  it('reweight scales lag and relative deadline by oldW / newW (reference §6.5)', () => {
    const rq = new FairRq(3 * NS_PER_MS, TICK_NS);
    const sleeper = newFairEntity(1, 1024, 0);
    sleeper.vlag = 1000;
    rq.reweight(sleeper, 2048);
    expect(sleeper.vlag).toBe(500);
    const a = newFairEntity(2, 1024, 0);
    rq.enqueue(a, 'fork');
    rq.enqueue(newFairEntity(3, 1024, 0), 'fork');
    rq.setCurr(a);
    rq.updateCurr(NS_PER_MS);
    const rel = a.deadline - a.vruntime;
    rq.reweight(a, 4096);
    expect(a.deadline - a.vruntime).toBe(Math.trunc(rel / 4));
    expect(rq.curr).toBe(a);
    rq.checkInvariants();
  });
});
