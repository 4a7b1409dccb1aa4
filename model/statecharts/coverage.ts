// Transition coverage: which states and which transitions of each machine the checked traces exercised.
// The checker counts table cells; here each cell is mapped back to the transition definitions XState
// takes for it (`getTransitionData`), so coverage is reported in the machines' own terms.
import type { AnyStateMachine } from 'xstate';
import { eventFromKey } from './events.ts';
import {
  activeStateIds, machineTransitions, stateNodes, type TransitionInfo, transitionIdOf,
} from './machineGraph.ts';
import { MACHINES, type MachineName, machineTables } from './machines.ts';
import type { MachineTable } from './table.ts';

/** Hit counts per table cell, per machine (as the stepper keeps them). */
export type CellHits = { readonly [M in MachineName]: Uint32Array };

export function emptyHits(): { [M in MachineName]: Uint32Array } {
  const t = machineTables();
  return {
    taskLifecycle: new Uint32Array(t.taskLifecycle.next.length),
    opsOwnership: new Uint32Array(t.opsOwnership.next.length),
    scheduler: new Uint32Array(t.scheduler.next.length),
    handoff: new Uint32Array(t.handoff.next.length),
  };
}

/** Adds `from` into `into`, cell by cell. */
export function addHits(into: { [M in MachineName]: Uint32Array }, from: CellHits): void {
  for (const name of Object.keys(into) as MachineName[]) {
    const target = into[name];
    const source = from[name];
    for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) + (source[i] as number);
  }
}

export interface TransitionCoverage extends TransitionInfo {
  readonly hits: number;
}

export interface MachineCoverage {
  readonly machine: MachineName;
  /** Transitions of the definition, minus the wildcard into `violation`. */
  readonly transitions: readonly TransitionCoverage[];
  /**
   * State node ids, and how many steps started in, or led into, a configuration containing them (a
   * handoff message is forgotten when it ends, so no step starts in an end state).
   */
  readonly states: readonly { readonly id: string; readonly hits: number }[];
}

const cellCache = new Map<MachineName, string[][]>();

/** For each table cell, the ids of the transitions XState takes (empty: the event is ignored). */
export function cellTransitions(name: MachineName, machine: AnyStateMachine, table: MachineTable): string[][] {
  const cached = cellCache.get(name);
  if (cached) return cached;
  const cells: string[][] = [];
  const events = table.events.map(eventFromKey);
  for (const stateKey of table.states) {
    const snapshot = machine.resolveState({ value: JSON.parse(stateKey) as never, context: {} });
    for (const event of events) {
      if (stateKey === '"violation"') { cells.push([]); continue; }
      cells.push(machine.getTransitionData(snapshot as never, event as never).map((d) => transitionIdOf(d as never)));
    }
  }
  cellCache.set(name, cells);
  return cells;
}

/** Whether a transition is the root wildcard into `violation` (the "illegal" edge, not a kernel rule). */
export function isViolationEdge(t: TransitionInfo): boolean {
  return t.targets.some((target) => target.endsWith('.violation'));
}

export function machineCoverage(name: MachineName, hits: Uint32Array): MachineCoverage {
  const spec = MACHINES.find((m) => m.name === name);
  if (!spec) throw new Error(`no machine ${name}`);
  const table = machineTables()[name];
  const cells = cellTransitions(name, spec.machine, table);
  const byTransition = new Map<string, number>();
  const byState = new Map<string, number>();
  const n = table.events.length;
  for (let cell = 0; cell < hits.length; cell++) {
    const count = hits[cell] as number;
    if (count === 0) continue;
    for (const id of cells[cell] ?? []) byTransition.set(id, (byTransition.get(id) ?? 0) + count);
    const source = Math.floor(cell / n);
    const target = table.next[cell] as number;
    const visited = target === source || target === table.violation ? [source] : [source, target];
    for (const state of visited) {
      const value = JSON.parse(table.states[state] as string) as never;
      for (const id of activeStateIds(spec.machine, value)) byState.set(id, (byState.get(id) ?? 0) + count);
    }
  }
  const transitions = machineTransitions(spec.machine).filter((t) => !isViolationEdge(t))
    .map((t) => ({ ...t, hits: byTransition.get(t.id) ?? 0 }));
  const states = stateIdsOf(spec.machine).map((id) => ({ id, hits: byState.get(id) ?? 0 }));
  return { machine: name, transitions, states };
}

function stateIdsOf(machine: AnyStateMachine): string[] {
  return stateNodes(machine).map((node) => node.id).filter((id) => !id.endsWith('.violation'));
}

export function coverageOf(hits: CellHits): MachineCoverage[] {
  return MACHINES.map((m) => machineCoverage(m.name, hits[m.name]));
}
