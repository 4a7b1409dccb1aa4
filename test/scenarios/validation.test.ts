// Goal: a scenario that cannot mean what it says is rejected on load with one line naming the field (exit 2
// at the command line), and one whose liveness properties can never be decided is warned about (issue 10,
// item 11). Before these checks a misspelt wake target was a silent no-op, tasks beyond TASKS_MAX were
// silently not created, a fault after the fault phase silently never fired, a forked task containing
// itself overflowed the stack inside the schema, and a scenario without quietNs ended inconclusive with no
// hint why. Method: validateScenario and scenarioWarnings on edited copies of mixed-basic (in process).
import { describe, expect, it } from 'vitest';
import { PID_FIRST, TASKS_MAX } from '../../model/kernel/constants.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { scenarioWarnings, validateScenario } from '../../scenarios/scenario.ts';

function mixedBasic(): Record<string, any> {
  return JSON.parse(JSON.stringify(SCENARIOS[0])) as Record<string, any>;
}

describe('validateScenario rejects what would silently not happen', () => {
  it.each([
    ['a wake target naming no comm', (s: Record<string, any>) => { s['tasks'][7]['program'][0]['body'][1]['target'] = 'pongg'; },
      'tasks[7].program[0].body[1].target: no task has comm "pongg"'],
    ['a wake target below the first pid', (s: Record<string, any>) => { s['tasks'][7]['program'][0]['body'][1]['target'] = 1; },
      `tasks[7].program[0].body[1].target: no task has pid 1 (pids start at ${PID_FIRST})`],
    ['a fault target naming no comm', (s: Record<string, any>) => { s['faults'] = [{ atNs: 0, kind: 'setNice', target: 'nobody', nice: 1 }]; },
      'faults[0].target: no task has comm "nobody"'],
    ['a fault after the fault phase', (s: Record<string, any>) => { s['faults'] = [{ atNs: 450_000_000, kind: 'sysrq' }]; },
      'faults[0].atNs: 450000000 ns is after the fault phase (durationNs 400000000): it would never fire'],
    ['more tasks than TASKS_MAX', (s: Record<string, any>) => {
      s['tasks'] = Array.from({ length: TASKS_MAX + 1 }, (_, i) => ({ comm: `t${i}`, program: [{ op: 'run', ns: 1 }] }));
    }, `tasks: ${TASKS_MAX + 1} tasks exceed TASKS_MAX (${TASKS_MAX} tasks alive at once)`],
  ])('should reject %s, naming the field', (_what, edit, message) => {
    const scenario = mixedBasic();
    edit(scenario);
    expect(() => validateScenario(scenario)).toThrow(message);
  });

  it('should reject a forked task that contains itself, naming the step, instead of overflowing the stack', () => {
    const scenario = mixedBasic();
    const child: Record<string, any> = { comm: 'loop', program: [] };
    child['program'].push({ op: 'fork', child });
    scenario['tasks'][0]['program'] = [{ op: 'fork', child }];
    expect(() => validateScenario(scenario)).toThrow('tasks[0].program[0].child.program[0].child: a forked task contains itself (a cycle)');
  });

  it('should accept targets that exist: forked children, RT hogs and the user-space scheduler', () => {
    const scenario = mixedBasic();
    scenario['tasks'][0]['program'] = [{ op: 'fork', child: { comm: 'kid', program: [{ op: 'run', ns: 1 }] } },
      { op: 'wake', target: 'kid' }, { op: 'wake', target: 'rt_hog/1' }, { op: 'wake', target: PID_FIRST + 3 }];
    scenario['faults'] = [{ atNs: 400_000_000, kind: 'rtHog', cpu: 1, durationNs: 1 },
      { atNs: 0, kind: 'setAffinity', target: 'scx_rustland', cpus: '0' }];
    expect(() => validateScenario(scenario)).not.toThrow();
  });
});

describe('scenarioWarnings', () => {
  it('should warn when no quiet phase can decide the liveness properties, naming them', () => {
    const scenario = mixedBasic();
    delete scenario['quietNs'];
    const warnings = scenarioWarnings(validateScenario(scenario));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^quietNs: missing or 0, so the liveness properties \(bounded-starvation, work-conservation, seamless-fallback, usersched-progress\) are never judged/);
  });

  it('should not warn with a quiet phase, or when only safety properties are checked', () => {
    expect(scenarioWarnings(validateScenario(mixedBasic()))).toEqual([]);
    const safetyOnly = mixedBasic();
    delete safetyOnly['quietNs'];
    safetyOnly['properties'] = { check: ['no-lost-task'] };
    expect(scenarioWarnings(validateScenario(safetyOnly))).toEqual([]);
  });
});
