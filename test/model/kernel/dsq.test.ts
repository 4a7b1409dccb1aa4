// A dispatch queue (reference §3.2, §1.5): FIFO head/tail insertion, PRIQ in dsq_vtime order with FIFO ties,
// removal, and the invariant that a task is on at most one DSQ (p->scx.dsq is a single pointer).
import { describe, expect, it } from 'vitest';
import { ModelAssertionError } from '../../../model/kernel/assert.ts';
import { Cpumask } from '../../../model/kernel/cpumask.ts';
import { Dsq, setDsqVtime } from '../../../model/kernel/dsq.ts';
import { newFairEntity } from '../../../model/kernel/fairRq.ts';
import { Prng } from '../../../model/kernel/prng.ts';
import { Task } from '../../../model/kernel/task.ts';

function task(pid: number, vtime = 0): Task {
  const p = new Task({
    pid, comm: `t${pid}`, parent: 0, policy: 'NORMAL', nice: 0, rtPriority: 0, weight: 1024, scxWeight: 100,
    cpumask: Cpumask.full(4), kthread: false, migrationDisabled: false, cls: 'ext', cpu: 0, program: [],
    prng: new Prng(pid), fair: newFairEntity(pid, 1024, 0, { noWakeupPreempt: false, idlePolicy: false }),
  });
  p.scx.dsqVtime = vtime;
  return p;
}

const pids = (dsq: Dsq): number[] => dsq.tasks.map((p) => p.pid);

describe('FIFO DSQ (reference §3.2)', () => {
  it('appends at the tail and consumes from the head', () => {
    const dsq = new Dsq(7, -1);
    const [a, b, c] = [task(1), task(2), task(3)];
    dsq.insertFifo(a, false);
    dsq.insertFifo(b, false);
    dsq.insertFifo(c, false);
    expect(pids(dsq)).toEqual([1, 2, 3]);
    expect(dsq.first()).toBe(a);
    expect(dsq.nrQueued).toBe(3);
    expect(dsq.mode).toBe('fifo');
  });

  it('inserts at the head for SCX_ENQ_HEAD', () => {
    const dsq = new Dsq(7, -1);
    dsq.insertFifo(task(1), false);
    dsq.insertFifo(task(2), false);
    const h = task(3);
    dsq.insertFifo(h, true);
    expect(pids(dsq)).toEqual([3, 1, 2]);
    expect(dsq.first()).toBe(h);
  });

  it('bumps dsq->seq on every insertion (reference §3.2)', () => {
    const dsq = new Dsq(7, -1);
    expect(dsq.seq).toBe(0);
    dsq.insertFifo(task(1), false);
    dsq.insertFifo(task(2), true);
    expect(dsq.seq).toBe(2);
  });

  it('links the task to the DSQ (p->scx.dsq)', () => {
    const dsq = new Dsq(7, -1);
    const p = task(1);
    dsq.insertFifo(p, false);
    expect(p.scx.dsq).toBe(dsq);
  });
});

describe('PRIQ DSQ (reference §3.2: list kept in vtime order, smallest first)', () => {
  it('orders by dsq_vtime, smallest first', () => {
    const dsq = new Dsq(7, -1);
    for (const [pid, v] of [[1, 50], [2, 10], [3, 30], [4, 20], [5, 40]] as const) {
      dsq.insertVtime(task(pid, v), v);
    }
    expect(pids(dsq)).toEqual([2, 4, 3, 5, 1]);
    expect(dsq.mode).toBe('priq');
    expect(dsq.first()?.pid).toBe(2);
  });

  it('keeps insertion (FIFO) order among equal vtimes', () => {
    const dsq = new Dsq(7, -1);
    dsq.insertVtime(task(1, 10), 10);
    dsq.insertVtime(task(2, 5), 5);
    dsq.insertVtime(task(3, 10), 10);
    dsq.insertVtime(task(4, 5), 5);
    dsq.insertVtime(task(5, 10), 10);
    expect(pids(dsq)).toEqual([2, 4, 1, 3, 5]);
  });

  it('consuming from the head after removals still yields vtime order', () => {
    const dsq = new Dsq(7, -1);
    const tasks = [task(1, 3), task(2, 1), task(3, 2)];
    for (const p of tasks) dsq.insertVtime(p, p.scx.dsqVtime);
    const order: number[] = [];
    while (dsq.nrQueued > 0) {
      const head = dsq.first() as Task;
      order.push(head.pid);
      dsq.remove(head);
    }
    expect(order).toEqual([2, 3, 1]);
  });
});

