// Goal: liveness bounds grow with the load and the weight spread, and RT bursts add to them.
import { describe, expect, it } from 'vitest';
import { deriveBounds, type WorkloadItem } from '../../../scenarios/arbitraries/index.ts';

const hog = (nice = 0): WorkloadItem => ({ kind: 'hog', a: 0, b: 0, nice, mask: null });

describe('deriveBounds', () => {
  it('should grow with the number of competing tasks and their weight spread', () => {
    const one = deriveBounds([hog()]);
    const four = deriveBounds([hog(), hog(), hog(), hog()]);
    const spread = deriveBounds([hog(-3), hog(-3), hog(-3), hog(3)]);
    expect(four.starvationNs).toBeGreaterThan(one.starvationNs);
    expect(spread.starvationNs).toBeGreaterThan(four.starvationNs);
    expect(four.quietNs).toBeGreaterThan(four.starvationNs);
  });

  it('should add the RT bursts that can preempt a task', () => {
    const rt: WorkloadItem = { kind: 'rtHog', a: 0, b: 4, nice: 0, mask: null };
    expect(deriveBounds([hog(), rt]).starvationNs).toBeGreaterThan(deriveBounds([hog()]).starvationNs);
  });
});
