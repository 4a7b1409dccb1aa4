// Seeded integer PRNG (xoshiro128**, seeded through splitmix32) for the deterministic simulator.
// Every random choice in a run flows from one seed, so a run replays bit-for-bit. Only 32-bit integer
// operations (Math.imul, >>> 0) are used, never floating-point randomness. Named sub-streams
// (fork) derive from the ORIGINAL seed and the name only, so adding draws to one part of the
// simulation never perturbs the sequence another part sees.

import { assert } from './assert.ts';

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;
/** Seeds are split into a low 32-bit word and a high word of at most 21 bits. */
const SEED_HIGH_WORDS = 2 ** 21;
/** Rejection sampling rejects under half the draws; 64 rejections in a row is a broken generator. */
const REJECTIONS_MAX = 64;

const FNV32_OFFSET_BASIS = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1a 32-bit hash of the UTF-8 bytes of `s`, as an unsigned 32-bit integer. */
export function hashString32(s: string): number {
  const bytes = new TextEncoder().encode(s);
  let hash = FNV32_OFFSET_BASIS;
  for (const byte of bytes) {
    hash = Math.imul((hash ^ byte) >>> 0, FNV32_PRIME) >>> 0;
  }
  return hash;
}

/** splitmix32 finaliser: a bijection on 32-bit words that spreads every input bit. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function rotl32(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function assertSeed(seed: number): void {
  assert(Number.isSafeInteger(seed) && seed >= 0, `prng: seed must be a non-negative safe integer, got ${seed}`);
}

/** Splits a safe-integer seed into 32-bit words using division (values exceed 32 bits). */
function seedWords(seed: number): { high: number; low: number } {
  const high = Math.floor(seed / TWO_POW_32);
  return { high, low: seed - high * TWO_POW_32 };
}

export class Prng {
  /** The seed this stream was built from; `new Prng(seed)` replays it. */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    assertSeed(seed);
    this.seed = seed;
    const { high, low } = seedWords(seed);
    const a = splitmix32(low ^ 0x243f6a88);
    const b = splitmix32(high ^ 0x85a308d3);
    this.s0 = a;
    this.s1 = b;
    this.s2 = splitmix32((a ^ rotl32(b, 13) ^ 0x13198a2e) >>> 0);
    this.s3 = splitmix32((b ^ rotl32(a, 7) ^ 0x03707344) >>> 0);
    // xoshiro's all-zero state is a fixed point; (a, b) is a bijection of the seed, so only one seed
    // could land there, and it is steered away deterministically.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw draw, uniform over 0 … 2^32-1 (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl32(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl32(this.s3, 11);
    return result;
  }

  /** Uniform integer in 0 … maxExclusive-1, unbiased by rejection; maxExclusive in 1 … 2^32. */
  int(maxExclusive: number): number {
    assert(
      Number.isSafeInteger(maxExclusive) && maxExclusive >= 1 && maxExclusive <= TWO_POW_32,
      `prng: int() bound must be an integer in 1..2^32, got ${maxExclusive}`,
    );
    if (maxExclusive === TWO_POW_32) return this.nextU32();
    const limit = TWO_POW_32 - (TWO_POW_32 % maxExclusive);
    for (let attempt = 0; attempt < REJECTIONS_MAX; attempt++) {
      const x = this.nextU32();
      if (x < limit) return x % maxExclusive;
    }
    assert(false, `prng: ${REJECTIONS_MAX} rejections in a row drawing below ${maxExclusive}`);
  }

  /** Uniform integer in min … max inclusive; the span may reach 2^53. */
  rangeInclusive(min: number, max: number): number {
    assert(Number.isSafeInteger(min) && Number.isSafeInteger(max), `prng: range bounds must be safe integers`);
    assert(min <= max, `prng: empty range ${min}..${max}`);
    const span = max - min + 1;
    assert(span <= TWO_POW_53, `prng: range ${min}..${max} spans more than 2^53 values`);
    if (span <= TWO_POW_32) return min + this.int(span);
    return min + this.below53(span);
  }

  /** Uniform integer in 0 … span-1 for 2^32 < span ≤ 2^53, from a high 21-bit and a low 32-bit draw. */
  private below53(span: number): number {
    const limit = TWO_POW_53 - (TWO_POW_53 % span);
    for (let attempt = 0; attempt < REJECTIONS_MAX; attempt++) {
      const high = this.int(SEED_HIGH_WORDS);
      const x = high * TWO_POW_32 + this.nextU32();
      if (x < limit) return x % span;
    }
    assert(false, `prng: ${REJECTIONS_MAX} rejections in a row drawing below ${span}`);
  }

  /** True with probability numerator/denominator (0 ≤ numerator ≤ denominator, denominator ≥ 1). */
  chance(numerator: number, denominator: number): boolean {
    assert(
      Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator) && denominator >= 1,
      `prng: chance(${numerator}, ${denominator}) needs integers with denominator ≥ 1`,
    );
    assert(numerator >= 0 && numerator <= denominator, `prng: chance(${numerator}, ${denominator}) out of 0..1`);
    if (numerator === 0) return false;
    if (numerator === denominator) return true;
    return this.rangeInclusive(0, denominator - 1) < numerator;
  }

  /** One element chosen uniformly; the array must be non-empty. */
  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, 'prng: pick() from an empty array');
    return items[this.int(items.length)] as T;
  }

  /** In-place Fisher–Yates shuffle: every permutation equally likely. */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
  }

  /**
   * An independent sub-stream named `name`, derived from this stream's seed and the name only —
   * never from how many draws this stream (or any sibling) has made.
   */
  fork(name: string): Prng {
    const hash = hashString32(name);
    const { high, low } = seedWords(this.seed);
    const childLow = splitmix32((low ^ hash) >>> 0);
    const childHigh = splitmix32((high ^ rotl32(hash, 16) ^ 0xa4093822) >>> 0) % SEED_HIGH_WORDS;
    return new Prng(childHigh * TWO_POW_32 + childLow);
  }
}
