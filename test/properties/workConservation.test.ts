// Goal: work-conservation catches an idle CPU overlapping a waiting task allowed on it for longer than the
// tolerance, in the quiet phase only, and exempts tasks not allowed there, RT tasks and migration-disabled
// tasks. Method: hand-made traces (2 CPUs; fault phase 10 ms).
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import { IDLE_WITH_WORK, workConservation } from '../../properties/workConservation.ts';
import { ev, judgeTrace, MS, traceScenario } from './traces.ts';

/** CPU 0 runs task 99, CPU 1 idles; task 100 (cpumask `mask`) waits on CPU 0's queue from `from` to `to`. */
function overlap(from: number, to: number, mask = '0-1', extra: { cls?: 'rt' | 'fair'; comm?: string } = {}): TraceEvent[] {
  return [ev.taskNew(0, 99), ev.switch(0, 0, 0, 99, 'fair'), ev.place(0, 99, 'run', 0), ev.switch(0, 1, 0, 0),
    ev.taskNew(0, 100, { cpumask: mask, ...extra }), ev.place(from, 100, extra.cls === 'rt' ? 'rt' : 'fair', 0),
    ev.place(to, 99, 'sleep'), ev.switch(to, 0, 99, 100, 'fair'), ev.place(to, 100, 'run', 0)];
}

describe('work-conservation', () => {
  it('should catch an idle CPU while an allowed task waits longer than the tolerance', () => {
    const suite = judgeTrace(overlap(20 * MS, 50 * MS), [workConservation]);
    expect(suite.violations.map((v) => [v.reason, v.atNs])).toEqual([[IDLE_WITH_WORK, 40 * MS]]);
  });

  it('should catch it while both still last (periodic check)', () => {
    const events = [ev.taskNew(0, 99), ev.switch(0, 0, 0, 99, 'fair'), ev.place(0, 99, 'run', 0), ev.taskNew(0, 100),
      ev.place(20 * MS, 100, 'fair', 0), ev.taskNew(60 * MS, 101)];
    expect(judgeTrace(events, [workConservation]).violations.map((v) => v.atNs)).toEqual([40 * MS]);
  });

  it.each([
    ['a wait within the tolerance', overlap(20 * MS, 35 * MS)],
    ['a task not allowed on the idle CPU', overlap(20 * MS, 90 * MS, '0')],
    ['an RT task (no RT balancing in the model)', overlap(20 * MS, 90 * MS, '0-1', { cls: 'rt' })],
    ['a wait during the fault phase', overlap(0, 9 * MS)],
  ] as const)('should pass %s', (_what, events) => {
    expect(judgeTrace(events, [workConservation]).violations).toEqual([]);
  });

  it('should exempt migration-disabled tasks named in the scenario', () => {
    const scenario = traceScenario({ tasks: [{ comm: 'md', migrationDisabled: true, program: [{ op: 'run', ns: MS }] }] });
    expect(judgeTrace(overlap(20 * MS, 90 * MS, '0-1', { comm: 'md' }), [workConservation], { scenario }).violations).toEqual([]);
  });

  it('should take the tolerance from the scenario', () => {
    const scenario = traceScenario({ properties: { bounds: { 'work-conservation': 5 * MS } } });
    expect(judgeTrace(overlap(20 * MS, 35 * MS), [workConservation], { scenario }).violations.map((v) => v.atNs)).toEqual([25 * MS]);
  });
});
