// Goal: the hot ops callbacks, now called without a closure per call (Scx.callOp, issue 14), still get
// exactly the kernel's arguments (ctx first, `this` the ops table) and a callback returning nothing still
// means its fallback (select_cpu: prev_cpu). Method: a FIFO scheduler recording each callback's arguments.
import { describe, expect, it } from 'vitest';
import { SCX_DSQ_GLOBAL } from '../../../model/kernel/dsqId.ts';
import { hog, MS, sched, sim } from '../../helpers/sim.ts';

describe('Scx.callOp', () => {
  it('should pass each hot callback its own arguments and fall back to prev_cpu when select_cpu returns nothing', () => {
    const arities = new Map<string, Set<number>>();
    const selfs = new Set<unknown>();
    const note = (name: string, self: unknown, args: IArguments): void => {
      selfs.add(self);
      (arities.get(name) ?? arities.set(name, new Set()).get(name))?.add(args.length);
    };
    const recorder = sched('callop_recorder', () => ({
      selectCpu(...args: unknown[]) { note('selectCpu', this, arguments); return undefined as unknown as number; },
      enqueue(ctx, p, enqFlags) { note('enqueue', this, arguments); ctx.dsqInsert(p, SCX_DSQ_GLOBAL, 5 * MS, enqFlags); },
      dispatch() { note('dispatch', this, arguments); },
      runnable() { note('runnable', this, arguments); },
      running() { note('running', this, arguments); },
      stopping() { note('stopping', this, arguments); },
      quiescent() { note('quiescent', this, arguments); },
      tick() { note('tick', this, arguments); },
    }));
    const r = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, durationNs: 20 * MS,
      tasks: [hog('a', {}, 3 * MS), { comm: 'b', program: [{ op: 'loop', body: [{ op: 'run', ns: MS }, { op: 'sleep', ns: MS }] }] }] }, recorder);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    expect(Object.fromEntries([...arities].map(([k, v]) => [k, [...v]]))).toEqual({
      selectCpu: [4], enqueue: [3], dispatch: [3], runnable: [3], running: [2], stopping: [3], quiescent: [3], tick: [2],
    });
    expect(selfs.size).toBe(1);
    // select_cpu returned nothing: once the scheduler is on, no wake-up moved its task before ops.enqueue.
    const moved: number[] = [];
    const waking = new Set<number>();
    let wakes = 0;
    let enabled = false;
    for (const e of r.events) {
      if (e.type === 'scx_state') enabled = e.state === 'ENABLED';
      if (e.type === 'wake' && enabled) { waking.add(e.pid); wakes++; }
      if (e.type === 'migrate' && waking.has(e.pid)) moved.push(e.pid);
      if (e.type === 'op' && e.op === 'enqueue') waking.delete(e.pid);
    }
    expect(wakes).toBeGreaterThan(3);
    expect(moved).toEqual([]);
  });
});
