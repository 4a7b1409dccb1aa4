// Built-in idle tracking and scx_select_cpu_dfl (reference §3.9), exercised through ctx.selectCpuDfl from a
// scheduler whose select_cpu records every result. Topology: 2 LLCs × 2 CPUs, no SMT: {0,1} and {2,3}.
import { describe, expect, it } from 'vitest';
import { SCX_SLICE_DFL } from '../../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL } from '../../../model/kernel/dsqId.ts';
import type { TaskSpec } from '../../../model/kernel/behaviour.ts';
import { numaTopology, smtTopology, type TopologySpec } from '../../../model/kernel/topology.ts';
import { hog, MS, pidOf, sched, sim, US } from '../../helpers/sim.ts';

interface Pick { t: number; pid: number; prev: number; cpu: number; isIdle: boolean }

function recordPicks(topology: TopologySpec, tasks: readonly TaskSpec[], durationNs = 40 * MS) {
  const picks: Pick[] = [];
  const s = sched('recordDfl', () => ({
    selectCpu(ctx, p, prevCpu, wakeFlags) {
      const { cpu, isIdle } = ctx.selectCpuDfl(p, prevCpu, wakeFlags);
      picks.push({ t: ctx.nowNs(), pid: p.pid, prev: prevCpu, cpu, isIdle });
      if (isIdle) ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
      return cpu;
    },
    enqueue(ctx, p, flags) { ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, flags); },
  }));
  const r = sim({ topology, durationNs, tasks }, s);
  expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
  return { r, picks };
}

const TWO_LLCS = numaTopology(1, 2, 2, 1);

/** A task that first runs pinned on `home`, then widens to every CPU and sleeps/wakes (prev = home). */
function wanderer(home: number, nrCpus: number, startNs = MS): TaskSpec {
  return { comm: 'w', startNs, cpumask: [home], program: [
    { op: 'run', ns: 500 * US }, { op: 'setAffinity', cpus: `0-${nrCpus - 1}` },
    { op: 'loop', body: [{ op: 'sleep', ns: 2 * MS }, { op: 'run', ns: 300 * US }] }] };
}

describe('scx_select_cpu_dfl (reference §3.9)', () => {
  it('returns prev when prev is idle (step 2)', () => {
    const { r, picks } = recordPicks(TWO_LLCS, [wanderer(2, 4)]);
    const w = pidOf(r.events, 'w');
    const mine = picks.filter((p) => p.pid === w);
    expect(mine.length).toBeGreaterThan(5);
    for (const p of mine) expect(p).toMatchObject({ prev: 2, cpu: 2, isIdle: true });
  });

  it('when prev is busy, picks an idle CPU in prev\'s LLC before a lower-numbered idle CPU elsewhere (step 4)', () => {
    // A hog pinned on CPU 3 keeps prev busy; CPUs 0, 1 (other LLC) and 2 (same LLC) are idle.
    const { r, picks } = recordPicks(TWO_LLCS, [wanderer(3, 4), hog('h3', { cpumask: [3], startNs: 2 * MS })]);
    const w = pidOf(r.events, 'w');
    const mine = picks.filter((p) => p.pid === w && p.t > 3 * MS);
    expect(mine.length).toBeGreaterThan(3);
    // The first wake-up has prev 3 (busy): it must land on 2; later ones have prev 2 (idle) and stay there.
    expect(mine[0]).toMatchObject({ prev: 3, cpu: 2, isIdle: true });
    for (const p of mine) {
      expect(p.cpu).toBe(2);
      expect(p.isIdle).toBe(true);
    }
  });

  it('when prev\'s whole LLC is busy, picks an idle CPU elsewhere (steps 5–6)', () => {
    const { r, picks } = recordPicks(TWO_LLCS, [wanderer(3, 4),
      hog('h2', { cpumask: [2], startNs: 2 * MS }), hog('h3', { cpumask: [3], startNs: 2 * MS })]);
    const w = pidOf(r.events, 'w');
    const mine = picks.filter((p) => p.pid === w && p.t > 3 * MS);
    expect(mine.length).toBeGreaterThan(3);
    for (const p of mine) {
      expect([0, 1]).toContain(p.cpu);
      expect(p.isIdle).toBe(true);
    }
  });

  it('returns prev with isIdle=false when no allowed CPU is idle', () => {
    const { r, picks } = recordPicks(TWO_LLCS, [wanderer(3, 4),
      ...[0, 1, 2, 3].map((c) => hog(`h${c}`, { cpumask: [c], startNs: 2 * MS }))]);
    const w = pidOf(r.events, 'w');
    const mine = picks.filter((p) => p.pid === w && p.t > 3 * MS);
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) expect(p).toMatchObject({ cpu: p.prev, isIdle: false });
  });

  it('claims the CPU it returns (test-and-clear): two simultaneous wake-ups never get the same idle CPU', () => {
    const tasks: TaskSpec[] = ['a', 'b', 'c'].map((c) => ({ comm: c, startNs: MS, program: [
      { op: 'loop', body: [{ op: 'run', ns: 300 * US }, { op: 'sleep', ns: 2 * MS }] }] }));
    const { picks } = recordPicks(TWO_LLCS, tasks);
    const byTime = new Map<number, number[]>();
    for (const p of picks.filter((q) => q.isIdle)) byTime.set(p.t, [...(byTime.get(p.t) ?? []), p.cpu]);
    expect([...byTime.values()].some((cpus) => cpus.length > 1)).toBe(true);
    for (const cpus of byTime.values()) expect(new Set(cpus).size).toBe(cpus.length);
  });

  it('with SMT, prefers a fully idle core over an idle sibling of a busy CPU (step 1)', () => {
    // 2 cores × 2 threads: {0,1} {2,3}. A hog pinned on CPU 1 makes core 0 partly busy; prev = 0.
    const { r, picks } = recordPicks(smtTopology(2, 2), [wanderer(0, 4), hog('h1', { cpumask: [1], startNs: 2 * MS })]);
    const w = pidOf(r.events, 'w');
    const mine = picks.filter((p) => p.pid === w && p.t > 3 * MS);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine[0]).toMatchObject({ prev: 0, isIdle: true });
    expect([2, 3]).toContain(mine[0]!.cpu);
  });
});
