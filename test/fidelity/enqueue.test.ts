// Fidelity: migration-disabled tasks and ops.enqueue (fidelity review rule 2, issue 9 item 6).
// do_enqueue_task (kernel/sched/ext.c) sends every migration-disabled task straight to the local DSQ of
// its CPU, whatever its cpumask, unless the scheduler set SCX_OPS_ENQ_MIGRATION_DISABLED
// (SCX_EV_ENQ_SKIP_MIGRATION_DISABLED).
import { describe, expect, it } from 'vitest';
import { SCX_OPS_ENQ_MIGRATION_DISABLED } from '../../model/kernel/scxFlags.ts';
import { createSimple } from '../../schedulers/simple.ts';
import { MS, ops, pidOf, sched, sim, type MiniScenario } from '../helpers/sim.ts';

const mini: MiniScenario = {
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
  durationNs: 30 * MS, quietNs: 0, attachAtNs: MS,
  tasks: [
    { comm: 'md', cpumask: '1', migrationDisabled: true,
      program: [{ op: 'loop', body: [{ op: 'run', ns: 500_000 }, { op: 'sleep', ns: 2 * MS }] }] },
    { comm: 'md2', migrationDisabled: true,
      program: [{ op: 'loop', body: [{ op: 'run', ns: 500_000 }, { op: 'sleep', ns: 2 * MS }] }] },
  ],
};

describe('migration-disabled tasks skip ops.enqueue (do_enqueue_task)', () => {
  it('a migration-disabled task pinned to one CPU never reaches ops.enqueue; neither does an unpinned one', () => {
    const r = sim(mini, sched('simple', () => createSimple({ fifo: false })));
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    expect(ops(r.events, 'enqueue', pidOf(r.events, 'md'))).toHaveLength(0);
    expect(ops(r.events, 'enqueue', pidOf(r.events, 'md2'))).toHaveLength(0);
    // They still run, from their CPU's local DSQ.
    expect(ops(r.events, 'running', pidOf(r.events, 'md')).length).toBeGreaterThan(5);
  });

  it('with SCX_OPS_ENQ_MIGRATION_DISABLED both go through ops.enqueue', () => {
    const r = sim(mini, sched('simple_md', () => {
      const base = createSimple({ fifo: false });
      return { ...base, flags: (base.flags ?? 0) | SCX_OPS_ENQ_MIGRATION_DISABLED };
    }));
    expect(ops(r.events, 'enqueue', pidOf(r.events, 'md')).length).toBeGreaterThan(5);
    expect(ops(r.events, 'enqueue', pidOf(r.events, 'md2')).length).toBeGreaterThan(5);
  });
});
