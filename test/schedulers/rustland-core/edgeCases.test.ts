// scx_rustland_core failure and edge cases (reference §5.9), driven through small custom policies built
// with defineUserspaceScheduler: a decision naming a CPU outside the cpumask, a decision for a task that
// has exited, a decision made stale by a dequeue/re-enqueue, the queued ring full, the dispatched ring
// full (BpfScheduler directly), and CPU hotplug with the restart loop. Crash and hang are covered on the
// shipped scenarios in rustland.test.ts / rlfifo.test.ts.
import { SCX_DISABLE_TASK_NS, SCX_DISABLE_WORK_LATENCY_NS } from '../../../model/kernel/constants.ts';
import { describe, expect, it } from 'vitest';
import { Cpumask } from '../../../model/kernel/cpumask.ts';
import type { ScxCtx } from '../../../model/kernel/ops.ts';
import { smpTopology } from '../../../model/kernel/topology.ts';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { ringFull, userschedCrash } from '../../../scenarios/library/usersched.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';
import { BpfScheduler } from '../../../schedulers/rustland-core/bpfScheduler.ts';
import type { CounterName } from '../../../schedulers/rustland-core/counters.ts';
import {
  type DispatchedTask, type QueuedTask, RL_CPU_ANY, SHARED_DSQ, USERSPACE_COSTS_DEFAULT,
} from '../../../schedulers/rustland-core/intf.ts';
import { RustlandShared } from '../../../schedulers/rustland-core/shared.ts';
import rlfifo, { createRlfifo } from '../../../schedulers/rlfifo.ts';
import rustland, { createRustland } from '../../../schedulers/rustland.ts';
import { ofType, pidOf } from '../../helpers/sim.ts';
import {
  actWhen, expectCountersMatchTrace, expectNoTaskMissing, handoffs, holdingScheduler, instrument, MS, runUser,
  SLOW_IDLE_LOOP, userschedPidOf,
} from './helpers.ts';

function mini(name: string, nrCpus: number, durationNs: number, tasks: Scenario['tasks'], extra: Partial<Scenario> = {}): Scenario {
  return { formatVersion: 1, name, description: `test ${name}`, topology: smpTopology(nrCpus), durationNs,
    quietNs: 50 * MS, tasks, ...extra };
}

const sleeper = (comm: string, runNs: number, sleepNs: number, cpumask?: number[]) => ({
  comm, ...(cpumask ? { cpumask } : {}),
  program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: runNs }, { op: 'sleep' as const, ns: sleepNs }] }],
});

/** The last handoff step of `pid` so far. */
const lastStep = (events: readonly TraceEvent[], pid: number): TraceEvent | undefined => {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as TraceEvent;
    if (e.type === 'handoff' && e.pid === pid) return e;
  }
  return undefined;
};

describe('target CPU outside the cpumask (reference §5.9, §5.5 dispatch_task)', () => {
  // The policy sends `pinned` (allowed on CPU 1 only) to CPU 0, every other task to the CPU it came from.
  const wrong = instrument(holdingScheduler('wrongcpu', { holdNs: 0, target: (t) => (t.comm === 'pinned' ? 0 : t.cpu) }));
  const run = runUser({
    scenario: mini('bounce', 2, 150 * MS, [sleeper('pinned', MS, 2 * MS, [1]), sleeper('free', 2 * MS, MS)]),
    scheduler: wrong.def, options: SLOW_IDLE_LOOP,
  });
  const pinned = pidOf(run.events, 'pinned');

  it('is bounced to the task\'s current CPU, never a kernel error', () => {
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    const bounced = handoffs(run.events, 'bounced');
    expect(bounced.length).toBeGreaterThan(5);
    expect(bounced.every((e) => e.pid === pinned && e.cpu === 1)).toBe(true);
    // The bounced record goes on to be inserted into (or cancelled from) CPU 1's DSQ, never CPU 0's.
    for (const b of bounced) {
      const after = handoffs(run.events, undefined, pinned).find((e) => e.t >= b.t && (e.step === 'inserted' || e.step === 'cancelled') && e.enqCnt === b.enqCnt);
      expect(after, `record of enq_cnt ${b.enqCnt}`).toMatchObject({ cpu: 1 });
    }
  });

  it('counts nr_bounce_dispatches (and not nr_user_dispatches) per bounced record', () => {
    const bpf = wrong.probe.bpfs[0] as BpfScheduler;
    expect(bpf.counter('nr_bounce_dispatches')).toBe(handoffs(run.events, 'bounced').length);
    expectCountersMatchTrace(run.events, 2, (n) => bpf.counter(n));
  });

  it('the task runs on allowed CPUs only', () => {
    const cpus = new Set(ofType(run.events, 'switch').filter((e) => e.next === pinned).map((e) => e.cpu));
    expect([...cpus]).toEqual([1]);
    expectNoTaskMissing(run, 100 * MS);
  });
});

