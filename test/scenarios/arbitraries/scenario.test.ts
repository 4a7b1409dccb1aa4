// Goal: generated scenarios are plain, valid, JSON-serialisable Scenario data that run deterministically,
// switch kinds off in swarm fashion, carry liveness bounds with a quiet phase long enough to decide them,
// and expect the exit their fault plan causes. Method: fast-check samples with fixed seeds.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { caseArb, FAULT_KIND_NAMES, scenarioArb, scenarioDraftArb } from '../../../scenarios/arbitraries/index.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { validateScenario } from '../../../scenarios/scenario.ts';
import simple from '../../../schedulers/simple.ts';

const SEED = 6;

describe('scenarioArb', () => {
  test.prop([scenarioArb()], { numRuns: 60, seed: SEED })('should produce valid scenarios that survive JSON', (scenario) => {
    const copy = JSON.parse(JSON.stringify(scenario)) as unknown;
    expect(validateScenario(copy)).toEqual(scenario);
    const bounds = scenario.properties?.bounds ?? {};
    expect(scenario.quietNs).toBeGreaterThan(bounds['bounded-starvation'] ?? Number.MAX_SAFE_INTEGER);
    expect(scenario.durationNs).toBeLessThanOrEqual(300_000_000);
    for (const fault of scenario.faults ?? []) {
      expect(fault.atNs).toBeGreaterThan(scenario.attachAtNs ?? 0);
      expect(fault.atNs).toBeLessThan(scenario.durationNs);
    }
  });

  test.prop([caseArb()], { numRuns: 8, seed: SEED })('should run deterministically (double run, same trace hash)', (c) => {
    const a = runScenario({ scenario: c.scenario, scheduler: simple, seed: c.seed }).document;
    const b = runScenario({ scenario: c.scenario, scheduler: simple, seed: c.seed }).document;
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.violations).toEqual(a.violations);
  });

  it('should switch different subsets of fault kinds off from case to case (swarm)', () => {
    const drafts = fc.sample(scenarioDraftArb(), { seed: SEED, numRuns: 80 });
    const subsets = new Set(drafts.map((d) => [...d.swarm.faults].sort().join(',')));
    expect(subsets.size).toBeGreaterThan(10);
    expect(drafts.some((d) => d.swarm.faults.length < FAULT_KIND_NAMES.length)).toBe(true);
    const scenarios = fc.sample(scenarioArb(), { seed: SEED, numRuns: 80 });
    const kinds = new Set(scenarios.flatMap((s) => (s.faults ?? []).map((f) => f.kind)));
    // A moveDomain draft becomes a setAffinity fault (into an LLC or a NUMA node): no fault of its own kind.
    expect([...kinds].sort()).toEqual(FAULT_KIND_NAMES.filter((k) => k !== 'moveDomain').sort());
  });

  it('should expect the exit of the first exit-causing fault after attach', () => {
    const scenarios = fc.sample(scenarioArb(), { seed: SEED, numRuns: 150 });
    const unregistered = scenarios.filter((s) => (s.faults ?? []).length === 1 && s.faults?.[0]?.kind === 'unregister');
    const quiet = scenarios.filter((s) => (s.faults ?? []).every((f) => ['rtHog', 'setNice', 'setPolicy', 'setAffinity'].includes(f.kind)));
    expect(unregistered.length).toBeGreaterThan(0);
    expect(unregistered.every((s) => s.expect?.exit === 'SCX_EXIT_UNREG')).toBe(true);
    expect(quiet.every((s) => s.expect?.exit === 'none')).toBe(true);
  });
});
