// SCX_KICK_WAIT (issue 9 item 11). K-cur kernel/sched/ext.c: kick_one_cpu records the target's kick_sync when
// it runs an ext task; the kicking CPU reschedules and waits in kick_sync_wait_bal_cb until the target's
// kick_sync has moved (do_pick_task_scx / put_prev_task_scx advance it), advancing its own kick_sync while
// it waits so that wait cycles cannot deadlock ("sched_ext: Fix SCX_KICK_WAIT deadlock by deferring wait to
// balance callback"). The selftest cyclic_kick_wait (tools/testing/selftests/sched_ext) kicks A→B→C→A with
// SCX_KICK_WAIT on every enqueue and passes when the system stays responsive without a scheduler exit.
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import { SCX_KICK_PREEMPT, SCX_KICK_WAIT } from '../../model/kernel/scxFlags.ts';
import { MS, ofType, pidOf, sched, sim } from '../helpers/sim.ts';

const ring = [1, 2, 0];

/** cyclic_kick_wait.bpf.c: enqueue inserts into SCX_DSQ_GLOBAL, then WAIT-kicks the next CPU of the ring. */
const cyclicKickWait = sched('cyclic_kick_wait', () => ({
  timeoutMs: 1000,
  enqueue(ctx, p, enqFlags) {
    ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, enqFlags);
    ctx.kickCpu(ring[ctx.taskCpu(p)] as number, SCX_KICK_WAIT);
  },
}));

const yielders: TaskSpec[] = [0, 1, 2].flatMap((cpu) => [0, 1, 2, 3].map((i) => ({
  comm: `w${cpu}_${i}`, cpumask: String(cpu), program: [{ op: 'loop', body: [{ op: 'run', ns: 50_000 }, { op: 'yield' }] }],
}) as TaskSpec));

describe('SCX_KICK_WAIT (kick_one_cpu, kick_sync_wait_bal_cb)', () => {
  it('cyclic_kick_wait: an A→B→C→A wait cycle makes progress, no scheduler exit', () => {
    const run = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 3, threadsPerCore: 1 },
      durationNs: 15 * MS, quietNs: 0, attachAtNs: 1 * MS, tasks: yielders }, cyclicKickWait);
    expect(run.document.exit.kind).toBe('SCX_EXIT_NONE');
    // The waits were real: recorded on every enqueue of a CPU whose successor runs ext, and some had to wait.
    expect(run.kernel.scx.kickWaitsRecorded).toBeGreaterThan(100);
    // Targets reschedule at the instant of the kick here, so no CPU had to wait: what matters is that
    // nothing deadlocks although every CPU keeps waiting for its successor.
    // Every worker kept running after attach.
    const switches = ofType(run.events, 'switch').filter((e) => e.t > 10 * MS);
    for (const w of yielders) expect(switches.some((e) => e.next === pidOf(run.events, w.comm))).toBe(true);
    // No CPU is left waiting.
    expect(run.kernel.cpus.map((c) => c.kickWaits.size)).toEqual([0, 0, 0]);
  });

  it('the kicking CPU runs what it picked only after the target rescheduled', () => {
    // CPU 1 runs two ext hogs. At 5 ms `u` then `w` (both pinned to the idle CPU 0) are created: u's insert
    // into CPU 0's local DSQ reschedules CPU 0 first; w's ops.enqueue then PREEMPT|WAIT-kicks CPU 1. CPU 0's
    // pending schedule must wait until CPU 1 has gone through its own (kick_sync_wait_bal_cb).
    const waitKick = sched('wait_kick', () => ({
      enqueue(ctx, p, enqFlags) {
        ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, enqFlags);
        if (p.comm === 'w') ctx.kickCpu(1, SCX_KICK_PREEMPT | SCX_KICK_WAIT);
      },
    }));
    const run = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
      durationNs: 6 * MS, quietNs: 0, attachAtNs: 1 * MS, tasks: [
        { comm: 'h1', cpumask: '1', program: [{ op: 'loop', body: [{ op: 'run', ns: 50 * MS }] }] },
        { comm: 'h2', cpumask: '1', program: [{ op: 'loop', body: [{ op: 'run', ns: 50 * MS }] }] },
        { comm: 'u', cpumask: '0', startNs: 5 * MS, program: [{ op: 'run', ns: 1 * MS }] },
        { comm: 'w', cpumask: '0', startNs: 5 * MS, program: [{ op: 'run', ns: 1 * MS }] },
      ] }, waitKick);
    const at5 = ofType(run.events, 'switch').filter((e) => e.t === 5 * MS);
    const target = at5.findIndex((e) => e.cpu === 1);
    const kicker = at5.findIndex((e) => e.cpu === 0 && e.next === pidOf(run.events, 'u'));
    expect(target).toBeGreaterThanOrEqual(0);
    // Old model (WAIT = plain kick): CPU 0 switched to u before CPU 1 switched hogs.
    expect(kicker).toBeGreaterThan(target);
    expect(run.kernel.scx.kickWaitsBlocked).toBe(1);
  });
});
