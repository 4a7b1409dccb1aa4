// CPU topology for the model: NUMA nodes contain LLCs (last-level cache domains), LLCs contain cores,
// cores contain SMT sibling CPUs. Schedulers query it the way BPF schedulers read the kernel's
// topology (SMT siblings for idle-core selection, LLC and node spans for locality). A topology comes
// from a regular shape (nodes × LLCs × cores × threads) or an explicit per-CPU list; both are
// validated into one-line InputErrors naming the field, since they arrive from scenario files.

import { assert, inputError } from './assert.ts';
import { CPUS_MAX } from './constants.ts';
import { Cpumask, cpumaskFromJson } from './cpumask.ts';

export interface TopologyShape {
  nodes: number;
  llcsPerNode: number;
  coresPerLlc: number;
  threadsPerCore: number;
  online?: string | number[];
}

export interface TopologyExplicit {
  cpus: { id: number; core: number; llc: number; node: number }[];
  online?: string | number[];
}

export type TopologySpec = TopologyShape | TopologyExplicit;

/** Per-CPU placement, indexed by CPU id; core and LLC ids are global and dense. */
interface Layout {
  cpuNode: number[];
  cpuLlc: number[];
  cpuCore: number[];
}

const SHAPE_KEYS = ['nodes', 'llcsPerNode', 'coresPerLlc', 'threadsPerCore'] as const;
const CPU_KEYS = ['id', 'core', 'llc', 'node'] as const;

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Groups ids 0..n-1 by `owner[id]`, each group ascending; owners must be dense 0..groups-1. */
function groupBy(owner: readonly number[], groups: number): number[][] {
  const result: number[][] = [];
  for (let group = 0; group < groups; group++) result.push([]);
  owner.forEach((group, id) => {
    assert(group >= 0 && group < groups, `topology: owner ${group} out of 0..${groups - 1}`);
    (result[group] as number[]).push(id);
  });
  return result;
}

/** Number of distinct ids, asserting they are dense 0..max. */
function denseCount(ids: readonly number[]): number {
  const count = ids.length === 0 ? 0 : Math.max(...ids) + 1;
  assert(new Set(ids).size === count, 'topology: ids must be dense');
  return count;
}

/** The distinct `owner` ids of `cpus` (e.g. the LLCs of a node's CPUs). */
function distinct(cpus: readonly number[], owner: readonly number[]): number[] {
  return [...new Set(cpus.map((cpu) => owner[cpu] as number))];
}

/** The same number of members in every group, or undefined when the groups differ. */
function uniformSize(groups: readonly (readonly unknown[])[]): number | undefined {
  const size = groups[0]?.length;
  return groups.every((group) => group.length === size) ? size : undefined;
}

export class Topology {
  readonly nrCpus: number;
  readonly nrCores: number;
  readonly nrLlcs: number;
  readonly nrNodes: number;
  readonly cpuNode: readonly number[];
  readonly cpuLlc: readonly number[];
  readonly cpuCore: readonly number[];
  /** CPUs online when the run starts (hotplug may change the live set later). */
  readonly initialOnline: Cpumask;
  private readonly coreCpuLists: readonly (readonly number[])[];
  private readonly llcCpuLists: readonly (readonly number[])[];
  private readonly nodeCpuLists: readonly (readonly number[])[];

  constructor(layout: Layout, initialOnline: Cpumask) {
    this.nrCpus = layout.cpuCore.length;
    assert(this.nrCpus >= 1 && this.nrCpus <= CPUS_MAX, `topology: ${this.nrCpus} CPUs out of 1..${CPUS_MAX}`);
    assert(layout.cpuLlc.length === this.nrCpus && layout.cpuNode.length === this.nrCpus, 'topology: ragged layout');
    assert(initialOnline.nrCpus === this.nrCpus && initialOnline.count > 0, 'topology: bad initial online mask');
    this.cpuNode = Object.freeze([...layout.cpuNode]);
    this.cpuLlc = Object.freeze([...layout.cpuLlc]);
    this.cpuCore = Object.freeze([...layout.cpuCore]);
    this.nrCores = denseCount(this.cpuCore);
    this.nrLlcs = denseCount(this.cpuLlc);
    this.nrNodes = denseCount(this.cpuNode);
    this.coreCpuLists = Object.freeze(groupBy(this.cpuCore, this.nrCores).map((cpus) => Object.freeze(cpus)));
    this.llcCpuLists = Object.freeze(groupBy(this.cpuLlc, this.nrLlcs).map((cpus) => Object.freeze(cpus)));
    this.nodeCpuLists = Object.freeze(groupBy(this.cpuNode, this.nrNodes).map((cpus) => Object.freeze(cpus)));
    this.initialOnline = initialOnline.clone();
    this.assertNesting();
  }

