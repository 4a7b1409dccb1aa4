// Tests for the simulator's event queue: events pop in (time, push order), so runs are deterministic.
import { describe, it, expect } from 'vitest';
import { EventQueue } from '../../../model/kernel/eventQueue.ts';
import { Prng } from '../../../model/kernel/prng.ts';
import { ModelAssertionError } from '../../../model/kernel/assert.ts';

function drain<T>(queue: EventQueue<T>): { timeNs: number; payload: T }[] {
  const result: { timeNs: number; payload: T }[] = [];
  for (let event = queue.pop(); event !== undefined; event = queue.pop()) result.push(event);
  return result;
}

describe('EventQueue', () => {
  it('starts empty', () => {
    const queue = new EventQueue<string>();
    expect(queue.size).toBe(0);
    expect(queue.peekTimeNs()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
  });

  it('pops in time order and tracks size and peek', () => {
    const queue = new EventQueue<string>();
    queue.push(30, 'c');
    queue.push(10, 'a');
    queue.push(20, 'b');
    expect(queue.size).toBe(3);
    expect(queue.peekTimeNs()).toBe(10);
    expect(queue.pop()).toEqual({ timeNs: 10, payload: 'a' });
    expect(queue.peekTimeNs()).toBe(20);
    expect(queue.size).toBe(2);
    expect(drain(queue).map((e) => e.payload)).toEqual(['b', 'c']);
    expect(queue.size).toBe(0);
  });

  it('pops equal times in push order, even interleaved with other times', () => {
    const queue = new EventQueue<number>();
    for (let i = 0; i < 50; i++) queue.push(i % 2 === 0 ? 5 : 3, i);
    const events = drain(queue);
    const threes = events.filter((e) => e.timeNs === 3).map((e) => e.payload);
    const fives = events.filter((e) => e.timeNs === 5).map((e) => e.payload);
    expect(events.slice(0, 25).every((e) => e.timeNs === 3)).toBe(true);
    expect(threes).toEqual(Array.from({ length: 25 }, (_, i) => 2 * i + 1));
    expect(fives).toEqual(Array.from({ length: 25 }, (_, i) => 2 * i));
  });

  it('keeps FIFO order for events pushed at the same time after earlier pops', () => {
    const queue = new EventQueue<string>();
    queue.push(7, 'x');
    queue.push(1, 'first');
    expect(queue.pop()?.payload).toBe('first');
    queue.push(7, 'y');
    queue.push(7, 'z');
    expect(drain(queue).map((e) => e.payload)).toEqual(['x', 'y', 'z']);
  });

  it('pops 100k random pushes in (time, push order)', () => {
    const prng = new Prng(99);
    const queue = new EventQueue<number>();
    const pushed: { timeNs: number; payload: number }[] = [];
    for (let i = 0; i < 100_000; i++) {
      const timeNs = prng.rangeInclusive(0, 5_000);
      queue.push(timeNs, i);
      pushed.push({ timeNs, payload: i });
    }
    const expected = [...pushed].sort((a, b) => a.timeNs - b.timeNs || a.payload - b.payload);
    expect(drain(queue)).toEqual(expected);
  });

  it('stays ordered under interleaved pushes and pops', () => {
    const prng = new Prng(5);
    const queue = new EventQueue<number>();
    let now = 0;
    let lastSeq = -1;
    let id = 0;
    for (let step = 0; step < 20_000; step++) {
      if (queue.size === 0 || prng.chance(3, 5)) {
        queue.push(now + prng.rangeInclusive(0, 100), id++);
        continue;
      }
      const event = queue.pop();
      if (event === undefined) throw new Error('queue unexpectedly empty');
      expect(event.timeNs).toBeGreaterThanOrEqual(now);
      if (event.timeNs === now) expect(event.payload).toBeGreaterThan(lastSeq);
      now = event.timeNs;
      lastSeq = event.payload;
    }
  });

  it('accepts large safe times and rejects bad ones', () => {
    const queue = new EventQueue<string>();
    queue.push(Number.MAX_SAFE_INTEGER, 'late');
    queue.push(0, 'early');
    expect(queue.pop()?.payload).toBe('early');
    expect(queue.peekTimeNs()).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => queue.push(-1, 'bad')).toThrow(ModelAssertionError);
    expect(() => queue.push(1.5, 'bad')).toThrow(ModelAssertionError);
    expect(() => queue.push(Number.NaN, 'bad')).toThrow(ModelAssertionError);
    expect(queue.size).toBe(1);
  });
});
