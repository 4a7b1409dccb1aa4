// The shipped usersched scenarios (scenarios/library/usersched.ts, reference §5.9, §5.6) as a suite any
// user-space scheduler runs (not a test file): each scenario runs once per file in beforeAll and every
// test reads the shared outcome. Checks: the scenario's expect.exit, no task missing, and per scenario the
// reference's account of the failure (crash → SCX_EXIT_UNREG and full fallback, hang → watchdog between 5
// and 7.5 s after the stalled task began waiting, slow, ring full, page fault, heartbeat).
import { beforeAll, describe, expect, it } from 'vitest';
import { SCX_DISABLE_WORK_LATENCY_NS } from '../../../model/kernel/constants.ts';
import type { UserspaceSchedulerDefinition } from '../../../model/kernel/ops.ts';
import { USERSCHED_SCENARIOS } from '../../../scenarios/library/usersched.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';
import {
  MAX_ENQUEUED_TASKS, RUSTLAND_TIMEOUT_MS, SHARED_DSQ, USERSPACE_COSTS_DEFAULT,
} from '../../../schedulers/rustland-core/intf.ts';
import { ofType, pidOf } from '../../helpers/sim.ts';
import {
  cpuTimeAt, expectCountersMatchTrace, expectNoTaskMissing, handoffs, instrument, MS, type Probe, runUser,
  type UserRun, userschedPidOf,
} from './helpers.ts';

const byName = (name: string): Scenario => {
  const sc = USERSCHED_SCENARIOS.find((s) => s.name === name);
  if (!sc) throw new Error(`no scenario ${name}`);
  return sc;
};

/** expect.exit, or expect.userspaceExit where the scenario names one for user-space schedulers. */
const expectedKind = (sc: Scenario): string => {
  const expectation = sc.expect as { readonly exit?: string; readonly userspaceExit?: string } | undefined;
  const want = expectation?.userspaceExit ?? expectation?.exit;
  return want === undefined || want === 'none' ? 'SCX_EXIT_NONE' : want;
};

