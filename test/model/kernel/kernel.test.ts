// The deterministic kernel around sched_ext (DESIGN.md, Kernel model decisions; reference §4.8, §4.9):
// class pick order, tick cost of idle CPUs, fair wake-up placement and periodic balance, wake-up
// delivery, fork inheritance, affinity, and CPU hotplug.
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../../model/kernel/behaviour.ts';
import { SCX_SLICE_DFL, TASK_EXIT_WORK_NS } from '../../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL } from '../../../model/kernel/dsqId.ts';
import type { SchedulerDefinition } from '../../../model/kernel/ops.ts';
import { SCX_OPS_SWITCH_PARTIAL } from '../../../model/kernel/scxFlags.ts';
import { numaTopology, smpTopology } from '../../../model/kernel/topology.ts';
import simple from '../../../schedulers/simple.ts';
import { hog, MS, ofType, pidOf, sched, sim, US } from '../../helpers/sim.ts';

const partialGlobal = sched('partialGlobal', () => ({
  flags: SCX_OPS_SWITCH_PARTIAL,
  enqueue(ctx, p, flags) { ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, flags); },
}));

/** Runs with no sched_ext scheduler (`eevdf`) and with scx_simple. */
const SCHEDULERS: readonly [string, SchedulerDefinition | null][] = [['eevdf', null], ['simple', simple]];

describe('pick order RT > fair > ext > idle (DESIGN.md; reference §4.8)', () => {
  it('an RT task preempts a running fair task at once and the fair task resumes when it leaves', () => {
    const r = sim({ topology: smpTopology(1), durationNs: 30 * MS, tasks: [
      hog('fair', { cpumask: [0] }),
      { comm: 'rt', policy: 'FIFO', rtPriority: 10, startNs: 10 * MS, program: [{ op: 'run', ns: 2 * MS }, { op: 'exit' }] }] }, null);
    const [fair, rt] = [pidOf(r.events, 'fair'), pidOf(r.events, 'rt')];
    const switches = ofType(r.events, 'switch');
    expect(switches.find((e) => e.next === rt)).toMatchObject({ t: 10 * MS, prev: fair, cls: 'rt' });
    // The RT task's exit work (PF_EXITING → death) takes TASK_EXIT_WORK_NS after its 2 ms run.
    expect(switches.find((e) => e.prev === rt)).toMatchObject({ t: 12 * MS + TASK_EXIT_WORK_NS, next: fair, cls: 'fair' });
  });

  it('an RT task preempts a running ext task at once', () => {
    const r = sim({ topology: smpTopology(1), durationNs: 30 * MS, tasks: [
      hog('ext', { cpumask: [0], startNs: MS }),
      { comm: 'rt', policy: 'FIFO', rtPriority: 10, startNs: 10 * MS, program: [{ op: 'run', ns: 2 * MS }, { op: 'exit' }] }] },
    sched('global', () => ({ enqueue(ctx, p, flags) { ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, flags); } })));
    const [ext, rt] = [pidOf(r.events, 'ext'), pidOf(r.events, 'rt')];
    const switches = ofType(r.events, 'switch');
    expect(switches.find((e) => e.next === ext)).toMatchObject({ cls: 'ext' });
    expect(switches.find((e) => e.next === rt)).toMatchObject({ t: 10 * MS, prev: ext, cls: 'rt' });
    expect(switches.find((e) => e.prev === rt)).toMatchObject({ t: 12 * MS + TASK_EXIT_WORK_NS, next: ext, cls: 'ext' });
  });

  it('in partial mode a fair task runs before an ext task on the same CPU (reference §4.8)', () => {
    const r = sim({ topology: smpTopology(1), durationNs: 40 * MS, tasks: [
      hog('ext', { cpumask: [0], policy: 'EXT', startNs: MS }),
      { comm: 'fair', cpumask: [0], startNs: 5 * MS, program: [{ op: 'loop', body: [{ op: 'run', ns: 3 * MS }, { op: 'sleep', ns: 10 * MS }] }] }] },
    partialGlobal);
    expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
    const [ext, fair] = [pidOf(r.events, 'ext'), pidOf(r.events, 'fair')];
    const switches = ofType(r.events, 'switch');
    // The fair task takes the CPU from the running ext task the moment it wakes, every time.
    const fairRuns = switches.filter((e) => e.next === fair);
    expect(fairRuns.map((e) => e.t)).toEqual([5 * MS, 18 * MS, 31 * MS]);
    for (const e of fairRuns) expect(e).toMatchObject({ prev: ext, cls: 'fair' });
    // The ext task only gets the CPU back when the fair task sleeps.
    for (const e of switches.filter((s) => s.next === ext && s.t > MS)) expect(e.prev).toBe(fair);
    expect(switches.filter((s) => s.next === ext && s.t > MS).map((e) => e.t)).toEqual([8 * MS, 21 * MS, 34 * MS]);
  });
});

