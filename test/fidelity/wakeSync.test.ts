// SCX_WAKE_SYNC (issue 9 item 7). try_to_wake_up's WF_SYNC reaches sched_ext as SCX_WAKE_SYNC
// (select_task_rq_scx passes wake_flags to ops.select_cpu and to scx_select_cpu_dfl). K-idle
// scx_select_cpu_dfl: with SCX_WAKE_SYNC, prev_cpu if it shares the waker's LLC and is idle; otherwise the
// waker's CPU (smp_processor_id()) when the waker is not exiting, its local DSQ is empty, some CPU is idle
// and the wakee may run there — returned as an idle pick, so the wakee is direct-dispatched behind the
// still-running waker while another CPU idles.
import { describe, expect, it } from 'vitest';
import type { Step } from '../../model/kernel/behaviour.ts';
import { SCX_SLICE_DFL, TASK_EXIT_WORK_NS } from '../../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../../model/kernel/dsqId.ts';
import { SCX_WAKE_SYNC } from '../../model/kernel/scxFlags.ts';
import { MS, ofType, ops, pidOf, sched, sim } from '../helpers/sim.ts';

/** wakee's prev CPU is 0 (busy with a pinned hog), the waker runs on CPU 1, CPU 2 is idle. */
function scenario(sync: boolean | undefined) {
  const wake: Step = sync === undefined ? { op: 'wake', target: 'wakee' } : { op: 'wake', target: 'wakee', sync };
  return {
    topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 3, threadsPerCore: 1 },
    durationNs: 20 * MS, quietNs: 0, attachAtNs: 1 * MS,
    tasks: [
      { comm: 'wakee', cpumask: '0', startNs: 2 * MS, program: [{ op: 'run', ns: 1 * MS },
        { op: 'setAffinity', cpus: '0-2' }, { op: 'wait' }, { op: 'run', ns: 1 * MS }] },
      { comm: 'hog', cpumask: '0', startNs: 4 * MS, program: [{ op: 'run', ns: 30 * MS }] },
      { comm: 'waker', cpumask: '1', startNs: 5 * MS, program: [{ op: 'run', ns: 1 * MS }, wake,
        { op: 'run', ns: 5 * MS }] },
    ],
  } as const;
}

/** No ops.select_cpu: the kernel's default selection (select_task_rq_scx → scx_select_cpu_dfl). */
const dfl = sched('dfl', () => ({}));

function wakeeMigrations(sync: boolean | undefined, scheduler = dfl) {
  const run = sim(scenario(sync), scheduler);
  const wakee = pidOf(run.events, 'wakee');
  return { run, wakee, to: ofType(run.events, 'migrate').filter((e) => e.pid === wakee).map((e) => e.to) };
}

describe('SCX_WAKE_SYNC and the waker-CPU branch of scx_select_cpu_dfl', () => {
  it('a sync wake-up places the wakee on the busy waker CPU (local DSQ empty, CPU 2 idle)', () => {
    const { run, wakee, to } = wakeeMigrations(true);
    expect(to).toEqual([1]);
    const select = ops(run.events, 'select_cpu', wakee);
    expect(select.length).toBe(0); // no ops.select_cpu: the default selection ran
    const place = ofType(run.events, 'place').find((e) => e.pid === wakee && e.place === 'local' && e.t >= 6 * MS);
    expect(place?.cpu).toBe(1);
    // The wakee runs on CPU 1 only after the waker's 5 ms run; CPU 2 stays idle meanwhile.
    const first = ofType(run.events, 'switch').find((e) => e.next === wakee && e.t > 6 * MS);
    expect(first?.cpu).toBe(1);
    expect(first?.t).toBe(11 * MS + TASK_EXIT_WORK_NS); // after the waker's run and its exit work
  });

  it('a plain wake-up (no WF_SYNC) takes the idle CPU 2', () => {
    expect(wakeeMigrations(undefined).to).toEqual([2]);
    expect(wakeeMigrations(false).to).toEqual([2]);
  });

  it('ops.select_cpu receives SCX_WAKE_SYNC and scx_bpf_select_cpu_dfl sees the waker', () => {
    const seen: { flags: number; cpu: number; isIdle: boolean }[] = [];
    const recorder = sched('sync_rec', () => ({
      selectCpu(ctx, p, prevCpu, wakeFlags) {
        const pick = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
        if (p.comm === 'wakee') seen.push({ flags: wakeFlags, cpu: pick.cpu, isIdle: pick.isIdle });
        return pick.cpu;
      },
    }));
    wakeeMigrations(true, recorder);
    const sync = seen.filter((s) => (s.flags & SCX_WAKE_SYNC) !== 0);
    expect(sync).toEqual([{ flags: sync[0]?.flags, cpu: 1, isIdle: true }]);
  });

  it('the waker CPU is not used when its local DSQ is not empty', () => {
    // A second task queued on CPU 1's local DSQ behind the waker (ops.enqueue inserts into SCX_DSQ_LOCAL):
    // the branch falls through to idle CPU 2.
    const local = sched('local', () => ({
      enqueue(ctx, p, enqFlags) { ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, enqFlags); },
    }));
    const base = scenario(true);
    const run = sim({ ...base, tasks: [...base.tasks,
      { comm: 'queued', cpumask: '1', startNs: 5 * MS + 500_000, program: [{ op: 'run', ns: 1 * MS }] }] }, local);
    const wakee = pidOf(run.events, 'wakee');
    expect(ofType(run.events, 'migrate').filter((e) => e.pid === wakee).map((e) => e.to)).toEqual([2]);
  });
});
