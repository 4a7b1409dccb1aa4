// Goal: the two rustland-family properties stay quiet on correct runs and catch their bugs. Method:
// handoff-accounting on the forgets_busy_task canary (a policy that drops a task when no CPU is idle) and
// on every shipped scenario with rustland and rlfifo; usersched-progress on a user-space scheduler that
// hangs at the end of the fault phase, judged in the quiet phase before the 5 s watchdog fires.
import { describe, expect, it } from 'vitest';
import { NS_PER_MS, NS_PER_SEC } from '../../model/kernel/constants.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { userschedCrash } from '../../scenarios/library/usersched.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { findScheduler } from '../../schedulers/index.ts';

const rustland = findScheduler('rustland');
const rlfifo = findScheduler('rlfifo');
const canary = findScheduler('forgets_busy_task');

describe('handoff-accounting (reference §5.5, §5.8)', () => {
  it('should catch a policy that forgets a task when no CPU is idle', () => {
    const { document } = runScenario({ scenario: userschedCrash, scheduler: canary ?? null, seed: 1 });
    const violation = document.violations.find((v) => v.property === 'handoff-accounting');
    expect(violation?.reason).toBe('the policy holds more undecided messages than the nr_scheduled it reports');
  });

  it('should hold on the short shipped scenarios with rustland and rlfifo', () => {
    const short = SCENARIOS.filter((s) => s.durationNs + (s.quietNs ?? 0) <= 1 * NS_PER_SEC);
    expect(short.length).toBeGreaterThan(3);
    for (const scheduler of [rustland, rlfifo]) {
      for (const scenario of short) {
        const { document } = runScenario({ scenario, scheduler: scheduler ?? null, seed: 2 });
        const bad = document.violations.filter((v) => v.property === 'handoff-accounting' || v.property === 'usersched-progress');
        expect(bad, `${scenario.name} × ${scheduler?.name}`).toEqual([]);
      }
    }
  });
});

describe('usersched-progress (reference §5.6)', () => {
  it('should report a user-space scheduler that stops running while work is pending', () => {
    const scenario: Scenario = {
      ...userschedCrash, name: 'hang-then-quiet', durationNs: 100 * NS_PER_MS, quietNs: 3 * NS_PER_SEC,
      faults: [{ atNs: 100 * NS_PER_MS, kind: 'userschedHang' }], expect: { exit: 'none' },
      properties: { check: ['usersched-progress'] },
    };
    const { document } = runScenario({ scenario, scheduler: rustland ?? null, seed: 1 });
    const violation = document.violations.find((v) => v.property === 'usersched-progress');
    expect(violation?.reason).toBe('the user-space scheduler did not run while work was pending');
    expect(violation?.atNs).toBeGreaterThan(2 * NS_PER_SEC);
    expect(violation?.atNs).toBeLessThan(3 * NS_PER_SEC);
    // Cause attribution (issue 10, item 14): the scheduler task's place when the bound was crossed, and
    // what its CPUs ran meanwhile.
    expect(violation?.detail).toMatch(new RegExp(`scx_rustland\\[\\d+\\]: at ${violation?.atNs} ns it was in sleep \\(class ext\\); ` +
      'from \\d+ ns its CPUs 0-3 ran: '));
  });
});
