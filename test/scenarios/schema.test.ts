// Goal: the published JSON Schema and the validator agree with the shipped scenarios and reject bad ones
// with one-line messages naming the field. Method: ajv (draft 2020-12) checks every shipped scenario and
// the example's scenario file against `scenarioJsonSchema()`; validateScenario gets targeted mistakes.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { validateScenario } from '../../scenarios/scenario.ts';
import { scenarioJsonSchema } from '../../scenarios/schema.ts';

const example = JSON.parse(readFileSync(new URL('../../examples/my-scheduler/scenario.json', import.meta.url), 'utf8')) as unknown;

function mixedBasic(): Record<string, any> {
  return JSON.parse(JSON.stringify(SCENARIOS[0])) as Record<string, any>;
}

describe('scenario JSON Schema', () => {
  const validate = new Ajv2020({ strict: false }).compile(scenarioJsonSchema());

  it('should accept every shipped scenario and the example scenario file', () => {
    for (const scenario of [...SCENARIOS, example]) {
      const ok = validate(JSON.parse(JSON.stringify(scenario)));
      expect(ok, JSON.stringify(validate.errors)).toBe(true);
      expect(() => validateScenario(JSON.parse(JSON.stringify(scenario)))).not.toThrow();
    }
  });

  it('should reject what validateScenario rejects structurally', () => {
    const bad = mixedBasic();
    bad['tasks'][0]['program'][0]['op'] = 'jump';
    expect(validate(bad)).toBe(false);
    expect(() => validateScenario(bad)).toThrow(/^tasks\[0\]\.program\[0\]\.op: unknown step/);
  });
});

describe('validateScenario messages', () => {
  it.each([
    ['a cpu outside the topology', (s: Record<string, any>) => { s['tasks'][3]['cpumask'] = '0-9'; }, 'tasks[3].cpumask: cpu 9 is outside the topology (0-3)'],
    ['a cpumask of the wrong type', (s: Record<string, any>) => { s['tasks'][3]['cpumask'] = 5; }, 'tasks[3].cpumask: expected a cpulist string such as "0-3,6" or an array of CPU ids'],
    ['an unknown key', (s: Record<string, any>) => { s['extra'] = 1; }, 'scenario: Unrecognized key: "extra"'],
    ['a negative duration', (s: Record<string, any>) => { s['durationNs'] = -1; }, 'durationNs: Too small: expected number to be >=1'],
    ['an unknown exit kind', (s: Record<string, any>) => { s['expect'] = { exit: 'SCX_EXIT_BOGUS' }; }, 'expect.exit: unknown exit kind "SCX_EXIT_BOGUS"'],
    ['a loop without progress', (s: Record<string, any>) => { s['tasks'][0]['program'] = [{ op: 'loop', body: [{ op: 'yield' }] }]; }, 'tasks[0].program[0].body: a loop needs a run, sleep, wait or exit step'],
    ['a fault on a missing CPU', (s: Record<string, any>) => { s['faults'] = [{ atNs: 1, kind: 'hotplug', cpu: 4, online: false }]; }, 'faults[0].cpu: cpu 4 is outside the topology (0-3)'],
    ['an unknown task flag', (s: Record<string, any>) => { s['tasks'][0]['flags'] = ['PF_IDLE']; }, 'tasks[0].flags[0]: Invalid option: expected one of "PF_KSWAPD"|"PF_KCOMPACTD"'],
    ['a CPU listed in two cores', (s: Record<string, any>) => { s['topology'] = { cpus: [{ id: 0, core: 0, llc: 0, node: 0 }, { id: 0, core: 1, llc: 0, node: 0 }] }; }, /^topology/],
  ])('should name the field for %s', (_name, mutate, message) => {
    const scenario = mixedBasic();
    mutate(scenario);
    if (typeof message === 'string') expect(() => validateScenario(scenario)).toThrow(message);
    else expect(() => validateScenario(scenario)).toThrow(message);
  });
});
