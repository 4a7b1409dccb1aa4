// Goal: wait latency statistics stream in flat memory (issue 14, Core: memory grew 0.42 MB per simulated
// second in per-task arrays of every wait) while short runs keep exactly the figures a sorted list of every
// wait gives. Method: the same waits through WaitStats and through a sorted list (nearest rank, as
// scenarios/metrics.ts percentile()); past the exact limit, the histogram's error bound and its size.
import { describe, expect, it } from 'vitest';
import { WAIT_HISTOGRAM_SUB_BITS, WAIT_VALUES_EXACT_MAX } from '../../../model/kernel/constants.ts';
import { Prng } from '../../../model/kernel/prng.ts';
import { waitBucket, waitBucketHighNs, waitPercentiles, WaitStats } from '../../../model/kernel/waitStats.ts';
import { percentile } from '../../../scenarios/metrics.ts';

function waits(n: number, seed: number): number[] {
  const prng = new Prng(seed);
  return Array.from({ length: n }, () => prng.rangeInclusive(0, 50_000_000));
}

function statsOf(values: readonly number[]): WaitStats {
  const s = new WaitStats();
  for (const v of values) s.record(v);
  return s;
}

describe('WaitStats', () => {
  it('should give exactly the sorted-list percentiles while every task is under the exact limit', () => {
    const a = waits(1000, 1);
    const b = waits(300, 2);
    const sorted = [...a, ...b].sort((x, y) => x - y);
    expect(waitPercentiles([statsOf(a), statsOf(b)], [50, 99])).toEqual([percentile(sorted, 50), percentile(sorted, 99)]);
    expect(waitPercentiles([statsOf(a)], [50, 99])).toEqual([50, 99].map((p) => percentile([...a].sort((x, y) => x - y), p)));
    expect(waitPercentiles([new WaitStats()], [50])).toEqual([0]);
  });

  it('should stay exact for any number of waits with few distinct values (quantised by ticks and slices)', () => {
    const quantised = Array.from({ length: 100_000 }, (_, i) => [6500, 100_000, 20_000_000][i % 7 === 0 ? 2 : i % 2] as number);
    const s = statsOf(quantised);
    expect(s.exact?.size).toBe(3);
    const sorted = [...quantised].sort((x, y) => x - y);
    expect(waitPercentiles([s], [50, 99])).toEqual([percentile(sorted, 50), percentile(sorted, 99)]);
    // With a task still in its list stage: still exact over both.
    const few = waits(500, 4);
    const both = [...quantised, ...few].sort((x, y) => x - y);
    expect(waitPercentiles([s, statsOf(few)], [50, 99])).toEqual([percentile(both, 50), percentile(both, 99)]);
  });

  it('should keep memory flat past the limit, with the max exact and percentiles within the bucket error', () => {
    const values = waits(4 * WAIT_VALUES_EXACT_MAX, 3);
    const s = statsOf(values);
    expect(s.exact).toBeNull();
    expect(s.count).toBe(values.length);
    expect(s.maxNs).toBe(values.reduce((a, b) => Math.max(a, b), 0));
    // 50 ms spans 26 powers of two: at most 2^(bits-1) buckets each, whatever the number of waits.
    expect(s.histogram?.size).toBeLessThanOrEqual(26 * 2 ** (WAIT_HISTOGRAM_SUB_BITS - 1) + 2 ** WAIT_HISTOGRAM_SUB_BITS);
    const sorted = [...values].sort((x, y) => x - y);
    const [p50, p99] = waitPercentiles([s], [50, 99]) as [number, number];
    const error = 2 ** -(WAIT_HISTOGRAM_SUB_BITS - 1);
    for (const [got, want] of [[p50, percentile(sorted, 50)], [p99, percentile(sorted, 99)]] as const) {
      expect(got).toBeGreaterThanOrEqual(want);
      expect(got).toBeLessThanOrEqual(want * (1 + error));
    }
  });

  it('should map every wait into a bucket whose highest value is at least the wait and within the error', () => {
    for (const v of [0, 1, 1023, 1024, 1025, 4095, 123_456_789, 2 ** 40 + 12345, Number.MAX_SAFE_INTEGER]) {
      const high = waitBucketHighNs(waitBucket(v));
      expect(high).toBeGreaterThanOrEqual(v);
      expect(high - v).toBeLessThanOrEqual(v * 2 ** -(WAIT_HISTOGRAM_SUB_BITS - 1));
      if (v > 0) expect(waitBucket(v)).toBeGreaterThan(waitBucket(v - 1) - 1);
    }
  });
});