describe('a task is on at most one DSQ (reference §1.5)', () => {
  it('refuses a second FIFO insert of the same task into the same DSQ', () => {
    const dsq = new Dsq(7, -1);
    const p = task(1);
    dsq.insertFifo(p, false);
    expect(() => dsq.insertFifo(p, false)).toThrow(ModelAssertionError);
    expect(pids(dsq)).toEqual([1]);
  });

  it('refuses inserting a task that sits on another DSQ (FIFO or PRIQ)', () => {
    const a = new Dsq(7, -1);
    const b = new Dsq(8, -1);
    const p = task(1, 5);
    a.insertFifo(p, false);
    expect(() => b.insertFifo(p, false)).toThrow(ModelAssertionError);
    expect(() => b.insertVtime(p, 5)).toThrow(ModelAssertionError);
    expect(b.nrQueued).toBe(0);
    expect(p.scx.dsq).toBe(a);
  });

  it('allows re-inserting after removal', () => {
    const a = new Dsq(7, -1);
    const b = new Dsq(8, -1);
    const p = task(1);
    a.insertFifo(p, false);
    a.remove(p);
    b.insertFifo(p, false);
    expect(p.scx.dsq).toBe(b);
    expect(a.nrQueued).toBe(0);
  });
});

describe('remove', () => {
  it('removes from the middle, keeps the others in order and unlinks the task', () => {
    const dsq = new Dsq(7, -1);
    const [a, b, c] = [task(1), task(2), task(3)];
    for (const p of [a, b, c]) dsq.insertFifo(p, false);
    dsq.remove(b);
    expect(pids(dsq)).toEqual([1, 3]);
    expect(b.scx.dsq).toBeNull();
    expect(dsq.nrQueued).toBe(2);
  });

  it('refuses to remove a task that is not on this DSQ', () => {
    const a = new Dsq(7, -1);
    const b = new Dsq(8, -1);
    const p = task(1);
    a.insertFifo(p, false);
    expect(() => b.remove(p)).toThrow(ModelAssertionError);
    expect(() => a.remove(task(2))).toThrow(ModelAssertionError);
    expect(pids(a)).toEqual([1]);
  });
});

describe('PRIQ placement cost and a corrupted order (issue 14; kernel/sched/ext.c dispatch_enqueue)', () => {
  /** A task whose dsq_vtime reads are counted. */
  function counted(pid: number, vtime: number, reads: { n: number }): Task {
    const p = task(pid, vtime);
    let value = vtime;
    Object.defineProperty(p.scx, 'dsqVtime', { get: () => { reads.n++; return value; }, set: (v: number) => { value = v; } });
    return p;
  }

  it('places a task among 1024 queued ones by binary search, after every equal key', () => {
    const reads = { n: 0 };
    const dsq = new Dsq(7, -1);
    for (let i = 0; i < 1024; i++) dsq.insertVtime(counted(i + 1, 2 * Math.floor(i / 2), reads), 2 * Math.floor(i / 2));
    reads.n = 0;
    const mid = task(5000, 600);
    dsq.insertVtime(mid, 600);
    expect(reads.n).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1024)) + 2);
    // Keys 600 belong to the tasks inserted 601st and 602nd: the new one goes right after them.
    expect(dsq.tasks.indexOf(mid)).toBe(602);
    expect(dsq.tasks.map((p) => p.scx.dsqVtime)).toEqual([...dsq.tasks.map((p) => p.scx.dsqVtime)].sort((a, b) => a - b));
  });

  it('after a queued task\'s dsq_vtime is rewritten, places from the tail by current values until the DSQ empties', () => {
    const dsq = new Dsq(7, -1);
    const [a, b, c, d] = [task(1, 10), task(2, 20), task(3, 30), task(4, 40)];
    for (const p of [a, b, c, d]) dsq.insertVtime(p, p.scx.dsqVtime);
    setDsqVtime(c, 5); // c stays where it is; the list is no longer in vtime order: 10 20 5 40
    const late = task(9, 15);
    dsq.insertVtime(late, 15); // from the tail: after c (5 <= 15), not after a (a binary search would say)
    expect(pids(dsq)).toEqual([1, 2, 3, 9, 4]);
    for (const p of [a, b, c, d, late]) dsq.remove(p);
    const [e, f, g] = [task(5, 30), task(6, 25), task(7, 25)];
    for (const p of [e, f, g]) dsq.insertVtime(p, p.scx.dsqVtime);
    expect(pids(dsq)).toEqual([6, 7, 5]);
  });
});
