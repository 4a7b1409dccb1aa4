// The finite alphabet of each machine: every distinct event its guards can tell apart. Event types come
// from events.ts; the `impl` variants of an event type are exactly the bits its guards read (taken from
// the machine's own definition), and the qseq variants exist only where `sameQseq` is read. Likewise the
// handoff machine's `gen`, `owned` and `gone` variants exist only on the steps whose guards read them.
import type { AnyStateMachine } from 'xstate';
import {
  BYPASS_DEPTH_MAX, GENERATIONS, type MachineEvent, OPS_STATES, PLACE_KINDS, SCX_STATES, TASK_OPS, TASK_STATES,
} from './events.ts';
import { guardBitsByEvent } from './machineGraph.ts';

/** All subsets of `mask` (including 0 and `mask`), ascending. */
export function subsetsOf(mask: number): number[] {
  const out: number[] = [];
  for (let s = 0; s <= mask; s++) if ((s & mask) === s) out.push(s);
  return out;
}

/** Expands each type into its `impl` variants, per the bits its guards read. */
function withImplVariants(types: readonly string[], bits: ReadonlyMap<string, number>): MachineEvent[] {
  const out: MachineEvent[] = [];
  for (const type of types) {
    const mask = bits.get(type) ?? 0;
    if (mask === 0) out.push({ type });
    else for (const impl of subsetsOf(mask)) out.push({ type, impl });
  }
  return out;
}

/** Event types of the per-task lifecycle machine. */
export const LIFECYCLE_TYPES: readonly string[] = [
  ...TASK_OPS.map((op) => `op.${op}`), 'op.stopping(true)', 'op.stopping(false)', 'op.other',
  ...TASK_STATES.map((s) => `task_state.${s}`), ...PLACE_KINDS.map((p) => `place.${p}`),
  'task_dead', 'scheduler.disabled',
];

export function lifecycleAlphabet(machine: AnyStateMachine, guardBits: Readonly<Record<string, number>>):
  MachineEvent[] {
  return withImplVariants(LIFECYCLE_TYPES, guardBitsByEvent(machine, guardBits));
}

/** ops_state events whose guards compare the qseq. */
export const QSEQ_CHECKED: readonly string[] = ['ops_state.QUEUED', 'ops_state.DISPATCHING'];

export function ownershipAlphabet(): MachineEvent[] {
  const out: MachineEvent[] = [];
  for (const state of OPS_STATES) {
    const type = `ops_state.${state}`;
    if (QSEQ_CHECKED.includes(type)) out.push({ type, sameQseq: true }, { type, sameQseq: false });
    else out.push({ type });
  }
  for (const place of PLACE_KINDS) out.push({ type: `place.${place}` });
  out.push({ type: 'op.enqueue' }, { type: 'task_dead' }, { type: 'scheduler.disabled' });
  return out;
}

export function schedulerAlphabet(): MachineEvent[] {
  const types: string[] = [...SCX_STATES.map((s) => `scx_state.${s}`)];
  for (let depth = 0; depth <= BYPASS_DEPTH_MAX; depth++) types.push(`bypass.${depth}`);
  types.push('bypass.deeper', 'exit', 'op.init', 'op.exit', 'op.other', ...TASK_STATES.map((s) => `task_state.${s}`),
    'trace.end');
  return types.map((type) => ({ type }));
}

/** The fields each handoff step carries: exactly the ones its guards in handoffMachine.ts read. */
export const HANDOFF_FIELDS: Readonly<Record<string, readonly ('gen' | 'owned' | 'gone')[]>> = {
  'handoff.queued': ['gen'],
  'handoff.congested': ['gen'],
  'handoff.kernel': ['gen'],
  'handoff.dequeued': [],
  'handoff.submitted': [],
  'handoff.bounced': ['gone'],
  'handoff.ignored': ['gone'],
  'handoff.inserted': ['gen', 'owned', 'gone'],
  'handoff.any': ['owned', 'gone'],
  'handoff.cancelled': ['gen', 'gone'],
};

export function handoffAlphabet(): MachineEvent[] {
  const out: MachineEvent[] = [];
  for (const [type, fields] of Object.entries(HANDOFF_FIELDS)) {
    let variants: MachineEvent[] = [{ type }];
    if (fields.includes('gen')) variants = variants.flatMap((e) => GENERATIONS.map((gen) => ({ ...e, gen })));
    if (fields.includes('owned')) variants = variants.flatMap((e) => [{ ...e, owned: true }, { ...e, owned: false }]);
    if (fields.includes('gone')) variants = variants.flatMap((e) => [{ ...e, gone: true }, { ...e, gone: false }]);
    out.push(...variants);
  }
  out.push({ type: 'ops_state.DISPATCHING' }, { type: 'ops_state.other' }, { type: 'scheduler.disabling' });
  return out;
}
