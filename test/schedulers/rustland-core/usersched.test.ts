// How the user-space scheduler task itself gets CPU time (reference §5.6, §5.5 step 2): only through
// SCHED_DSQ (1025) from ops.dispatch, only when there is pending work, never through the queued ring; and
// the 1 s heartbeat that recovers lost wake-ups.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { heartbeatRecovery, userschedCrash } from '../../../scenarios/library/usersched.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';
import { SCHED_DSQ, USERSCHED_TIMER_NS } from '../../../schedulers/rustland-core/intf.ts';
import rlfifo from '../../../schedulers/rlfifo.ts';
import rustland from '../../../schedulers/rustland.ts';
import { ofType, ops, pidOf } from '../../helpers/sim.ts';
import { expectNoTaskMissing, handoffs, runUser, type UserRun, userschedPidOf } from './helpers.ts';

const plain: Scenario = { ...userschedCrash, name: 'plain', faults: [], expect: { exit: 'none' } };

/** Every time the scheduler task starts running while ext: its two places before were SCHED_DSQ, then a local DSQ. */
function checkRunsThroughSchedDsq(run: UserRun): number {
  const pid = userschedPidOf(run.events);
  const places = ofType(run.events, 'place').filter((e) => e.pid === pid);
  let checked = 0;
  let enabled = false;
  let lastDispatch = new Map<number, number>();
  const dispatchIdx = new Map<TraceEvent, number>();
  run.events.forEach((e, i) => {
    if (e.type === 'op' && e.op === 'dispatch') lastDispatch.set(e.cpu, i);
    if (e.type === 'place' && e.pid === pid) dispatchIdx.set(e, lastDispatch.get(e.cpu) ?? -1);
    if (e.type === 'scx_state') { enabled = e.state === 'ENABLED'; lastDispatch = new Map(); }
    if (e.type === 'place' && e.pid === pid && e.place === 'run' && enabled) {
      const k = places.indexOf(e);
      const local = places[k - 1];
      const fromDsq = places[k - 2];
      expect(local, `run at ${e.t}`).toMatchObject({ place: 'local' });
      expect(fromDsq, `run at ${e.t}`).toMatchObject({ place: 'user', dsq: SCHED_DSQ });
      // The move to the local DSQ happened inside ops.dispatch of that CPU, at the same instant.
      const d = dispatchIdx.get(local as TraceEvent) ?? -1;
      expect(d, `move at ${local?.t} outside ops.dispatch`).toBeGreaterThanOrEqual(0);
      expect(run.events[d]?.t).toBe(local?.t);
      checked++;
    }
  });
  return checked;
}

describe('the scheduler task runs only when dispatched through SCHED_DSQ (reference §5.6, §5.3, §5.5)', () => {
  let runs: UserRun[] = [];
  beforeAll(() => {
    runs = [runUser({ scenario: plain, scheduler: rustland }), runUser({ scenario: plain, scheduler: rlfifo })];
  });

  it('every run of it follows a move from DSQ 1025 to a local DSQ in ops.dispatch', () => {
    for (const run of runs) {
      expect(run.document.exit.kind).toBe('SCX_EXIT_NONE');
      expect(checkRunsThroughSchedDsq(run)).toBeGreaterThan(100);
    }
  });

  it('its enqueues always go to SCHED_DSQ; it is never queued to user space nor kernel-dispatched', () => {
    for (const run of runs) {
      const pid = userschedPidOf(run.events);
      expect(handoffs(run.events, undefined, pid)).toEqual([]);
      const waits = ofType(run.events, 'place').filter((e) => e.pid === pid && e.t > 0 && (e.place === 'user' || e.place === 'bpf'));
      expect(waits.length).toBeGreaterThan(100);
      expect(waits.every((e) => e.place === 'user' && e.dsq === SCHED_DSQ)).toBe(true);
    }
  });

  it('it is pulled only when user space has pending work (messages, nr_scheduled > 0 or the heartbeat)', () => {
    for (const run of runs) {
      const pid = userschedPidOf(run.events);
      let ring = 0;
      let nrScheduled = 0;
      let lastRun = 0;
      let heartbeat = false;
      let inDsq = false;
      let pulls = 0;
      for (const e of run.events) {
        if (e.type === 'handoff' && e.step === 'queued') ring++;
        if (e.type === 'handoff' && e.step === 'dequeued') ring--;
        if (e.type === 'counter' && e.name === 'nr_scheduled') nrScheduled = e.value;
        if (e.type === 'op' && e.op === 'running' && e.pid === pid) { lastRun = e.t; heartbeat = false; }
        if (e.type === 'op' && e.op === 'timer' && e.t - lastRun >= USERSCHED_TIMER_NS) heartbeat = true;
        if (e.type === 'place' && e.pid === pid) {
          if (inDsq && e.place === 'local' && e.t > 0) {
            pulls++;
            expect(ring > 0 || nrScheduled > 0 || heartbeat, `pulled at ${e.t} with nothing pending`).toBe(true);
          }
          inDsq = e.place === 'user' && e.dsq === SCHED_DSQ;
        }
      }
      expect(pulls).toBeGreaterThan(100);
    }
  });
});

describe('the heartbeat recovers lost wake-ups (reference §5.6)', () => {
  let run: UserRun;
  beforeAll(() => { run = runUser({ scenario: heartbeatRecovery, scheduler: rustland }); });

  it('heartbeat-recovery: no exit, the periodic task never waits more than about one period', () => {
    expect(run.document.exit.kind, run.document.exit.msg).toBe('SCX_EXIT_NONE');
    expect(run.document.violations).toEqual([]);
    const periodic = run.document.metrics.tasks.find((t) => t.comm === 'periodic');
    expect(periodic?.waitMaxNs).toBeGreaterThan(100_000_000); // the lost wake-ups did cost something
    expect(periodic?.waitMaxNs).toBeLessThanOrEqual(USERSCHED_TIMER_NS);
    expectNoTaskMissing(run, heartbeatRecovery.durationNs);
  });

  it('the timer fires every second and kicks the scheduler\'s CPU only when it has not run for a whole period', () => {
    const pid = userschedPidOf(run.events);
    const timers = ops(run.events, 'timer');
    expect(timers.map((e) => e.t)).toEqual([1, 2, 3].map((s) => s * USERSCHED_TIMER_NS));
    let lastRun = 0;
    let kicks = 0;
    run.events.forEach((e, i) => {
      if (e.type === 'op' && e.op === 'running' && e.pid === pid) lastRun = e.t;
      if (e.type !== 'op' || e.op !== 'timer') return;
      const next = run.events[i + 1];
      const kicked = next?.type === 'kick' && next.t === e.t;
      expect(kicked, `timer at ${e.t}, scheduler last ran at ${lastRun}`).toBe(e.t - lastRun >= USERSCHED_TIMER_NS);
      if (kicked) kicks++;
    });
    expect(kicks).toBeGreaterThan(0);
  });

  it('a wake-up lost in the fault window is served right after a heartbeat kick', () => {
    const periodic = pidOf(run.events, 'periodic');
    const late = ofType(run.events, 'switch').filter((e) => e.next === periodic && e.t > 100_000_000 && e.t < 2_100_000_000);
    const timerTimes = new Set(ops(run.events, 'timer').map((e) => e.t));
    // Within the window, each run of the periodic task begins within 10 µs of a heartbeat.
    expect(late.length).toBeGreaterThan(0);
    for (const s of late) expect([...timerTimes].some((t) => s.t >= t && s.t - t <= 10_000), `run at ${s.t}`).toBe(true);
  });
});
