// Test helpers: run a tiny inline scenario through the real runner with an inline scheduler, collecting
// every TraceEvent, plus small queries over the collected trace. Not a test file itself.
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { defineScheduler, type SchedExtOps, type SchedulerDefinition } from '../../model/kernel/ops.ts';
import type { TopologySpec } from '../../model/kernel/topology.ts';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import { runScenario, type RunOutcome } from '../../scenarios/runner.ts';
import type { Fault, Scenario } from '../../scenarios/scenario.ts';

export const MS = 1_000_000;
export const US = 1_000;

/** An inline sched_ext scheduler; `create` builds a fresh ops table per run. */
export function sched(name: string, create: () => Omit<SchedExtOps, 'name'>): SchedulerDefinition {
  return defineScheduler({
    kind: 'sched_ext', name, description: `test scheduler ${name}`, options: {},
    create: () => ({ name, ...create() }),
  });
}

export interface MiniScenario {
  readonly topology: TopologySpec;
  readonly durationNs: number;
  readonly tasks: readonly TaskSpec[];
  readonly faults?: readonly Fault[];
  readonly attachAtNs?: number;
  readonly hz?: number;
  readonly quietNs?: number;
  /** Kernel options (deadline servers). */
  readonly kernel?: NonNullable<Scenario['kernel']>;
}

export function scenario(mini: MiniScenario): Scenario {
  return { formatVersion: 1, name: 'test', description: 'inline test scenario', ...mini };
}

export interface SimResult extends RunOutcome {
  readonly events: TraceEvent[];
}

export function sim(mini: MiniScenario, scheduler: SchedulerDefinition | null, seed = 1): SimResult {
  const events: TraceEvent[] = [];
  const outcome = runScenario({
    scenario: scenario(mini), scheduler, seed, sinks: [{ event: (e) => events.push(e) }],
  });
  return { ...outcome, events };
}

export type EventOf<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }>;

export function ofType<T extends TraceEvent['type']>(events: readonly TraceEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

/** `op` events, optionally only one callback and/or one pid. */
export function ops(events: readonly TraceEvent[], op?: string, pid?: number): EventOf<'op'>[] {
  return ofType(events, 'op').filter((e) => (op === undefined || e.op === op) && (pid === undefined || e.pid === pid));
}

/** pid of the task created with `comm` (the first one). */
export function pidOf(events: readonly TraceEvent[], comm: string): number {
  const created = ofType(events, 'task_new').find((e) => e.comm === comm);
  if (!created) throw new Error(`no task ${comm} in the trace`);
  return created.pid;
}

/** A hog: runs forever in `chunkNs` bursts. */
export function hog(comm: string, extra: Partial<TaskSpec> = {}, chunkNs = 50 * MS): TaskSpec {
  return { comm, program: [{ op: 'loop', body: [{ op: 'run', ns: chunkNs }] }], ...extra };
}
