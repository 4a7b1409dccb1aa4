// Tests for the seeded PRNG: determinism, fork independence, bounds and rough uniformity, so that
// every random choice in a simulation replays exactly from its seed.
import { describe, it, expect } from 'vitest';
import { Prng, hashString32 } from '../../../model/kernel/prng.ts';
import { ModelAssertionError } from '../../../model/kernel/assert.ts';

function draws(prng: Prng, count: number): number[] {
  return Array.from({ length: count }, () => prng.nextU32());
}

describe('hashString32', () => {
  it('matches FNV-1a 32 reference values', () => {
    expect(hashString32('')).toBe(0x811c9dc5);
    expect(hashString32('a')).toBe(0xe40c292c);
    expect(hashString32('foobar')).toBe(0xbf9cf968);
  });
});

describe('Prng', () => {
  it('is deterministic for a seed', () => {
    expect(draws(new Prng(7), 50)).toEqual(draws(new Prng(7), 50));
    expect(draws(new Prng(2 ** 53 - 1), 10)).toEqual(draws(new Prng(2 ** 53 - 1), 10));
  });

  it('implements xoshiro128** (reference output for state 1, 2, 3, 4)', () => {
    const prng = new Prng(0);
    Object.assign(prng, { s0: 1, s1: 2, s2: 3, s3: 4 });
    expect(draws(prng, 6)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('produces unsigned 32-bit integers', () => {
    for (const x of draws(new Prng(1), 1000)) {
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(2 ** 32);
    }
  });

  it('gives different sequences for different seeds, including seeds differing only above bit 32', () => {
    const seeds = [0, 1, 2, 7, 2 ** 32, 2 ** 32 + 1, 2 ** 40, 2 ** 53 - 1];
    const firsts = seeds.map((seed) => draws(new Prng(seed), 4).join(','));
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('rejects bad seeds', () => {
    expect(() => new Prng(-1)).toThrow(ModelAssertionError);
    expect(() => new Prng(1.5)).toThrow(ModelAssertionError);
    expect(() => new Prng(2 ** 53)).toThrow(ModelAssertionError);
  });

  it('records its seed', () => {
    expect(new Prng(42).seed).toBe(42);
  });
});

describe('Prng.fork', () => {
  it('is unaffected by draws on the parent or sibling forks', () => {
    const fresh = draws(new Prng(7).fork('a'), 20);
    const parent = new Prng(7);
    draws(parent, 100);
    const sibling = parent.fork('b');
    draws(sibling, 100);
    expect(draws(parent.fork('a'), 20)).toEqual(fresh);
  });

  it('draws on a fork do not change the parent', () => {
    const plain = draws(new Prng(7), 20);
    const parent = new Prng(7);
    draws(parent.fork('a'), 100);
    expect(draws(parent, 20)).toEqual(plain);
  });

  it('differs by name, by seed, and from the parent', () => {
    const a = draws(new Prng(7).fork('a'), 8).join(',');
    const b = draws(new Prng(7).fork('b'), 8).join(',');
    const a8 = draws(new Prng(8).fork('a'), 8).join(',');
    const parent = draws(new Prng(7), 8).join(',');
    expect(new Set([a, b, a8, parent]).size).toBe(4);
  });

  it('nests deterministically', () => {
    const x = draws(new Prng(3).fork('a').fork('b'), 10);
    expect(draws(new Prng(3).fork('a').fork('b'), 10)).toEqual(x);
    expect(draws(new Prng(3).fork('b').fork('a'), 10)).not.toEqual(x);
  });
});

describe('Prng.int', () => {
  it('stays in range and is roughly uniform over 10k draws', () => {
    const prng = new Prng(11);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = prng.int(10);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(10);
      buckets[x] = (buckets[x] as number) + 1;
    }
    for (const count of buckets) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it('handles the bounds 1 and 2^32 and a non-power-of-two near 2^32', () => {
    const prng = new Prng(5);
    expect(prng.int(1)).toBe(0);
    for (let i = 0; i < 100; i++) {
      const full = prng.int(2 ** 32);
      expect(full).toBeGreaterThanOrEqual(0);
      expect(full).toBeLessThan(2 ** 32);
      const odd = prng.int(3_000_000_001);
      expect(odd).toBeLessThan(3_000_000_001);
    }
  });

  it('rejects bad bounds', () => {
    const prng = new Prng(5);
    expect(() => prng.int(0)).toThrow(ModelAssertionError);
    expect(() => prng.int(2 ** 32 + 1)).toThrow(ModelAssertionError);
    expect(() => prng.int(2.5)).toThrow(ModelAssertionError);
  });
});

describe('Prng.rangeInclusive', () => {
  it('covers small ranges including both ends', () => {
    const prng = new Prng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const x = prng.rangeInclusive(-3, 3);
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThanOrEqual(3);
      seen.add(x);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(prng.rangeInclusive(5, 5)).toBe(5);
  });

  it('stays within bounds over spans beyond 2^32, up to 2^53, and uses the high bits', () => {
    const prng = new Prng(13);
    const cases: [number, number][] = [
      [0, Number.MAX_SAFE_INTEGER],
      [0, 2 ** 32],
      [1_000, 1_000 + 3 * 2 ** 40],
      [-(2 ** 52), 2 ** 52 - 1],
    ];
    for (const [min, max] of cases) {
      let above32 = 0;
      for (let i = 0; i < 2000; i++) {
        const x = prng.rangeInclusive(min, max);
        expect(Number.isSafeInteger(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(min);
        expect(x).toBeLessThanOrEqual(max);
        if (x - min >= 2 ** 32) above32++;
      }
      if (max - min > 2 ** 34) expect(above32).toBeGreaterThan(1900);
    }
  });

  it('splits the full safe range roughly in half', () => {
    const prng = new Prng(21);
    let upper = 0;
    for (let i = 0; i < 10_000; i++) if (prng.rangeInclusive(0, Number.MAX_SAFE_INTEGER) >= 2 ** 52) upper++;
    expect(upper).toBeGreaterThan(4700);
    expect(upper).toBeLessThan(5300);
  });

  it('rejects empty and oversized ranges', () => {
    const prng = new Prng(1);
    expect(() => prng.rangeInclusive(2, 1)).toThrow(ModelAssertionError);
    expect(() => prng.rangeInclusive(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toThrow(ModelAssertionError);
  });
});

describe('Prng.chance', () => {
  it('honours 0 and 1 exactly and approximates a fraction', () => {
    const prng = new Prng(17);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) {
      expect(prng.chance(0, 5)).toBe(false);
      expect(prng.chance(5, 5)).toBe(true);
      if (prng.chance(1, 4)) hits++;
    }
    expect(hits).toBeGreaterThan(2300);
    expect(hits).toBeLessThan(2700);
  });

  it('rejects bad fractions', () => {
    const prng = new Prng(1);
    expect(() => prng.chance(1, 0)).toThrow(ModelAssertionError);
    expect(() => prng.chance(3, 2)).toThrow(ModelAssertionError);
    expect(() => prng.chance(-1, 2)).toThrow(ModelAssertionError);
  });
});

describe('Prng.pick and shuffle', () => {
  it('pick returns every element eventually and only elements', () => {
    const prng = new Prng(23);
    const items = ['a', 'b', 'c'] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) seen.add(prng.pick(items));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    expect(() => prng.pick([])).toThrow(ModelAssertionError);
  });

  it('shuffle permutes in place, deterministically, and reaches many orders', () => {
    const base = Array.from({ length: 20 }, (_, i) => i);
    const one = [...base];
    new Prng(29).shuffle(one);
    expect([...one].sort((a, b) => a - b)).toEqual(base);
    expect(one).not.toEqual(base);
    const two = [...base];
    new Prng(29).shuffle(two);
    expect(two).toEqual(one);

    const prng = new Prng(31);
    const orders = new Set<string>();
    const firstPositions = new Array<number>(3).fill(0);
    for (let i = 0; i < 600; i++) {
      const small = [0, 1, 2];
      prng.shuffle(small);
      orders.add(small.join(''));
      firstPositions[small[0] as number] = (firstPositions[small[0] as number] as number) + 1;
    }
    expect(orders.size).toBe(6);
    for (const count of firstPositions) expect(count).toBeGreaterThan(150);
  });

  it('shuffle of empty and single arrays is a no-op', () => {
    const empty: number[] = [];
    const single = [4];
    new Prng(1).shuffle(empty);
    new Prng(1).shuffle(single);
    expect(empty).toEqual([]);
    expect(single).toEqual([4]);
  });
});