describe('task exited before its decision arrives (reference §5.9, §5.5 bpf_task_from_pid)', () => {
  // A task can only exit by running, so its message must go stale first: while user space holds the
  // victim's first message (40 ms), an affinity change re-enqueues it (a second message, released at once);
  // the victim runs on that decision and exits; then the first decision arrives for a pid that is gone.
  const hold = instrument(holdingScheduler('hold', {
    holdNs: 0, target: (t) => t.cpu, holdNsFor: (t) => (t.comm === 'victim' && t.enqCnt === 1 ? 40 * MS : 0),
  }));
  let victimPid = -1;
  let changedAt: () => number = () => -1;
  const victim = { comm: 'victim', program: [{ op: 'sleep' as const, ns: MS }, { op: 'run' as const, ns: MS }, { op: 'exit' as const }] };
  const run = runUser({
    scenario: mini('exited', 2, 150 * MS, [victim, sleeper('other', MS, 3 * MS)]),
    scheduler: hold.def, options: SLOW_IDLE_LOOP,
    setup: (kernel, events) => {
      changedAt = actWhen(kernel, MS, () => {
        const task = kernel.findTask('victim');
        if (!task) return false;
        victimPid = task.pid;
        const last = lastStep(events, task.pid);
        return last?.type === 'handoff' && last.step === 'dequeued';
      }, () => {
        const task = kernel.findTask('victim');
        if (task) kernel.setAffinity(task, Cpumask.of(2, [0]));
      });
    },
  });

  it('the late decision is ignored: no insert, no counter, no error', () => {
    expect(changedAt()).toBeGreaterThan(0);
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    const diedAt = ofType(run.events, 'task_dead').find((e) => e.pid === victimPid)?.t ?? -1;
    expect(diedAt).toBeGreaterThan(changedAt());
    const after = handoffs(run.events, undefined, victimPid).filter((e) => e.t >= diedAt);
    // The decision for the first message is still submitted after the victim died, then ignored by BPF.
    expect(after.map((e) => [e.step, e.enqCnt])).toEqual([['submitted', 1], ['ignored', 1]]);
    const bpf = hold.probe.bpfs[0] as BpfScheduler;
    expectCountersMatchTrace(run.events, 2, (n) => bpf.counter(n));
    expectNoTaskMissing(run, 100 * MS);
    expect(run.document.violations).toEqual([]);
  });
});

