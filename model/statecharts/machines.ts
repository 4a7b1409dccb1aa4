// The registry of statecharts: each machine with its alphabet, scope and reference section, and the
// derivation of their transition tables (0.8–1.9 s per process), which runs at build time: the checker
// steps the committed tables.generated.ts (machineTables.ts), re-derived by the generate script and the test.
import type { AnyStateMachine } from 'xstate';
import { handoffAlphabet, lifecycleAlphabet, ownershipAlphabet, schedulerAlphabet } from './alphabet.ts';
import type { MachineEvent } from './events.ts';
import { handoffMachine } from './handoffMachine.ts';
import { opsOwnershipMachine } from './opsOwnershipMachine.ts';
import { schedulerMachine } from './schedulerMachine.ts';
import { deriveTable, type MachineTable } from './table.ts';
import { LIFECYCLE_GUARD_BITS, taskLifecycleMachine } from './taskLifecycleMachine.ts';
import type { MachineTables } from './machineTables.ts';

export { machineTables, type MachineTables } from './machineTables.ts';

export type MachineName = 'taskLifecycle' | 'opsOwnership' | 'scheduler' | 'handoff';

export interface MachineSpec {
  readonly name: MachineName;
  readonly title: string;
  /** One instance per task, per rustland message (pid, enq_cnt), or one for the whole run. */
  readonly scope: 'task' | 'message' | 'global';
  readonly reference: string;
  readonly machine: AnyStateMachine;
  readonly alphabet: () => MachineEvent[];
}

export const MACHINES: readonly MachineSpec[] = [
  {
    name: 'taskLifecycle', title: 'Task lifecycle (scx_task_state, run state, callback nesting)', scope: 'task',
    reference: '§1.1, §1.4, §1.5', machine: taskLifecycleMachine,
    alphabet: () => lifecycleAlphabet(taskLifecycleMachine, LIFECYCLE_GUARD_BITS),
  },
  {
    name: 'opsOwnership', title: 'Ops ownership (ops_state and the qseq handshake)', scope: 'task',
    reference: '§2', machine: opsOwnershipMachine, alphabet: ownershipAlphabet,
  },
  {
    name: 'scheduler', title: 'Scheduler lifecycle (enable state, exit, bypass depth)', scope: 'global',
    reference: '§4.1–§4.5', machine: schedulerMachine, alphabet: schedulerAlphabet,
  },
  {
    name: 'handoff', title: 'scx_rustland_core handoff (a message through the rings, user space and back)',
    scope: 'message', reference: '§5.4, §5.5, §5.9, §2.4', machine: handoffMachine, alphabet: handoffAlphabet,
  },
];

export function machineSpec(name: MachineName): MachineSpec {
  const spec = MACHINES.find((m) => m.name === name);
  if (!spec) throw new Error(`no machine ${name}`);
  return spec;
}

/** The tables derived from the machines now (the generate script and the staleness test; XState, slow). */
export function deriveMachineTables(): MachineTables {
  const derive = (name: MachineName): MachineTable => {
    const spec = machineSpec(name);
    return deriveTable(name, spec.machine, spec.alphabet());
  };
  return {
    taskLifecycle: derive('taskLifecycle'), opsOwnership: derive('opsOwnership'), scheduler: derive('scheduler'),
    handoff: derive('handoff'),
  };
}