describe('ticks (DESIGN.md: only busy CPUs take ticks)', () => {
  const sleepy: TaskSpec = { comm: 'z', program: [{ op: 'sleep', ns: 5000 * MS }, { op: 'run', ns: MS }, { op: 'sleep', ns: 4000 * MS }] };

  for (const [name, scheduler] of SCHEDULERS) {
    it(`processes only a handful of events in an all-idle 10 s run on 8 CPUs (${name})`, () => {
      const r = sim({ topology: smpTopology(8), durationNs: 10_000 * MS, tasks: [sleepy] }, scheduler);
      expect(r.kernel.eventsProcessed).toBeLessThan(100);
    });
  }

  it('a busy CPU takes one tick per 1/HZ', () => {
    const r = sim({ topology: smpTopology(8), durationNs: 1000 * MS, tasks: [hog('h', { cpumask: [3] })] }, null);
    expect(r.kernel.eventsProcessed).toBeGreaterThanOrEqual(1000);
    expect(r.kernel.eventsProcessed).toBeLessThan(1200);
  });
});

describe('fair wake-up placement (DESIGN.md)', () => {
  /** A task that first runs pinned on `home`, then widens to every CPU and sleeps/wakes. */
  const wanderer = (home: number): TaskSpec => ({ comm: 'w', cpumask: [home], program: [
    { op: 'run', ns: 500 * US }, { op: 'setAffinity', cpus: '0-3' },
    { op: 'loop', body: [{ op: 'sleep', ns: 2 * MS }, { op: 'run', ns: 300 * US }] }] });

  it('wakes a task on its previous CPU when that CPU is idle', () => {
    const r = sim({ topology: smpTopology(4), durationNs: 30 * MS, tasks: [wanderer(2)] }, null);
    const w = pidOf(r.events, 'w');
    const wakes = ofType(r.events, 'wake').filter((e) => e.pid === w && e.t > MS);
    expect(wakes.length).toBeGreaterThan(5);
    for (const e of wakes) expect(e.cpu).toBe(2);
  });

  it('when the previous CPU is busy, wakes the task on an idle CPU of the same LLC', () => {
    const r = sim({ topology: numaTopology(1, 2, 2, 1), durationNs: 30 * MS,
      tasks: [wanderer(3), hog('h3', { cpumask: [3], startNs: 200 * US })] }, null);
    const w = pidOf(r.events, 'w');
    const wakes = ofType(r.events, 'wake').filter((e) => e.pid === w && e.t > MS);
    expect(wakes.length).toBeGreaterThan(5);
    for (const e of wakes) expect(e.cpu).toBe(2);
  });
});

describe('fair periodic balance (DESIGN.md)', () => {
  it('spreads 8 fair hogs that all start on CPU 0 over the 4 CPUs within 50 ms', () => {
    // Children are forked pinned to CPU 0 (inherited) and widen their own affinity once they first run, so
    // only load balancing can move them.
    const kid: TaskSpec = { comm: 'kid', program: [{ op: 'setAffinity', cpus: '0-3' }, { op: 'loop', body: [{ op: 'run', ns: 10 * MS }] }] };
    const r = sim({ topology: smpTopology(4), durationNs: 100 * MS, tasks: [{ comm: 'parent', cpumask: [0],
      program: [{ op: 'loop', times: 8, body: [{ op: 'fork', child: kid }, { op: 'run', ns: 10 * US }] }, { op: 'exit' }] }] }, null);
    const kids = new Set(ofType(r.events, 'task_new').filter((e) => e.comm === 'kid').map((e) => e.pid));
    expect(kids.size).toBe(8);
    const switches = ofType(r.events, 'switch');
    for (let cpu = 0; cpu < 4; cpu++) {
      const upTo50 = switches.filter((e) => e.cpu === cpu && e.t <= 50 * MS);
      expect(upTo50.length).toBeGreaterThan(0);
      expect(kids.has(upTo50.at(-1)!.next)).toBe(true);
      // …and it never goes idle again.
      expect(switches.filter((e) => e.cpu === cpu && e.t > 50 * MS && e.next === 0)).toEqual([]);
    }
  });
});

