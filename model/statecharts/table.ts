// Deriving a transition table from a machine, once: a breadth-first walk from the initial state that
// steps XState's pure `transition()` with every event of the machine's finite alphabet. The result is
// plain data (state names, event keys, a next-state array) that the conformance checker steps with one
// array read per event, and that the explorer page embeds. test/model/statecharts/table.test.ts walks
// xstate/graph paths and proves the table and the machine agree.
import { type AnyStateMachine, initialTransition, transition } from 'xstate';
import { eventKey, type MachineEvent } from './events.ts';

/** A machine as a table: `next[state * events.length + event]` is the next state's index. */
export interface MachineTable {
  readonly name: string;
  /** Each reachable state configuration, as the JSON of its XState state value. */
  readonly states: readonly string[];
  /** The alphabet, as `eventKey` strings. */
  readonly events: readonly string[];
  readonly next: readonly number[];
  readonly initial: number;
  /** Index of the `violation` state (absorbing). */
  readonly violation: number;
}

/** Bound on the configurations of one machine: a guard against an accidentally unbounded chart. */
export const TABLE_STATES_MAX = 4096;

/** The key of a snapshot's configuration. */
export function stateKeyOf(value: unknown): string {
  return JSON.stringify(value);
}

export function deriveTable(name: string, machine: AnyStateMachine, alphabet: readonly MachineEvent[]): MachineTable {
  const events = alphabet.map(eventKey);
  if (new Set(events).size !== events.length) throw new Error(`${name}: duplicate events in the alphabet`);
  const [initial] = initialTransition(machine);
  const violationKey = stateKeyOf('violation');
  const index = new Map<string, number>();
  const snapshots: (typeof initial)[] = [];
  const states: string[] = [];
  const add = (snapshot: typeof initial): number => {
    const key = stateKeyOf(snapshot.value);
    const known = index.get(key);
    if (known !== undefined) return known;
    if (states.length >= TABLE_STATES_MAX) throw new Error(`${name}: more than ${TABLE_STATES_MAX} states`);
    index.set(key, states.length);
    states.push(key);
    snapshots.push(snapshot);
    return states.length - 1;
  };
  add(initial);
  const rows: number[][] = [];
  for (let s = 0; s < states.length; s++) {
    const snapshot = snapshots[s] as typeof initial;
    const row: number[] = [];
    for (const event of alphabet) {
      if (states[s] === violationKey) { row.push(s); continue; }
      const [next] = transition(machine, snapshot, event as never);
      row.push(add(next));
    }
    rows.push(row);
  }
  const violation = index.get(violationKey);
  if (violation === undefined) throw new Error(`${name}: no event leads to 'violation'`);
  return { name, states, events, next: rows.flat(), initial: 0, violation };
}
