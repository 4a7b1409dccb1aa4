// Goal: no-scheduler-error accepts exactly the exits a scenario expects: an injected scx_error at its
// instant, an expected first exit kind (userspaceExit for the rustland family), and flags any other error
// exit, a wrong kind, an exit where none is expected, and a missing expected exit. Method: hand-made traces.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import {
  MISSING_EXIT, noSchedulerError, UNEXPECTED_ERROR, UNEXPECTED_EXIT, WRONG_KIND,
} from '../../properties/noSchedulerError.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { ev, judgeTrace, MS, traceScenario } from './traces.ts';

const expecting = (expect: NonNullable<Scenario['expect']>, faults: NonNullable<Scenario['faults']> = []): Scenario =>
  traceScenario({ expect, faults });
const judge = (events: TraceEvent[], scenario: Scenario, kind: 'sched_ext' | 'userspace' = 'sched_ext') =>
  judgeTrace(events, [noSchedulerError], { scenario, kind, endNs: 100 * MS }).violations.map((v) => v.reason);

describe('no-scheduler-error', () => {
  const injected = expecting({ exit: 'SCX_EXIT_ERROR' }, [{ atNs: 5 * MS, kind: 'scxError' }]);

  it('should accept an injected scx_error, whose exit event follows once the disable work is done', () => {
    const exit = { ...ev.exit(5 * MS + 30_000, 'SCX_EXIT_ERROR'), msg: 'injected runtime error' };
    expect(judge([ev.fault(5 * MS, 'scxError'), exit], injected)).toEqual([]);
  });

  it('should flag an error exit after the injection that reports another message (claimed before it)', () => {
    expect(judge([ev.fault(5 * MS, 'scxError'), ev.exit(5 * MS + 30_000, 'SCX_EXIT_ERROR')], injected))
      .toEqual([UNEXPECTED_ERROR]);
  });

  it('should flag a runtime error that only looks like the injected one', () => {
    expect(judge([ev.exit(2 * MS, 'SCX_EXIT_ERROR'), ev.fault(5 * MS, 'scxError')], injected)).toEqual([UNEXPECTED_ERROR]);
  });

  it('should flag any error exit of a scenario that expects none', () => {
    expect(judge([ev.exit(2 * MS, 'SCX_EXIT_ERROR_STALL')], traceScenario())).toEqual([UNEXPECTED_ERROR]);
  });

  it('should accept a declared watchdog exit, and the userspace expectation for the rustland family', () => {
    const scenario = expecting({ exit: 'none', userspaceExit: 'SCX_EXIT_ERROR_STALL' });
    expect(judge([ev.exit(2 * MS, 'SCX_EXIT_ERROR_STALL')], scenario, 'userspace')).toEqual([]);
    expect(judge([ev.exit(2 * MS, 'SCX_EXIT_ERROR_STALL')], scenario, 'sched_ext')).toEqual([UNEXPECTED_ERROR]);
  });

  it.each([
    ['an exit of another kind', { exit: 'SCX_EXIT_UNREG' }, [ev.exit(2 * MS, 'SCX_EXIT_SYSRQ')], WRONG_KIND],
    ['an exit where none is expected', { exit: 'none' }, [ev.exit(2 * MS, 'SCX_EXIT_UNREG')], UNEXPECTED_EXIT],
    ['a missing expected exit', { exit: 'SCX_EXIT_UNREG' }, [ev.taskNew(0, 100)], MISSING_EXIT],
  ] as const)('should flag %s', (_what, expect_, events, reason) => {
    expect(judge([...events], expecting(expect_))).toEqual([reason]);
  });
});
