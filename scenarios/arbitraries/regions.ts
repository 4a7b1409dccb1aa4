// The regions a scheduler's known limits exclude (knownLimits.ts), applied to scenario data: hotplugs that
// would take a kept CPU offline or leave too few CPUs online are dropped, and per-CPU kthreads are moved
// off avoided CPUs. Used by the generator and by the data-level shrinker, so a shrunk counterexample never
// wanders back into a known limit.
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import type { Fault } from '../scenario.ts';

/** Per-CPU kthreads moved off the CPUs a scheduler's known limit keeps them away from. */
export function avoidCpus(tasks: TaskSpec[], nrCpus: number, avoid: readonly number[]): TaskSpec[] {
  if (avoid.length === 0) return tasks;
  const allowed = Array.from({ length: nrCpus }, (_, cpu) => cpu).filter((cpu) => !avoid.includes(cpu));
  if (allowed.length === 0) return tasks;
  return tasks.map((t) => {
    const pinned = t.kthread === true && Array.isArray(t.cpumask) ? (t.cpumask as number[])[0] : undefined;
    if (pinned === undefined || !avoid.includes(pinned)) return t;
    return { ...t, cpumask: [allowed[pinned % allowed.length] as number] };
  });
}

/**
 * setAffinity faults kept off the CPUs per-CPU kthreads must avoid: a fault that moves a kthread there (onto
 * the central CPU, say) would rebuild the known-limit region avoidCpus keeps the tasks out of. The avoided
 * CPUs leave the new mask; a fault with nothing left is dropped.
 */
export function avoidKthreadMoves(faults: readonly Fault[], tasks: readonly TaskSpec[], avoid: readonly number[]): Fault[] {
  if (avoid.length === 0) return [...faults];
  const kthreads = new Set(tasks.filter((t) => t.kthread === true).map((t) => t.comm));
  return faults.flatMap((fault): Fault[] => {
    // Generated faults name the task by comm and the CPUs as a list; other forms are kept as they are.
    if (fault.kind !== 'setAffinity' || typeof fault.target !== 'string' || !Array.isArray(fault.cpus) ||
      !kthreads.has(fault.target)) return [fault];
    const cpus = fault.cpus.filter((cpu) => !avoid.includes(cpu));
    return cpus.length === 0 ? [] : [{ ...fault, cpus }];
  });
}

/**
 * The plan without the hotplugs a scheduler's known limits exclude: taking a `keepOnline` CPU offline, or
 * leaving fewer than `minOnline` CPUs online (walked in the order the runner applies faults).
 */
export function withinLimits(faults: readonly Fault[], nrCpus: number, keepOnline: readonly number[], minOnline: number): Fault[] {
  if (keepOnline.length === 0 && minOnline <= 1) return [...faults];
  const online = new Array<boolean>(nrCpus).fill(true);
  const dropped = new Set<Fault>();
  const ordered = faults.map((fault, index) => ({ fault, index })).sort((x, y) => x.fault.atNs - y.fault.atNs || x.index - y.index);
  for (const { fault } of ordered) {
    if (fault.kind !== 'hotplug') continue;
    const count = online.filter(Boolean).length;
    if (!fault.online && online[fault.cpu] === true && (keepOnline.includes(fault.cpu) || count <= minOnline)) {
      dropped.add(fault);
      continue;
    }
    online[fault.cpu] = fault.online;
  }
  return faults.filter((f) => !dropped.has(f));
}
