// Test helpers for properties: hand-made traces (a compact builder for TraceEvents), a judge that runs a
// property suite over them, and runs of the real kernel model whose instance is deliberately broken first
// (DESIGN.md: kernel-guaranteed properties are canaried by hand-made traces and broken kernel-model
// variants, built in test code, never by editing model/kernel). Not a test file itself.
import type { Kernel } from '../../model/kernel/kernel.ts';
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import type { PlaceKind, TaskClass, TraceEvent } from '../../model/kernel/trace.ts';
import type { PropertyDefinition, PropertyViolation, SchedulerKind } from '../../properties/index.ts';
import { PropertySuite } from '../../properties/suite.ts';
import { prepareRun } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';

export const MS = 1_000_000;

/** A small scenario for hand-made traces: `cpus` CPUs, fault phase `durationNs`, quiet phase `quietNs`. */
export function traceScenario(extra: Partial<Scenario> & { cpus?: number } = {}): Scenario {
  const { cpus = 2, ...rest } = extra;
  return { formatVersion: 1, name: 'trace', description: 'hand-made trace',
    topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: cpus, threadsPerCore: 1 },
    durationNs: 10 * MS, quietNs: 100 * MS, tasks: [], ...rest };
}

/** Trace event builders, in kernel vocabulary. */
export const ev = {
  taskNew: (t: number, pid: number, extra: { cls?: TaskClass; cpumask?: string; comm?: string; policy?: string } = {}): TraceEvent =>
    ({ t, type: 'task_new', pid, comm: extra.comm ?? `t${pid}`, parent: 0, policy: extra.policy ?? 'NORMAL', nice: 0,
      weight: 1024, cpumask: extra.cpumask ?? '0-1', kthread: false, cls: extra.cls ?? 'fair' }),
  place: (t: number, pid: number, place: PlaceKind, cpu = -1, dsq = -1): TraceEvent => ({ t, type: 'place', pid, place, cpu, dsq }),
  switch: (t: number, cpu: number, prev: number, next: number, cls: TaskClass | 'idle' = 'ext'): TraceEvent =>
    ({ t, type: 'switch', cpu, prev, next, cls: next === 0 ? 'idle' : cls }),
  cls: (t: number, pid: number, cls: TaskClass): TraceEvent => ({ t, type: 'class', pid, cls }),
  scx: (t: number, state: string, timeoutNs = 30_000 * MS): TraceEvent => ({ t, type: 'scx_state', state, scheduler: 'x', timeoutNs }),
  exit: (t: number, kind: string): TraceEvent => ({ t, type: 'exit', kind, reason: 'r', msg: 'm', code: 0 }),
  fault: (t: number, fault: string): TraceEvent => ({ t, type: 'fault', fault, cpu: -1, pid: 0 }),
  dead: (t: number, pid: number): TraceEvent => ({ t, type: 'task_dead', pid }),
  attr: (t: number, pid: number, cpumask: string): TraceEvent => ({ t, type: 'attr', pid, cpumask, policy: 'NORMAL', nice: 0, weight: 1024 }),
  taskState: (t: number, pid: number, state: string): TraceEvent => ({ t, type: 'task_state', pid, state }),
  cpu: (t: number, cpu: number, online: boolean): TraceEvent => ({ t, type: 'cpu', cpu, online }),
  migrate: (t: number, pid: number, from: number, to: number): TraceEvent => ({ t, type: 'migrate', pid, from, to }),
};

/** Feeds `events` to a suite of `properties` and ends it at `endNs` (default: the last event's time). */
export function judgeTrace(events: readonly TraceEvent[], properties: readonly PropertyDefinition[],
  options: { scenario?: Scenario; kind?: SchedulerKind; endNs?: number } = {}): PropertySuite {
  const suite = new PropertySuite({ scenario: options.scenario ?? traceScenario(), schedulerKind: options.kind ?? 'sched_ext',
    properties });
  for (const e of events) suite.event(e);
  suite.end(options.endNs ?? events[events.length - 1]?.t ?? 0);
  if (suite.internalError !== null) throw suite.internalError;
  return suite;
}

/**
 * Runs `scenario` on a kernel model instance broken by `breakModel` first; returns the first violation the
 * properties reported — also when the broken model later trips one of its own assertions, since the
 * properties must catch the bug before or without the model noticing.
 */
export function runBroken(scenario: Scenario, scheduler: SchedulerDefinition | null,
  properties: readonly PropertyDefinition[], breakModel: (k: Kernel) => void): { first: PropertyViolation | null; crashed: boolean } {
  const run = prepareRun({ scenario, scheduler, seed: 1, properties, stopOnViolation: true });
  breakModel(run.kernel);
  let crashed = false;
  try {
    run.finish();
  } catch {
    crashed = true;
  }
  return { first: run.suite.firstViolation(), crashed };
}
