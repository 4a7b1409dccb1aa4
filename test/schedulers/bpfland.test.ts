// scx_bpfland as a shipped scheduler (reference §6.4, with §3.2 PRIQ DSQs, §3.9 default idle selection,
// §3.10 scx_bpf_reenqueue_local and §1.3 cpu_release): it stays loaded on the shipped scenarios, gives a
// frequently sleeping task lower wait latency than scx_simple, shares CPU time by weight, keeps CPUs busy
// while work waits, and reacts to a higher class taking a CPU.
import { describe, expect, it } from 'vitest';
import { SCX_ENQ_REENQ } from '../../model/kernel/scxFlags.ts';
import { smpTopology } from '../../model/kernel/topology.ts';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import { findScenario, SCENARIOS } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import bpfland from '../../schedulers/bpfland.ts';
import { findScheduler, realSchedulers } from '../../schedulers/index.ts';
import simple from '../../schedulers/simple.ts';
import { hog, MS, ofType, ops, pidOf, US, type MiniScenario } from '../helpers/sim.ts';
import { bpfExpectedExit, longestIdleWhileWaiting, run } from './shared.ts';

function mixedBasic() {
  const sc = findScenario('mixed-basic');
  if (!sc) throw new Error('mixed-basic is not shipped');
  return sc;
}

describe('scx_bpfland: registration and shipped scenarios (reference §6.4)', () => {
  it('is registered as a real (non-canary) scheduler with the 5 s STARVATION_MS watchdog timeout', () => {
    expect(findScheduler('bpfland')).toBe(bpfland);
    expect(realSchedulers().map((s) => s.name)).toContain('bpfland');
    const r = run({ topology: smpTopology(1), durationNs: 2 * MS, tasks: [hog('a')] }, bpfland);
    expect(ofType(r.events, 'scx_state').find((e) => e.scheduler === 'bpfland')?.timeoutNs).toBe(5000 * MS);
  });

  for (const sc of SCENARIOS.filter((s) => s.schedulerKinds?.includes('sched_ext') ?? true)) {
    const { kind, scenarioExpectationApplies } = bpfExpectedExit(sc);
    it(`${sc.name}: first exit is ${kind}`, () => {
      const { document } = runScenario({ scenario: sc, scheduler: bpfland, seed: 7 });
      expect(document.exit.kind, document.exit.msg).toBe(kind);
      if (scenarioExpectationApplies) expect(document.violations).toEqual([]);
    });
  }

  it('same seed → same traceHash (determinism)', () => {
    const a = runScenario({ scenario: mixedBasic(), scheduler: bpfland, seed: 3 }).document;
    const b = runScenario({ scenario: mixedBasic(), scheduler: bpfland, seed: 3 }).document;
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.events).toBe(a.events);
    expect(b.metrics).toEqual(a.metrics);
  });
});

describe('scx_bpfland: deadlines favour frequent sleepers (reference §6.4)', () => {
  it('on mixed-basic the interactive tasks wait less than under scx_simple', () => {
    const b = runScenario({ scenario: mixedBasic(), scheduler: bpfland, seed: 7 }).document;
    const s = runScenario({ scenario: mixedBasic(), scheduler: simple, seed: 7 }).document;
    expect(b.exit.kind).toBe('SCX_EXIT_NONE');
    const ui = (doc: typeof b) => doc.metrics.tasks.filter((t) => t.comm.startsWith('ui'));
    expect(ui(b).length).toBe(3);
    for (const t of ui(b)) {
      const other = ui(s).find((u) => u.comm === t.comm);
      if (!other) throw new Error(`no ${t.comm} under simple`);
      // The hogs saturate the CPUs: under scx_simple a waking task waits for a 20 ms slice to end;
      // under bpfland slices are ≤ 1 ms and the sleeper's small awake_vtime puts it first.
      expect(t.waitP99Ns).toBeLessThan(other.waitP99Ns / 2);
      expect(t.waitP50Ns).toBeLessThan(other.waitP50Ns);
      expect(t.waitMaxNs).toBeLessThanOrEqual(2 * MS);
    }
    // The hogs still get the rest of the machine.
    expect(b.metrics.utilisationPermille).toBeGreaterThanOrEqual(990);
  });
});

describe('scx_bpfland: weights (reference §6.4: vruntime charged used × 100 / weight)', () => {
  it('nice 0 hogs get about 100/33 ≈ 3× the CPU time of nice 5 hogs', () => {
    const tasks = [0, 1, 2].flatMap((i) => [hog(`n0_${i}`), hog(`n5_${i}`, { nice: 5 })]);
    const r = run({ topology: smpTopology(2), durationNs: 1000 * MS, tasks }, bpfland);
    expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
    const m = r.document.metrics.tasks;
    const sum = (prefix: string) => m.filter((t) => t.comm.startsWith(prefix)).reduce((s, t) => s + t.runNs, 0);
    const ratio = sum('n0_') / sum('n5_');
    expect(ratio).toBeGreaterThan(2.4);
    expect(ratio).toBeLessThan(3.6);
    // Equal weights get equal shares (within 5 %).
    for (const prefix of ['n0_', 'n5_']) {
      const runs = m.filter((t) => t.comm.startsWith(prefix)).map((t) => t.runNs);
      expect(Math.min(...runs) / Math.max(...runs)).toBeGreaterThan(0.95);
    }
  });
});

