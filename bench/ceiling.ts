// The JavaScript ceiling of this design (issue 14, performance review §7): a discrete-event loop over a
// binary min-heap keyed by (time, sequence), as the kernel model's event queue, that emits fixed-shape trace
// records to one sink — the simulator's skeleton with no scheduling logic. Run in the same process as the
// simulator benchmarks, it gives each figure as a fraction of what JavaScript does on that machine.

/** Trace records per popped event in the reference workload (review §7: 4.62). */
export const RECORDS_PER_POP = 4.62;
/** Pending events in the queue (the reference workload's mean queue size, review §7). */
const QUEUE_EVENTS = 49;

/** One trace record, always the same shape (so the sink's reads stay monomorphic). */
class TraceRecord {
  constructor(readonly t: number, readonly type: number, readonly pid: number, readonly cpu: number, readonly arg: number) {}
}

/** The one sink: folds every record into a checksum (so nothing is optimised away). */
class ChecksumSink {
  sum = 0;
  count = 0;
  event(r: TraceRecord): void {
    this.sum = (this.sum * 31 + r.t + r.type + r.pid + r.cpu + r.arg) | 0;
    this.count++;
  }
}

/** A binary min-heap of (timeNs, seq) in typed arrays, holes sifted like the kernel model's EventQueue. */
class Heap {
  private readonly time: Float64Array;
  private readonly seq: Float64Array;
  private readonly payload: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.payload = new Int32Array(capacity);
  }

  private less(i: number, tNs: number, s: number): boolean {
    const ti = this.time[i] as number;
    return ti < tNs || (ti === tNs && (this.seq[i] as number) < s);
  }

  push(tNs: number, s: number, payload: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(parent, tNs, s)) break;
      this.time[i] = this.time[parent] as number;
      this.seq[i] = this.seq[parent] as number;
      this.payload[i] = this.payload[parent] as number;
      i = parent;
    }
    this.time[i] = tNs;
    this.seq[i] = s;
    this.payload[i] = payload;
  }

  /** Removes the minimum; its fields are left in topTime/topPayload. */
  topTime = 0;
  topPayload = 0;
  pop(): void {
    this.topTime = this.time[0] as number;
    this.topPayload = this.payload[0] as number;
    const last = --this.size;
    const tNs = this.time[last] as number;
    const s = this.seq[last] as number;
    const p = this.payload[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.less(child + 1, this.time[child] as number, this.seq[child] as number)) child++;
      if (!this.less(child, tNs, s)) break;
      this.time[i] = this.time[child] as number;
      this.seq[i] = this.seq[child] as number;
      this.payload[i] = this.payload[child] as number;
      i = child;
    }
    this.time[i] = tNs;
    this.seq[i] = s;
    this.payload[i] = p;
  }
}

/** Delays like the workload's (ticks, bursts, sleeps, zero-delay reschedules), from a xorshift stream. */
function nextDelayNs(state: Uint32Array): number {
  let x = state[0] as number;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  state[0] = x >>> 0;
  const r = (x >>> 0) % 100;
  if (r < 20) return 0;
  if (r < 60) return 1_000_000;
  return 50_000 + ((x >>> 8) % 20_000_000);
}

export interface CeilingResult {
  readonly records: number;
  readonly wallS: number;
  readonly eventsPerS: number;
  /** The sink's checksum (proves the work was done). */
  readonly checksum: number;
}

/** Runs the loop until `records` trace records were emitted to the sink. */
export function runCeiling(records: number): CeilingResult {
  const heap = new Heap(QUEUE_EVENTS + 1);
  const sink = new ChecksumSink();
  const state = new Uint32Array([0x9e3779b9]);
  let seq = 0;
  for (let i = 0; i < QUEUE_EVENTS; i++) heap.push(nextDelayNs(state), seq++, i);
  const start = process.hrtime.bigint();
  let pops = 0;
  while (sink.count < records) {
    heap.pop();
    const nowNs = heap.topTime;
    const cpu = heap.topPayload;
    // Spread the records so that, over the run, RECORDS_PER_POP are emitted per popped event.
    const emit = Math.floor((pops + 1) * RECORDS_PER_POP) - Math.floor(pops * RECORDS_PER_POP);
    for (let k = 0; k < emit && sink.count < records; k++) sink.event(new TraceRecord(nowNs, k, cpu + 1, cpu & 7, pops));
    pops++;
    heap.push(nowNs + nextDelayNs(state), seq++, cpu);
  }
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  return { records, wallS, eventsPerS: Math.round(records / Math.max(wallS, 1e-9)), checksum: sink.sum };
}
