// Goal: every known limit of a shipped scheduler stays true and stays out of the default campaign. Method:
// each limit's checked-in counterexample still violates the limit's property on that scheduler at the
// recorded time; generated scenarios for that scheduler respect each region (CPU count, CPUs kept online,
// kthreads kept off a CPU, behaviour kinds left out, an exempt property, a looser idle tolerance); and
// `knownLimits: false` turns the regions off.
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { readCounterexample } from '../../../cli/counterexample.ts';
import { runCase } from '../../../cli/campaign/index.ts';
import { cpuCount, generatorOptionsFor, KNOWN_LIMITS, scenarioArb } from '../../../scenarios/arbitraries/index.ts';
import { findScheduler } from '../../../schedulers/index.ts';
import { defineScheduler } from '../../../model/kernel/ops.ts';

const ROOT = new URL('../../../', import.meta.url);

describe('known limits', () => {
  for (const limit of KNOWN_LIMITS) {
    it(`${limit.scheduler}: ${limit.counterexample} should still violate ${limit.property}`, () => {
      expect(limit.counterexample).toBeDefined();
      const ce = readCounterexample(new URL(limit.counterexample ?? '', ROOT).pathname);
      expect(ce.scheduler).toBe(limit.scheduler);
      // An expected violation in a regression corpus (`check --scenario counterexamples/` passes on it).
      expect(ce.scenario.expect?.violation).toBe(limit.property);
      const outcome = runCase(findScheduler(ce.scheduler) ?? null, ce.scenario, ce.runSeed, ce.properties);
      expect(outcome.violation).toEqual(ce.violation);
      expect(outcome.violation?.property).toBe(limit.property);
    });
  }

  it('should keep generated scenarios for central out of its regions', () => {
    const options = generatorOptionsFor(findScheduler('central') ?? null);
    expect(options).toMatchObject({ minCpus: 2, keepOnline: [0], kthreadsAvoid: [0], idleToleranceNs: 160_000_000 });
    for (const s of fc.sample(scenarioArb(options), { seed: 11, numRuns: 150 })) {
      expect('cpus' in s.topology ? 0 : cpuCount(s.topology)).toBeGreaterThanOrEqual(2);
      expect(s.faults?.some((f) => f.kind === 'hotplug' && !f.online && f.cpu === 0) ?? false).toBe(false);
      expect(s.tasks.some((t) => t.kthread === true && Array.isArray(t.cpumask) && t.cpumask[0] === 0)).toBe(false);
      expect(s.tasks.some((t) => t.policy === 'FIFO')).toBe(false);
      expect(s.properties?.bounds?.['work-conservation']).toBe(160_000_000);
    }
  });

  it('should keep bpfland\'s generated scenarios off --local-pcpu and ping-pong pairs', () => {
    for (const s of fc.sample(scenarioArb(generatorOptionsFor(findScheduler('bpfland') ?? null)), { seed: 12, numRuns: 100 })) {
      expect(s.schedulerOptions?.['localPcpu']).toBe(false);
      expect(s.tasks.some((t) => t.comm.startsWith('ping'))).toBe(false);
    }
  });

  it('should apply the limits an outside scheduler declares as data, and reject an unknown workload kind', () => {
    const base = { kind: 'sched_ext' as const, name: 'outside', description: 'a central-like design', options: {},
      create: () => ({ name: 'outside' }) };
    const outside = defineScheduler({ ...base, limits: [
      { property: 'bounded-starvation', reason: 'one CPU decides for all', minCpus: 2, unsupportedWorkloads: ['crowd'] },
      { property: 'work-conservation', reason: 'never kicks', exempt: true }] });
    const options = generatorOptionsFor(outside);
    expect(options.minCpus).toBe(2);
    expect(options.behaviourKinds).not.toContain('crowd');
    expect(options.check).not.toContain('work-conservation');
    for (const s of fc.sample(scenarioArb(options), { seed: 13, numRuns: 60 })) {
      expect('cpus' in s.topology ? 0 : cpuCount(s.topology)).toBeGreaterThanOrEqual(2);
      expect(s.tasks.some((t) => t.comm.startsWith('herd'))).toBe(false);
    }
    const wrong = defineScheduler({ ...base, limits: [{ property: 'bounded-starvation', reason: 'x', unsupportedWorkloads: ['hogs'] }] });
    expect(() => generatorOptionsFor(wrong)).toThrow(/limits: unsupportedWorkloads: no workload kind "hogs"/);
  });

  it('should leave work-conservation out of simple\'s generated manifests, and all regions off on request', () => {
    const simple = findScheduler('simple') ?? null;
    const [scenario] = fc.sample(scenarioArb(generatorOptionsFor(simple)), { seed: 1, numRuns: 1 });
    expect(scenario?.properties?.check).toBeDefined();
    expect(scenario?.properties?.check).not.toContain('work-conservation');
    expect(scenario?.properties?.check).toContain('bounded-starvation');
    expect(generatorOptionsFor(findScheduler('central') ?? null, { knownLimits: false })).not.toHaveProperty('minCpus');
  });
});
