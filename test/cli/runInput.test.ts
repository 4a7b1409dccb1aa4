// Goal: `schedcheck run --scenario cex.json` accepts a counterexample file wherever a scenario is accepted
// (issue 10, item 6): its embedded scenario, and — when the user left them out — its scheduler, kernel seed
// and checked properties; a plain scenario still needs --scheduler (exit 2, one line). Method: resolve the
// flags in process (no CLI spawn) against a shipped counterexample and a temporary one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunInput } from '../../cli/commands/run.ts';
import { readCounterexample } from '../../cli/counterexample.ts';
import { UsageError } from '../../cli/errors.ts';
import { loadScenarioFile } from '../../cli/load.ts';
import { SCENARIOS } from '../../scenarios/index.ts';

const CEX = 'counterexamples/simple-idle-no-kick.json';

describe('run --scenario with a counterexample file', () => {
  it('should run the embedded scenario on the scheduler and seed the counterexample names', () => {
    const ce = readCounterexample(CEX);
    const input = resolveRunInput({ scenario: CEX });
    expect(input.scenario).toEqual(ce.scenario);
    expect(input.scheduler).toBe(ce.scheduler);
    expect(input.seed).toBe(ce.runSeed);
    expect(input.properties).toEqual(ce.properties);
  });

  it('should let --scheduler and --seed on the command line win', () => {
    const input = resolveRunInput({ scenario: CEX, scheduler: 'eevdf', seed: '9' });
    expect(input.scheduler).toBe('eevdf');
    expect(input.seed).toBe(9);
  });

  it('should accept a counterexample wherever a scenario file is loaded', () => {
    expect(loadScenarioFile(CEX)).toEqual(readCounterexample(CEX).scenario);
  });

  it('should find a user scheduler module stored beside the counterexample file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-cex-'));
    // formatVersion 2: the module path is relative to the counterexample file (version 1: the working folder).
    const ce = { ...readCounterexample(CEX), formatVersion: 2, scheduler: './nokick.ts' };
    writeFileSync(join(dir, 'nokick.ts'), 'export default {};\n');
    writeFileSync(join(dir, 'cex.json'), JSON.stringify(ce));
    expect(resolveRunInput({ scenario: join(dir, 'cex.json') }).scheduler).toBe(join(dir, 'nokick.ts'));
  });

  it('should still require --scheduler for a plain scenario, in one line naming the option', () => {
    expect(() => resolveRunInput({ scenario: 'mixed-basic' })).toThrow(UsageError);
    expect(() => resolveRunInput({ scenario: 'mixed-basic' })).toThrow(/^--scheduler: required/);
    expect(resolveRunInput({ scenario: 'mixed-basic', scheduler: 'simple' }).seed).toBe(1);
  });
});

describe('scenario files at the command line (issue 10, item 11)', () => {
  it('should name the file and the field of a wake target naming no task, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-scn-'));
    const scenario = JSON.parse(JSON.stringify(SCENARIOS[0])) as Record<string, any>;
    scenario['tasks'][7]['program'][0]['body'][1]['target'] = 'pongg';
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(scenario));
    expect(() => loadScenarioFile(path)).toThrow(UsageError);
    expect(() => loadScenarioFile(path)).toThrow(`${path}: tasks[7].program[0].body[1].target: no task has comm "pongg"`);
  });

  it('should carry a warning naming the file when no quiet phase can decide liveness', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-scn-'));
    const scenario = JSON.parse(JSON.stringify(SCENARIOS[0])) as Record<string, any>;
    delete scenario['quietNs'];
    const path = join(dir, 'noquiet.json');
    writeFileSync(path, JSON.stringify(scenario));
    expect(resolveRunInput({ scenario: path, scheduler: 'simple' }).warnings).toEqual(
      [expect.stringMatching(new RegExp(`^${path}: quietNs: missing or 0`))]);
  });
});
