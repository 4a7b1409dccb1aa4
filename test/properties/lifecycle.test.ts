// Goal: lifecycle reports the statecharts' first rejection as a violation at its simulated time, and works
// with any checker behind the interface. Method: a hand-made trace the task-lifecycle machine refuses; a
// stub checker; a kernel-model instance whose disable path skips ops.disable (ENABLED → NONE); the
// unbroken model as the control.
import { describe, expect, it, vi } from 'vitest';
import { SCX_DISABLE_TASK_NS, SCX_DISABLE_WORK_LATENCY_NS } from '../../model/kernel/constants.ts';
import { ConformanceChecker } from '../../model/statecharts/conformance.ts';
import { lifecycle, lifecycleProperty, NONCONFORMING } from '../../properties/lifecycle.ts';
import { PropertySuite } from '../../properties/suite.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import simple from '../../schedulers/simple.ts';
import { ev, judgeTrace, MS, runBroken, traceScenario } from './traces.ts';

const scenario: Scenario = {
  formatVersion: 1, name: 'unload', description: '3 tasks on 2 CPUs, unregistered at 20 ms',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, durationNs: 40 * MS, quietNs: 20 * MS,
  tasks: [0, 1, 2].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop', body: [{ op: 'run', ns: 3 * MS }] }] })),
  faults: [{ atNs: 20 * MS, kind: 'unregister' }], expect: { exit: 'SCX_EXIT_UNREG' },
};

describe('lifecycle', () => {
  it('should report a task enabled without ops.init_task as a violation at its time', () => {
    const suite = judgeTrace([ev.scx(0, 'ENABLING'), ev.taskNew(0, 100), ev.place(0, 100, 'sleep'), ev.taskState(2, 100, 'ENABLED'),
      ev.place(3, 100, 'fair', 0)], [lifecycle]);
    expect(suite.violations.map((v) => [v.property, v.reason, v.atNs])).toEqual([['lifecycle', NONCONFORMING, 2]]);
    expect(suite.violations[0]?.detail).toContain('taskLifecycle');
  });

  it('should wrap any checker behind the interface', () => {
    const property = lifecycleProperty(() => ({
      event: (e) => (e.type === 'switch' ? { atNs: e.t, machine: 'stub', detail: 'no switches allowed' } : null),
    }));
    const suite = judgeTrace([ev.taskNew(0, 100), ev.place(0, 100, 'fair', 0), ev.switch(4, 0, 0, 100, 'fair')], [property]);
    expect(suite.violations.map((v) => [v.atNs, v.detail])).toEqual([[4, 'stub: no switches allowed']]);
  });

  it('should read the run\'s own statechart checker instead of replaying the trace a second time', () => {
    // One replay per run (issue 14): the shared checker is the runner's conformance sink, fed before the
    // suite. Here the test feeds it; the property must only read its verdict, same text and time.
    const shared = new ConformanceChecker();
    const feed = ConformanceChecker.prototype.event;
    let stepped = 0;
    const spy = vi.spyOn(ConformanceChecker.prototype, 'event').mockImplementation(function (this: ConformanceChecker, e) {
      stepped++;
      feed.call(this, e);
    });
    const suite = new PropertySuite({ scenario: traceScenario(), schedulerKind: 'sched_ext', properties: [lifecycle], conformance: shared });
    const trace = [ev.scx(0, 'ENABLING'), ev.taskNew(0, 100), ev.place(0, 100, 'sleep'), ev.taskState(2, 100, 'ENABLED'), ev.place(3, 100, 'fair', 0)];
    for (const e of trace) { shared.event(e); suite.event(e); }
    suite.end(3);
    spy.mockRestore();
    expect(stepped).toBe(trace.length);
    expect(suite.violations.map((v) => [v.property, v.reason, v.atNs, v.detail]))
      .toEqual([['lifecycle', NONCONFORMING, 2, `taskLifecycle: ${shared.violation?.reason}`]]);
    const alone = judgeTrace(trace, [lifecycle], { endNs: 3 });
    expect(alone.violations).toEqual(suite.violations);
  });

  it('should pass the real model across an unregister (control)', () => {
    expect(runScenario({ scenario, scheduler: simple, seed: 1, properties: [lifecycle] }).document.violations).toEqual([]);
  });

  it('should catch a kernel model whose disable path skips ops.disable', () => {
    const { first } = runBroken(scenario, simple, [lifecycle], (k) => {
      (k.scx as unknown as { disableTask: () => void }).disableTask = () => undefined;
    });
    expect(first?.property).toBe('lifecycle');
    // Found in the disable work's task walk: after its start latency, one SCX_DISABLE_TASK_NS per task.
    expect(first?.atNs).toBeGreaterThan(20 * MS + SCX_DISABLE_WORK_LATENCY_NS);
    expect(first?.atNs).toBeLessThanOrEqual(20 * MS + SCX_DISABLE_WORK_LATENCY_NS + 3 * SCX_DISABLE_TASK_NS);
  });
});
