// Goal: the shipped scenarios, run with every shipped real scheduler and with eevdf, conform to the
// statecharts and exercise every transition the kernel model can produce for them (issue 4, Coverage;
// the rustland issue, item 6, for the handoff machine). Method: sum the table cells their traces hit and
// map them back to the machines' transitions. Every transition left over must be listed in
// model/statecharts/unreachable.ts: UNREACHABLE ones (atomic steps, not modelled) must never be reached,
// not even by the witnesses; SCHEDULER_DEPENDENT ones must be reached by a witness scheduler, and
// SCENARIO_DEPENDENT ones by the shipped rustland and rlfifo on a witness scenario
// (test/model/statecharts/witnesses.ts), so their reasons stay true.
import { describe, expect, it } from 'vitest';
import { runForCoverage } from '../../../cli/viz/coverageRun.ts';
import { coverageOf, type MachineCoverage } from '../../../model/statecharts/coverage.ts';
import { SCENARIO_DEPENDENT, SCHEDULER_DEPENDENT, UNREACHABLE } from '../../../model/statecharts/unreachable.ts';
import { findScenario, SCENARIOS } from '../../../scenarios/index.ts';
import { findScheduler } from '../../../schedulers/index.ts';
import { allWitnesses, handoffChurnScenarios, lastCpu } from './witnesses.ts';

const shipped = runForCoverage();
const shippedCoverage = coverageOf(shipped.hits);
const witnessScenarios = ['lifecycle-churn', 'mixed-basic'].map((name) => {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return scenario;
});
const witnessRuns = runForCoverage(witnessScenarios, allWitnesses());
// The policy that names a fixed CPU also runs the handoff churn, whose outside affinity changes it needs.
const lastCpuChurn = runForCoverage(handoffChurnScenarios(), [lastCpu]);
const witnessCoverage = coverageOf(witnessRuns.hits);
const lastCpuChurnCoverage = coverageOf(lastCpuChurn.hits);
const userspaceSchedulers = ['rustland', 'rlfifo'].map((name) => {
  const scheduler = findScheduler(name);
  if (!scheduler) throw new Error(`no scheduler ${name}`);
  return scheduler;
});
const churn = runForCoverage(handoffChurnScenarios(), userspaceSchedulers);
const churnCoverage = coverageOf(churn.hits);

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

  it('should check every rustland and rlfifo run of every shipped scenario against the handoff machine', () => {
    const userspace = shipped.runs.filter((r) => r.scheduler === 'rustland' || r.scheduler === 'rlfifo');
    expect(userspace.map((r) => `${r.scenario} × ${r.scheduler}`).sort())
      .toEqual(SCENARIOS.flatMap((sc) => [`${sc.name} × rlfifo`, `${sc.name} × rustland`]).sort());
    expect(userspace.filter((r) => r.violation !== null)).toEqual([]);
    const handoff = shippedCoverage.find((m) => m.machine === 'handoff');
    const mainPath = handoff?.transitions.filter((t) => /handoff\.(queued|dequeued|submitted)|DISPATCHING/.test(t.event));
    expect(mainPath?.map((t) => t.hits > 1000)).toEqual([true, true, true, true]);
  });

  it('should reach every transition that is not listed in unreachable.ts', () => {
    const listed = new Set([...UNREACHABLE, ...SCHEDULER_DEPENDENT, ...SCENARIO_DEPENDENT].map((u) => u.transition));
    const missing = shippedCoverage.flatMap((m) => m.transitions.filter((t) => t.hits === 0 && !listed.has(t.id))
      .map((t) => t.id));
    expect(missing, 'add a scenario that reaches these, or list them with a reason in unreachable.ts').toEqual([]);
  });

  it('should list only transitions that exist', () => {
    const all = new Set(shippedCoverage.flatMap((m) => m.transitions.map((t) => t.id)));
    const unknown = [...UNREACHABLE, ...SCHEDULER_DEPENDENT, ...SCENARIO_DEPENDENT].map((u) => u.transition)
      .filter((id) => !all.has(id));
    expect(unknown).toEqual([]);
  });

  it('should list as SCHEDULER_DEPENDENT or SCENARIO_DEPENDENT only transitions the shipped scenarios miss', () => {
    const hit = reached(shippedCoverage);
    expect([...SCHEDULER_DEPENDENT, ...SCENARIO_DEPENDENT].filter((u) => hit.has(u.transition))
      .map((u) => u.transition)).toEqual([]);
  });

  it('should never reach an UNREACHABLE transition, with the shipped or the witness schedulers or scenarios', () => {
    const hit = new Set([...reached(shippedCoverage), ...reached(witnessCoverage), ...reached(churnCoverage),
      ...reached(lastCpuChurnCoverage)]);
    expect(UNREACHABLE.filter((u) => hit.has(u.transition)).map((u) => u.transition)).toEqual([]);
  });

  it('should reach every SCENARIO_DEPENDENT transition with rustland or rlfifo on a witness scenario', () => {
    expect(churn.runs.filter((r) => r.violation !== null).map((r) => `${r.scenario} × ${r.scheduler}: ${r.violation}`))
      .toEqual([]);
    const hit = reached(churnCoverage);
    expect(SCENARIO_DEPENDENT.filter((u) => !hit.has(u.transition)).map((u) => u.transition)).toEqual([]);
  });

  it('should reach every SCHEDULER_DEPENDENT transition with a witness scheduler', () => {
    expect(lastCpuChurn.runs.filter((r) => r.violation !== null).map((r) => `${r.scenario}: ${r.violation}`)).toEqual([]);
    const hit = new Set([...reached(shippedCoverage), ...reached(witnessCoverage), ...reached(lastCpuChurnCoverage)]);
    expect(SCHEDULER_DEPENDENT.filter((u) => !hit.has(u.transition)).map((u) => u.transition)).toEqual([]);
  });

  it('should visit every state of every machine, with the witnesses', () => {
    const visited = new Set([...shippedCoverage, ...witnessCoverage, ...churnCoverage].flatMap((m) => m.states.filter((s) => s.hits > 0)
      .map((s) => s.id)));
    const unvisited = shippedCoverage.flatMap((m) => m.states.map((s) => s.id)).filter((id) => !visited.has(id));
    expect(unvisited).toEqual(['scheduler.kernel.bypass.depth2', 'scheduler.kernel.bypass.depth3']);
  });
});
