// A task's waits for a CPU, as the run summary needs them (scenarios/metrics.ts: p50, p99, max), in memory
// that does not grow with simulated time. The first WAIT_VALUES_EXACT_MAX waits are kept in a list (the
// cheapest record, for the short runs campaigns make); after that, waits are counted per distinct value (they repeat a lot: ticks,
// slices and fixed run lengths quantise them) while a task has at most WAIT_VALUES_EXACT_MAX distinct ones,
// so such tasks report exactly what a sorted list of every wait gives (the shipped scenarios all do).
// Beyond that the task's waits move into a log-linear histogram (HDR-style: 2^(bits-1) sub-buckets per power of
// two, relative error below 2^-(bits-1)); a percentile is then its bucket's highest value, capped at the
// exact maximum. The maximum and the count are always exact.
import { WAIT_HISTOGRAM_SUB_BITS, WAIT_VALUES_EXACT_MAX } from './constants.ts';

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
  /** The waits as recorded, while there are at most WAIT_VALUES_EXACT_MAX of them; null after. */
  samples: number[] | null = [];
  /** Wait → how many times, while at most WAIT_VALUES_EXACT_MAX distinct waits; null once the histogram took over. */
  exact: Map<number, number> | null = null;
  /** Bucket → count, once the distinct waits outgrew the exact map. */
  histogram: Map<number, number> | null = null;

  record(waitNs: number): void {
    this.count++;
    if (waitNs > this.maxNs) this.maxNs = waitNs;
    const samples = this.samples;
    if (samples !== null) {
      if (samples.length < WAIT_VALUES_EXACT_MAX) { samples.push(waitNs); return; }
      const counted = new Map<number, number>();
      for (const w of samples) addTo(counted, w, 1);
      this.exact = counted;
      this.samples = null;
    }
    const exact = this.exact;
    if (exact !== null) {
      const n = exact.get(waitNs);
      if (n !== undefined) { exact.set(waitNs, n + 1); return; }
      if (exact.size < WAIT_VALUES_EXACT_MAX) { exact.set(waitNs, 1); return; }
      const histogram = new Map<number, number>();
      for (const [w, times] of exact) addTo(histogram, waitBucket(w), times);
      this.histogram = histogram;
      this.exact = null;
    }
    addTo(this.histogram as Map<number, number>, waitBucket(waitNs), 1);
  }
}

function addTo(histogram: Map<number, number>, bucket: number, n: number): void {
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + n);
}

/**
 * Nearest-rank percentiles over the waits of several tasks: exact (as a sorted list of every wait) when every
 * task still has its exact map, else from the merged histograms (each the bucket's highest value, capped at
 * the largest maximum). 0 when there is no wait.
 */
export function waitPercentiles(stats: readonly WaitStats[], pcts: readonly number[]): number[] {
  let count = 0;
  let maxNs = 0;
  let allExact = true;
  let allSamples = true;
  for (const s of stats) {
    count += s.count;
    maxNs = Math.max(maxNs, s.maxNs);
    allSamples &&= s.samples !== null;
    allExact &&= s.samples !== null || s.exact !== null;
  }
  if (count === 0) return pcts.map(() => 0);
  const rankOf = (pct: number): number => Math.min(count, Math.max(1, Math.ceil((pct / 100) * count)));
  if (allSamples) {
    const all: number[] = [];
    for (const s of stats) for (const w of s.samples as number[]) all.push(w);
    all.sort((a, b) => a - b);
    return pcts.map((pct) => all[rankOf(pct) - 1] as number);
  }
  // One task: its own map, without a copy.
  const only = stats.length === 1 && (stats[0] as WaitStats).samples === null ? stats[0] as WaitStats : null;
  const merged = only !== null ? (only.exact ?? only.histogram as Map<number, number>) : new Map<number, number>();
  if (only === null) for (const s of stats) {
    if (s.samples !== null) for (const w of s.samples) addTo(merged, allExact ? w : waitBucket(w), 1);
    else if (s.exact !== null) for (const [w, n] of s.exact) addTo(merged, allExact ? w : waitBucket(w), n);
    else for (const [bucket, n] of s.histogram as Map<number, number>) addTo(merged, bucket, n);
  }
  const keys = [...merged.keys()].sort((a, b) => a - b);
  return pcts.map((pct) => {
    const rank = rankOf(pct);
    let seen = 0;
    for (const key of keys) {
      seen += merged.get(key) as number;
      if (seen >= rank) return allExact ? key : Math.min(maxNs, waitBucketHighNs(key));
    }
    return maxNs;
  });
}
