// Tests for Cpumask and cpulist parsing: set operations, incremental count, kernel cpulist format,
// and the one-line InputError messages scenario authors see.
import { describe, it, expect } from 'vitest';
import { Cpumask, parseCpulist, cpumaskFromJson } from '../../../model/kernel/cpumask.ts';
import { InputError, ModelAssertionError } from '../../../model/kernel/assert.ts';
import { CPUS_MAX } from '../../../model/kernel/constants.ts';

describe('Cpumask', () => {
  it('empty and full', () => {
    const empty = Cpumask.empty(8);
    expect(empty.count).toBe(0);
    expect(empty.first()).toBe(-1);
    expect(empty.cpus()).toEqual([]);
    const full = Cpumask.full(8);
    expect(full.count).toBe(8);
    expect(full.first()).toBe(0);
    expect(full.cpus()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Cpumask.full(CPUS_MAX).count).toBe(CPUS_MAX);
  });

  it('set and clear keep the count exact, including repeated operations', () => {
    const mask = Cpumask.empty(8);
    mask.set(5);
    mask.set(5);
    mask.set(2);
    expect(mask.count).toBe(2);
    expect(mask.has(5)).toBe(true);
    expect(mask.has(4)).toBe(false);
    expect(mask.first()).toBe(2);
    mask.clear(2);
    mask.clear(2);
    mask.clear(3);
    expect(mask.count).toBe(1);
    expect(mask.first()).toBe(5);
    expect(mask.cpus()).toEqual([5]);
  });

  it('of() builds from a list, ignoring duplicates', () => {
    const mask = Cpumask.of(8, [6, 1, 6, 3]);
    expect(mask.cpus()).toEqual([1, 3, 6]);
    expect(mask.count).toBe(3);
  });

  it('and() intersects into a new mask', () => {
    const a = Cpumask.of(8, [0, 1, 2, 5]);
    const b = Cpumask.of(8, [1, 5, 7]);
    const both = a.and(b);
    expect(both.cpus()).toEqual([1, 5]);
    expect(both.count).toBe(2);
    expect(a.cpus()).toEqual([0, 1, 2, 5]);
    expect(a.and(Cpumask.empty(8)).count).toBe(0);
  });

  it('equals compares size and members', () => {
    expect(Cpumask.of(8, [1, 2]).equals(Cpumask.of(8, [2, 1]))).toBe(true);
    expect(Cpumask.of(8, [1, 2]).equals(Cpumask.of(8, [1, 3]))).toBe(false);
    expect(Cpumask.of(8, [1, 2]).equals(Cpumask.of(8, [1]))).toBe(false);
    expect(Cpumask.of(8, [1]).equals(Cpumask.of(9, [1]))).toBe(false);
  });

  it('clone is independent', () => {
    const a = Cpumask.of(4, [0, 3]);
    const b = a.clone();
    b.clear(0);
    b.set(1);
    expect(a.cpus()).toEqual([0, 3]);
    expect(b.cpus()).toEqual([1, 3]);
    expect(b.count).toBe(2);
  });

  it('toCpulist uses kernel ranges', () => {
    expect(Cpumask.empty(8).toCpulist()).toBe('');
    expect(Cpumask.full(8).toCpulist()).toBe('0-7');
    expect(Cpumask.of(8, [0, 1, 2, 3, 6]).toCpulist()).toBe('0-3,6');
    expect(Cpumask.of(8, [1, 3, 4, 7]).toCpulist()).toBe('1,3-4,7');
    expect(Cpumask.of(1, [0]).toCpulist()).toBe('0');
  });

  it('asserts on out-of-range CPUs and sizes (model bugs, not input)', () => {
    const mask = Cpumask.empty(4);
    expect(() => mask.set(4)).toThrow(ModelAssertionError);
    expect(() => mask.clear(1.5)).toThrow(ModelAssertionError);
    expect(() => mask.and(Cpumask.empty(5))).toThrow(ModelAssertionError);
    expect(() => Cpumask.empty(0)).toThrow(ModelAssertionError);
    expect(() => Cpumask.empty(CPUS_MAX + 1)).toThrow(ModelAssertionError);
  });
});

