// A dispatch queue (reference §3.1–3.2): a FIFO list, or a PRIQ kept in dsq_vtime order (ties FIFO). A DSQ
// is in one mode at a time while it holds tasks. Tasks point back at their DSQ (p->scx.dsq), so a task is
// in at most one DSQ (reference §1.5).
import { assert } from './assert.ts';
import type { Task } from './task.ts';

export class Dsq {
  readonly id: number;
  /** For local DSQs, the CPU; -1 otherwise. */
  readonly cpu: number;
  readonly tasks: Task[] = [];
  /** 'fifo' or 'priq' while non-empty; the mode of the most recent insert otherwise. */
  mode: 'fifo' | 'priq' = 'fifo';
  /** dsq->seq: bumped on every insertion. */
  seq = 0;
  destroyed = false;

  constructor(id: number, cpu: number) {
    this.id = id;
    this.cpu = cpu;
  }

  get nrQueued(): number {
    return this.tasks.length;
  }

  insertFifo(p: Task, head: boolean): void {
    assert(p.scx.dsq === null, `task ${p.pid} already on a DSQ`);
    if (head) this.tasks.unshift(p);
    else this.tasks.push(p);
    this.mode = 'fifo';
    this.link(p);
  }

  /** Inserts in vtime order; equal vtimes keep insertion order (the kernel's rbtree places equals after). */
  insertVtime(p: Task, vtime: number): void {
    assert(p.scx.dsq === null, `task ${p.pid} already on a DSQ`);
    let index = this.tasks.length;
    while (index > 0 && (this.tasks[index - 1] as Task).scx.dsqVtime > vtime) index--;
    this.tasks.splice(index, 0, p);
    this.mode = 'priq';
    this.link(p);
  }

  remove(p: Task): void {
    assert(p.scx.dsq === this, `task ${p.pid} is not on DSQ ${this.id}`);
    const index = this.tasks.indexOf(p);
    assert(index >= 0, `task ${p.pid} missing from DSQ ${this.id}`);
    this.tasks.splice(index, 1);
    p.scx.dsq = null;
  }

  first(): Task | undefined {
    return this.tasks[0];
  }

  private link(p: Task): void {
    p.scx.dsq = this;
    this.seq++;
  }
}
