// The counters of scx_rustland_core (reference §5.8): each one checked against the `handoff` events of the
// trace, replayed event by event where the reference says how it moves, and read back through the
// BpfScheduler (the Rust `*_mut()` accessors) to equal the last traced value.
import { beforeAll, describe, expect, it } from 'vitest';
import { Cpumask } from '../../../model/kernel/cpumask.ts';
import { smpTopology } from '../../../model/kernel/topology.ts';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { ringFull, userschedCrash } from '../../../scenarios/library/usersched.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';
import type { BpfScheduler } from '../../../schedulers/rustland-core/bpfScheduler.ts';
import { COUNTER_NAMES } from '../../../schedulers/rustland-core/counters.ts';
import rustland from '../../../schedulers/rustland.ts';
import { ofType, pidOf } from '../../helpers/sim.ts';
import {
  actWhen, expectCountersMatchTrace, handoffs, holdingScheduler, instrument, lastCounterValues, MS, type Probe,
  runUser, SLOW_IDLE_LOOP, type UserRun, userschedPidOf,
} from './helpers.ts';

/** The usersched workload with no fault, plus a per-CPU kthread (reference §5.4 step 2). */
const plain: Scenario = {
  ...userschedCrash, name: 'plain', faults: [], expect: { exit: 'none' },
  tasks: [...userschedCrash.tasks, { comm: 'kworker/1', kthread: true, cpumask: [1],
    program: [{ op: 'loop', body: [{ op: 'run', ns: 100_000 }, { op: 'sleep', ns: 7 * MS }] }] }],
};

/** Is `pid` on some CPU right after event `index`? (replay of `switch` events). */
function onCpuAt(events: readonly TraceEvent[], pid: number): (index: number) => boolean {
  const curr = new Map<number, number>();
  const states: boolean[] = [];
  for (const e of events) {
    if (e.type === 'switch') curr.set(e.cpu, e.next);
    states.push([...curr.values()].includes(pid));
  }
  return (index) => states[index] === true;
}

let base: UserRun;
let baseProbe: Probe;
let full: UserRun;
let fullProbe: Probe;

beforeAll(() => {
  const a = instrument(rustland);
  base = runUser({ scenario: plain, scheduler: a.def });
  baseProbe = a.probe;
  const b = instrument(rustland);
  full = runUser({ scenario: ringFull, scheduler: b.def });
  fullProbe = b.probe;
});

const bpfOf = (probe: Probe) => probe.bpfs[0] as BpfScheduler;

describe('counters agree with the trace and with user space (reference §5.8)', () => {
  it('every counter, on a plain run and on a congested one', () => {
    expect(base.document.exit.kind).toBe('SCX_EXIT_NONE');
    expect(full.document.exit.kind).toBe('SCX_EXIT_NONE');
    expectCountersMatchTrace(base.events, 4, (n) => bpfOf(baseProbe).counter(n));
    expectCountersMatchTrace(full.events, 4, (n) => bpfOf(fullProbe).counter(n));
  });

  it('the read accessors are the shared counters (nr_queued, nr_scheduled, nr_running, nr_online_cpus)', () => {
    const bpf = bpfOf(baseProbe);
    const last = lastCounterValues(base.events);
    expect(bpf.nrQueued).toBe(last.nr_queued);
    expect(bpf.nrScheduled).toBe(last.nr_scheduled);
    expect(bpf.nrRunning).toBe(last.nr_running);
    expect(bpf.nrOnlineCpus).toBe(4);
    for (const name of COUNTER_NAMES) expect(bpf.counter(name), name).toBe(last[name]);
  });
});