describe('task dequeued and re-enqueued while in user space (reference §5.9, §5.5 staleness check)', () => {
  /** Holds tasks 10 ms; when `victim` is held, its affinity changes from 0-1 to 0 (a dequeue/enqueue cycle). */
  function affinityRun(target: (t: QueuedTask) => number) {
    const hold = instrument(holdingScheduler('hold', { holdNs: 10 * MS, target }));
    let changedAt: () => number = () => -1;
    let victimPid = -1;
    let heldEnqCnt = -1;
    const run = runUser({
      scenario: mini('requeue', 2, 150 * MS, [sleeper('victim', MS, 3 * MS), sleeper('other', MS, 3 * MS)]),
      scheduler: hold.def, options: SLOW_IDLE_LOOP,
      setup: (kernel, events) => {
        changedAt = actWhen(kernel, 30 * MS, () => {
          const victim = kernel.findTask('victim');
          const last = victim ? lastStep(events, victim.pid) : undefined;
          return last?.type === 'handoff' && last.step === 'dequeued';
        }, () => {
          const victim = kernel.findTask('victim');
          if (!victim) return;
          victimPid = victim.pid;
          const last = lastStep(events, victimPid);
          if (last?.type === 'handoff') heldEnqCnt = last.enqCnt;
          kernel.setAffinity(victim, Cpumask.of(2, [0]));
        });
      },
    });
    return { run, hold, changedAt: changedAt(), victimPid, heldEnqCnt };
  }

  it('a specific-CPU decision is cancelled (nr_cancel_dispatches) and the newer message has a higher enqCnt', () => {
    const { run, hold, changedAt, victimPid, heldEnqCnt } = affinityRun(() => 0);
    expect(changedAt).toBeGreaterThan(0);
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    const mine = handoffs(run.events, undefined, victimPid).filter((e) => e.t >= changedAt);
    const requeued = mine.find((e) => e.step === 'queued');
    expect(requeued?.t).toBe(changedAt);
    expect(requeued?.enqCnt).toBe(heldEnqCnt + 1);
    const cancelled = mine.find((e) => e.step === 'cancelled');
    expect(cancelled?.enqCnt).toBe(heldEnqCnt);
    // The newer decision is applied.
    expect(mine.some((e) => e.step === 'inserted' && e.enqCnt === heldEnqCnt + 1)).toBe(true);
    expect(mine.some((e) => e.step === 'inserted' && e.enqCnt === heldEnqCnt)).toBe(false);
    const bpf = hold.probe.bpfs[0] as BpfScheduler;
    expect(bpf.counter('nr_cancel_dispatches')).toBeGreaterThanOrEqual(1);
    expectCountersMatchTrace(run.events, 2, (n) => bpf.counter(n));
    expect(ofType(run.events, 'switch').some((e) => e.next === victimPid && e.t > changedAt)).toBe(true);
    expectNoTaskMissing(run, 100 * MS);
  });

  it('an RL_CPU_ANY decision skips the check: never cancelled, kernel qseq protection only', () => {
    const { run, hold, changedAt, victimPid, heldEnqCnt } = affinityRun(() => RL_CPU_ANY);
    expect(changedAt).toBeGreaterThan(0);
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    const mine = handoffs(run.events, undefined, victimPid).filter((e) => e.t >= changedAt);
    expect(mine.find((e) => e.step === 'queued')?.enqCnt).toBe(heldEnqCnt + 1);
    // The stale decision is applied to SHARED_DSQ like any other.
    expect(mine.some((e) => e.step === 'any' && e.enqCnt === heldEnqCnt)).toBe(true);
    expect(handoffs(run.events, 'cancelled')).toEqual([]);
    const bpf = hold.probe.bpfs[0] as BpfScheduler;
    expect(bpf.counter('nr_cancel_dispatches')).toBe(0);
    expectCountersMatchTrace(run.events, 2, (n) => bpf.counter(n));
    expect(ofType(run.events, 'switch').some((e) => e.next === victimPid && e.t > changedAt)).toBe(true);
    expectNoTaskMissing(run, 100 * MS);
  });
});

