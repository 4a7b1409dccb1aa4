// A machine as a Mermaid `stateDiagram-v2` (renders on GitHub): compound states nest, parallel regions
// are separated by `--`, every transition of the definition is an edge labelled `event [guard]`, and the
// root's wildcard into `violation` is a note. Built from the machine's own definition. States are named
// by their key (by parent_key when a key repeats) rather than aliased, because Mermaid mishandles aliased
// composite states. Mermaid also fails to lay out edges that touch a compound state inside a parallel
// region, so those are drawn as XState takes them: into the compound's initial leaf, and out of each of
// its leaves.
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { machineTransitions, stateNodes } from '../../model/statecharts/machineGraph.ts';

const RESERVED = new Set(['state', 'note', 'end', 'as', 'direction', 'class', 'classDef', 'style', 'click']);

function sanitize(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_]/g, '_');
  return RESERVED.has(name) ? `${name}_` : name;
}

/** Mermaid names for every state node id: its key, or a longer path when the key is not unique. */
function names(machine: AnyStateMachine): Map<string, string> {
  const nodes = stateNodes(machine).filter((n) => n !== machine.root);
  const count = new Map<string, number>();
  for (const n of nodes) count.set(n.key, (count.get(n.key) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const n of nodes) {
    const path = n.id.split('.').slice(1);
    out.set(n.id, sanitize((count.get(n.key) ?? 0) > 1 ? path.slice(-2).join('_') : n.key));
  }
  if (new Set(out.values()).size !== out.size) {
    for (const n of nodes) out.set(n.id, sanitize(n.id.split('.').slice(1).join('_')));
  }
  return out;
}

function label(text: string): string {
  return text.replace(/"/g, "'").replace(/[:;]/g, ' ');
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

function declare(node: AnyStateNode, name: Map<string, string>, indent: string, out: string[]): void {
  const id = name.get(node.id) as string;
  const kids = children(node);
  if (kids.length === 0) {
    out.push(`${indent}${id}`);
    return;
  }
  out.push(`${indent}state ${id} {`);
  if (node.type === 'parallel') {
    kids.forEach((kid, i) => {
      if (i > 0) out.push(`${indent}  --`);
      declare(kid, name, `${indent}  `, out);
    });
  } else {
    const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
    if (initial) out.push(`${indent}  [*] --> ${name.get(initial.id)}`);
    for (const kid of kids) declare(kid, name, `${indent}  `, out);
  }
  out.push(`${indent}}`);
}

/** Whether a compound state sits somewhere below a parallel state. */
function inParallel(node: AnyStateNode): boolean {
  if (Object.keys(node.states).length === 0) return false;
  for (let up = node.parent; up; up = up.parent) if (up.type === 'parallel') return true;
  return false;
}

function initialLeaf(node: AnyStateNode): AnyStateNode {
  let leaf = node;
  for (let next = leaf.initial?.target?.[0] as AnyStateNode | undefined; next; next = leaf.initial?.target?.[0] as AnyStateNode | undefined) {
    leaf = next;
  }
  return leaf;
}

function leaves(node: AnyStateNode): AnyStateNode[] {
  const kids = children(node);
  return kids.length === 0 ? [node] : kids.flatMap(leaves);
}

export function toMermaid(machine: AnyStateMachine): string {
  const name = names(machine);
  const out = ['stateDiagram-v2'];
  const root = machine.root;
  const initial = root.initial?.target?.[0] as AnyStateNode | undefined;
  if (initial) out.push(`  [*] --> ${name.get(initial.id)}`);
  for (const kid of children(root)) declare(kid, name, '  ', out);
  const byId = new Map(stateNodes(machine).map((n) => [n.id, n]));
  const node = (id: string): AnyStateNode => byId.get(id) as AnyStateNode;
  for (const t of machineTransitions(machine)) {
    if (t.source === root.id) continue;
    const text = label(`${t.event}${t.guard ? ` [${t.guard}]` : ''}`);
    const source = node(t.source);
    const sources = inParallel(source) ? leaves(source) : [source];
    for (const from of sources) {
      const targets = t.targets.length > 0 ? t.targets.map(node) : [from];
      for (const target of targets) {
        const to = inParallel(target) ? initialLeaf(target) : target;
        out.push(`  ${name.get(from.id)} --> ${name.get(to.id)} : ${text}`);
      }
    }
  }
  const violation = children(root).find((n) => n.key === 'violation');
  if (violation) out.push(`  note right of ${name.get(violation.id)} : any event no active state accepts`);
  return `${out.join('\n')}\n`;
}
