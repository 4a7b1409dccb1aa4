// The description of a generated scenario, one line: its size and fault kinds ("generated: 2 CPUs,
// 3 tasks, faults: sysrq"). Shared by the generator and the data-level shrinker, which keeps it true.
import type { Fault } from '../scenario.ts';

export function describeGenerated(nrCpus: number, nrTasks: number, faults: readonly Fault[]): string {
  return `generated: ${nrCpus} CPU${nrCpus === 1 ? '' : 's'}, ${nrTasks} task${nrTasks === 1 ? '' : 's'}, ` +
    `faults: ${faults.map((f) => f.kind).join(', ') || 'none'}`;
}
