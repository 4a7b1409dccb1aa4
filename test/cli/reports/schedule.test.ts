// Goal: the schedule the reports draw (cli/reports/schedule.ts) is what the trace says: running slices per
// CPU from `switch`, a task's wait from becoming runnable to running/sleeping with a step per place, DSQ
// depths and BPF custody from `place`, the rustland rings from `handoff` steps (every message reclaimed at
// scx_state DISABLING, as the handoff statechart ends them), and a bounded intake. Method: hand-made events.
import { describe, expect, it } from 'vitest';
import { ScheduleSink } from '../../../cli/reports/schedule.ts';
import { SCX_DSQ_GLOBAL } from '../../../model/kernel/dsqId.ts';
import type { TraceEvent } from '../../../model/kernel/trace.ts';

const task = (pid: number, comm: string): TraceEvent =>
  ({ t: 0, type: 'task_new', pid, comm, parent: 0, policy: 'NORMAL', nice: 0, weight: 1024, cpumask: '0-1', kthread: false, cls: 'ext' });

function feed(events: readonly TraceEvent[], endNs: number, sink = new ScheduleSink(new Map([[0, 'SHARED_DSQ']]))): ScheduleSink {
  for (const e of events) sink.event(e);
  sink.end(endNs);
  return sink;
}

describe('ScheduleSink', () => {
  it('should cut running slices at switches and waits at the place where the task runs or sleeps', () => {
    const s = feed([
      task(100, 'a'), task(101, 'b'),
      { t: 0, type: 'place', pid: 100, place: 'global', cpu: -1, dsq: SCX_DSQ_GLOBAL },
      { t: 0, type: 'place', pid: 101, place: 'user', cpu: -1, dsq: 0 },
      { t: 10, type: 'place', pid: 100, place: 'local', cpu: 1, dsq: -1 },
      { t: 15, type: 'place', pid: 100, place: 'run', cpu: 1, dsq: -1 },
      { t: 15, type: 'switch', cpu: 1, prev: 0, next: 100, cls: 'ext' },
      { t: 40, type: 'switch', cpu: 1, prev: 100, next: 0, cls: 'idle' },
      { t: 40, type: 'place', pid: 100, place: 'sleep', cpu: -1, dsq: -1 },
      { t: 50, type: 'place', pid: 101, place: 'sleep', cpu: -1, dsq: -1 },
    ], 100);
    expect(s.cpus).toBe(2);
    expect(s.slices).toEqual([{ cpu: 1, pid: 100, cls: 'ext', startNs: 15, endNs: 40 }]);
    expect(s.waits).toEqual([
      { pid: 100, startNs: 0, endNs: 15, ended: 'run', steps: [
        { place: 'global', where: 'SCX_DSQ_GLOBAL', startNs: 0, endNs: 10 },
        { place: 'local', where: 'local DSQ of cpu 1', startNs: 10, endNs: 15 }] },
      { pid: 101, startNs: 0, endNs: 50, ended: 'sleep', steps: [{ place: 'user', where: 'DSQ SHARED_DSQ', startNs: 0, endNs: 50 }] },
    ]);
    expect(s.counters.get('DSQ SCX_DSQ_GLOBAL')).toEqual([{ t: 0, value: 1 }, { t: 10, value: 0 }]);
    expect(s.counters.get('DSQ local cpu 1')).toEqual([{ t: 10, value: 1 }, { t: 15, value: 0 }]);
    expect(s.counters.get('DSQ SHARED_DSQ')).toEqual([{ t: 0, value: 1 }, { t: 50, value: 0 }]);
  });

  it('should count messages in the rustland rings and empty them at DISABLING', () => {
    const h = (t: number, step: 'queued' | 'dequeued' | 'submitted' | 'inserted', enqCnt = 1): TraceEvent =>
      ({ t, type: 'handoff', pid: 100, enqCnt, step, cpu: 0 });
    const s = feed([task(100, 'a'), h(1, 'queued'), h(2, 'queued', 2), h(3, 'dequeued'), h(4, 'submitted'), h(5, 'inserted'),
      { t: 9, type: 'scx_state', state: 'DISABLING', scheduler: 'rustland', timeoutNs: 0 }], 10);
    expect(s.counters.get('queued ring (messages)')).toEqual([{ t: 1, value: 1 }, { t: 2, value: 2 }, { t: 3, value: 1 }, { t: 9, value: 0 }]);
    expect(s.counters.get('dispatched ring (decisions)')).toEqual([{ t: 1, value: 0 }, { t: 4, value: 1 }, { t: 5, value: 0 }]);
    expect(s.instants.map((i) => i.name)).toEqual(['scx_state DISABLING']);
  });

  it('should stop taking events at its bound and say where', () => {
    const sink = new ScheduleSink(new Map(), 3);
    const s = feed([task(100, 'a'),
      { t: 5, type: 'switch', cpu: 0, prev: 0, next: 100, cls: 'ext' },
      { t: 7, type: 'fault', fault: 'userschedCrash', cpu: -1, pid: 0 },
      { t: 9, type: 'switch', cpu: 0, prev: 100, next: 0, cls: 'idle' }], 20, sink);
    expect(s.truncatedAtNs).toBe(9);
    expect(s.endNs).toBe(9);
    expect(s.slices).toEqual([{ cpu: 0, pid: 100, cls: 'ext', startNs: 5, endNs: 9 }]);
  });
});