describe('Cpumask.has on an invalid CPU', () => {
  // Kernel: bpf_cpumask_test_cpu() (kernel/bpf/cpumask.c) returns false when !cpu_valid(cpu); a scheduler
  // testing pickIdleCpu's -EBUSY (-16) without a check gets false, not an error.
  it.each([-16, -1, 4, 1.5, Number.NaN])('returns false for %d like bpf_cpumask_test_cpu', (cpu) => {
    expect(Cpumask.full(4).has(cpu)).toBe(false);
  });
});

describe('parseCpulist', () => {
  it('parses ranges, single CPUs and whitespace', () => {
    expect(parseCpulist('0-3,6', 8, 'f').cpus()).toEqual([0, 1, 2, 3, 6]);
    expect(parseCpulist('5', 8, 'f').cpus()).toEqual([5]);
    expect(parseCpulist(' 1 , 4-5 ', 8, 'f').cpus()).toEqual([1, 4, 5]);
    expect(parseCpulist('2-2,0-7', 8, 'f').count).toBe(8);
  });

  it('round-trips through toCpulist', () => {
    for (const text of ['0-3,6', '7', '0,2,4,6', '1-6']) {
      expect(parseCpulist(text, 8, 'f').toCpulist()).toBe(text);
    }
  });

  it('names the field in each error', () => {
    const field = 'tasks[3].cpumask';
    expect(() => parseCpulist('0-9', 8, field)).toThrow(
      new InputError('tasks[3].cpumask: cpu 9 is outside the topology (0-7)'),
    );
    expect(() => parseCpulist('9', 8, field)).toThrow('tasks[3].cpumask: cpu 9 is outside the topology (0-7)');
    expect(() => parseCpulist('3-1', 8, field)).toThrow('tasks[3].cpumask: bad cpulist "3-1"');
    expect(() => parseCpulist('', 8, field)).toThrow('tasks[3].cpumask: empty cpulist');
    expect(() => parseCpulist('  ', 8, field)).toThrow('tasks[3].cpumask: empty cpulist');
    expect(() => parseCpulist('1,,2', 8, field)).toThrow('tasks[3].cpumask: bad cpulist ""');
    expect(() => parseCpulist('a', 8, field)).toThrow('tasks[3].cpumask: bad cpulist "a"');
    expect(() => parseCpulist('-1', 8, field)).toThrow('tasks[3].cpumask: bad cpulist "-1"');
    expect(() => parseCpulist('1-', 8, field)).toThrow('tasks[3].cpumask: bad cpulist "1-"');
    expect(() => parseCpulist('1', 1, field)).toThrow('tasks[3].cpumask: cpu 1 is outside the topology (0)');
  });

  it('throws InputError, not an assertion', () => {
    expect(() => parseCpulist('x', 8, 'f')).toThrow(InputError);
  });
});

describe('cpumaskFromJson', () => {
  it('accepts a cpulist string or an array of CPU ids', () => {
    expect(cpumaskFromJson('0-2', 4, 'f').cpus()).toEqual([0, 1, 2]);
    expect(cpumaskFromJson([3, 0, 3], 4, 'f').cpus()).toEqual([0, 3]);
  });

  it('reports bad values naming the field', () => {
    expect(() => cpumaskFromJson([0, 9], 8, 'tasks[3].cpumask')).toThrow(
      'tasks[3].cpumask: cpu 9 is outside the topology (0-7)',
    );
    expect(() => cpumaskFromJson([], 8, 'tasks[3].cpumask')).toThrow('tasks[3].cpumask: empty cpulist');
    expect(() => cpumaskFromJson('3-1', 8, 'tasks[3].cpumask')).toThrow('tasks[3].cpumask: bad cpulist "3-1"');
    expect(() => cpumaskFromJson([1.5], 8, 'm')).toThrow('m: 1.5 is not a CPU id (expected a non-negative integer)');
    expect(() => cpumaskFromJson([-1], 8, 'm')).toThrow('m: -1 is not a CPU id');
    expect(() => cpumaskFromJson(['1'], 8, 'm')).toThrow('m: "1" is not a CPU id');
    expect(() => cpumaskFromJson(3, 8, 'm')).toThrow(new InputError('m: expected a cpulist string or an array of CPU ids'));
    expect(() => cpumaskFromJson(null, 8, 'm')).toThrow(InputError);
  });
});
