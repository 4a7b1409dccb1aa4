// Tests for the nice → weight table and the sched_ext weight scale (sched_weight_to_cgroup).
import { describe, it, expect } from 'vitest';
import {
  SCHED_PRIO_TO_WEIGHT,
  WEIGHT_IDLEPRIO,
  niceToWeight,
  scxWeight,
} from '../../../model/kernel/weights.ts';
import { ModelAssertionError } from '../../../model/kernel/assert.ts';

describe('niceToWeight', () => {
  it('matches sched_prio_to_weight at the ends and the middle', () => {
    expect(niceToWeight(0)).toBe(1024);
    expect(niceToWeight(-20)).toBe(88761);
    expect(niceToWeight(19)).toBe(15);
    expect(niceToWeight(-1)).toBe(1277);
    expect(niceToWeight(1)).toBe(820);
    expect(niceToWeight(10)).toBe(110);
  });

  it('has 40 entries decreasing by about 1.25 per step', () => {
    expect(SCHED_PRIO_TO_WEIGHT).toHaveLength(40);
    for (let nice = -20; nice < 19; nice++) {
      const ratio = niceToWeight(nice) / niceToWeight(nice + 1);
      expect(ratio).toBeGreaterThan(1.19);
      expect(ratio).toBeLessThan(1.29);
    }
  });

  it('asserts on nice values outside -20..19', () => {
    expect(() => niceToWeight(-21)).toThrow(ModelAssertionError);
    expect(() => niceToWeight(20)).toThrow(ModelAssertionError);
    expect(() => niceToWeight(0.5)).toThrow(ModelAssertionError);
  });
});

describe('scxWeight', () => {
  it('maps kernel weights to the cgroup scale with round-closest', () => {
    expect(scxWeight(1024)).toBe(100);
    expect(scxWeight(88761)).toBe(8668);
    expect(scxWeight(15)).toBe(1);
    expect(scxWeight(820)).toBe(80);
    expect(scxWeight(1277)).toBe(125);
    expect(scxWeight(1536)).toBe(150); // exactly 150
    expect(scxWeight(5)).toBe(1); // 0.488 rounds to 0, clamped to 1
    expect(scxWeight(6)).toBe(1); // 0.586 rounds to 1
    expect(scxWeight(16)).toBe(2); // 1.5625 rounds to 2
    expect(scxWeight(1029)).toBe(100); // 100.488 rounds down
    expect(scxWeight(1030)).toBe(101); // 100.586 rounds up
  });

  it('clamps the idle weight to 1 and huge weights to 10000', () => {
    expect(WEIGHT_IDLEPRIO).toBe(3);
    expect(scxWeight(WEIGHT_IDLEPRIO)).toBe(1);
    expect(scxWeight(1024 * 1000)).toBe(10_000);
    expect(scxWeight(102_400)).toBe(10_000);
    expect(scxWeight(102_394)).toBe(9999);
  });

  it('is monotone over the nice table', () => {
    for (let nice = -20; nice < 19; nice++) {
      expect(scxWeight(niceToWeight(nice))).toBeGreaterThanOrEqual(scxWeight(niceToWeight(nice + 1)));
    }
  });

  it('asserts on non-positive weights', () => {
    expect(() => scxWeight(0)).toThrow(ModelAssertionError);
    expect(() => scxWeight(1.5)).toThrow(ModelAssertionError);
  });
});
