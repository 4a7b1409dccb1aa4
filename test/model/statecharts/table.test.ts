// Goal: the transition table the checker steps is the machine (issue 4, Conformance; the handoff machine
// of the rustland issue, item 6). Method: for each machine, xstate/graph generates paths over the
// machine's alphabet — the shortest path to every state, and for the small machines (ops ownership,
// handoff) every simple path (bounded by the graph) — and each path, extended by
// every event of the alphabet, is replayed through XState's pure `transition()` and through the table;
// the two must be in the same state after every step. Together the extended shortest paths visit every
// cell of every table.
import { describe, expect, it } from 'vitest';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { type AnyStateMachine, initialTransition, transition } from 'xstate';
import { eventKey, type MachineEvent } from '../../../model/statecharts/events.ts';
import { MACHINES, machineTables } from '../../../model/statecharts/machines.ts';
import { stateKeyOf, type MachineTable } from '../../../model/statecharts/table.ts';

/** Replays `events` through the machine and the table; returns the mismatches (empty when they agree). */
function replay(machine: AnyStateMachine, table: MachineTable, events: readonly MachineEvent[]): string[] {
  let [snapshot] = initialTransition(machine);
  let state = table.initial;
  const mismatches: string[] = [];
  for (const event of events) {
    const column = table.events.indexOf(eventKey(event));
    if (column < 0) return [`${eventKey(event)} is not in the table's alphabet`];
    if (state !== table.violation) [snapshot] = transition(machine, snapshot, event as never);
    state = table.next[state * table.events.length + column] as number;
    const expected = stateKeyOf(snapshot.value);
    if (table.states[state] !== expected) mismatches.push(`${eventKey(event)}: table ${table.states[state]}, machine ${expected}`);
  }
  return mismatches;
}

/** A path's events, without the initial `xstate.init` step. */
function eventsOf(steps: readonly { event: { type: string } }[]): MachineEvent[] {
  return steps.map((step) => step.event as MachineEvent).filter((e) => e.type !== 'xstate.init');
}

describe('transition tables agree with their machines (xstate/graph paths)', () => {
  const tables = machineTables();
  for (const spec of MACHINES) {
    const table = tables[spec.name];
    const alphabet = spec.alphabet();
    const options = { events: alphabet as never[], serializeEvent: (e: MachineEvent) => eventKey(e),
      serializeState: (s: { value: unknown }) => stateKeyOf(s.value) };

    it(`should agree on every shortest path, extended by every event (${spec.name})`, () => {
      const paths = getShortestPaths(spec.machine, options as never);
      expect(new Set(paths.map((p) => stateKeyOf(p.state.value)))).toEqual(new Set(table.states));
      let cells = 0;
      for (const path of paths) {
        const prefix = eventsOf(path.steps);
        for (const event of alphabet) {
          expect(replay(spec.machine, table, [...prefix, event])).toEqual([]);
          cells++;
        }
      }
      expect(cells).toBe(table.next.length);
    });

    if (spec.name === 'opsOwnership' || spec.name === 'handoff') {
      it(`should agree on every simple path (${spec.name})`, () => {
        const paths = getSimplePaths(spec.machine, options as never);
        expect(paths.length).toBeGreaterThan(table.states.length);
        for (const path of paths) expect(replay(spec.machine, table, eventsOf(path.steps))).toEqual([]);
      });
    }
  }

  // Determinism of the derivation: tablesGenerated.test.ts (derived now = derived when the file was generated).
});