describe('user-space process crashes while it holds tasks (reference §5.9, §4.4)', () => {
  it('SCX_EXIT_UNREG; the tasks only user space knew about (QUEUED) go back to fair and run; none lost', () => {
    const hold = holdingScheduler('hold', { holdNs: 20 * MS, target: (t) => t.cpu });
    const crashAt = 60 * MS;
    const run = runUser({
      scenario: mini('crash-held', 2, 150 * MS, [sleeper('a', MS, 2 * MS), sleeper('b', MS, 3 * MS),
        sleeper('c', 2 * MS, MS), sleeper('d', MS, MS)], { faults: [{ atNs: crashAt, kind: 'userschedCrash' }] }),
      scheduler: hold, options: SLOW_IDLE_LOOP,
    });
    // The link closes at the crash (bpf_scx_unreg claims the exit); the `exit` event follows when the
    // disable work is done: its start latency plus SCX_DISABLE_TASK_NS for each of the few tasks.
    const exits = ofType(run.events, 'exit');
    expect(exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG']);
    expect((exits[0]?.t ?? 0) - crashAt).toBeGreaterThanOrEqual(SCX_DISABLE_WORK_LATENCY_NS);
    expect((exits[0]?.t ?? 0) - crashAt).toBeLessThanOrEqual(SCX_DISABLE_WORK_LATENCY_NS + 8 * SCX_DISABLE_TASK_NS);
    const usersched = userschedPidOf(run.events);
    const placeAtCrash = new Map<number, string>();
    for (const e of ofType(run.events, 'place')) if (e.t < crashAt) placeAtCrash.set(e.pid, e.place);
    const held = [...placeAtCrash].filter(([pid, place]) => place === 'bpf' && pid !== usersched).map(([pid]) => pid);
    expect(held.length).toBeGreaterThanOrEqual(2);
    for (const pid of held) {
      expect(ofType(run.events, 'switch').some((e) => e.next === pid && e.t >= crashAt && e.cls === 'fair'), `held ${pid}`).toBe(true);
    }
    const notFair = run.kernel.tasks.filter((p) => p.status !== 'dead' && (p.cls !== 'fair' || p.scx.state !== 'NONE'));
    expect(notFair.map((p) => p.comm)).toEqual([]);
    for (const comm of ['a', 'b', 'c', 'd']) expect(run.kernel.findTask(comm)?.status).not.toBe('dead');
    expectNoTaskMissing(run, crashAt);
  });
});

describe('queued ring full (reference §5.9, §5.4 step 5)', () => {
  const check = (run: ReturnType<typeof runUser>, expectedOnline: number, snapshot: (n: CounterName) => number) => {
    const congested = handoffs(run.events, 'congested');
    expect(congested.length).toBeGreaterThan(0);
    // Each congested task goes straight to SHARED_DSQ and runs later.
    for (const c of congested.slice(0, 50)) {
      const place = run.events.slice(run.events.indexOf(c)).find((e) => e.type === 'place' && e.pid === c.pid);
      expect(place, `congested ${c.pid} at ${c.t}`).toMatchObject({ place: 'user', dsq: SHARED_DSQ });
      expect(ofType(run.events, 'switch').some((e) => e.next === c.pid && e.t >= c.t)).toBe(true);
    }
    expect(snapshot('nr_sched_congested')).toBe(congested.length);
    expectCountersMatchTrace(run.events, expectedOnline, snapshot);
  };

  it('ring-full fault: congestion to SHARED_DSQ (nr_sched_congested), no task lost, no exit', () => {
    const { def, probe } = instrument(rustland);
    const run = runUser({ scenario: ringFull, scheduler: def });
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    const congested = handoffs(run.events, 'congested');
    expect(congested.every((e) => e.t >= 100 * MS && e.t < 250 * MS)).toBe(true);
    check(run, 4, (n) => (probe.bpfs[0] as BpfScheduler).counter(n));
    expectNoTaskMissing(run, ringFull.durationNs);
  });

  it('a queued ring of 2 slots (MAX_ENQUEUED_TASKS option) congests without any fault', () => {
    const { def, probe } = instrument(rlfifo);
    const sc: Scenario = { ...userschedCrash, name: 'small-ring', faults: [], expect: { exit: 'none' } };
    const run = runUser({ scenario: sc, scheduler: def, options: { queuedRingSlots: 2 } });
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    // Never more than 2 messages in flight.
    expect(Math.max(...ofType(run.events, 'counter').filter((e) => e.name === 'nr_queued').map((e) => e.value))).toBeLessThanOrEqual(2);
    check(run, 4, (n) => (probe.bpfs[0] as BpfScheduler).counter(n));
    expectNoTaskMissing(run, sc.durationNs);
  });
});

describe('dispatched (user) ring full (reference §5.9, §5.10 dispatch_task)', () => {
  const fakeCtx = { nowNs: () => 0, traceCounter: () => undefined, traceHandoff: () => undefined, taskFromPid: () => null } as unknown as ScxCtx;

  function setup(dispatchedRingSlots: number) {
    const shared = new RustlandShared({ userschedPid: 1, sliceNs: MS, builtinIdle: true, partial: false,
      queuedRingSlots: 16, dispatchedRingSlots });
    shared.ctx = fakeCtx;
    const bpf = new BpfScheduler(shared, () => USERSPACE_COSTS_DEFAULT);
    /** One loop of the policy, with every planned effect landing (as if the process ran it all). */
    const iterate = (schedule: (b: BpfScheduler) => void) => {
      bpf.beginIteration();
      schedule(bpf);
      for (const op of bpf.plan) op.effect?.();
    };
    return { shared, bpf, iterate };
  }

  const msg = (pid: number, stopTs: number): QueuedTask => ({ pid, cpu: 0, nrCpusAllowed: 4, flags: 0, startTs: 0,
    stopTs, execRuntime: stopTs, weight: 100, vtime: 1, enqCnt: 1, comm: `t${pid}` });
  const record = (pid: number): DispatchedTask => ({ pid, cpu: RL_CPU_ANY, flags: 0, sliceNs: 0, vtime: 0, enqCnt: 1 });

  it('dispatchTask returns false once the ring (with this loop\'s planned records) is full', () => {
    const { shared, bpf } = setup(2);
    bpf.beginIteration();
    expect(bpf.dispatchTask(record(10))).toBe(true);
    expect(bpf.dispatchTask(record(11))).toBe(true);
    expect(bpf.dispatchTask(record(12))).toBe(false);
    for (const op of bpf.plan) op.effect?.();
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([10, 11]);
    bpf.beginIteration();
    expect(bpf.dispatchTask(record(12))).toBe(false);
    shared.dispatchedRing.shift();
    expect(bpf.dispatchTask(record(12))).toBe(true);
  });

  it('rustland puts the task back into its tree and dispatches it once the ring drains', () => {
    const { shared, iterate } = setup(1);
    const policy = createRustland({ sliceNs: 20 * MS, sliceNsMin: MS, percpuLocal: false, partial: false });
    shared.queuedRing.push(msg(10, 3 * MS), msg(11, 1 * MS), msg(12, 2 * MS));
    iterate((b) => policy.schedule(b));
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([11]);
    expect(shared.counters.get('nr_scheduled')).toBe(2);
    // Ring full: the popped task (12, next deadline) fails and stays in user space.
    iterate((b) => policy.schedule(b));
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([11]);
    expect(shared.counters.get('nr_scheduled')).toBe(2);
    shared.dispatchedRing.length = 0; // BPF drained it
    iterate((b) => policy.schedule(b));
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([12]);
    shared.dispatchedRing.length = 0;
    iterate((b) => policy.schedule(b));
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([10]);
    expect(shared.counters.get('nr_scheduled')).toBe(0);
  });

  it('rlfifo keeps the undispatched tasks at the head, in order', () => {
    const { shared, iterate } = setup(2);
    const policy = createRlfifo();
    shared.queuedRing.push(msg(10, 0), msg(11, 0), msg(12, 0), msg(13, 0));
    iterate((b) => policy.schedule(b));
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([10, 11]);
    expect(shared.counters.get('nr_scheduled')).toBe(2);
    shared.dispatchedRing.length = 0;
    iterate((b) => policy.schedule(b));
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([12, 13]);
    expect(shared.counters.get('nr_scheduled')).toBe(0);
  });
});

describe('CPU hotplug (reference §5.9, §4.3 SCX_EXIT_UNREG_KERN, §4.9)', () => {
  const scenario = (restartOnExit: boolean): Scenario => ({ ...userschedCrash, name: 'hotplug', restartOnExit,
    faults: [{ atNs: 100 * MS, kind: 'hotplug', cpu: 3, online: false }], expect: { exit: 'SCX_EXIT_UNREG_KERN' } });

  it('exits with SCX_EXIT_UNREG_KERN and the restart code', () => {
    const run = runUser({ scenario: scenario(false), scheduler: rustland });
    expect(run.document.exit.kind).toBe('SCX_EXIT_UNREG_KERN');
    const info = run.kernel.scx.exits[0];
    expect(info?.exitCode.action).toBe(1); // SCX_ECODE_ACT_RESTART
    expect(info?.exitCode.reason).toBe(1); // SCX_ECODE_RSN_HOTPLUG
    expect(run.kernel.scx.exits).toHaveLength(1);
    expect(run.kernel.scx.enableState).toBe('DISABLED');
    // Without the restart loop the process ends.
    const pid = userschedPidOf(run.events);
    expect(run.kernel.byPid.get(pid)?.status).toBe('dead');
  });

  it('with restartOnExit the same process re-initialises the scheduler and user space decides again', () => {
    const { def, probe } = instrument(rustland);
    const run = runUser({ scenario: scenario(true), scheduler: def });
    expect(run.document.exit.kind).toBe('SCX_EXIT_UNREG_KERN');
    const enabled = ofType(run.events, 'scx_state').filter((e) => e.state === 'ENABLED');
    expect(enabled).toHaveLength(2);
    const restartAt = (enabled[1] as { t: number }).t;
    expect(restartAt).toBeGreaterThan(100 * MS);
    expect(run.kernel.scx.enableState).toBe('ENABLED');
    // One process, one pid: it is still alive and runs again under the new instance.
    const usersched = ofType(run.events, 'usersched');
    expect(usersched).toHaveLength(1);
    const pid = userschedPidOf(run.events);
    expect(run.kernel.byPid.get(pid)?.status).not.toBe('dead');
    expect(ofType(run.events, 'switch').some((e) => e.next === pid && e.t >= restartAt && e.cls === 'ext')).toBe(true);
    // A second BpfScheduler instance with the new CPU count, and tasks again handled by user space.
    expect(probe.bpfs).toHaveLength(2);
    expect(probe.bpfs[1]?.nrOnlineCpus).toBe(3);
    const after = run.events.filter((e) => e.t >= restartAt);
    for (const step of ['queued', 'dequeued', 'submitted'] as const) {
      expect(handoffs(after, step).length, step).toBeGreaterThan(10);
    }
    expect(handoffs(after).some((e) => e.step === 'inserted' || e.step === 'any')).toBe(true);
    expectNoTaskMissing(run, run.document.simulatedNs - 100 * MS);
  });
});
