// Goal: the named scenarios meet their manifests (the properties they check and their expected outcome,
// like a model checker's manifest) on every shipped real scheduler and on eevdf — including the scenario
// that must fail (rt-starves-ext expects a bounded-starvation violation). Method: each run judged exactly as
// `schedcheck check --scenario` judges it.
import { describe, expect, it } from 'vitest';
import { forScheduler, judge, runCase } from '../../../cli/campaign/index.ts';
import { PROPERTY_SCENARIOS, STARTER_SCENARIOS } from '../../../scenarios/index.ts';
import { realSchedulers } from '../../../schedulers/index.ts';

describe('named scenario manifests', () => {
  for (const scenario of [...STARTER_SCENARIOS, ...PROPERTY_SCENARIOS]) {
    for (const scheduler of [null, ...realSchedulers()].filter((s) => forScheduler(scenario, s))) {
      it(`${scenario.name} on ${scheduler?.name ?? 'eevdf'} should meet its manifest`, () => {
        const outcome = runCase(scheduler, scenario, 1, null);
        expect(judge(scenario, outcome)).toBeNull();
        expect(outcome.inconclusive).toEqual([]);
        if (scenario.expect?.violation) expect(outcome.violation?.property).toBe(scenario.expect.violation);
      });
    }
  }

  it('should give every property scenario its properties and expected outcome', () => {
    for (const scenario of PROPERTY_SCENARIOS) {
      expect(scenario.properties).toBeDefined();
      expect(scenario.expect?.exit !== undefined || scenario.expect?.violation !== undefined).toBe(true);
    }
  });
});
