// Goal (issue 12, item 4): the JUnit XML writer gives well-formed XML that a real parser (fast-xml-parser)
// reads back with the right counts per suite and overall, the failure text intact — including the
// characters XML must escape and control characters it cannot carry at all — and `check --junit` gives one
// case per scheduler × property (and per corpus file), the failing one naming the counterexample and the
// replay command. Method: the writer on hand-made cases; the check row of a scenario campaign whose
// manifest expects a violation that never happens, in process.
import { describe, expect, it } from 'vitest';
import { runScenarios } from '../../cli/campaign/index.ts';
import { checkJUnitCases } from '../../cli/checkJUnit.ts';
import { counterexampleOf, type Row, verdictOf } from '../../cli/commands/check.ts';
import { junitXml } from '../../cli/junit.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { findScheduler } from '../../schedulers/index.ts';
import { parseJUnit } from '../helpers/junit.ts';

const MS = 1_000_000;

describe('JUnit XML', () => {
  it('should parse back with the counts and the failure text, whatever the text holds', () => {
    const nasty = 'a < b && c > "d" \'e\' \u0001 ]]> end\nsecond line';
    const xml = junitXml('schedcheck test', [
      { suite: 'simple', classname: 'check.simple', name: 'no-lost-task' },
      { suite: 'simple', classname: 'check.simple', name: 'affinity', failure: { message: nasty, type: 'affinity', text: nasty } },
      { suite: 'rustland', classname: 'check.rustland', name: 'internal', error: { message: 'model threw', type: 'internal' } },
      { suite: 'rustland', classname: 'check.rustland', name: 'mutant <x>', skipped: 'not run' },
    ]);
    const parsed = parseJUnit(xml);
    expect([parsed.tests, parsed.failures, parsed.errors]).toEqual([4, 1, 1]);
    expect(parsed.suites).toEqual([{ name: 'simple', tests: 2, failures: 1 }, { name: 'rustland', tests: 2, failures: 0 }]);
    const failed = parsed.cases.find((c) => c.failure !== undefined);
    expect(failed?.name).toBe('affinity');
    expect(failed?.failure?.text).toBe('a < b && c > "d" \'e\' ? ]]> end\nsecond line');
    expect(parsed.cases.map((c) => c.name)).toEqual(['no-lost-task', 'affinity', 'internal', 'mutant <x>']);
  });

  it('should give check one case per scheduler × property and per corpus file, the failing ones with counterexample and replay', () => {
    const simple = findScheduler('simple')!;
    const tiny = { formatVersion: 1, name: 'tiny', description: 'one task', durationNs: MS, quietNs: MS,
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 }, tasks: [{ comm: 'a', program: [{ op: 'run', ns: 100_000 }] }],
      expect: { violation: 'affinity' } } as Scenario;
    const result = runScenarios({ scheduler: simple, schedulerRef: 'simple', properties: ['no-lost-task', 'affinity'], seed: 1, runs: 2 },
      [{ scenario: tiny, file: 'corpus/tiny.json' }], { now: () => 0 });
    const ce = counterexampleOf(result, null);
    expect(ce).not.toBeNull();
    const row: Row = { result, verdict: verdictOf(result), saved: { path: 'out/ce.json', ce: ce! } };
    const parsed = parseJUnit(junitXml('schedcheck check', checkJUnitCases([row])));
    expect(parsed.cases.map((c) => `${c.classname} ${c.name}`)).toEqual(['check.simple no-lost-task', 'check.simple affinity',
      'check.simple.scenario corpus/tiny.json']);
    expect([parsed.tests, parsed.failures]).toEqual([3, 2]);
    const [, property, file] = parsed.cases;
    expect(property!.failure!.type).toBe('affinity');
    expect(property!.failure!.text).toContain('counterexample: out/ce.json\nreplay: npx schedcheck replay out/ce.json');
    expect(file!.failure!.text).toContain('seed 1: affinity');
    expect(file!.failure!.text).toContain('replay: npx schedcheck run --scheduler simple --scenario corpus/tiny.json --seed 2');
  });
});