describe('wake-up delivery (no lost wake-ups)', () => {
  const N = 200;
  const ping: TaskSpec = { comm: 'ping', startNs: MS, program: [
    { op: 'loop', times: N, body: [{ op: 'run', ns: 100 * US }, { op: 'wake', target: 'pong' }, { op: 'wait' }] }, { op: 'exit' }] };
  const pong: TaskSpec = { comm: 'pong', program: [
    { op: 'loop', times: N, body: [{ op: 'wait' }, { op: 'run', ns: 100 * US }, { op: 'wake', target: 'ping' }] }, { op: 'exit' }] };
  const sleeper: TaskSpec = { comm: 'sleeper', startNs: MS, program: [
    { op: 'loop', times: 100, body: [{ op: 'sleep', ns: MS }, { op: 'run', ns: 100 * US }] }, { op: 'exit' }] };

  for (const [name, scheduler] of SCHEDULERS) {
    for (const topology of [smpTopology(1), smpTopology(2)]) {
      const cpus = (topology as { coresPerLlc: number }).coresPerLlc;
      it(`wake/wait ping-pong completes all ${N} rounds on ${cpus} CPU(s) (${name})`, () => {
        const r = sim({ topology, durationNs: 200 * MS, tasks: [pong, ping, hog('bg', { startNs: MS }, 5 * MS)] }, scheduler);
        expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
        const dead = new Set(ofType(r.events, 'task_dead').map((e) => e.pid));
        expect(dead.has(pidOf(r.events, 'ping'))).toBe(true);
        expect(dead.has(pidOf(r.events, 'pong'))).toBe(true);
      });

      it(`sleep/wake: a sleeper is woken after every one of its 100 sleeps on ${cpus} CPU(s) (${name})`, () => {
        // scx_simple never preempts a running hog (20 ms slices), so give every scheduler room for 100 rounds.
        const r = sim({ topology, durationNs: 3000 * MS, tasks: [sleeper, hog('bg', { startNs: MS }, 5 * MS)] }, scheduler);
        const s = pidOf(r.events, 'sleeper');
        expect(ofType(r.events, 'block').filter((e) => e.pid === s && e.why === 'sleep')).toHaveLength(100);
        expect(ofType(r.events, 'wake').filter((e) => e.pid === s && e.t > MS)).toHaveLength(100);
        expect(ofType(r.events, 'task_dead').some((e) => e.pid === s)).toBe(true);
      });
    }
  }
});

describe('affinity', () => {
  for (const [name, scheduler] of SCHEDULERS) {
    it(`fork children inherit the parent's cpumask and only run there (${name})`, () => {
      const child: TaskSpec = { comm: 'child', program: [{ op: 'loop', times: 5, body: [{ op: 'run', ns: MS }, { op: 'sleep', ns: MS }] }, { op: 'exit' }] };
      const r = sim({ topology: smpTopology(4), durationNs: 50 * MS, tasks: [
        { comm: 'parent', cpumask: [1, 2], startNs: MS, program: [{ op: 'loop', times: 3, body: [{ op: 'fork', child }, { op: 'run', ns: MS }] }, { op: 'exit' }] },
        hog('bg1', { startNs: MS }), hog('bg2', { startNs: MS })] }, scheduler);
      const children = ofType(r.events, 'task_new').filter((e) => e.comm === 'child');
      expect(children).toHaveLength(3);
      for (const c of children) {
        expect(c.cpumask).toBe('1-2');
        const runs = ofType(r.events, 'switch').filter((e) => e.next === c.pid);
        expect(runs.length).toBeGreaterThan(0);
        for (const e of runs) expect([1, 2]).toContain(e.cpu);
      }
    });

    it(`a task pinned to CPU 2 only ever runs on CPU 2 (${name})`, () => {
      const r = sim({ topology: smpTopology(4), durationNs: 200 * MS, tasks: [
        { comm: 'pinned', cpumask: [2], startNs: MS, program: [{ op: 'loop', body: [{ op: 'run', ns: 700 * US }, { op: 'sleep', ns: 300 * US }] }] },
        ...['a', 'b', 'c', 'd', 'e'].map((c) => hog(c, { startNs: MS }, 3 * MS))] }, scheduler);
      const pinned = pidOf(r.events, 'pinned');
      const runs = ofType(r.events, 'switch').filter((e) => e.next === pinned);
      // scx_simple lets a hog keep CPU 2 for a whole 20 ms slice, so only a few runs fit in 200 ms.
      expect(runs.length).toBeGreaterThan(5);
      for (const e of runs) expect(e.cpu).toBe(2);
      expect(ofType(r.events, 'migrate').filter((e) => e.pid === pinned && e.to !== 2)).toEqual([]);
    });
  }
});

