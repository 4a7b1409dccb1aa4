// Goal: no-lost-task catches a task that vanishes or is left in sched_ext custody across an exit, and is
// quiet on correct runs. Method: hand-made traces; a kernel-model instance whose disable path forgets the
// tasks sitting in a user DSQ or BPF custody (the canary DESIGN.md names); the unbroken model on the same
// scenario as the control.
import { describe, expect, it } from 'vitest';
import { SCX_DISABLE_TASK_NS, SCX_DISABLE_WORK_LATENCY_NS } from '../../model/kernel/constants.ts';
import { DEAD_REAPPEARS, LEFT_IN_SCX, NO_PLACE, noLostTask, WRONG_CLASS_PLACE } from '../../properties/noLostTask.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import simple from '../../schedulers/simple.ts';
import { ev, judgeTrace, MS, runBroken } from './traces.ts';

const hogs: Scenario = {
  formatVersion: 1, name: 'hogs', description: '4 hogs on 2 CPUs, unregistered at 50 ms',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, durationNs: 100 * MS, quietNs: 100 * MS,
  tasks: [0, 1, 2, 3].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop', body: [{ op: 'run', ns: 7 * MS }] }] })),
  faults: [{ atNs: 50 * MS, kind: 'unregister' }], expect: { exit: 'SCX_EXIT_UNREG' },
};

describe('no-lost-task', () => {
  it('should pass a task that moves from place to place and dies', () => {
    const suite = judgeTrace([ev.taskNew(0, 100), ev.place(0, 100, 'sleep'), ev.place(1, 100, 'fair', 0),
      ev.place(2, 100, 'run', 0), ev.place(3, 100, 'dead'), ev.dead(3, 100), ev.place(4, 101, 'sleep')], [noLostTask]);
    expect(suite.violations).toEqual([]);
  });

  it.each([
    ['a task created without a place', [ev.taskNew(0, 100), ev.taskNew(1, 101), ev.place(1, 101, 'sleep')], NO_PLACE, 0],
    ['a fair task waiting in a DSQ', [ev.scx(0, 'ENABLED'), ev.taskNew(0, 100), ev.place(0, 100, 'global', -1, 1),
      ev.place(1, 100, 'sleep')], WRONG_CLASS_PLACE, 0],
    ['a dead task with a place again', [ev.taskNew(0, 100), ev.place(0, 100, 'dead'), ev.dead(0, 100), ev.place(2, 100, 'fair', 0),
      ev.place(3, 100, 'sleep')], DEAD_REAPPEARS, 2],
    ['a task left in BPF custody after the exit', [ev.scx(0, 'ENABLED'), ev.taskNew(0, 100, { cls: 'ext' }), ev.place(0, 100, 'bpf'),
      ev.scx(5, 'DISABLING'), ev.scx(5, 'DISABLED'), ev.place(6, 101, 'sleep')], LEFT_IN_SCX, 5],
  ] as const)('should catch %s', (_what, events, reason, atNs) => {
    const suite = judgeTrace(events, [noLostTask]);
    expect(suite.violations.map((v) => [v.reason, v.atNs])).toEqual([[reason, atNs]]);
  });

  it('should pass the real model across an unregister (control)', () => {
    const { document } = runScenario({ scenario: hogs, scheduler: simple, seed: 1, properties: [noLostTask] });
    expect(document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG']);
    expect(document.violations).toEqual([]);
  });

  it('should catch a kernel model whose disable path forgets the tasks in sched_ext custody', () => {
    // Broken: once an exit is claimed, the bypass cycle and the class switch skip every task queued in a
    // user DSQ or BPF custody, so they stay there after the scheduler is gone (reference §4.4 says the
    // disable path reclaims them).
    const { first } = runBroken(hogs, simple, [noLostTask], (k) => {
      const changeTask = k.changeTask.bind(k);
      k.changeTask = (p, mutate) => {
        if (k.scx.aborting && (p.place === 'user' || p.place === 'bpf')) return;
        changeTask(p, mutate);
      };
    });
    expect(first?.property).toBe('no-lost-task');
    expect(first?.reason).toBe(LEFT_IN_SCX);
    // Judged when the disable work ends: its start latency plus SCX_DISABLE_TASK_NS per task walked.
    expect(first?.atNs).toBeGreaterThan(50 * MS + SCX_DISABLE_WORK_LATENCY_NS);
    expect(first?.atNs).toBeLessThanOrEqual(50 * MS + SCX_DISABLE_WORK_LATENCY_NS + 8 * SCX_DISABLE_TASK_NS);
  });
});