describe('each counter (reference §5.8)', () => {
  it('nr_queued: +1 per queued message, −1 per consumed one, 0 on an empty read — user-space changes only while the scheduler runs', () => {
    const usersched = userschedPidOf(base.events);
    const onCpu = onCpuAt(base.events, usersched);
    let prev = 0;
    let incs = 0;
    let decs = 0;
    base.events.forEach((e, i) => {
      if (e.type !== 'counter' || e.name !== 'nr_queued') return;
      const next = base.events[i + 1];
      if (e.value === prev + 1) {
        incs++;
        expect(next).toMatchObject({ type: 'handoff', step: 'queued' });
      } else {
        // dequeue_task() effects land while the scheduler process is on a CPU.
        expect(onCpu(i), `nr_queued ${prev} → ${e.value} at ${e.t} outside the scheduler`).toBe(true);
        if (e.value === prev - 1 && next?.type === 'handoff' && next.step === 'dequeued') decs++;
        else expect(e.value).toBe(0);
      }
      prev = e.value;
    });
    expect(incs).toBe(handoffs(base.events, 'queued').length);
    expect(decs).toBeGreaterThan(100);
    expect(decs).toBeLessThanOrEqual(handoffs(base.events, 'dequeued').length);
    // Every consumed message is one that was queued.
    expect(handoffs(base.events, 'dequeued').length).toBeLessThanOrEqual(handoffs(base.events, 'queued').length);
  });

  it('nr_scheduled: set only by notify_complete, to the value user space passed', () => {
    const usersched = userschedPidOf(base.events);
    const onCpu = onCpuAt(base.events, usersched);
    const traced: number[] = [];
    base.events.forEach((e, i) => {
      if (e.type !== 'counter' || e.name !== 'nr_scheduled') return;
      expect(onCpu(i), `nr_scheduled set at ${e.t} outside the scheduler`).toBe(true);
      traced.push(e.value);
    });
    // Every notified value, in order: nr_scheduled is traced on every notify_complete (not only on a
    // change) because handoff-accounting compares it with the messages the policy holds.
    const notified: number[] = baseProbe.notifies.map(({ n }) => n);
    expect(traced.length).toBeGreaterThan(10);
    // All but possibly the last notify (still being paid for at the end) have landed, in order.
    expect(notified.slice(0, traced.length)).toEqual(traced);
    expect(traced.length).toBeGreaterThanOrEqual(notified.length - 1);
  });

  it('nr_running: ops.running/stopping of every task but the scheduler', () => {
    const usersched = userschedPidOf(base.events);
    // Replayed in expectCountersMatchTrace; here: the final value is the tasks on CPUs, minus the scheduler.
    const onCpus = base.kernel.cpus.map((c) => c.curr).filter((p) => p !== null && p.cls === 'ext' && p.pid !== usersched);
    expect(bpfOf(baseProbe).nrRunning).toBe(onCpus.length);
    // The scheduler's own runs never move it.
    base.events.forEach((e, i) => {
      if (e.type === 'op' && e.op === 'running' && e.pid === usersched) {
        const next = base.events[i + 1];
        expect(next?.type === 'counter' && next.name === 'nr_running').toBe(false);
      }
    });
    expect(Math.max(...ofType(base.events, 'counter').filter((e) => e.name === 'nr_running').map((e) => e.value))).toBeLessThanOrEqual(4);
  });

  it('nr_online_cpus: set once, at ops.init', () => {
    const set = ofType(base.events, 'counter').filter((e) => e.name === 'nr_online_cpus');
    expect(set).toEqual([expect.objectContaining({ t: 0, value: 4 })]);
    const init = base.events.findIndex((e) => e.type === 'op' && e.op === 'init');
    expect(base.events.indexOf(set[0] as TraceEvent)).toBeGreaterThan(init);
  });

  it('nr_user_dispatches: one per user decision applied to the requested CPU', () => {
    const inserted = handoffs(base.events, 'inserted').length;
    expect(inserted).toBeGreaterThan(0);
    expect(bpfOf(baseProbe).counter('nr_user_dispatches')).toBe(inserted);
    // RL_CPU_ANY decisions are not user dispatches.
    expect(handoffs(base.events, 'any').length).toBeGreaterThan(0);
  });

  it('nr_kernel_dispatches: idle fast paths, per-CPU kthreads and the congestion fallback', () => {
    const kworker = pidOf(base.events, 'kworker/1');
    const kernel = handoffs(base.events, 'kernel');
    expect(kernel.some((e) => e.pid === kworker)).toBe(true);
    expect(kernel.some((e) => e.pid !== kworker)).toBe(true);
    // The kthread never goes to user space.
    expect(handoffs(base.events, 'queued', kworker)).toEqual([]);
    expect(bpfOf(baseProbe).counter('nr_kernel_dispatches')).toBe(kernel.length);
    const congested = handoffs(full.events, 'congested').length;
    expect(congested).toBeGreaterThan(0);
    expect(bpfOf(fullProbe).counter('nr_kernel_dispatches')).toBe(handoffs(full.events, 'kernel').length + congested);
  });

  it('nr_sched_congested: one per message that found the queued ring full', () => {
    expect(bpfOf(baseProbe).counter('nr_sched_congested')).toBe(0);
    expect(bpfOf(fullProbe).counter('nr_sched_congested')).toBe(handoffs(full.events, 'congested').length);
  });

  it('nr_failed_dispatches: declared but never incremented', () => {
    for (const run of [base, full]) {
      expect(ofType(run.events, 'counter').filter((e) => e.name === 'nr_failed_dispatches')).toEqual([]);
    }
    expect(bpfOf(baseProbe).counter('nr_failed_dispatches')).toBe(0);
    expect(bpfOf(fullProbe).counter('nr_failed_dispatches')).toBe(0);
  });

  it('nr_cancel_dispatches and nr_bounce_dispatches: one per cancelled / bounced record', () => {
    // A policy that sends `pinned` to a CPU outside its mask and holds tasks 5 ms; `moved` changes affinity
    // while held, so its held decision is stale.
    const { def, probe } = instrument(holdingScheduler('hold', { holdNs: 5 * MS,
      target: (t) => (t.comm === 'pinned' ? 0 : 1) }));
    const sleeper = (comm: string, cpumask: number[]) => ({ comm, cpumask,
      program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: MS }, { op: 'sleep' as const, ns: 2 * MS }] }] });
    const run = runUser({
      scenario: { formatVersion: 1, name: 'cb', description: 'cancel and bounce', topology: smpTopology(2),
        durationNs: 100 * MS, quietNs: 20 * MS, tasks: [sleeper('pinned', [1]), sleeper('moved', [0, 1])] },
      scheduler: def, options: SLOW_IDLE_LOOP,
      setup: (kernel, events) => {
        for (const from of [20 * MS, 50 * MS]) {
          actWhen(kernel, from, () => {
            const moved = kernel.findTask('moved');
            const last = [...events].reverse().find((e) => e.type === 'handoff' && e.pid === moved?.pid);
            return last?.type === 'handoff' && last.step === 'dequeued';
          }, () => {
            const moved = kernel.findTask('moved');
            if (moved) kernel.setAffinity(moved, Cpumask.of(2, from === 20 * MS ? [1] : [0, 1]));
          });
        }
      },
    });
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    const bpf = probe.bpfs[0] as BpfScheduler;
    expect(bpf.counter('nr_cancel_dispatches')).toBe(handoffs(run.events, 'cancelled').length);
    expect(bpf.counter('nr_cancel_dispatches')).toBeGreaterThanOrEqual(2);
    expect(bpf.counter('nr_bounce_dispatches')).toBe(handoffs(run.events, 'bounced').length);
    expect(bpf.counter('nr_bounce_dispatches')).toBeGreaterThan(5);
    expectCountersMatchTrace(run.events, 2, (n) => bpf.counter(n));
  });
});
