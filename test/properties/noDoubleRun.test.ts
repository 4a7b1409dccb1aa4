// Goal: no-double-run catches a task on two CPUs and a CPU with two tasks. Method: hand-made traces; a
// kernel-model instance whose pick steals the task another CPU is running (a balance that forgets to check
// task_running); the unbroken model as the control.
import { describe, expect, it } from 'vitest';
import { CPU_RUNS_TWO, noDoubleRun, SWITCH_MISMATCH, TASK_ON_TWO_CPUS } from '../../properties/noDoubleRun.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import simple from '../../schedulers/simple.ts';
import { ev, judgeTrace, MS, runBroken } from './traces.ts';

const scenario: Scenario = {
  formatVersion: 1, name: 'two-cpus', description: 'a hog and a sleeper on 2 CPUs',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, durationNs: 50 * MS, quietNs: 50 * MS,
  tasks: [{ comm: 'hog', program: [{ op: 'loop', body: [{ op: 'run', ns: 5 * MS }] }] },
    { comm: 'ui', program: [{ op: 'loop', body: [{ op: 'run', ns: MS }, { op: 'sleep', ns: 3 * MS }] }] }],
};

describe('no-double-run', () => {
  it('should pass a task that migrates from one CPU to another', () => {
    const suite = judgeTrace([ev.taskNew(0, 100), ev.switch(0, 0, 0, 100), ev.place(0, 100, 'run', 0),
      ev.switch(1, 0, 100, 0), ev.place(1, 100, 'fair', 1), ev.switch(1, 1, 0, 100), ev.place(1, 100, 'run', 1), ev.place(2, 100, 'sleep'),
      ev.switch(2, 1, 100, 0)], [noDoubleRun]);
    expect(suite.violations).toEqual([]);
  });

  it('should catch a task switched in on a second CPU', () => {
    const suite = judgeTrace([ev.taskNew(0, 100), ev.switch(0, 0, 0, 100), ev.place(0, 100, 'run', 0),
      ev.switch(3, 1, 0, 100)], [noDoubleRun]);
    expect(suite.violations.map((v) => [v.reason, v.atNs])).toEqual([[TASK_ON_TWO_CPUS, 3]]);
  });

  it('should catch a CPU that runs one task while another is in place run there', () => {
    const suite = judgeTrace([ev.taskNew(0, 100), ev.taskNew(0, 101), ev.switch(0, 0, 0, 100), ev.place(0, 100, 'run', 0),
      ev.place(0, 101, 'run', 0), ev.place(1, 100, 'sleep')], [noDoubleRun]);
    expect(suite.violations.map((v) => [v.reason, v.atNs])).toEqual([[CPU_RUNS_TWO, 0]]);
  });

  it('should catch a switch away from a task the CPU was not running', () => {
    const suite = judgeTrace([ev.taskNew(0, 100), ev.switch(0, 0, 100, 0)], [noDoubleRun]);
    expect(suite.violations.map((v) => v.reason)).toEqual([SWITCH_MISMATCH]);
  });

  it('should pass the real model (control)', () => {
    expect(runScenario({ scenario, scheduler: simple, seed: 1, properties: [noDoubleRun] }).document.violations).toEqual([]);
  });

  it('should catch a kernel model whose pick steals a task running on another CPU', () => {
    const { first } = runBroken(scenario, simple, [noDoubleRun], (k) => {
      const pick = k.scx.pick.bind(k.scx);
      k.scx.pick = (cpu, prev) => pick(cpu, prev) ??
        k.cpus.find((other) => other !== cpu && other.curr !== null && other.curr.cls === 'ext')?.curr ?? null;
    });
    expect(first?.property).toBe('no-double-run');
    expect(first?.reason).toBe(TASK_ON_TWO_CPUS);
  });
});
