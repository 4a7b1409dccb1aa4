// Tests for topology construction: shape numbering, sibling/LLC/node queries, describe(), and each
// one-line InputError a scenario author can trigger.
import { describe, it, expect } from 'vitest';
import {
  buildTopology,
  numaTopology,
  smpTopology,
  smtTopology,
  type TopologyExplicit,
  type TopologySpec,
} from '../../../model/kernel/topology.ts';
import { InputError, ModelAssertionError } from '../../../model/kernel/assert.ts';

/** Builds from untyped JSON, as the scenario loader does. */
function fromJson(value: unknown): ReturnType<typeof buildTopology> {
  return buildTopology(value as TopologySpec);
}

describe('shape topologies', () => {
  it('numbers CPUs node-major, then LLC, core and thread, with global ids', () => {
    const topo = buildTopology(numaTopology(2, 2, 2, 2));
    expect(topo.nrCpus).toBe(16);
    expect(topo.nrNodes).toBe(2);
    expect(topo.nrLlcs).toBe(4);
    expect(topo.nrCores).toBe(8);
    expect(topo.cpuNode).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(topo.cpuLlc).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(topo.cpuCore).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7]);
    // cpu = ((node*llcs + llc)*cores + core)*threads + t: node 1, llc 1, core 0, thread 1 → 13
    expect(topo.cpuNode[13]).toBe(1);
    expect(topo.cpuLlc[13]).toBe(3);
    expect(topo.cpuCore[13]).toBe(6);
  });

  it('answers sibling, LLC and node queries in ascending order', () => {
    const topo = buildTopology(numaTopology(2, 2, 2, 2));
    expect(topo.siblings(13)).toEqual([12, 13]);
    expect(topo.siblings(0)).toEqual([0, 1]);
    expect(topo.llcCpus(2)).toEqual([8, 9, 10, 11]);
    expect(topo.nodeCpus(1)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(() => topo.siblings(16)).toThrow(ModelAssertionError);
    expect(() => topo.llcCpus(4)).toThrow(ModelAssertionError);
    expect(() => topo.nodeCpus(2)).toThrow(ModelAssertionError);
  });

  it('smp and smt helpers', () => {
    const smp = buildTopology(smpTopology(4));
    expect(smp.nrCpus).toBe(4);
    expect(smp.siblings(2)).toEqual([2]);
    expect(smp.llcCpus(0)).toEqual([0, 1, 2, 3]);
    expect(smp.describe()).toBe('1 node × 1 LLC × 4 cores × 1 thread = 4 CPUs');

    const smt = buildTopology(smtTopology(3));
    expect(smt.nrCpus).toBe(6);
    expect(smt.siblings(3)).toEqual([2, 3]);
    expect(buildTopology(smtTopology(2, 4)).siblings(5)).toEqual([4, 5, 6, 7]);
    expect(buildTopology(smpTopology(1)).describe()).toBe('1 node × 1 LLC × 1 core × 1 thread = 1 CPU');
  });

  it('describe() summarises the shape and a partial online set', () => {
    expect(buildTopology(numaTopology(2, 2, 2, 2)).describe()).toBe('2 nodes × 2 LLCs × 2 cores × 2 threads = 16 CPUs');
    const partial = buildTopology({ ...smpTopology(8), online: '0-5' });
    expect(partial.describe()).toBe('1 node × 1 LLC × 8 cores × 1 thread = 8 CPUs, online 0-5');
  });

  it('online defaults to all CPUs and accepts a cpulist or an array', () => {
    expect(buildTopology(smpTopology(4)).initialOnline.toCpulist()).toBe('0-3');
    expect(buildTopology({ ...smpTopology(4), online: '0,2' }).initialOnline.cpus()).toEqual([0, 2]);
    expect(buildTopology({ ...smpTopology(4), online: [3, 1] }).initialOnline.cpus()).toEqual([1, 3]);
  });

  it('rejects bad counts and too many CPUs', () => {
    expect(() => buildTopology(numaTopology(0, 1, 1, 1))).toThrow(
      new InputError('topology.nodes: expected a positive integer, got 0'),
    );
    expect(() => buildTopology(numaTopology(1, 1.5, 1, 1))).toThrow('topology.llcsPerNode: expected a positive integer, got 1.5');
    expect(() => fromJson({ nodes: 1, llcsPerNode: 1, coresPerLlc: '4', threadsPerCore: 1 })).toThrow(
      'topology.coresPerLlc: expected a positive integer, got "4"',
    );
    expect(() => fromJson({ nodes: 1, llcsPerNode: 1, coresPerLlc: 4 })).toThrow(
      'topology.threadsPerCore: expected a positive integer, got undefined',
    );
    expect(() => buildTopology(smtTopology(150, 2))).toThrow('topology: 300 CPUs exceed the limit of 256');
    expect(buildTopology(smtTopology(128, 2)).nrCpus).toBe(256);
    expect(() => buildTopology(smpTopology(300), 'scenario.topology')).toThrow(
      'scenario.topology: 300 CPUs exceed the limit of 256',
    );
  });

  it('rejects an empty or out-of-range online set', () => {
    expect(() => buildTopology({ ...smpTopology(4), online: '' })).toThrow(
      new InputError('topology.online: at least one CPU must be online'),
    );
    expect(() => buildTopology({ ...smpTopology(4), online: [] })).toThrow('topology.online: at least one CPU must be online');
    expect(() => buildTopology({ ...smpTopology(4), online: '0-4' })).toThrow(
      'topology.online: cpu 4 is outside the topology (0-3)',
    );
    expect(() => buildTopology({ ...smpTopology(4), online: '2-1' })).toThrow('topology.online: bad cpulist "2-1"');
  });

  it('rejects specs that are neither or both forms', () => {
    expect(() => fromJson(null)).toThrow('topology: expected an object');
    expect(() => fromJson([])).toThrow('topology: expected an object');
    expect(() => fromJson({})).toThrow('topology: expected nodes/llcsPerNode/coresPerLlc/threadsPerCore or cpus');
    expect(() => fromJson({ ...smpTopology(2), cpus: [] })).toThrow('topology: give either');
  });
});

