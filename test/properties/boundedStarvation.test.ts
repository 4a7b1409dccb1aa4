// Goal: bounded-starvation judges waits in the quiet phase only, against the scenario's bound or the
// watchdog timeout in force, catches both a wait still going and one that ended too late, is inconclusive
// when the run ends first, and ignores the rustland family's user-space scheduler task. Method: hand-made
// traces (fault phase 10 ms, quiet phase 100 ms).
import { describe, expect, it } from 'vitest';
import { boundedStarvation, STARVED, UNDECIDED } from '../../properties/boundedStarvation.ts';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import { ev, judgeTrace, MS, traceScenario } from './traces.ts';

const bounded = (ns: number) => traceScenario({ properties: { bounds: { 'bounded-starvation': ns } } });
const waitFrom = (t: number): TraceEvent[] => [ev.taskNew(0, 100), ev.place(t, 100, 'fair', 0)];

describe('bounded-starvation', () => {
  it('should catch a wait longer than the bound in the quiet phase, at the moment it exceeds it', () => {
    const suite = judgeTrace([...waitFrom(20 * MS), ev.place(80 * MS, 101, 'sleep')], [boundedStarvation], { scenario: bounded(30 * MS) });
    expect(suite.violations.map((v) => [v.reason, v.atNs])).toEqual([[STARVED, 50 * MS]]);
  });

  it('should catch a wait that ended too late', () => {
    const suite = judgeTrace([...waitFrom(20 * MS), ev.place(60 * MS, 100, 'run', 0)], [boundedStarvation], { scenario: bounded(30 * MS) });
    expect(suite.violations.map((v) => v.atNs)).toEqual([50 * MS]);
  });

  it('should count a wait from the start of the quiet phase, not during the faults', () => {
    const suite = judgeTrace([...waitFrom(0), ev.place(35 * MS, 100, 'run', 0)], [boundedStarvation], { scenario: bounded(30 * MS) });
    expect(suite.violations).toEqual([]);
  });

  it('should default to the watchdog timeout in force', () => {
    const events = [ev.scx(0, 'ENABLED', 40 * MS), ...waitFrom(20 * MS), ev.place(70 * MS, 101, 'sleep')];
    expect(judgeTrace(events, [boundedStarvation]).violations.map((v) => v.atNs)).toEqual([60 * MS]);
  });

  it('should be inconclusive when a task waited through the quiet phase without reaching the bound', () => {
    const suite = judgeTrace(waitFrom(5 * MS), [boundedStarvation], { scenario: bounded(500 * MS), endNs: 110 * MS });
    expect(suite.violations).toEqual([]);
    expect(suite.inconclusive.map((i) => i.reason)).toEqual([UNDECIDED]);
  });

  it('should leave the user-space scheduler task to usersched-progress', () => {
    const events = [...waitFrom(20 * MS), { t: 20 * MS, type: 'usersched', pid: 100, scheduler: 'rustland' } as TraceEvent,
      ev.place(80 * MS, 101, 'sleep')];
    expect(judgeTrace(events, [boundedStarvation], { scenario: bounded(30 * MS) }).violations).toEqual([]);
  });
});
