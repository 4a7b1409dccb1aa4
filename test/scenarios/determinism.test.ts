// Determinism (DESIGN.md): a run is a pure function of (scenario, scheduler, seed). The same seed twice
// gives the same trace hash and event count; another seed changes the trace of scenarios whose tasks draw
// random durations.
import { describe, expect, it } from 'vitest';
import type { Step } from '../../model/kernel/behaviour.ts';
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import simple from '../../schedulers/simple.ts';

function stepsDrawRandom(steps: readonly Step[]): boolean {
  return steps.some((s) => ((s.op === 'run' || s.op === 'sleep') && Array.isArray(s.ns)) ||
    (s.op === 'loop' && stepsDrawRandom(s.body)) || (s.op === 'fork' && stepsDrawRandom(s.child.program)));
}

function drawsRandom(scenario: Scenario): boolean {
  return scenario.tasks.some((t) => stepsDrawRandom(t.program));
}

const SCHEDULERS: readonly (SchedulerDefinition | null)[] = [null, simple];

describe('determinism of shipped scenarios', () => {
  it('ships at least one scenario, and at least one that draws random durations', () => {
    expect(SCENARIOS.length).toBeGreaterThan(0);
    expect(SCENARIOS.some(drawsRandom)).toBe(true);
  });

  // Scenarios longer than 2 simulated seconds (usersched-hang) are run twice by their own tests instead.
  for (const scenario of SCENARIOS.filter((s) => s.durationNs + (s.quietNs ?? 0) <= 2_000_000_000)) {
    for (const scheduler of SCHEDULERS) {
      const label = `${scenario.name} × ${scheduler?.name ?? 'eevdf'}`;
      it(`${label}: the same seed twice gives the same traceHash and event count${drawsRandom(scenario) ? '; another seed a different hash' : ''}`, () => {
        const a = runScenario({ scenario, scheduler, seed: 7 }).document;
        const b = runScenario({ scenario, scheduler, seed: 7 }).document;
        expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
        expect(b.traceHash).toBe(a.traceHash);
        expect(b.events).toBe(a.events);
        expect(a.events).toBeGreaterThan(0);
        expect(b.exits).toEqual(a.exits);
        expect(b.metrics).toEqual(a.metrics);
        if (drawsRandom(scenario)) {
          const c = runScenario({ scenario, scheduler, seed: 8 }).document;
          expect(c.traceHash).not.toBe(a.traceHash);
        }
      });
    }
  }
});
