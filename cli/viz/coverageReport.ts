// The coverage report: per machine, the states and transitions the shipped scenarios exercised (with
// every shipped real scheduler and eevdf), every transition they did not reach with its reason from
// unreachable.ts, and the conformance result of each run. Written as Markdown and JSON by `viz`.
import type { MachineCoverage } from '../../model/statecharts/coverage.ts';
import { SCENARIO_DEPENDENT, SCHEDULER_DEPENDENT, UNREACHABLE } from '../../model/statecharts/unreachable.ts';
import type { CoverageRun } from './coverageRun.ts';

export interface CoverageReport {
  readonly runs: readonly CoverageRun[];
  readonly machines: readonly {
    readonly machine: string;
    readonly transitions: { readonly total: number; readonly reached: number };
    readonly states: { readonly total: number; readonly visited: number };
    readonly unreached: readonly { readonly transition: string; readonly kind: string; readonly reason: string }[];
    readonly hits: Readonly<Record<string, number>>;
  }[];
}

function reasonFor(id: string): { kind: string; reason: string } {
  const atomic = UNREACHABLE.find((u) => u.transition === id);
  if (atomic) return { kind: 'unreachable', reason: atomic.reason };
  const dependent = SCHEDULER_DEPENDENT.find((u) => u.transition === id);
  if (dependent) return { kind: 'scheduler-dependent', reason: dependent.reason };
  const workload = SCENARIO_DEPENDENT.find((u) => u.transition === id);
  if (workload) return { kind: 'scenario-dependent', reason: workload.reason };
  return { kind: 'NOT REACHED', reason: 'reachable by the shipped schedulers: a scenario is missing' };
}

export function coverageReport(coverage: readonly MachineCoverage[], runs: readonly CoverageRun[]): CoverageReport {
  return {
    runs,
    machines: coverage.map((m) => ({
      machine: m.machine,
      transitions: { total: m.transitions.length, reached: m.transitions.filter((t) => t.hits > 0).length },
      states: { total: m.states.length, visited: m.states.filter((s) => s.hits > 0).length },
      unreached: m.transitions.filter((t) => t.hits === 0).map((t) => ({ transition: t.id, ...reasonFor(t.id) })),
      hits: Object.fromEntries(m.transitions.map((t) => [t.id, t.hits])),
    })),
  };
}

export function coverageMarkdown(report: CoverageReport): string {
  const lines = ['# Statechart coverage', '',
    'The shipped scenarios, each run with every shipped real scheduler and with eevdf (seed 1), replayed through',
    'the statecharts. Transitions not reached are listed with their reason (model/statecharts/unreachable.ts).', ''];
  for (const m of report.machines) {
    lines.push(`## ${m.machine}`, '',
      `${m.transitions.reached} of ${m.transitions.total} transitions reached, ${m.states.visited} of ${m.states.total} states visited.`, '');
    if (m.unreached.length > 0) {
      lines.push('| transition not reached | kind | reason |', '|---|---|---|');
      for (const u of m.unreached) lines.push(`| \`${u.transition}\` | ${u.kind} | ${u.reason} |`);
      lines.push('');
    }
  }
  const failed = report.runs.filter((r) => r.violation !== null);
  lines.push('## Conformance of the runs', '', `${report.runs.length - failed.length} of ${report.runs.length} runs conform.`, '');
  for (const r of failed) lines.push(`- ${r.scenario} × ${r.scheduler}: ${r.violation}`);
  return `${lines.join('\n')}\n`;
}
