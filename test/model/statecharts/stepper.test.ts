// Goal: the stepper's alphabet lookups are derived from the tables once per process, not once per run
// (issue 14, Checks: createStepper cost 7 % of a campaign), while each stepper keeps its own per-task state.
// Method: tables whose event-key lists count their reads; two steppers from the same tables, one stepped
// through a legal load, the other untouched.
import { describe, expect, it } from 'vitest';
import { machineTables } from '../../../model/statecharts/machines.ts';
import { createStepper, type StepperTables } from '../../../model/statecharts/stepper.ts';
import type { MachineTable } from '../../../model/statecharts/table.ts';
import { loaded, P } from './traces.ts';

/** A copy of the shipped tables whose `events` arrays count every read. */
function countingTables(): { tables: StepperTables; reads: () => number } {
  let reads = 0;
  const wrap = (table: MachineTable): MachineTable => ({ ...table, events: new Proxy(table.events as string[], {
    get(target, key, receiver) { reads++; return Reflect.get(target, key, receiver); },
  }) });
  const shipped = machineTables();
  const tables = { taskLifecycle: wrap(shipped.taskLifecycle), opsOwnership: wrap(shipped.opsOwnership),
    scheduler: wrap(shipped.scheduler), handoff: wrap(shipped.handoff) };
  return { tables, reads: () => reads };
}

describe('createStepper', () => {
  it('should derive the alphabet lookups once per tables object', () => {
    const { tables, reads } = countingTables();
    createStepper(tables);
    const first = reads();
    expect(first).toBeGreaterThan(0);
    createStepper(tables);
    expect(reads()).toBe(first);
  });

  it('should keep per-task state per stepper', () => {
    const tables = machineTables();
    const stepped = createStepper(tables);
    const fresh = createStepper(tables);
    for (const e of loaded()) expect(stepped.step(e)).toBeNull();
    expect(stepped.lifecycleOf(P)).not.toBe(fresh.lifecycleOf(P));
    expect(stepped.schedulerState()).not.toBe(fresh.schedulerState());
    expect(fresh.pids()).toEqual([]);
    expect([...fresh.hits.taskLifecycle].every((n) => n === 0)).toBe(true);
  });
});
