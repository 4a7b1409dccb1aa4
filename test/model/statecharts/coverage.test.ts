// Goal: the shipped scenarios, run with every shipped real scheduler and with eevdf, conform to the
// statecharts and exercise every transition the kernel model can produce for them (issue 4, Coverage).
// Method: sum the table cells their traces hit and map them back to the machines' transitions. Every
// transition left over must be listed in model/statecharts/unreachable.ts: UNREACHABLE ones (atomic
// steps, not modelled) must never be reached, not even by the witness schedulers; SCHEDULER_DEPENDENT
// ones must be reached by a witness scheduler (test/model/statecharts/witnesses.ts), so their reason —
// "needs a behaviour no shipped scheduler has" — stays true.
import { describe, expect, it } from 'vitest';
import { runForCoverage } from '../../../cli/viz/coverageRun.ts';
import { coverageOf, type MachineCoverage } from '../../../model/statecharts/coverage.ts';
import { SCHEDULER_DEPENDENT, UNREACHABLE } from '../../../model/statecharts/unreachable.ts';
import { findScenario } from '../../../scenarios/index.ts';
import { allWitnesses } from './witnesses.ts';

const shipped = runForCoverage();
const shippedCoverage = coverageOf(shipped.hits);
const witnessScenarios = ['lifecycle-churn', 'mixed-basic'].map((name) => {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return scenario;
});
const witnessCoverage = coverageOf(runForCoverage(witnessScenarios, allWitnesses()).hits);

function reached(coverage: readonly MachineCoverage[]): Set<string> {
  return new Set(coverage.flatMap((m) => m.transitions.filter((t) => t.hits > 0).map((t) => t.id)));
}

describe('statechart coverage by the shipped scenarios', () => {
  it('should conform on every shipped scenario × (shipped real scheduler, eevdf)', () => {
    const failed = shipped.runs.filter((r) => r.violation !== null)
      .map((r) => `${r.scenario} × ${r.scheduler}: ${r.violation}`);
    expect(failed).toEqual([]);
    expect(shipped.runs.length).toBeGreaterThan(20);
  });

  it('should reach every transition that is neither UNREACHABLE nor SCHEDULER_DEPENDENT', () => {
    const listed = new Set([...UNREACHABLE, ...SCHEDULER_DEPENDENT].map((u) => u.transition));
    const missing = shippedCoverage.flatMap((m) => m.transitions.filter((t) => t.hits === 0 && !listed.has(t.id))
      .map((t) => t.id));
    expect(missing, 'add a scenario that reaches these, or list them with a reason in unreachable.ts').toEqual([]);
  });

  it('should list only transitions that exist', () => {
    const all = new Set(shippedCoverage.flatMap((m) => m.transitions.map((t) => t.id)));
    const unknown = [...UNREACHABLE, ...SCHEDULER_DEPENDENT].map((u) => u.transition).filter((id) => !all.has(id));
    expect(unknown).toEqual([]);
  });

  it('should never reach an UNREACHABLE transition, with the shipped or the witness schedulers', () => {
    const hit = new Set([...reached(shippedCoverage), ...reached(witnessCoverage)]);
    expect(UNREACHABLE.filter((u) => hit.has(u.transition)).map((u) => u.transition)).toEqual([]);
  });

  it('should reach every SCHEDULER_DEPENDENT transition with a witness scheduler', () => {
    const hit = new Set([...reached(shippedCoverage), ...reached(witnessCoverage)]);
    expect(SCHEDULER_DEPENDENT.filter((u) => !hit.has(u.transition)).map((u) => u.transition)).toEqual([]);
  });

  it('should visit every state of every machine, with the witnesses', () => {
    const visited = new Set([...shippedCoverage, ...witnessCoverage].flatMap((m) => m.states.filter((s) => s.hits > 0)
      .map((s) => s.id)));
    const unvisited = shippedCoverage.flatMap((m) => m.states.map((s) => s.id)).filter((id) => !visited.has(id));
    expect(unvisited).toEqual(['scheduler.kernel.bypass.depth2', 'scheduler.kernel.bypass.depth3']);
  });
});
