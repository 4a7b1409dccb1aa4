// Cpulists and topology sizes as the properties read them: from the trace (`"0-3,6"` strings in task_new
// and attr events) and from the scenario's plain topology data. Properties are independent witnesses
// (DESIGN.md, The trace), so they parse these themselves instead of asking the kernel model.
import type { Scenario } from '../scenarios/scenario.ts';

/** A cpumask as the properties hold it: `mask[cpu]` is true when the CPU is allowed. */
export type CpuSet = readonly boolean[];

/** Parses a kernel cpulist (`"0-3,6"`) into a set over `nrCpus` CPUs; ids outside the range are ignored. */
export function parseCpulist(text: string, nrCpus: number): CpuSet {
  const mask = new Array<boolean>(nrCpus).fill(false);
  for (const part of text.split(',')) {
    const piece = part.trim();
    if (piece === '') continue;
    const dash = piece.indexOf('-');
    const low = Number(dash < 0 ? piece : piece.slice(0, dash));
    const high = Number(dash < 0 ? piece : piece.slice(dash + 1));
    if (!Number.isInteger(low) || !Number.isInteger(high)) continue;
    for (let cpu = Math.max(0, low); cpu <= Math.min(high, nrCpus - 1); cpu++) mask[cpu] = true;
  }
  return mask;
}

/** A cpulist string or an array of CPU ids (the scenario's two spellings) as a set. */
export function cpusFromJson(value: string | readonly number[], nrCpus: number): CpuSet {
  if (typeof value === 'string') return parseCpulist(value, nrCpus);
  const mask = new Array<boolean>(nrCpus).fill(false);
  for (const cpu of value) if (Number.isInteger(cpu) && cpu >= 0 && cpu < nrCpus) mask[cpu] = true;
  return mask;
}

/** Number of CPUs of a scenario's topology (shape product, or the explicit list's length). */
export function scenarioCpuCount(scenario: Scenario): number {
  const topology = scenario.topology;
  if ('cpus' in topology) return topology.cpus.length;
  return topology.nodes * topology.llcsPerNode * topology.coresPerLlc * topology.threadsPerCore;
}

/** The CPUs online when the run starts (every CPU unless the topology says otherwise). */
export function scenarioInitialOnline(scenario: Scenario): CpuSet {
  const nrCpus = scenarioCpuCount(scenario);
  const online = scenario.topology.online;
  return online === undefined ? new Array<boolean>(nrCpus).fill(true) : cpusFromJson(online, nrCpus);
}

/** A set as a kernel cpulist (`"0-3,6"`), for reports. */
export function formatCpulist(mask: CpuSet): string {
  const ranges: string[] = [];
  for (let cpu = 0; cpu < mask.length; cpu++) {
    if (mask[cpu] !== true) continue;
    let last = cpu;
    while (mask[last + 1] === true) last++;
    ranges.push(last === cpu ? String(cpu) : `${cpu}-${last}`);
    cpu = last;
  }
  return ranges.join(',');
}
