// The simulator's timer wheel: a binary min-heap of pending events ordered by (timeNs, seq), where seq
// is a counter assigned at push, so events due at the same instant fire in the order they were
// queued — deterministic without relying on heap internals. This is the hot path (millions of
// operations per second), so entries live in three parallel arrays and nothing is allocated per push.

import { assertFailed } from './assert.ts';

export class EventQueue<T> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly payloads: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.times.length;
  }

  /** Queues `payload` to fire at `timeNs` (a non-negative safe integer). */
  push(timeNs: number, payload: T): void {
    if (!(Number.isSafeInteger(timeNs) && timeNs >= 0)) assertFailed(`event queue: bad event time ${timeNs}`);
    const seq = this.nextSeq++;
    this.times.push(timeNs);
    this.seqs.push(seq);
    this.payloads.push(payload);
    this.siftUp(this.times.length - 1, timeNs, seq, payload);
  }

  /** Time of the earliest event, or undefined when empty. */
  peekTimeNs(): number | undefined {
    return this.times.length === 0 ? undefined : this.times[0];
  }

  /** Removes and returns the earliest event (FIFO among equal times), or undefined when empty. */
  pop(): { timeNs: number; payload: T } | undefined {
    const count = this.times.length;
    if (count === 0) return undefined;
    const timeNs = this.times[0] as number;
    const payload = this.payloads[0] as T;
    const lastTime = this.times.pop() as number;
    const lastSeq = this.seqs.pop() as number;
    const lastPayload = this.payloads.pop() as T;
    if (count > 1) this.siftDown(0, lastTime, lastSeq, lastPayload);
    return { timeNs, payload };
  }

  /** Moves the hole at `index` up until (time, seq) fits, then stores the entry there. */
  private siftUp(index: number, time: number, seq: number, payload: T): void {
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    let hole = index;
    while (hole > 0) {
      const parent = (hole - 1) >>> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (seqs[parent] as number) < seq)) break;
      times[hole] = parentTime;
      seqs[hole] = seqs[parent] as number;
      payloads[hole] = payloads[parent] as T;
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    payloads[hole] = payload;
  }

  /** Moves the hole at `index` down past smaller children, then stores the entry there. */
  private siftDown(index: number, time: number, seq: number, payload: T): void {
    const times = this.times;
    const seqs = this.seqs;
    const payloads = this.payloads;
    const count = times.length;
    let hole = index;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= count) break;
      const right = child + 1;
      if (right < count && precedes(times, seqs, right, child)) child = right;
      const childTime = times[child] as number;
      if (time < childTime || (time === childTime && seq < (seqs[child] as number))) break;
      times[hole] = childTime;
      seqs[hole] = seqs[child] as number;
      payloads[hole] = payloads[child] as T;
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    payloads[hole] = payload;
  }
}

/** True when entry `a` fires before entry `b`. */
function precedes(times: readonly number[], seqs: readonly number[], a: number, b: number): boolean {
  const timeA = times[a] as number;
  const timeB = times[b] as number;
  return timeA < timeB || (timeA === timeB && (seqs[a] as number) < (seqs[b] as number));
}