describe('CPU hotplug (reference §4.9)', () => {
  const hotplugScenario = (tasks: readonly TaskSpec[]) => ({
    topology: smpTopology(4), durationNs: 100 * MS,
    tasks,
    faults: [
      { atNs: 20 * MS, kind: 'hotplug' as const, cpu: 1, online: false },
      { atNs: 60 * MS, kind: 'hotplug' as const, cpu: 1, online: true },
    ],
  });
  const hogs = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => hog(c, { startNs: MS }, 4 * MS));

  function checkOffline(r: ReturnType<typeof sim>): void {
    const off = r.events.findIndex((e) => e.type === 'cpu' && !e.online);
    const on = r.events.findIndex((e) => e.type === 'cpu' && e.online);
    expect(off).toBeGreaterThan(0);
    expect(on).toBeGreaterThan(off);
    // Something was running on CPU 1 before it went offline.
    expect(ofType(r.events.slice(0, off), 'switch').some((e) => e.cpu === 1 && e.next !== 0)).toBe(true);
    // While offline nothing runs there, and no task is placed on it.
    const offline = r.events.slice(off + 1, on);
    expect(offline.filter((e) => e.type === 'switch' && e.cpu === 1 && e.next !== 0)).toEqual([]);
    // Once the offline step (everything at its instant) is done, no live task is placed on CPU 1.
    const offAt = (r.events[off] as { t: number }).t;
    const afterStep = r.events.findIndex((e, i) => i > off && e.t > offAt);
    const places = new Map<number, { place: string; cpu: number }>();
    for (const e of r.events.slice(0, afterStep)) if (e.type === 'place') places.set(e.pid, e);
    for (const p of places.values()) if (p.place !== 'sleep' && p.place !== 'dead') expect(p.cpu).not.toBe(1);
    for (const e of offline) if (e.type === 'place') expect(e.cpu).not.toBe(1);
    // After it comes back, it is used again.
    expect(ofType(r.events.slice(on), 'switch').some((e) => e.cpu === 1 && e.next !== 0)).toBe(true);
  }

  it('offline moves fair tasks off the CPU and nothing runs there until it is back (eevdf)', () => {
    const r = sim(hotplugScenario(hogs), null);
    checkOffline(r);
  });

  it('offline moves ext tasks off the CPU when the scheduler implements cpu_online/cpu_offline (no exit)', () => {
    const s = sched('hotplugAware', () => ({
      enqueue(ctx, p, flags) { ctx.dsqInsert(p, SCX_DSQ_GLOBAL, 3 * MS, flags); },
      cpuOnline() {}, cpuOffline() {},
    }));
    const r = sim(hotplugScenario(hogs), s);
    expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
    checkOffline(r);
    expect(ofType(r.events, 'op').filter((e) => e.op === 'cpu_offline' || e.op === 'cpu_online').map((e) => `${e.op}:${e.cpu}`))
      .toEqual(['cpu_offline:1', 'cpu_online:1']);
  });

  it('a scheduler without cpu_online/cpu_offline exits with SCX_EXIT_UNREG_KERN "cpu 1 going offline, exiting scheduler" (reference §4.9)', () => {
    const r = sim(hotplugScenario(hogs), simple);
    expect(r.document.exit).toEqual({ kind: 'SCX_EXIT_UNREG_KERN', reason: 'unregistered from the main kernel',
      msg: 'cpu 1 going offline, exiting scheduler' });
    checkOffline(r);
  });
});
