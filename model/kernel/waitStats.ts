// A task's waits for a CPU, as the run summary needs them (scenarios/metrics.ts: p50, p99, max), in memory
// that does not grow with simulated time. The first WAIT_SAMPLES_EXACT_MAX waits are kept as they are, so
// short runs (tests, campaigns, the shipped scenarios) report exactly what a sorted list of every wait gives.
// Beyond that the waits move into a log-linear histogram (HDR-style: 2^(bits-1) sub-buckets per power of
// two, relative error below 2^-(bits-1)); a percentile is then its bucket's highest value, capped at the
// exact maximum. The maximum and the count are always exact.
import { WAIT_HISTOGRAM_SUB_BITS, WAIT_SAMPLES_EXACT_MAX } from './constants.ts';

const SUB = 2 ** WAIT_HISTOGRAM_SUB_BITS;
const HALF = SUB / 2;

/** Number of bits of a non-negative integer (0 for 0). */
function bitLength(value: number): number {
  if (value < 4294967296) return 32 - Math.clz32(value);
  return 32 + bitLength(Math.floor(value / 4294967296));
}

/** The histogram bucket of a wait (exact below SUB ns). */
export function waitBucket(valueNs: number): number {
  if (valueNs < SUB) return valueNs;
  const shift = bitLength(valueNs) - WAIT_HISTOGRAM_SUB_BITS;
  return shift * HALF + Math.floor(valueNs / 2 ** shift);
}

/** The highest wait a bucket holds. */
export function waitBucketHighNs(bucket: number): number {
  if (bucket < SUB) return bucket;
  const shift = Math.floor(bucket / HALF) - 1;
  const mantissa = bucket - shift * HALF;
  return (mantissa + 1) * 2 ** shift - 1;
}

export class WaitStats {
  count = 0;
  maxNs = 0;
  /** The waits as recorded, while there are at most WAIT_SAMPLES_EXACT_MAX; null once the histogram took over. */
  exact: number[] | null = [];
  /** Bucket → count, once the waits outgrew the exact list. */
  histogram: Map<number, number> | null = null;

  record(waitNs: number): void {
    this.count++;
    if (waitNs > this.maxNs) this.maxNs = waitNs;
    if (this.exact !== null) {
      if (this.exact.length < WAIT_SAMPLES_EXACT_MAX) { this.exact.push(waitNs); return; }
      this.histogram = new Map();
      for (const w of this.exact) addTo(this.histogram, waitBucket(w), 1);
      this.exact = null;
    }
    addTo(this.histogram as Map<number, number>, waitBucket(waitNs), 1);
  }
}

function addTo(histogram: Map<number, number>, bucket: number, n: number): void {
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + n);
}

/**
 * Nearest-rank percentiles over the waits of several tasks: exact (a sorted copy of every wait) when every
 * task still has its exact list, else from the merged histograms (each the bucket's highest value, capped at
 * the largest maximum). 0 when there is no wait.
 */
export function waitPercentiles(stats: readonly WaitStats[], pcts: readonly number[]): number[] {
  let count = 0;
  let maxNs = 0;
  let allExact = true;
  for (const s of stats) { count += s.count; maxNs = Math.max(maxNs, s.maxNs); allExact &&= s.exact !== null; }
  if (count === 0) return pcts.map(() => 0);
  const rankOf = (pct: number): number => Math.min(count, Math.max(1, Math.ceil((pct / 100) * count)));
  if (allExact) {
    const all: number[] = [];
    for (const s of stats) for (const w of s.exact as number[]) all.push(w);
    all.sort((a, b) => a - b);
    return pcts.map((pct) => all[rankOf(pct) - 1] as number);
  }
  const merged = new Map<number, number>();
  for (const s of stats) {
    if (s.exact !== null) for (const w of s.exact) addTo(merged, waitBucket(w), 1);
    else for (const [bucket, n] of s.histogram as Map<number, number>) addTo(merged, bucket, n);
  }
  const buckets = [...merged.keys()].sort((a, b) => a - b);
  return pcts.map((pct) => {
    const rank = rankOf(pct);
    let seen = 0;
    for (const bucket of buckets) {
      seen += merged.get(bucket) as number;
      if (seen >= rank) return Math.min(maxNs, waitBucketHighNs(bucket));
    }
    return maxNs;
  });
}
