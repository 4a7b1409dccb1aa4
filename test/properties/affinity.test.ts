// Goal: affinity catches a task running outside its cpumask or on an offline CPU, and a runnable task
// queued for a CPU outside its cpumask. Method: hand-made traces; a kernel-model instance whose fair
// wake-up placement ignores the cpumask (run without sched_ext: eevdf); the unbroken model as control.
import { describe, expect, it } from 'vitest';
import { affinity, OFFLINE_CPU, OUTSIDE_CPUMASK, QUEUED_OUTSIDE } from '../../properties/affinity.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { ev, judgeTrace, MS, runBroken } from './traces.ts';

const pinned: Scenario = {
  formatVersion: 1, name: 'pinned', description: 'a task pinned to CPU 0 and a hog, 2 CPUs',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, durationNs: 30 * MS, quietNs: 30 * MS,
  tasks: [{ comm: 'hog', program: [{ op: 'loop', body: [{ op: 'run', ns: 5 * MS }] }] },
    { comm: 'pinned', cpumask: [0], program: [{ op: 'loop', body: [{ op: 'run', ns: MS }, { op: 'sleep', ns: 2 * MS }] }] }],
};

describe('affinity', () => {
  it('should pass a task running inside its cpumask, then after a change that moves it', () => {
    const suite = judgeTrace([ev.taskNew(0, 100, { cpumask: '0-1' }), ev.switch(0, 1, 0, 100), ev.place(0, 100, 'run', 1),
      ev.attr(2, 100, '0'), ev.switch(2, 1, 100, 0), ev.place(2, 100, 'fair', 0), ev.migrate(2, 100, 1, 0), ev.switch(3, 0, 0, 100),
      ev.place(3, 100, 'run', 0), ev.place(4, 100, 'sleep')], [affinity]);
    expect(suite.violations).toEqual([]);
  });

  it.each([
    ['outside its cpumask', [ev.taskNew(0, 100, { cpumask: '0' }), ev.switch(1, 1, 0, 100), ev.place(1, 100, 'run', 1),
      ev.place(2, 100, 'sleep')], OUTSIDE_CPUMASK],
    ['on an offline CPU', [ev.taskNew(0, 100), ev.switch(0, 1, 0, 100), ev.place(0, 100, 'run', 1), ev.cpu(1, 1, false),
      ev.place(2, 100, 'sleep')], OFFLINE_CPU],
    ['queued for a CPU outside its cpumask', [ev.taskNew(0, 100, { cpumask: '0-1' }), ev.migrate(0, 100, 0, 1),
      ev.place(0, 100, 'user', -1, 0), ev.attr(1, 100, '0'), ev.place(2, 100, 'sleep')], QUEUED_OUTSIDE],
  ] as const)('should catch a task %s', (_what, events, reason) => {
    expect(judgeTrace(events, [affinity]).violations.map((v) => v.reason)).toEqual([reason]);
  });

  it('should pass the real model (control)', () => {
    expect(runScenario({ scenario: pinned, scheduler: null, seed: 1, properties: [affinity] }).document.violations).toEqual([]);
  });

  it('should catch a kernel model whose fair wake-up placement ignores the cpumask', () => {
    const { first } = runBroken(pinned, null, [affinity], (k) => {
      k.selectFairCpu = (p) => (p.cpu + 1) % k.nrCpus;
    });
    expect(first?.property).toBe('affinity');
    expect([OUTSIDE_CPUMASK, QUEUED_OUTSIDE]).toContain(first?.reason);
  });
});
