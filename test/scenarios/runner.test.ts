// Goal: the runner's property monitoring changes nothing in the simulation and can end a run early. Method:
// the same scenario run in one `kernel.run(end)` step and in the runner's tick-aligned chunks gives the same
// trace hash for every shipped scenario (chunk ends fall on tick boundaries, where every busy CPU was just
// charged); a violation with stopOnViolation ends the run at the next chunk; stop() does too; a monitor
// that throws surfaces as an error, not as a scheduler error exit.
import { describe, expect, it } from 'vitest';
import type { PropertyDefinition } from '../../properties/index.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { prepareRun, runScenario } from '../../scenarios/runner.ts';
import simple from '../../schedulers/simple.ts';
import stallCustody from '../../schedulers/broken/stallCustody.ts';

const MS = 1_000_000;

describe('runner with property monitors', () => {
  for (const scenario of SCENARIOS.filter((s) => s.durationNs + (s.quietNs ?? 0) <= 1_000 * MS)) {
    it(`should not change the trace of ${scenario.name} by running in chunks`, () => {
      const whole = prepareRun({ scenario, scheduler: simple, seed: 4 });
      whole.kernel.run(whole.endNs);
      const a = whole.finish().document;
      const b = runScenario({ scenario, scheduler: simple, seed: 4 }).document;
      expect(b.traceHash).toBe(a.traceHash);
      expect(b.events).toBe(a.events);
    });
  }

  const scenario = SCENARIOS.find((s) => s.name === 'mixed-basic')!;

  it('should end the run at the first violation when asked to', () => {
    const tripwire: PropertyDefinition = { name: 'tripwire', kind: 'safety', description: 'trips at the first switch after 10 ms',
      appliesTo: ['sched_ext'], monitor: (ctx) => ({ event: (e) => { if (e.type === 'switch' && e.t > 10 * MS) ctx.violate(e.t, 'tripped', ''); } }) };
    const full = runScenario({ scenario, scheduler: simple, seed: 1, properties: [tripwire] }).document;
    const early = runScenario({ scenario, scheduler: simple, seed: 1, properties: [tripwire], stopOnViolation: true }).document;
    expect(full.stoppedEarly).toBe(false);
    expect(early.stoppedEarly).toBe(true);
    expect(early.violations).toEqual(full.violations);
    expect(early.simulatedNs).toBeLessThan(full.simulatedNs);
    expect(early.simulatedNs - (early.violations[0]?.atNs ?? 0)).toBeLessThanOrEqual(MS);
  });

  it('should report a liveness violation found only at the end of an idle run', () => {
    const { document } = runScenario({ scenario, scheduler: stallCustody, seed: 1, stopOnViolation: true });
    expect(document.violations[0]?.property).toBe('work-conservation');
  });

  it('should stop when stop() is called', () => {
    const run = prepareRun({ scenario, scheduler: simple, seed: 1 });
    run.kernel.run(10 * MS);
    run.stop();
    const { document } = run.finish();
    expect(document.stoppedEarly).toBe(true);
    expect(document.simulatedNs).toBe(10 * MS);
  });

  it('should surface a throwing monitor as an error of the run', () => {
    const broken: PropertyDefinition = { name: 'broken', kind: 'safety', description: 'throws', appliesTo: ['sched_ext'],
      monitor: () => ({ event: (e) => { if (e.type === 'op') throw new Error('monitor bug'); } }) };
    expect(() => runScenario({ scenario, scheduler: simple, seed: 1, properties: [broken] })).toThrow('monitor bug');
  });

  it('should report the properties it checked, from the manifest', () => {
    const withManifest = { ...scenario, properties: { check: ['affinity', 'no-lost-task'] } };
    expect(runScenario({ scenario: withManifest, scheduler: simple, seed: 1 }).document.properties).toEqual(['no-lost-task', 'affinity']);
    expect(runScenario({ scenario, scheduler: null, seed: 1 }).document.properties).toEqual(['no-lost-task', 'no-double-run',
      'affinity', 'bounded-starvation']);
  });
});