  /** SMT siblings of `cpu`, itself included, ascending (topology_sibling_cpumask). */
  siblings(cpu: number): readonly number[] {
    this.assertCpu(cpu);
    return this.coreCpuLists[this.cpuCore[cpu] as number] as readonly number[];
  }

  /** CPUs sharing last-level cache `llc`, ascending. */
  llcCpus(llc: number): readonly number[] {
    assert(Number.isInteger(llc) && llc >= 0 && llc < this.nrLlcs, `topology: llc ${llc} out of range`);
    return this.llcCpuLists[llc] as readonly number[];
  }

  /** CPUs of NUMA node `node`, ascending. */
  nodeCpus(node: number): readonly number[] {
    assert(Number.isInteger(node) && node >= 0 && node < this.nrNodes, `topology: node ${node} out of range`);
    return this.nodeCpuLists[node] as readonly number[];
  }

  /** One-line summary, e.g. "2 nodes × 2 LLCs × 2 cores × 2 threads = 16 CPUs". */
  describe(): string {
    const online = this.initialOnline.count === this.nrCpus ? '' : `, online ${this.initialOnline.toCpulist()}`;
    return `${this.describeShape()}${online}`;
  }

  private describeShape(): string {
    const llcsPerNode = uniformSize(this.nodeCpuLists.map((cpus) => distinct(cpus, this.cpuLlc)));
    const coresPerLlc = uniformSize(this.llcCpuLists.map((cpus) => distinct(cpus, this.cpuCore)));
    const threadsPerCore = uniformSize(this.coreCpuLists);
    const cpus = plural(this.nrCpus, 'CPU');
    if (llcsPerNode === undefined || coresPerLlc === undefined || threadsPerCore === undefined) {
      const parts = [plural(this.nrNodes, 'node'), plural(this.nrLlcs, 'LLC'), plural(this.nrCores, 'core')];
      return `${cpus} in ${parts.join(', ')} (irregular)`;
    }
    const shape = [
      plural(this.nrNodes, 'node'),
      plural(llcsPerNode, 'LLC'),
      plural(coresPerLlc, 'core'),
      plural(threadsPerCore, 'thread'),
    ];
    return `${shape.join(' × ')} = ${cpus}`;
  }

  /** Every core lies in one LLC and every LLC in one node (validated on input; re-checked here). */
  private assertNesting(): void {
    for (const cpus of this.coreCpuLists) {
      const llc = this.cpuLlc[cpus[0] as number];
      assert(cpus.every((cpu) => this.cpuLlc[cpu] === llc), 'topology: a core spans LLCs');
    }
    for (const cpus of this.llcCpuLists) {
      const node = this.cpuNode[cpus[0] as number];
      assert(cpus.every((cpu) => this.cpuNode[cpu] === node), 'topology: an LLC spans nodes');
    }
  }

  private assertCpu(cpu: number): void {
    assert(Number.isInteger(cpu) && cpu >= 0 && cpu < this.nrCpus, `topology: cpu ${cpu} out of 0..${this.nrCpus - 1}`);
  }
}

