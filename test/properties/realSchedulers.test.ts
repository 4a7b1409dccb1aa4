// Goal: every shipped real scheduler keeps every property that applies to it on generated scenarios
// (issue: "every shipped scheduler × every applicable property as a property test"). Method: one
// fast-check property test per (scheduler, property); the runs are shared — a case is simulated once with
// every property checked to the end, and each test asserts its own property — so the product costs one
// campaign per scheduler. Moderate run count by default; SCHEDCHECK_RUNS raises it (CI, nightly). Known
// limits (scenarios/arbitraries/knownLimits.ts) are steered clear of exactly as `schedcheck check` does.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { propertiesFor } from '../../properties/index.ts';
import { caseArb, type GeneratedCase, generatorOptionsFor } from '../../scenarios/arbitraries/index.ts';
import { type RunDocument, runScenario, schedulerKindOf } from '../../scenarios/runner.ts';
import { realSchedulers } from '../../schedulers/index.ts';

/** Cases per scheduler (shared by its properties); SCHEDCHECK_RUNS overrides it. */
const RUNS = Number(process.env['SCHEDCHECK_RUNS'] ?? 25);
const SEED = 20_260_601;

function outcomes(scheduler: SchedulerDefinition): (c: GeneratedCase) => RunDocument {
  const cache = new Map<string, RunDocument>();
  return (c) => {
    const key = JSON.stringify(c);
    let document = cache.get(key);
    if (!document) {
      document = runScenario({ scenario: c.scenario, scheduler, seed: c.seed,
        properties: propertiesFor(schedulerKindOf(scheduler), c.scenario.properties?.check) }).document;
      cache.set(key, document);
    }
    return document;
  };
}

for (const scheduler of realSchedulers()) {
  const options = generatorOptionsFor(scheduler);
  const run = outcomes(scheduler);
  const checked = propertiesFor(schedulerKindOf(scheduler), options.check);
  describe(`${scheduler.name} on generated scenarios`, () => {
    for (const property of checked) {
      test.prop([caseArb(options)], { numRuns: RUNS, seed: SEED })(`should keep ${property.name}`, (c) => {
        const document = run(c);
        expect(document.violations.filter((v) => v.property === property.name)).toEqual([]);
        expect(document.inconclusive.filter((i) => i.property === property.name)).toEqual([]);
        expect(document.properties).toContain(property.name);
      });
    }
  });
}

describe('generated cases are worth checking', () => {
  test.prop([caseArb(generatorOptionsFor(null))], { numRuns: 10, seed: SEED })('should run tasks on a machine of 1–16 CPUs', (c) => {
    expect(c.scenario.tasks.length).toBeGreaterThan(0);
    const d = runScenario({ scenario: c.scenario, scheduler: null, seed: c.seed }).document;
    expect(d.metrics.tasks.some((t) => t.runNs > 0)).toBe(true);
    expect(fc.stringify(c).length).toBeGreaterThan(0);
  });
});
