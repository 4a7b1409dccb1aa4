// Goal: every liveness violation says what caused it (issue 10, item 14): the task's place and class at the
// moment the bound was crossed — not at the later event that revealed it, which can come seconds later in
// another class — and what held the CPUs it could run on while it waited (which tasks, which class, a
// deadline server, idle). Method: hand-made traces through the property suite (the world is rebuilt from
// the trace alone, DESIGN.md), fault phase 10 ms then the quiet phase.
import { describe, expect, it } from 'vitest';
import { boundedStarvation } from '../../properties/boundedStarvation.ts';
import { seamlessFallback } from '../../properties/seamlessFallback.ts';
import { workConservation } from '../../properties/workConservation.ts';
import { ev, judgeTrace, MS, traceScenario } from './traces.ts';

describe('cause attribution', () => {
  it('bounded-starvation: names the place and class at the bound, and who held the task\'s CPUs', () => {
    // t100 (ext, CPU 0 only) waits in user DSQ 0 from 20 ms; CPU 0 runs hog (ext) to 40 ms, then an RT hog.
    // The bound (30 ms) is crossed at 50 ms; the scheduler exits at 55 ms and t100 first runs, fair, at 2 s.
    const events = [
      ev.taskNew(0, 100, { cls: 'ext', cpumask: '0' }), ev.taskNew(0, 101, { cls: 'ext', comm: 'hog' }),
      ev.taskNew(0, 102, { cls: 'rt', comm: 'rt_hog/0', policy: 'FIFO', cpumask: '0' }),
      ev.switch(20 * MS, 0, 0, 101, 'ext'), ev.place(20 * MS, 101, 'run', 0), ev.place(20 * MS, 100, 'user', -1, 0),
      ev.switch(40 * MS, 0, 101, 102, 'rt'), ev.place(40 * MS, 102, 'run', 0),
      ev.cls(55 * MS, 100, 'fair'), ev.place(55 * MS, 100, 'fair', 0),
      ev.switch(2000 * MS, 0, 102, 100, 'fair'), ev.place(2000 * MS, 100, 'run', 0),
    ];
    const suite = judgeTrace(events, [boundedStarvation],
      { scenario: traceScenario({ properties: { bounds: { 'bounded-starvation': 30 * MS } } }) });
    expect(suite.violations.map((v) => v.atNs)).toEqual([50 * MS]);
    const detail = suite.violations[0]?.detail ?? '';
    expect(detail).toContain('at 50000000 ns it was in user dsq 0x0 (class ext)');
    expect(detail).toContain('from 20000000 ns its CPUs 0 ran: hog[101] ext 66.7%, rt_hog/0[102] rt 33.3%');
    expect(detail).not.toContain('class fair');
  });

  it('covers a whole wait through many thousand switches (logs trimmed only before the oldest open wait)', () => {
    const events = [ev.taskNew(0, 100, { cls: 'ext', cpumask: '0' }), ev.taskNew(0, 101, { cls: 'ext' }),
      ev.taskNew(0, 102, { cls: 'ext' })];
    // 10 000 switches on CPU 0 between t101 and t102, 10 us apart, from 0 to 100 ms; t100 waits from 20 ms.
    for (let i = 0; i < 10_000; i++) {
      if (i * 10_000 === 20 * MS) events.push(ev.place(20 * MS, 100, 'user', -1, 0));
      events.push(ev.switch(i * 10_000, 0, i === 0 ? 0 : 101 + ((i + 1) % 2), 101 + (i % 2)));
    }
    const suite = judgeTrace(events, [boundedStarvation],
      { scenario: traceScenario({ properties: { bounds: { 'bounded-starvation': 30 * MS } } }), endNs: 100 * MS });
    expect(suite.violations[0]?.detail).toContain('from 20000000 ns its CPUs 0 ran: t101[101] ext 50.0%, t102[102] ext 50.0%');
    expect(suite.violations[0]?.detail).not.toContain('reach back');
  });

  it('names a fair or ext task that runs over a waiting RT task as run by its deadline server', () => {
    const events = [
      ev.taskNew(0, 100, { cls: 'fair', cpumask: '0' }), ev.taskNew(0, 101, { cls: 'rt', comm: 'rt1', policy: 'FIFO' }),
      ev.taskNew(0, 102, { cls: 'fair', comm: 'served' }),
      ev.place(20 * MS, 100, 'fair', 0), ev.place(20 * MS, 101, 'rt', 0),
      ev.switch(20 * MS, 0, 0, 102, 'fair'), ev.place(20 * MS, 102, 'run', 0),
      ev.place(80 * MS, 102, 'sleep'), ev.switch(80 * MS, 0, 102, 0),
    ];
    const suite = judgeTrace(events, [boundedStarvation],
      { scenario: traceScenario({ properties: { bounds: { 'bounded-starvation': 30 * MS } } }), endNs: 90 * MS });
    expect(suite.violations[0]?.detail).toContain('ran: served[102] fair via deadline server 100.0%');
  });

  it('seamless-fallback: the place and class when the fallback bound ran out, and who held the CPUs', () => {
    // t100 (ext) waits from 5 ms; the scheduler exits at 20 ms; a fair hog keeps CPU 0 until 300 ms.
    const events = [
      ev.scx(0, 'ENABLED'), ev.taskNew(0, 100, { cls: 'ext', cpumask: '0' }), ev.taskNew(0, 101, { cls: 'fair', comm: 'hog' }),
      ev.place(5 * MS, 100, 'user', -1, 0), ev.switch(5 * MS, 0, 0, 101, 'fair'), ev.place(5 * MS, 101, 'run', 0),
      ev.scx(20 * MS, 'DISABLING'), ev.cls(20 * MS, 100, 'fair'), ev.place(20 * MS, 100, 'fair', 0), ev.scx(20 * MS, 'DISABLED'),
      ev.switch(300 * MS, 0, 101, 100, 'fair'), ev.place(300 * MS, 100, 'run', 0),
    ];
    const suite = judgeTrace(events, [seamlessFallback], { scenario: traceScenario({ quietNs: 400 * MS }) });
    expect(suite.violations.map((v) => v.atNs)).toEqual([120 * MS]);
    expect(suite.violations[0]?.detail).toContain(
      'at 120000000 ns it was in fair on cpu 0 (class fair); from 20000000 ns its CPUs 0 ran: hog[101] fair 100.0%');
  });

  it('work-conservation: adds where the task was and what its CPUs did', () => {
    const events = [
      ev.taskNew(0, 100, { cls: 'ext', cpumask: '0-1' }), ev.taskNew(0, 101, { cls: 'ext', comm: 'hog' }),
      ev.switch(0, 0, 0, 101, 'ext'), ev.place(0, 101, 'run', 0), ev.place(20 * MS, 100, 'user', -1, 7),
      ev.place(100 * MS, 100, 'sleep'),
    ];
    const suite = judgeTrace(events, [workConservation],
      { scenario: traceScenario({ properties: { bounds: { 'work-conservation': 30 * MS } } }) });
    expect(suite.violations[0]?.detail).toContain('waited in user dsq 0x7');
    expect(suite.violations[0]?.detail).toContain('its CPUs 0-1 ran: hog[101] ext 50.0%, idle 50.0%');
  });
});
