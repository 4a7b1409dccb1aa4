// The BpfScheduler API (reference §5.10) and the DESIGN rule that an API call's effect lands only after its
// simulated CPU time: the calls queue paid-for steps; a 'dequeued' / 'submitted' handoff comes at least
// the call's cost after the previous step, and a crash while a decision is being paid for means it is
// never submitted.
import { describe, expect, it } from 'vitest';
import type { ScxCtx } from '../../../model/kernel/ops.ts';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { userschedCrash } from '../../../scenarios/library/usersched.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';
import { BpfScheduler } from '../../../schedulers/rustland-core/bpfScheduler.ts';
import {
  type QueuedTask, RL_CPU_ANY, USERSPACE_COSTS_DEFAULT, type UserspaceCosts,
} from '../../../schedulers/rustland-core/intf.ts';
import { RustlandShared } from '../../../schedulers/rustland-core/shared.ts';
import rustland from '../../../schedulers/rustland.ts';
import { cpuTimeAt, handoffs, instrument, MS, runUser, userschedPidOf } from './helpers.ts';

const COSTS: UserspaceCosts = { dequeueNs: 11, emptyNs: 3, dispatchNs: 13, selectCpuNs: 5, notifyNs: 7 };

function unit() {
  const traced: string[] = [];
  const ctx = { nowNs: () => 0, traceCounter: (n: string, v: number) => traced.push(`${n}=${v}`),
    traceHandoff: (step: string, pid: number) => traced.push(`${step}:${pid}`), taskFromPid: () => null } as unknown as ScxCtx;
  const shared = new RustlandShared({ userschedPid: 1, sliceNs: MS, builtinIdle: true, partial: false,
    queuedRingSlots: 16, dispatchedRingSlots: 16 });
  shared.ctx = ctx;
  return { shared, bpf: new BpfScheduler(shared, () => COSTS), traced };
}

const msg = (pid: number): QueuedTask => ({ pid, cpu: 0, nrCpusAllowed: 4, flags: 0, startTs: 0, stopTs: 0,
  execRuntime: 0, weight: 100, vtime: 0, enqCnt: 1, comm: `t${pid}` });

describe('BpfScheduler calls are paid-for steps (reference §5.10, DESIGN: effects land after their CPU time)', () => {
  it('dequeue_task returns the message at once but consumes it only when its step lands', () => {
    const { shared, bpf, traced } = unit();
    shared.queuedRing.push(msg(10), msg(11));
    shared.counters.set(shared.ctx as ScxCtx, 'nr_queued', 2);
    bpf.beginIteration();
    expect(bpf.dequeueTask()?.pid).toBe(10);
    expect(bpf.dequeueTask()?.pid).toBe(11);
    expect(bpf.dequeueTask()).toBeNull();
    expect(bpf.plan.map((op) => op.ns)).toEqual([11, 11, 3]);
    // Nothing has happened yet.
    expect(shared.queuedRing).toHaveLength(2);
    expect(shared.counters.get('nr_queued')).toBe(2);
    (bpf.plan[0]?.effect as () => void)();
    expect(shared.queuedRing.map((t) => t.pid)).toEqual([11]);
    expect(shared.counters.get('nr_queued')).toBe(1);
    expect(traced.slice(-2)).toEqual(['nr_queued=1', 'dequeued:10']);
  });

  it('an empty read sets nr_queued to 0 (reference §5.8), when it lands', () => {
    const { shared, bpf } = unit();
    bpf.beginIteration();
    expect(bpf.dequeueTask()).toBeNull();
    shared.counters.set(shared.ctx as ScxCtx, 'nr_queued', 3); // messages counted meanwhile
    (bpf.plan[0]?.effect as () => void)();
    expect(shared.counters.get('nr_queued')).toBe(0);
  });

  it('dispatch_task submits and notify_complete publishes nr_scheduled only when their steps land; notify ends the loop', () => {
    const { shared, bpf } = unit();
    bpf.beginIteration();
    expect(bpf.dispatchTask({ pid: 10, cpu: RL_CPU_ANY, flags: 0, sliceNs: 0, vtime: 0, enqCnt: 1 })).toBe(true);
    bpf.notifyComplete(4);
    expect(bpf.plan.map((op) => [op.ns, op.yieldAfter === true])).toEqual([[13, false], [7, true]]);
    expect(shared.dispatchedRing).toHaveLength(0);
    expect(shared.counters.get('nr_scheduled')).toBe(0);
    for (const op of bpf.plan) op.effect?.();
    expect(shared.dispatchedRing.map((r) => r.pid)).toEqual([10]);
    expect(shared.counters.get('nr_scheduled')).toBe(4);
  });

  it('select_cpu costs a step and answers -EINVAL for a task that does not exist', () => {
    const { bpf } = unit();
    bpf.beginIteration();
    expect(bpf.selectCpu(999, 0, 0)).toBe(-22);
    expect(bpf.plan.map((op) => op.ns)).toEqual([5]);
  });
});