// ---- Input validation ----

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    inputError(`${field}: expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function nonNegativeInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    inputError(`${field}: expected a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkCpuLimit(nrCpus: number, field: string): void {
  if (nrCpus > CPUS_MAX) inputError(`${field}: ${nrCpus} CPUs exceed the limit of ${CPUS_MAX}`);
}

/** Shape numbering: cpu = ((node*llcs + llc)*cores + core)*threads + thread; core and LLC ids global. */
function layoutFromShape(spec: Record<string, unknown>, field: string): Layout {
  const nodes = positiveInteger(spec['nodes'], `${field}.nodes`);
  const llcs = positiveInteger(spec['llcsPerNode'], `${field}.llcsPerNode`);
  const cores = positiveInteger(spec['coresPerLlc'], `${field}.coresPerLlc`);
  const threads = positiveInteger(spec['threadsPerCore'], `${field}.threadsPerCore`);
  checkCpuLimit(nodes * llcs * cores * threads, field);
  const layout: Layout = { cpuNode: [], cpuLlc: [], cpuCore: [] };
  for (let node = 0; node < nodes; node++) {
    for (let llc = 0; llc < llcs; llc++) {
      for (let core = 0; core < cores; core++) {
        for (let thread = 0; thread < threads; thread++) {
          layout.cpuNode.push(node);
          layout.cpuLlc.push(node * llcs + llc);
          layout.cpuCore.push((node * llcs + llc) * cores + core);
        }
      }
    }
  }
  return layout;
}

interface CpuEntry {
  id: number;
  core: number;
  llc: number;
  node: number;
}

function readCpuEntry(value: unknown, field: string): CpuEntry {
  if (!isRecord(value)) inputError(`${field}: expected an object with id, core, llc and node`);
  const [id, core, llc, node] = CPU_KEYS.map((key) => nonNegativeInteger(value[key], `${field}.${key}`)) as [
    number,
    number,
    number,
    number,
  ];
  return { id, core, llc, node };
}

/** Reads cpus[] into a layout indexed by id, rejecting duplicate and out-of-range ids. */
function readCpuEntries(list: unknown, field: string): Layout {
  if (!Array.isArray(list) || list.length === 0) inputError(`${field}.cpus: expected a non-empty array`);
  checkCpuLimit(list.length, field);
  const nrCpus = list.length;
  const layout: Layout = { cpuNode: [], cpuLlc: [], cpuCore: [] };
  const seen = new Set<number>();
  (list as unknown[]).forEach((value, index) => {
    const entryField = `${field}.cpus[${index}]`;
    const entry = readCpuEntry(value, entryField);
    if (seen.has(entry.id)) inputError(`${entryField}.id: cpu ${entry.id} listed twice`);
    if (entry.id >= nrCpus) {
      inputError(`${entryField}.id: cpu ${entry.id} is outside 0-${nrCpus - 1} (ids must run 0..n-1 without gaps)`);
    }
    seen.add(entry.id);
    layout.cpuNode[entry.id] = entry.node;
    layout.cpuLlc[entry.id] = entry.llc;
    layout.cpuCore[entry.id] = entry.core;
  });
  return layout;
}

/** Core, LLC and node ids must each run 0..k-1 with every id used. */
function checkDenseIds(ids: readonly number[], noun: string, field: string): void {
  const count = Math.max(...ids) + 1;
  const used = new Set(ids);
  for (let id = 0; id < count; id++) {
    if (!used.has(id)) inputError(`${field}: ${noun} ids must run 0..${count - 1} without gaps (${noun} ${id} has no CPUs)`);
  }
}

/** Each inner id (core, LLC) must map to one outer id (LLC, node). */
function checkContained(inner: readonly number[], outer: readonly number[], names: [string, string], field: string): void {
  const outerOf = new Map<number, number>();
  inner.forEach((innerId, cpu) => {
    const outerId = outer[cpu] as number;
    const known = outerOf.get(innerId);
    if (known === undefined) {
      outerOf.set(innerId, outerId);
    } else if (known !== outerId) {
      const [a, b] = known < outerId ? [known, outerId] : [outerId, known];
      inputError(`${field}: ${names[0]} ${innerId} spans ${names[1]}s ${a} and ${b}`);
    }
  });
}

function layoutFromExplicit(spec: Record<string, unknown>, field: string): Layout {
  const layout = readCpuEntries(spec['cpus'], field);
  checkDenseIds(layout.cpuCore, 'core', field);
  checkDenseIds(layout.cpuLlc, 'llc', field);
  checkDenseIds(layout.cpuNode, 'node', field);
  checkContained(layout.cpuCore, layout.cpuLlc, ['core', 'LLC'], field);
  checkContained(layout.cpuLlc, layout.cpuNode, ['llc', 'node'], field);
  return layout;
}

function readOnline(value: unknown, nrCpus: number, field: string): Cpumask {
  if (value === undefined) return Cpumask.full(nrCpus);
  const blank = (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
  if (blank) inputError(`${field}: at least one CPU must be online`);
  return cpumaskFromJson(value, nrCpus, field);
}

/** Validates a topology spec (shape or explicit list) from scenario input and builds the Topology. */
export function buildTopology(spec: TopologySpec, field = 'topology'): Topology {
  const raw: unknown = spec;
  if (!isRecord(raw)) inputError(`${field}: expected an object`);
  const hasShape = SHAPE_KEYS.some((key) => key in raw);
  const hasCpus = 'cpus' in raw;
  if (hasShape && hasCpus) inputError(`${field}: give either nodes/llcsPerNode/coresPerLlc/threadsPerCore or cpus, not both`);
  if (!hasShape && !hasCpus) inputError(`${field}: expected nodes/llcsPerNode/coresPerLlc/threadsPerCore or cpus`);
  const layout = hasCpus ? layoutFromExplicit(raw, field) : layoutFromShape(raw, field);
  const online = readOnline(raw['online'], layout.cpuCore.length, `${field}.online`);
  return new Topology(layout, online);
}

/** `cpus` independent cores in one LLC on one node, no SMT. */
export function smpTopology(cpus: number): TopologySpec {
  return { nodes: 1, llcsPerNode: 1, coresPerLlc: cpus, threadsPerCore: 1 };
}

/** `cores` cores of `threads` SMT siblings each, in one LLC on one node. */
export function smtTopology(cores: number, threads = 2): TopologySpec {
  return { nodes: 1, llcsPerNode: 1, coresPerLlc: cores, threadsPerCore: threads };
}

/** A regular NUMA machine. */
export function numaTopology(
  nodes: number,
  llcsPerNode: number,
  coresPerLlc: number,
  threadsPerCore: number,
): TopologySpec {
  return { nodes, llcsPerNode, coresPerLlc, threadsPerCore };
}