/** Registers the scenario tests for `def`; every scenario is simulated once (lazily, shared by its tests). */
export function describeUserschedScenarios(def: UserspaceSchedulerDefinition): void {
  const runs = new Map<string, { run: UserRun; probe: Probe }>();
  const get = (name: string) => {
    let entry = runs.get(name);
    if (!entry) {
      const inst = instrument(def);
      entry = { run: runUser({ scenario: byName(name), scheduler: inst.def, seed: 1 }), probe: inst.probe };
      runs.set(name, entry);
    }
    return entry;
  };

  describe(`${def.name} on the usersched scenarios (reference §5.9, §5.6)`, () => {
    beforeAll(() => { for (const sc of USERSCHED_SCENARIOS) get(sc.name); });

    for (const sc of USERSCHED_SCENARIOS) {
      it(`${sc.name}: ends with expect.exit ${expectedKind(sc)}, no task missing`, () => {
        const { run } = get(sc.name);
        expect(run.document.exit.kind, run.document.exit.msg).toBe(expectedKind(sc));
        expect(run.document.violations.filter((v) => v.property === 'expected-exit')).toEqual([]);
        const exitAt = ofType(run.events, 'exit')[0]?.t;
        // Runnable tasks must have run in the quiet phase (no exit) or after the exit.
        expectNoTaskMissing(run, exitAt ?? sc.durationNs);
        // Every scenario task is still alive: none was lost or killed by the handoff.
        for (const spec of sc.tasks) expect(run.kernel.findTask(spec.comm)?.status, spec.comm).not.toBe('dead');
      });
    }

    for (const sc of USERSCHED_SCENARIOS) {
      it(`${sc.name}: the run's property and lifecycle monitors report no violation (§1.4, §1.5)`, () => {
        const { run } = get(sc.name);
        expect(run.document.violations).toEqual([]);
      });
    }

    it('usersched-crash: SCX_EXIT_UNREG at the crash, every task back on fair (§5.9, §4.4)', () => {
      const { run } = get('usersched-crash');
      const crashAt = ofType(run.events, 'fault').find((e) => e.fault === 'userschedCrash')?.t as number;
      const exit = ofType(run.events, 'exit');
      // A killed process exits in its own context, so the link closes (SCX_EXIT_UNREG) when it next runs:
      // right away when it holds work, within the 1 s heartbeat otherwise (§5.6).
      expect(exit.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG']);
      const exitAt = (exit[0] as { t: number }).t;
      expect(exitAt).toBeGreaterThanOrEqual(crashAt);
      expect(exitAt).toBeLessThanOrEqual(crashAt + 1_000_000_000);
      const usersched = userschedPidOf(run.events);
      expect(run.kernel.byPid.get(usersched)?.status).toBe('dead');
      expect(run.kernel.scx.enableState).toBe('DISABLED');
      // Tasks in BPF custody (queued to user space) when the process died.
      const placeAtCrash = new Map<number, string>();
      for (const e of ofType(run.events, 'place')) if (e.t < crashAt) placeAtCrash.set(e.pid, e.place);
      // (Tasks held in user space at a crash: see rustland-core/edgeCases.test.ts.)
      const held = [...placeAtCrash].filter(([pid, place]) => place === 'bpf' && pid !== usersched).map(([pid]) => pid);
      for (const pid of held) {
        expect(ofType(run.events, 'switch').some((e) => e.next === pid && e.t >= crashAt && e.cls === 'fair'), `held ${pid}`).toBe(true);
      }
      const notFair = run.kernel.tasks.filter((p) => p.status !== 'dead' && (p.cls !== 'fair' || p.scx.state !== 'NONE'));
      expect(notFair.map((p) => `${p.comm} ${p.cls} ${p.scx.state}`)).toEqual([]);
      // Nothing is decided by user space after the process died.
      expect(handoffs(run.events).filter((e) => e.t > exitAt)).toEqual([]);
    });

    it('usersched-hang: SCX_EXIT_ERROR_STALL between 5 and 7.5 s after the stalled task began waiting (§5.9, §4.6)', () => {
      const { run } = get('usersched-hang');
      const exit = ofType(run.events, 'exit')[0];
      expect(exit?.kind).toBe('SCX_EXIT_ERROR_STALL');
      const m = /\[(\d+)\] failed to run for/.exec(exit?.msg ?? '');
      expect(m, exit?.msg).not.toBeNull();
      const stalled = Number(m?.[1]);
      // The watchdog claimed the exit SCX_DISABLE_WORK_LATENCY_NS before the disable work (DISABLING) began;
      // the `exit` event follows at the end of the disable work's task walk.
      const disablingAt = ofType(run.events, 'scx_state').find((e) => e.state === 'DISABLING')?.t as number;
      const exitAt = disablingAt - SCX_DISABLE_WORK_LATENCY_NS;
      // runnable_at: the last time, before the exit, that the task left a CPU or woke up still runnable.
      let waitingSince = -1;
      let prev = 'sleep';
      for (const e of ofType(run.events, 'place')) {
        if (e.pid !== stalled || e.t > exitAt) continue;
        const waiting = e.place !== 'run' && e.place !== 'sleep' && e.place !== 'dead';
        if (waiting && (prev === 'run' || prev === 'sleep')) waitingSince = e.t;
        prev = e.place;
      }
      expect(waitingSince).toBeGreaterThanOrEqual(0);
      const timeoutNs = RUSTLAND_TIMEOUT_MS * MS;
      expect(exitAt - waitingSince).toBeGreaterThanOrEqual(timeoutNs);
      expect(exitAt - waitingSince).toBeLessThanOrEqual(timeoutNs * 1.5);
      // The process hung, it did not exit; the tasks are back on fair.
      expect(run.kernel.byPid.get(userschedPidOf(run.events))?.status).not.toBe('dead');
      expect(run.kernel.tasks.filter((p) => p.status !== 'dead' && p.cls !== 'fair')).toEqual([]);
    });

    it('usersched-slow: every decision costs 200× more CPU time during the slowdown, nothing is lost (§5.9, §5.10)', () => {
      const { run } = get('usersched-slow');
      const pid = userschedPidOf(run.events);
      const cpu = cpuTimeAt(run.events, pid);
      const steps = handoffs(run.events).filter((e) => e.step === 'dequeued' || e.step === 'submitted');
      const slowCost = { dequeued: 200 * USERSPACE_COSTS_DEFAULT.dequeueNs, submitted: 200 * USERSPACE_COSTS_DEFAULT.dispatchNs };
      let checked = 0;
      for (let i = 1; i < steps.length; i++) {
        const e = steps[i] as (typeof steps)[number];
        const prevT = (steps[i - 1] as (typeof steps)[number]).t;
        if (prevT < 105 * MS || e.t >= 300 * MS) continue;
        expect(cpu(e.t) - cpu(prevT), `${e.step} at ${e.t}`).toBeGreaterThanOrEqual(slowCost[e.step as 'dequeued' | 'submitted']);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
      // After the slowdown, decisions flow at the normal rate again.
      const after = handoffs(run.events, 'submitted').filter((e) => e.t >= 350 * MS && e.t < 400 * MS).length;
      const during = handoffs(run.events, 'submitted').filter((e) => e.t >= 150 * MS && e.t < 200 * MS).length;
      expect(after).toBeGreaterThan(during);
    });

    it('ring-full: messages that find the ring full go to SHARED_DSQ during the fault only (§5.9, §5.4 step 5, §5.8)', () => {
      const { run, probe } = get('ring-full');
      const congested = handoffs(run.events, 'congested');
      expect(congested.length).toBeGreaterThan(10);
      expect(congested.every((e) => e.t >= 100 * MS && e.t < 250 * MS)).toBe(true);
      for (const c of congested.slice(0, 20)) {
        const place = run.events.slice(run.events.indexOf(c)).find((e) => e.type === 'place' && e.pid === c.pid);
        expect(place).toMatchObject({ place: 'user', dsq: SHARED_DSQ });
      }
      // Messages flow again afterwards.
      expect(handoffs(run.events, 'queued').some((e) => e.t >= 250 * MS)).toBe(true);
      const bpf = probe.bpfs[0];
      expect(bpf?.counter('nr_sched_congested')).toBe(congested.length);
      expect(MAX_ENQUEUED_TASKS).toBe(4096);
      expectCountersMatchTrace(run.events, 4, (n) => bpf?.counter(n) ?? NaN);
    });

    it('usersched-pagefault: the scheduler blocks (wait) on the fault and is woken once khugepaged has run (§5.6, §5.4 step 2)', () => {
      const { run } = get('usersched-pagefault');
      const pid = userschedPidOf(run.events);
      const khugepaged = pidOf(run.events, 'khugepaged');
      const faultAt = ofType(run.events, 'fault').find((e) => e.fault === 'userschedPagefault')?.t as number;
      const blocked = ofType(run.events, 'block').find((e) => e.pid === pid && e.t >= faultAt);
      expect(blocked, 'the scheduler never blocked on the page fault').toMatchObject({ why: 'wait' });
      const blockedAt = (blocked as { t: number }).t;
      const woken = ofType(run.events, 'wake').find((e) => e.pid === pid && e.t >= blockedAt);
      expect(woken).toBeDefined();
      const ranKhugepaged = ofType(run.events, 'switch').find((e) => e.next === khugepaged && e.t >= blockedAt);
      expect(ranKhugepaged).toBeDefined();
      expect(woken?.t).toBe(ranKhugepaged?.t);
      expect(woken?.waker).toBe(khugepaged);
      // khugepaged itself never goes through user space: BPF dispatches it (nr_kernel_dispatches).
      expect(handoffs(run.events, 'queued', khugepaged)).toEqual([]);
      expect(handoffs(run.events, 'kernel', khugepaged).length).toBeGreaterThan(0);
      // And the scheduler runs its loop again afterwards.
      expect(handoffs(run.events, 'submitted').some((e) => e.t > (woken?.t ?? Infinity))).toBe(true);
    });

    it('heartbeat-recovery: no exit, the periodic task waits at most about one heartbeat period (§5.6)', () => {
      const { run } = get('heartbeat-recovery');
      const periodic = run.document.metrics.tasks.find((t) => t.comm === 'periodic');
      expect(periodic?.waitMaxNs).toBeLessThanOrEqual(1000 * MS);
    });
  });
}
