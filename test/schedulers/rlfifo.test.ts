// scx_rlfifo (reference §5.10, the minimal scx_rustland_core user): the shipped usersched scenarios (§5.9,
// §5.6), its FIFO policy (drain everything, dispatch in arrival order, slice 5 ms / (queued + 1), CPU from
// select_cpu or RL_CPU_ANY, notify_complete(still queued)) and determinism.
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { findScheduler, realSchedulers } from '../../schedulers/index.ts';
import { RL_CPU_ANY } from '../../schedulers/rustland-core/intf.ts';
import rlfifo from '../../schedulers/rlfifo.ts';
import { describeUserschedScenarios } from './rustland-core/scenarioSuite.ts';
import { handoffs, instrument, MS, type Probe, runUser, type UserRun } from './rustland-core/helpers.ts';

describeUserschedScenarios(rlfifo);

describe('scx_rlfifo policy (reference §5.10)', () => {
  it('is registered as a real user-space scheduler', () => {
    expect(findScheduler('rlfifo')).toBe(rlfifo);
    expect(realSchedulers()).toContain(rlfifo);
    expect(rlfifo.kind).toBe('userspace');
  });

  let run: UserRun;
  let probe: Probe;
  beforeAll(() => {
    const inst = instrument(rlfifo);
    const sc = findScenario('usersched-crash') as Scenario;
    run = runUser({ scenario: { ...sc, faults: [], expect: { exit: 'none' }, durationNs: 200 * MS }, scheduler: inst.def });
    probe = inst.probe;
  });

  it('dispatches in arrival order: submitted decisions follow the order messages were read', () => {
    expect(run.document.exit.kind).toBe('SCX_EXIT_NONE');
    const key = (e: { pid: number; enqCnt: number }) => `${e.pid}/${e.enqCnt}`;
    const read = handoffs(run.events, 'dequeued').map(key);
    const sent = handoffs(run.events, 'submitted').map(key);
    expect(sent.length).toBeGreaterThan(100);
    expect(read.slice(0, sent.length)).toEqual(sent);
  });

  it('slice = 5 ms / (queued + 1); CPU from select_cpu or RL_CPU_ANY; notify_complete(0) when all fit', () => {
    const decided = probe.planned.filter((p) => p.accepted);
    expect(decided.length).toBeGreaterThan(100);
    // Group the decisions of one loop (same planning instant): n decisions ⇒ slice 5 ms / (n + 1).
    const loops = new Map<number, number[]>();
    for (const p of decided) loops.set(p.t, [...(loops.get(p.t) ?? []), p.record.sliceNs]);
    for (const [t, slices] of loops) {
      for (const s of slices) expect(s, `loop at ${t}`).toBe(Math.floor((5 * MS) / (slices.length + 1)));
    }
    expect(decided.every((p) => p.record.cpu === RL_CPU_ANY || (p.record.cpu >= 0 && p.record.cpu < 4))).toBe(true);
    expect(probe.notifies.every((n) => n.n === 0)).toBe(true);
  });

  it('is deterministic: same seed twice → same traceHash', () => {
    const sc = findScenario('ring-full') as Scenario;
    const a = runScenario({ scenario: sc, scheduler: rlfifo, seed: 9 }).document;
    const b = runScenario({ scenario: sc, scheduler: rlfifo, seed: 9 }).document;
    expect(b.traceHash).toBe(a.traceHash);
  });
});
