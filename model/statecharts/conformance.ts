// The conformance checker: a trace sink that replays every event through the statecharts (their
// derived tables, via the stepper) and keeps the first illegal event, with the task, the state it was
// in, the event and the simulated time. It reads only trace events (DESIGN.md: an independent witness).
import type { TraceEvent, TraceSink } from '../kernel/trace.ts';
import { machineTables, type MachineTables } from './machineTables.ts';
import { hintFor } from './reasons.ts';
import { createStepper, type Stepper, type StepperMachine, type StepperViolation } from './stepper.ts';

/** The first illegal event of a trace, described for people. */
export interface ConformanceViolation {
  readonly machine: StepperMachine;
  /** The task (0 for the global scheduler machine) and its comm when known. */
  readonly pid: number;
  readonly comm: string;
  /** The message's enq_cnt for the handoff machine, else null. */
  readonly enqCnt: number | null;
  /** Simulated time of the event, ns. */
  readonly atNs: number;
  /** The state the machine was in, as its XState state value (JSON). */
  readonly state: string;
  /** The machine event refused (an alphabet key, e.g. `op.enable`), or the trace event when unknown. */
  readonly event: string;
  readonly reason: string;
}

export class ConformanceChecker implements TraceSink {
  readonly tables: MachineTables;
  private readonly stepper: Stepper;
  private readonly comms = new Map<number, string>();
  private result: ConformanceViolation | null = null;

  constructor(tables: MachineTables = machineTables()) {
    this.tables = tables;
    this.stepper = createStepper(tables);
  }

  event(event: TraceEvent): void {
    if (this.result) return;
    if (event.type === 'task_new') this.comms.set(event.pid, event.comm);
    const violation = this.stepper.step(event);
    if (violation) this.result = this.describe(violation);
  }

  end(endNs: number): void {
    if (this.result) return;
    const violation = this.stepper.end(endNs);
    if (violation) this.result = this.describe(violation);
  }

  /** The first violation, or null when the trace conforms so far. */
  get violation(): ConformanceViolation | null {
    return this.result;
  }

  /** Table-cell hit counts per machine (coverage). */
  get hits(): Stepper['hits'] {
    return this.stepper.hits;
  }

  private describe(v: StepperViolation): ConformanceViolation {
    const table = this.tables[v.machine];
    const state = table.states[v.state] ?? '?';
    const event = v.event >= 0 ? table.events[v.event] ?? '?' : v.unknown;
    const comm = this.comms.get(v.pid) ?? '';
    const task = `task ${v.pid}${comm ? ` (${comm})` : ''}`;
    const who = v.machine === 'scheduler' ? 'scheduler'
      : v.machine === 'handoff' ? `${task} message enq_cnt=${v.enqCnt}` : task;
    const what = v.event >= 0 ? `${event.split('|')[0]}` : `${v.unknown} (not in the alphabet)`;
    const reason = `${who}: ${what} is illegal in ${v.machine} state ${state}: ${hintFor(v.machine, event, state)}`;
    const enqCnt = v.machine === 'handoff' ? v.enqCnt : null;
    return { machine: v.machine, pid: v.pid, comm, enqCnt, atNs: v.t, state, event, reason };
  }
}