/** Explicit cpus list from compact [core, llc, node] triples, ids in order. */
function explicit(triples: [number, number, number][]): TopologyExplicit {
  return { cpus: triples.map(([core, llc, node], id) => ({ id, core, llc, node })) };
}

describe('explicit topologies', () => {
  it('builds an irregular machine and indexes entries by id', () => {
    const topo = buildTopology({
      cpus: [
        { id: 3, core: 2, llc: 1, node: 0 },
        { id: 0, core: 0, llc: 0, node: 0 },
        { id: 1, core: 0, llc: 0, node: 0 },
        { id: 2, core: 1, llc: 0, node: 0 },
        { id: 4, core: 3, llc: 2, node: 1 },
      ],
      online: '0-3',
    });
    expect(topo.nrCpus).toBe(5);
    expect(topo.cpuCore).toEqual([0, 0, 1, 2, 3]);
    expect(topo.siblings(1)).toEqual([0, 1]);
    expect(topo.siblings(2)).toEqual([2]);
    expect(topo.llcCpus(0)).toEqual([0, 1, 2]);
    expect(topo.nodeCpus(1)).toEqual([4]);
    expect(topo.nrLlcs).toBe(3);
    expect(topo.nrNodes).toBe(2);
    expect(topo.describe()).toBe('5 CPUs in 2 nodes, 3 LLCs, 4 cores (irregular), online 0-3');
  });

  it('describes a regular explicit machine like a shape', () => {
    const topo = buildTopology(explicit([[0, 0, 0], [0, 0, 0], [1, 1, 1], [1, 1, 1]]));
    expect(topo.describe()).toBe('2 nodes × 1 LLC × 1 core × 2 threads = 4 CPUs');
  });

  it('matches the equivalent shape', () => {
    const shape = buildTopology(numaTopology(2, 1, 2, 2));
    const list = buildTopology({
      cpus: shape.cpuCore.map((core, id) => ({ id, core, llc: shape.cpuLlc[id] as number, node: shape.cpuNode[id] as number })),
    });
    expect(list.cpuCore).toEqual(shape.cpuCore);
    expect(list.describe()).toBe(shape.describe());
  });

  it('rejects duplicate, out-of-range and malformed ids', () => {
    const ten = explicit(Array.from({ length: 10 }, (_, i): [number, number, number] => [i, 0, 0]));
    const dup = { cpus: ten.cpus.map((c) => ({ ...c })) } as { cpus: { id: number }[] };
    (dup.cpus[4] as { id: number }).id = 9;
    expect(() => fromJson(dup)).toThrow(new InputError('topology.cpus[9].id: cpu 9 listed twice'));
    (dup.cpus[9] as { id: number }).id = 4;
    (dup.cpus[3] as { id: number }).id = 9;
    expect(() => fromJson(dup)).toThrow('topology.cpus[4].id: cpu 9 listed twice');

    expect(() => fromJson({ cpus: [{ id: 0, core: 0, llc: 0, node: 0 }, { id: 2, core: 1, llc: 0, node: 0 }] })).toThrow(
      'topology.cpus[1].id: cpu 2 is outside 0-1 (ids must run 0..n-1 without gaps)',
    );
    expect(() => fromJson({ cpus: [{ id: 0, core: -1, llc: 0, node: 0 }] })).toThrow(
      'topology.cpus[0].core: expected a non-negative integer, got -1',
    );
    expect(() => fromJson({ cpus: [{ id: 0, core: 0, node: 0 }] })).toThrow(
      'topology.cpus[0].llc: expected a non-negative integer, got undefined',
    );
    expect(() => fromJson({ cpus: [5] })).toThrow('topology.cpus[0]: expected an object with id, core, llc and node');
    expect(() => fromJson({ cpus: [] })).toThrow('topology.cpus: expected a non-empty array');
    expect(() => fromJson({ cpus: 'x' })).toThrow('topology.cpus: expected a non-empty array');
  });

  it('rejects too many CPUs', () => {
    const many = explicit(Array.from({ length: 300 }, (_, i): [number, number, number] => [i, 0, 0]));
    expect(() => buildTopology(many)).toThrow('topology: 300 CPUs exceed the limit of 256');
  });

  it('rejects cores spanning LLCs and LLCs spanning nodes', () => {
    expect(() => buildTopology(explicit([[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 0], [3, 1, 0]]))).toThrow(
      new InputError('topology: core 3 spans LLCs 0 and 1'),
    );
    expect(() => buildTopology(explicit([[0, 1, 0], [1, 0, 0], [1, 1, 0]]))).toThrow('topology: core 1 spans LLCs 0 and 1');
    expect(() => buildTopology(explicit([[0, 0, 0], [1, 1, 0], [2, 1, 1]]))).toThrow('topology: llc 1 spans nodes 0 and 1');
  });

  it('rejects gaps in core, LLC and node ids', () => {
    expect(() => buildTopology(explicit([[0, 0, 0], [2, 0, 0]]))).toThrow(
      'topology: core ids must run 0..2 without gaps (core 1 has no CPUs)',
    );
    expect(() => buildTopology(explicit([[0, 0, 0], [1, 2, 0]]))).toThrow('topology: llc ids must run 0..2 without gaps (llc 1 has no CPUs)');
    expect(() => buildTopology(explicit([[0, 0, 1]]))).toThrow('topology: node ids must run 0..1 without gaps (node 0 has no CPUs)');
  });

  it('validates the online set of an explicit topology', () => {
    expect(() => buildTopology({ ...explicit([[0, 0, 0], [1, 0, 0]]), online: '5' })).toThrow(
      'topology.online: cpu 5 is outside the topology (0-1)',
    );
    expect(() => buildTopology({ ...explicit([[0, 0, 0], [1, 0, 0]]), online: ' ' })).toThrow(
      'topology.online: at least one CPU must be online',
    );
  });
});
