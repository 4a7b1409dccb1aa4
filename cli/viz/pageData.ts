// The data the explorer page embeds, per machine: its state tree (for drawing), its transitions (for
// arrows and coverage), its transition table (for stepping) and the active state ids of every table
// state (for highlighting). All of it is read from the machines and their derived tables.
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { cellTransitions, type MachineCoverage } from '../../model/statecharts/coverage.ts';
import { IMPL_ALL } from '../../model/statecharts/events.ts';
import { activeStateIds, machineTransitions } from '../../model/statecharts/machineGraph.ts';
import { MACHINES, type MachineName, machineTables } from '../../model/statecharts/machines.ts';
import { hintFor } from '../../model/statecharts/reasons.ts';
import type { MachineTable } from '../../model/statecharts/table.ts';

export interface PageStateNode {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly description: string;
  readonly children: readonly PageStateNode[];
}

export interface PageMachine {
  readonly name: MachineName;
  readonly title: string;
  readonly scope: 'task' | 'message' | 'global';
  readonly reference: string;
  readonly root: PageStateNode;
  readonly transitions: readonly { id: string; source: string; event: string; guard: string | null;
    targets: readonly string[]; hits: number | null }[];
  readonly table: MachineTable;
  /** For each table state: the ids of the active state nodes. */
  readonly active: readonly (readonly string[])[];
  /** For each table cell: the indices (in `transitions`) of the transitions XState takes. */
  readonly cells: readonly (readonly number[])[];
  /**
   * For each table cell: -1 when the event is legal there, else the index (in PageData.hints) of the rule it
   * breaks — the checker's own wording (model/statecharts/reasons.ts `hintFor`).
   */
  readonly illegal: readonly number[];
}

export interface PageData {
  readonly machines: readonly PageMachine[];
  readonly implAll: number;
  /** Whether transition hit counts come from a coverage run. */
  readonly coverage: boolean;
  /** The distinct rule texts the `illegal` cells point at. */
  readonly hints: readonly string[];
}

function tree(node: AnyStateNode): PageStateNode {
  return {
    id: node.id, key: node.key, type: node.type, description: node.description ?? '',
    children: (Object.values(node.states) as AnyStateNode[]).map(tree),
  };
}

/** Interns rule texts: the same hint is stored once for the whole page. */
class Hints {
  readonly texts: string[] = [];
  private readonly index = new Map<string, number>();
  of(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

function illegalCells(name: MachineName, table: MachineTable, hints: Hints): number[] {
  const n = table.events.length;
  return table.next.map((next, cell) => next !== table.violation ? -1
    : hints.of(hintFor(name, table.events[cell % n] as string, table.states[Math.floor(cell / n)] as string)));
}

function pageMachine(name: MachineName, title: string, scope: PageMachine['scope'], reference: string,
  machine: AnyStateMachine, coverage: MachineCoverage | undefined, hints: Hints): PageMachine {
  const table = machineTables()[name];
  const hits = new Map((coverage?.transitions ?? []).map((t) => [t.id, t.hits]));
  const transitions = machineTransitions(machine);
  const indexOf = new Map(transitions.map((t, i) => [t.id, i]));
  return {
    name, title, scope, reference, root: tree(machine.root),
    transitions: transitions.map((t) => ({ ...t, hits: coverage ? hits.get(t.id) ?? 0 : null })),
    table,
    active: table.states.map((key) => activeStateIds(machine, JSON.parse(key) as never)),
    cells: cellTransitions(name, machine, table).map((ids) => ids.map((id) => indexOf.get(id) ?? -1)),
    illegal: illegalCells(name, table, hints),
  };
}

export function buildPageData(coverage: readonly MachineCoverage[] | null): PageData {
  const hints = new Hints();
  return {
    machines: MACHINES.map((m) => pageMachine(m.name, m.title, m.scope, m.reference, m.machine,
      coverage?.find((c) => c.machine === m.name), hints)),
    implAll: IMPL_ALL,
    coverage: coverage !== null,
    hints: hints.texts,
  };
}
