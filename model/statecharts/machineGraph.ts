// Reading a machine's own definition: its state nodes, its transitions (with a stable id each), the
// guards on them, and the active state ids of a state value. Coverage, the alphabets and the exporters
// use this so that none of them restates the charts.
import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';

/** One transition of a machine's definition, named the way coverage reports it. */
export interface TransitionInfo {
  /** `source: event [guard] → target` (target `(self)` when targetless). */
  readonly id: string;
  readonly source: string;
  readonly event: string;
  readonly guard: string | null;
  readonly targets: readonly string[];
}

/** Every state node, depth first in document order (the root first). */
export function stateNodes(machine: AnyStateMachine): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const visit = (node: AnyStateNode): void => {
    out.push(node);
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root);
  return out;
}

/** The guard's name as written in the machine config (a named guard), or null. */
export function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard) return String((guard as { type: unknown }).type);
  return 'inline';
}

/** Every transition of the machine's definition, in document order. */
export function machineTransitions(machine: AnyStateMachine): TransitionInfo[] {
  const out: TransitionInfo[] = [];
  for (const node of stateNodes(machine)) {
    for (const [event, defs] of Object.entries(node.on)) {
      for (const def of defs) {
        const targets = (def.target ?? []).map((t) => t.id);
        const guard = guardName(def.guard);
        const id = `${node.id}: ${event}${guard ? ` [${guard}]` : ''} → ${targets.length ? targets.join(', ') : '(self)'}`;
        out.push({ id, source: node.id, event, guard, targets });
      }
    }
  }
  return out;
}

/** The id of a transition definition as `machineTransitions` names it. */
export function transitionIdOf(def: { source: AnyStateNode; eventType: string; guard?: unknown;
  target?: readonly AnyStateNode[] | undefined }): string {
  const targets = (def.target ?? []).map((t) => t.id);
  const guard = guardName(def.guard);
  return `${def.source.id}: ${def.eventType}${guard ? ` [${guard}]` : ''} → ${targets.length ? targets.join(', ') : '(self)'}`;
}

/** Ids of the state nodes active in `value` (compound and parallel ancestors included). */
export function activeStateIds(machine: AnyStateMachine, value: StateValue): string[] {
  const ids: string[] = [machine.root.id];
  const visit = (node: AnyStateNode, v: StateValue): void => {
    if (typeof v === 'string') {
      const child = node.states[v] as AnyStateNode | undefined;
      if (child) ids.push(child.id);
      return;
    }
    for (const [key, sub] of Object.entries(v)) {
      const child = node.states[key] as AnyStateNode | undefined;
      if (!child) continue;
      ids.push(child.id);
      if (sub !== undefined) visit(child, sub as StateValue);
    }
  };
  visit(machine.root, value);
  return ids;
}

/** The `impl`-style bits the guards on each event type read, from a guard → bits map. */
export function guardBitsByEvent(machine: AnyStateMachine, bitsOfGuard: Readonly<Record<string, number>>):
  Map<string, number> {
  const bits = new Map<string, number>();
  for (const t of machineTransitions(machine)) {
    const guardBits = t.guard ? bitsOfGuard[t.guard] ?? 0 : 0;
    bits.set(t.event, (bits.get(t.event) ?? 0) | guardBits);
  }
  return bits;
}