describe('scx_bpfland: work conservation (reference §6.4 select_cpu/enqueue idle pick, §3.8 SCX_KICK_IDLE)', () => {
  it('never leaves a task waiting while a CPU it may use is idle, on the shipped fault-free scenarios', () => {
    for (const name of ['mixed-basic', 'fork-storm']) {
      const sc = findScenario(name);
      if (!sc) throw new Error(`${name} is not shipped`);
      const events: TraceEvent[] = [];
      const { document, kernel } = runScenario({ scenario: sc, scheduler: bpfland, seed: 7,
        sinks: [{ event: (e) => events.push(e) }] });
      expect(document.exit.kind).toBe('SCX_EXIT_NONE');
      expect(longestIdleWhileWaiting(events, kernel.nrCpus), name).toMatchObject({ ns: 0 });
    }
  });

  // Per-CPU DSQs are drained only by their own CPU: a task the enqueue path sent to a CPU that still looked
  // idle (its idle bit is only cleared when it picks a task) waits there for at most one slice (≤ 1 ms
  // slice_max, ended at the next tick), even if another CPU goes idle meanwhile. Real bpfland does the same.
  it('…and with pinned tasks, sleepers and an RT hog, leaves work waiting on an idle CPU for at most one slice', () => {
    const mini: MiniScenario = {
      topology: smpTopology(4), durationNs: 300 * MS,
      tasks: [
        hog('a'), hog('b'), hog('pinned2', { cpumask: [2] }), hog('pair', { cpumask: [0, 1] }),
        ...[0, 1].map((i) => ({ comm: `io${i}`, program: [{ op: 'loop' as const,
          body: [{ op: 'run' as const, ns: [100 * US, 600 * US] as const }, { op: 'sleep' as const, ns: [1 * MS, 4 * MS] as const }] }] })),
      ],
      faults: [{ atNs: 100 * MS, kind: 'rtHog', cpu: 3, durationNs: 50 * MS }],
    };
    const r = run(mini, bpfland, {}, 5);
    expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
    expect(longestIdleWhileWaiting(r.events, r.kernel.nrCpus).ns).toBeLessThanOrEqual(1 * MS);
  });
});

describe('scx_bpfland: DSQs (reference §6.4, §3.2)', () => {
  it('queues a per-CPU task in its CPU\'s PRIQ DSQ (id = cpu) and the others in the node DSQ (id = nr_cpu_ids)', () => {
    const mini: MiniScenario = {
      topology: smpTopology(2), durationNs: 100 * MS,
      tasks: [hog('a'), hog('b'), hog('c'), hog('pinned', { cpumask: [1] })],
    };
    const r = run(mini, bpfland);
    expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
    const pinned = pidOf(r.events, 'pinned');
    const queued = ofType(r.events, 'place').filter((e) => e.place === 'user');
    // DSQs 0 and 1 are the per-CPU ones, 2 = nr_cpu_ids + node 0 the node DSQ (one node, see bpfland.ts).
    expect(new Set(queued.map((e) => e.dsq))).toEqual(new Set([0, 1, 2]));
    expect(queued.filter((e) => e.pid === pinned).every((e) => e.dsq === 1)).toBe(true);
    // Once the CPUs are busy, the others wait in the node DSQ …
    expect(queued.filter((e) => e.pid !== pinned && e.t > 10 * MS).every((e) => e.dsq === 2)).toBe(true);
    // Every task still gets CPU time: dispatch orders the per-CPU DSQ against the node DSQ by deadline.
    for (const t of r.document.metrics.tasks) expect(t.runNs).toBeGreaterThan(15 * MS);
  });
});

describe('scx_bpfland: cpu_release (reference §6.4, §1.3, §3.10)', () => {
  it('when an RT task takes a CPU, the ext task it preempted is re-enqueued (SCX_ENQ_REENQ) and runs elsewhere', () => {
    const mini: MiniScenario = {
      topology: smpTopology(2), durationNs: 200 * MS,
      tasks: [hog('a', {}, 1000 * MS), hog('b', {}, 1000 * MS)],
      // Between two ticks, so the preempted hog still has slice left and is put back on CPU 1's local DSQ.
      faults: [{ atNs: 50 * MS + 500 * US, kind: 'rtHog', cpu: 1, durationNs: 100 * MS }],
    };
    const r = run(mini, bpfland);
    expect(r.document.exit.kind).toBe('SCX_EXIT_NONE');
    const at = 50 * MS + 500 * US;
    const release = ops(r.events, 'cpu_release').find((e) => e.cpu === 1);
    expect(release?.t).toBe(at);
    const reenq = ops(r.events, 'enqueue').filter((e) => e.t === at && (e.arg & SCX_ENQ_REENQ) !== 0);
    expect(reenq.length).toBe(1);
    // Both hogs share CPU 0 while the RT hog holds CPU 1: neither waits anywhere near 100 ms.
    for (const comm of ['a', 'b']) {
      const t = r.document.metrics.tasks.find((m) => m.comm === comm);
      expect(t?.waitMaxNs).toBeLessThanOrEqual(2 * MS);
      expect(t?.runNs).toBeGreaterThan(110 * MS);
    }
  });
});
