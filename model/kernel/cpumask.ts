// struct cpumask for the model: a set of CPU ids below nrCpus (at most CPUS_MAX), one byte per CPU
// so no bit tricks are needed, with the population count kept incrementally because the scheduler
// core asks for it constantly. Also parses the kernel's cpulist format ("0-3,6") from scenario input,
// reporting bad input as one-line InputErrors that name the offending field.

import { assert, assertFailed, inputError } from './assert.ts';
import { CPUS_MAX } from './constants.ts';

function assertNrCpus(nrCpus: number): void {
  assert(
    Number.isInteger(nrCpus) && nrCpus >= 1 && nrCpus <= CPUS_MAX,
    `cpumask: nrCpus must be in 1..${CPUS_MAX}, got ${nrCpus}`,
  );
}

export class Cpumask {
  readonly nrCpus: number;
  private readonly bits: Uint8Array;
  private population = 0;

  private constructor(nrCpus: number) {
    assertNrCpus(nrCpus);
    this.nrCpus = nrCpus;
    this.bits = new Uint8Array(nrCpus);
  }

  static empty(nrCpus: number): Cpumask {
    return new Cpumask(nrCpus);
  }

  static full(nrCpus: number): Cpumask {
    const mask = new Cpumask(nrCpus);
    mask.bits.fill(1);
    mask.population = nrCpus;
    return mask;
  }

  static of(nrCpus: number, cpus: readonly number[]): Cpumask {
    const mask = new Cpumask(nrCpus);
    for (const cpu of cpus) mask.set(cpu);
    return mask;
  }

  /** Number of CPUs in the mask (cpumask_weight). */
  get count(): number {
    return this.population;
  }

  /**
   * cpumask_test_cpu. Like bpf_cpumask_test_cpu(), an invalid CPU (negative, fractional, NaN, or beyond
   * nrCpus — e.g. a -EBUSY from pickIdleCpu tested without a check) is simply not in the mask: false.
   */
  has(cpu: number): boolean {
    return Number.isInteger(cpu) && cpu >= 0 && cpu < this.nrCpus && this.bits[cpu] === 1;
  }

  set(cpu: number): void {
    this.assertCpu(cpu);
    if (this.bits[cpu] === 1) return;
    this.bits[cpu] = 1;
    this.population++;
  }

  clear(cpu: number): void {
    this.assertCpu(cpu);
    if (this.bits[cpu] === 0) return;
    this.bits[cpu] = 0;
    this.population--;
  }

  /** Lowest CPU in the mask, or -1 when empty (cpumask_first returns nr_cpu_ids). */
  first(): number {
    if (this.population === 0) return -1;
    return this.bits.indexOf(1);
  }

  /** CPUs in the mask, ascending. */
  cpus(): number[] {
    const result: number[] = [];
    for (let cpu = 0; cpu < this.nrCpus; cpu++) {
      if (this.bits[cpu] === 1) result.push(cpu);
    }
    return result;
  }

  /** A new mask holding the CPUs in both masks (cpumask_and). */
  and(other: Cpumask): Cpumask {
    this.assertSameSize(other);
    const result = new Cpumask(this.nrCpus);
    for (let cpu = 0; cpu < this.nrCpus; cpu++) {
      if (this.bits[cpu] === 1 && other.bits[cpu] === 1) {
        result.bits[cpu] = 1;
        result.population++;
      }
    }
    return result;
  }

  /** Same CPU count and the same CPUs (cpumask_equal). */
  equals(other: Cpumask): boolean {
    if (this.nrCpus !== other.nrCpus || this.population !== other.population) return false;
    for (let cpu = 0; cpu < this.nrCpus; cpu++) {
      if (this.bits[cpu] !== other.bits[cpu]) return false;
    }
    return true;
  }

  clone(): Cpumask {
    const copy = new Cpumask(this.nrCpus);
    copy.bits.set(this.bits);
    copy.population = this.population;
    return copy;
  }

  /** Kernel cpulist format, e.g. "0-3,6"; the empty mask is "". */
  toCpulist(): string {
    const ranges: string[] = [];
    let cpu = 0;
    while (cpu < this.nrCpus) {
      if (this.bits[cpu] === 0) {
        cpu++;
        continue;
      }
      const start = cpu;
      while (cpu + 1 < this.nrCpus && this.bits[cpu + 1] === 1) cpu++;
      ranges.push(start === cpu ? `${start}` : `${start}-${cpu}`);
      cpu++;
    }
    return ranges.join(',');
  }

  private assertCpu(cpu: number): void {
    if (!(Number.isInteger(cpu) && cpu >= 0 && cpu < this.nrCpus)) assertFailed(`cpumask: cpu ${cpu} out of 0..${this.nrCpus - 1}`);
  }

  private assertSameSize(other: Cpumask): void {
    if (this.nrCpus !== other.nrCpus) assertFailed(`cpumask: sizes differ (${this.nrCpus} vs ${other.nrCpus})`);
  }
}

/** "(0-7)" style description of the valid CPU ids, for error messages. */
function topologyRange(nrCpus: number): string {
  return nrCpus === 1 ? '(0)' : `(0-${nrCpus - 1})`;
}

function checkCpuInTopology(cpu: number, nrCpus: number, field: string): void {
  if (cpu >= nrCpus) inputError(`${field}: cpu ${cpu} is outside the topology ${topologyRange(nrCpus)}`);
}

const SINGLE_CPU = /^\d+$/;
const CPU_RANGE = /^(\d+)-(\d+)$/;

/** Adds one cpulist element ("5" or "0-3") to `mask`. */
function addCpulistPart(mask: Cpumask, part: string, field: string): void {
  if (SINGLE_CPU.test(part)) {
    const cpu = Number(part);
    checkCpuInTopology(cpu, mask.nrCpus, field);
    mask.set(cpu);
    return;
  }
  const range = CPU_RANGE.exec(part);
  if (range === null) inputError(`${field}: bad cpulist "${part}"`);
  const start = Number(range[1]);
  const end = Number(range[2]);
  if (start > end) inputError(`${field}: bad cpulist "${part}"`);
  checkCpuInTopology(end, mask.nrCpus, field);
  for (let cpu = start; cpu <= end; cpu++) mask.set(cpu);
}

/** Parses a kernel cpulist ("0-3,6", "5") naming `field` in errors; the list must not be empty. */
export function parseCpulist(text: string, nrCpus: number, field: string): Cpumask {
  assertNrCpus(nrCpus);
  const trimmed = text.trim();
  if (trimmed === '') inputError(`${field}: empty cpulist`);
  const mask = Cpumask.empty(nrCpus);
  for (const rawPart of trimmed.split(',')) {
    addCpulistPart(mask, rawPart.trim(), field);
  }
  return mask;
}

/** Reads a mask from JSON: a cpulist string or a non-empty array of integer CPU ids. */
export function cpumaskFromJson(value: unknown, nrCpus: number, field: string): Cpumask {
  if (typeof value === 'string') return parseCpulist(value, nrCpus, field);
  if (!Array.isArray(value)) inputError(`${field}: expected a cpulist string or an array of CPU ids`);
  if (value.length === 0) inputError(`${field}: empty cpulist`);
  const mask = Cpumask.empty(nrCpus);
  for (const item of value as unknown[]) {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0) {
      inputError(`${field}: ${JSON.stringify(item)} is not a CPU id (expected a non-negative integer)`);
    }
    checkCpuInTopology(item, nrCpus, field);
    mask.set(item);
  }
  return mask;
}