const plain: Scenario = { ...userschedCrash, name: 'plain', faults: [], expect: { exit: 'none' },
  durationNs: 200 * MS, quietNs: 50 * MS };

/** Index-based: the handoff events that user-space steps produce, in order. */
const userSteps = (events: readonly TraceEvent[]) =>
  handoffs(events).filter((e) => e.step === 'dequeued' || e.step === 'submitted');

describe('large API costs delay every effect (DESIGN rule, reference §5.10)', () => {
  it('each dequeued / submitted comes at least its call\'s cost of scheduler CPU time after the previous step', () => {
    const dequeueNs = 3 * MS;
    const dispatchNs = 5 * MS;
    const run = runUser({ scenario: plain, scheduler: rustland,
      options: { costDequeueNs: dequeueNs, costDispatchNs: dispatchNs } });
    const pid = userschedPidOf(run.events);
    const cpu = cpuTimeAt(run.events, pid);
    const steps = userSteps(run.events);
    expect(steps.filter((e) => e.step === 'submitted').length).toBeGreaterThan(5);
    let prevT = 0;
    for (const e of steps) {
      const cost = e.step === 'submitted' ? dispatchNs : dequeueNs;
      expect(e.t - prevT, `${e.step} of ${e.pid} at ${e.t}`).toBeGreaterThanOrEqual(cost);
      expect(cpu(e.t) - cpu(prevT), `${e.step} of ${e.pid} at ${e.t}: scheduler CPU time`).toBeGreaterThanOrEqual(cost);
      prevT = e.t;
    }
    // The default costs are µs: the same workload gets decisions through far more often.
    const fast = runUser({ scenario: plain, scheduler: rustland });
    expect(handoffs(fast.events, 'submitted').length).toBeGreaterThan(10 * handoffs(run.events, 'submitted').length);
  });

  it('a crash between a planned dispatch and its completion: the decision is never submitted', () => {
    // A dispatch_task() of 600 µs fits in the scheduler's 1 ms slice, so it usually completes in one go.
    const costNs = 600_000;
    const options = { costDispatchNs: costNs };
    // Dry run: find a decision whose dispatch_task() step ran uninterrupted; crash in its middle.
    const dry = instrument(rustland);
    const pre = runUser({ scenario: plain, scheduler: dry.def, options });
    const pid = userschedPidOf(pre.events);
    const cpu = cpuTimeAt(pre.events, pid);
    let crashAt = -1;
    let planned: (typeof dry.probe.planned)[number] | undefined;
    for (const p of dry.probe.planned) {
      if (!p.accepted || p.t < 50 * MS) continue;
      const submitted = handoffs(pre.events, 'submitted', p.record.pid).find((e) => e.t > p.t && e.enqCnt === p.record.enqCnt);
      if (!submitted) continue;
      if (submitted.t - costNs >= p.t && cpu(submitted.t) - cpu(submitted.t - costNs) === costNs) {
        crashAt = submitted.t - costNs / 2;
        planned = p;
        break;
      }
    }
    expect(planned, 'no decision in flight found in the dry run').toBeDefined();
    const rec = (planned as NonNullable<typeof planned>).record;

    const wet = instrument(rustland);
    const run = runUser({ scenario: { ...plain, faults: [{ atNs: crashAt, kind: 'userschedCrash' }] },
      scheduler: wet.def, options });
    expect(run.document.exit.kind).toBe('SCX_EXIT_UNREG');
    // Same run up to the crash: the same decision was planned at the same time…
    expect(wet.probe.planned.some((p) => p.t === planned?.t && p.record.pid === rec.pid && p.record.enqCnt === rec.enqCnt)).toBe(true);
    // …but never submitted, nor was anything after the crash.
    expect(handoffs(run.events, 'submitted', rec.pid).filter((e) => e.enqCnt === rec.enqCnt)).toEqual([]);
    expect(handoffs(run.events).filter((e) => e.t >= crashAt && e.step === 'submitted')).toEqual([]);
    expect(run.kernel.byPid.get(pid)?.status).toBe('dead');
  });
});

describe('default costs (reference §5.10)', () => {
  it('are small, positive integers', () => {
    for (const v of Object.values(USERSPACE_COSTS_DEFAULT)) {
      expect(Number.isSafeInteger(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
    }
  });
});
