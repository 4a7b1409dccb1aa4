// `schedcheck viz`'s NAME.json: a statechart's own `createMachine` config (`machine.config`, the literal
// object of model/statecharts/NAME.ts), as JSON. It loads back with `createMachine(JSON.parse(text))`;
// guards are referenced by name (their code lives in the machine's file), so stepping a guarded transition
// needs `.provide({ guards })` with the implementations — test/cli/viz.test.ts checks that the loaded
// machine, given them, derives exactly the table the checker steps. `machine.toJSON()` (the state-node
// dump this file used to be) does not load: its `initial`/`target` fields are resolved node objects.
import type { AnyStateMachine } from 'xstate';

export function machineConfigJson(machine: AnyStateMachine): string {
  return `${JSON.stringify(machine.config, null, 2)}\n`;
}
