// Per-node global DSQs (issue 9 item 8; fidelity review appendix demo G). K-cur keeps one global DSQ per
// NUMA node: find_global_dsq() inserts into the node of task_cpu(p), consume_global_dsq() reads only the
// consuming CPU's node (kernel/sched/ext.c). A node-1 CPU therefore never takes a task queued on node 0.
import { describe, expect, it } from 'vitest';
import { SCX_DSQ_GLOBAL } from '../../model/kernel/dsqId.ts';
import { MS, ofType, pidOf, sched, sim } from '../helpers/sim.ts';

/** Demo G's `global_only`: no ops.enqueue (kernel inserts into SCX_DSQ_GLOBAL), select_cpu returns prev. */
const globalOnly = sched('global_only', () => ({ selectCpu: (_ctx, _p, prevCpu) => prevCpu }));

const numa = {
  topology: { nodes: 2, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
  durationNs: 60 * MS, quietNs: 0, attachAtNs: 1 * MS,
  tasks: [
    { comm: 'hog0', cpumask: '0', program: [{ op: 'run', ns: 2 * MS }, { op: 'setAffinity', cpus: '0-1' },
      { op: 'loop', body: [{ op: 'run', ns: 10 * MS }] }] },
    { comm: 'hog1', cpumask: '0', program: [{ op: 'run', ns: 2 * MS }, { op: 'setAffinity', cpus: '0-1' },
      { op: 'loop', body: [{ op: 'run', ns: 10 * MS }] }] },
    { comm: 'tick1', cpumask: '1', program: [{ op: 'loop', body: [{ op: 'run', ns: 1 * MS }, { op: 'sleep', ns: 20 * MS }] }] },
  ],
} as const;

describe('per-node global DSQs (find_global_dsq / consume_global_dsq)', () => {
  it('a node-1 CPU does not consume a task queued in node 0\'s global DSQ (demo G)', () => {
    const run = sim(numa, globalOnly);
    const hogs = [pidOf(run.events, 'hog0'), pidOf(run.events, 'hog1')];
    const globalPlaces = ofType(run.events, 'place').filter((e) => hogs.includes(e.pid) && e.place === 'global');
    expect(globalPlaces.length).toBeGreaterThan(0);
    // The DSQ id stays the one the kernel exposes.
    expect(globalPlaces.every((e) => e.dsq === SCX_DSQ_GLOBAL)).toBe(true);
    // Old model: `migrate pid=hog0 from=0 to=1` at 22 ms (CPU 1 took it from the single global DSQ).
    const moved = ofType(run.events, 'migrate').filter((e) => hogs.includes(e.pid) && e.to === 1);
    expect(moved).toEqual([]);
    expect(run.document.exit.kind).toBe('SCX_EXIT_NONE');
  });

  it('a task whose CPU is on node 1 is consumed there', () => {
    const run = sim({ ...numa, tasks: [
      { comm: 'a', cpumask: '1', program: [{ op: 'run', ns: 2 * MS }, { op: 'setAffinity', cpus: '0-1' },
        { op: 'loop', body: [{ op: 'run', ns: 10 * MS }] }] },
      { comm: 'b', cpumask: '1', program: [{ op: 'run', ns: 2 * MS }, { op: 'setAffinity', cpus: '0-1' },
        { op: 'loop', body: [{ op: 'run', ns: 10 * MS }] }] },
    ] }, globalOnly);
    const pids = [pidOf(run.events, 'a'), pidOf(run.events, 'b')];
    const runs = ofType(run.events, 'switch').filter((e) => pids.includes(e.next));
    expect(runs.length).toBeGreaterThan(2);
    expect(runs.every((e) => e.cpu === 1)).toBe(true);
  });
});
