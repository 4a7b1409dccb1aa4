// scx_rustland (reference §6.1) on scx_rustland_core: the shipped usersched scenarios (§5.9, §5.6), its
// policy — deadline = vruntime + exec_runtime gives sleepers lower latency than hogs and than a FIFO,
// weights scale CPU share — and determinism.
import { beforeAll, describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { findScheduler, realSchedulers } from '../../schedulers/index.ts';
import rlfifo from '../../schedulers/rlfifo.ts';
import rustland from '../../schedulers/rustland.ts';
import { describeUserschedScenarios } from './rustland-core/scenarioSuite.ts';
import { MS } from './rustland-core/helpers.ts';

describeUserschedScenarios(rustland);

const hog = (comm: string, nice = 0) => ({ comm, nice, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 50 * MS }] }] });
const mini = (name: string, cpus: number, tasks: Scenario['tasks']): Scenario => ({ formatVersion: 1, name,
  description: name, topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: cpus, threadsPerCore: 1 },
  durationNs: 500 * MS, quietNs: 0, tasks, expect: { exit: 'none' } });

describe('scx_rustland policy (reference §6.1)', () => {
  it('is registered as a real user-space scheduler with the reference defaults', () => {
    expect(findScheduler('rustland')).toBe(rustland);
    expect(realSchedulers()).toContain(rustland);
    expect(rustland.kind).toBe('userspace');
    expect(rustland.options['sliceUs']?.default).toBe(20_000);
    expect(rustland.options['sliceUsMin']?.default).toBe(1_000);
  });

  // 2 CPUs, 4 CPU hogs and one task that runs 200 µs and sleeps 1–3 ms.
  const contended = mini('interactive', 2, [hog('h0'), hog('h1'), hog('h2'), hog('h3'), { comm: 'inter',
    program: [{ op: 'loop', body: [{ op: 'run', ns: 200_000 }, { op: 'sleep', ns: [1 * MS, 3 * MS] }] }] }]);
  let rl: ReturnType<typeof runScenario>['document'];
  let fifo: ReturnType<typeof runScenario>['document'];
  beforeAll(() => {
    rl = runScenario({ scenario: contended, scheduler: rustland, seed: 1 }).document;
    fifo = runScenario({ scenario: contended, scheduler: rlfifo, seed: 1 }).document;
  });
  const task = (doc: typeof rl, comm: string) => {
    const t = doc.metrics.tasks.find((x) => x.comm === comm);
    if (!t) throw new Error(`no task ${comm}`);
    return t;
  };

  it('an interactive sleeper waits less than the CPU hogs (exec_runtime term of the deadline)', () => {
    expect(rl.exit.kind).toBe('SCX_EXIT_NONE');
    const inter = task(rl, 'inter');
    for (const h of ['h0', 'h1', 'h2', 'h3']) {
      expect(inter.waitP50Ns, h).toBeLessThan(task(rl, h).waitP50Ns);
      expect(inter.waitP99Ns, h).toBeLessThan(task(rl, h).waitP99Ns);
    }
  });

  it('the same sleeper waits less under rustland than under rlfifo on the same scenario', () => {
    expect(fifo.exit.kind).toBe('SCX_EXIT_NONE');
    expect(task(rl, 'inter').waitP50Ns).toBeLessThan(task(fifo, 'inter').waitP50Ns);
    expect(task(rl, 'inter').waitP99Ns).toBeLessThan(task(fifo, 'inter').waitP99Ns);
    expect(task(rl, 'inter').runNs).toBeGreaterThan(task(fifo, 'inter').runNs);
  });

  it('nice weights move CPU share in the expected direction (vslice = used × 100 / weight, slice ∝ weight)', () => {
    const sc = mini('nice', 1, [hog('n0', 0), hog('n5', 5), hog('nm5', -5)]);
    const doc = runScenario({ scenario: sc, scheduler: rustland, seed: 1 }).document;
    expect(doc.exit.kind).toBe('SCX_EXIT_NONE');
    const share = (comm: string) => task(doc, comm).cpuShare;
    expect(share('nm5')).toBeGreaterThan(share('n0'));
    expect(share('n0')).toBeGreaterThan(share('n5'));
  });

  it('is deterministic: same seed twice → same traceHash', () => {
    const sc = findScenario('usersched-slow') as Scenario;
    const a = runScenario({ scenario: sc, scheduler: rustland, seed: 5 }).document;
    const b = runScenario({ scenario: sc, scheduler: rustland, seed: 5 }).document;
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.events).toBe(a.events);
  });
});
