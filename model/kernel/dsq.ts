// A dispatch queue (reference §3.1–3.2): a FIFO list, or a PRIQ kept in dsq_vtime order (ties FIFO). A DSQ
// is in one mode at a time while it holds tasks. Tasks point back at their DSQ (p->scx.dsq), so a task is
// in at most one DSQ (reference §1.5).
//
// PRIQ order (kernel/sched/ext.c dispatch_enqueue): rb_add() with scx_dsq_priq_less places a task after
// every task whose dsq_vtime is not greater (equal keys stay FIFO), and the list mirrors the tree. While the
// list is in vtime order the model finds that place by binary search. A scheduler can break the order: it
// rewrites the dsq_vtime of a task already on a PRIQ DSQ (scx_bpf_task_set_dsq_vtime, or an insert_vtime
// that turns out stale; the kernel's header says this corrupts the order), or mixes FIFO and PRIQ inserts
// (a scheduler error). Then, until the DSQ empties, a new task goes after the last task from the tail whose
// current dsq_vtime is not greater, as the model always did. Simplification: the kernel's rb_add descent
// also reads current values but follows the tree's shape, so on such a corrupted DSQ its placement can
// differ (README, Simplifications).
import { assertFailed } from './assert.ts';
import type { Task } from './task.ts';

export class Dsq {
  readonly id: number;
  /** For local DSQs, the CPU; -1 otherwise. */
  readonly cpu: number;
  /** The list, in dispatch order (PRIQ: vtime order). Read-only for callers: use the insert/remove methods. */
  readonly tasks: Task[] = [];
  /**
   * The tasks' current dsq_vtimes are in list order (always true for at most one task). Cleared when a
   * queued task's dsq_vtime is rewritten (setDsqVtime) or a FIFO insert joins a non-empty DSQ.
   */
  private ordered = true;
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
    if (p.scx.dsq !== null) assertFailed(`task ${p.pid} already on a DSQ`);
    if (this.tasks.length > 0) this.ordered = false;
    if (head) this.tasks.unshift(p);
    else this.tasks.push(p);
    this.mode = 'fifo';
    this.link(p);
  }

  /** Inserts in vtime order after every task whose key is not greater (the kernel's rb_add: equals stay FIFO). */
  insertVtime(p: Task, vtime: number): void {
    if (p.scx.dsq !== null) assertFailed(`task ${p.pid} already on a DSQ`);
    const tasks = this.tasks;
    let index = tasks.length;
    if (!this.ordered) {
      while (index > 0 && (tasks[index - 1] as Task).scx.dsqVtime > vtime) index--;
    } else if (index > 0 && (tasks[index - 1] as Task).scx.dsqVtime > vtime) {
      // Upper bound by binary search (a key not below the tail's, the common case, skips it).
      let low = 0;
      let high = index - 1;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((tasks[mid] as Task).scx.dsqVtime <= vtime) low = mid + 1;
        else high = mid;
      }
      index = low;
    }
    if (index === tasks.length) tasks.push(p);
    else tasks.splice(index, 0, p);
    this.mode = 'priq';
    this.link(p);
  }

  /** A queued task's dsq_vtime was rewritten: the list may no longer be in vtime order. */
  vtimeRewritten(): void {
    this.ordered = false;
  }

  remove(p: Task): void {
    if (p.scx.dsq !== this) assertFailed(`task ${p.pid} is not on DSQ ${this.id}`);
    // Most removals take the head (consumption, dispatch from the local DSQ).
    if (this.tasks[0] === p) {
      this.tasks.shift();
    } else {
      const index = this.tasks.indexOf(p);
      if (index < 0) assertFailed(`task ${p.pid} missing from DSQ ${this.id}`);
      this.tasks.splice(index, 1);
    }
    if (this.tasks.length === 0) this.ordered = true;
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

/** Writes p->scx.dsq_vtime; a task on a DSQ tells it its order may be broken. Every writer goes through here. */
export function setDsqVtime(p: Task, vtime: number): void {
  p.scx.dsqVtime = vtime;
  if (p.scx.dsq !== null) p.scx.dsq.vtimeRewritten();
}
