// DSQ id encoding (reference §3.1): the built-in ids (INVALID, GLOBAL, LOCAL, BYPASS) and LOCAL_ON|cpu are
// encoded above the user range 0 … 2^32-1 (DESIGN.md, Numbers) and rendered the kernel's way.
import { describe, expect, it } from 'vitest';
import { USER_DSQ_ID_MAX } from '../../../model/kernel/constants.ts';
import {
  dsqLocalOn, dsqName, formatDsqId, isBuiltinDsq, isLocalOn, isUserDsq, localOnCpu, SCX_DSQ_BYPASS,
  SCX_DSQ_GLOBAL, SCX_DSQ_INVALID, SCX_DSQ_LOCAL,
} from '../../../model/kernel/dsqId.ts';

describe('built-in DSQ ids (reference §3.1)', () => {
  it('renders SCX_DSQ_INVALID as 1<<63, GLOBAL as 1<<63|1, LOCAL as 1<<63|2, BYPASS as 1<<63|3', () => {
    expect(formatDsqId(SCX_DSQ_INVALID)).toBe('0x8000000000000000');
    expect(formatDsqId(SCX_DSQ_GLOBAL)).toBe('0x8000000000000001');
    expect(formatDsqId(SCX_DSQ_LOCAL)).toBe('0x8000000000000002');
    expect(formatDsqId(SCX_DSQ_BYPASS)).toBe('0x8000000000000003');
  });

  it('renders SCX_DSQ_LOCAL_ON|cpu as 0xc000000000000000|cpu (reference §3.1)', () => {
    expect(formatDsqId(dsqLocalOn(0))).toBe('0xc000000000000000');
    expect(formatDsqId(dsqLocalOn(3))).toBe('0xc000000000000003');
    expect(formatDsqId(dsqLocalOn(255))).toBe('0xc0000000000000ff');
  });

  it('classifies built-in ids as built-in, neither user nor LOCAL_ON', () => {
    for (const id of [SCX_DSQ_INVALID, SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL, SCX_DSQ_BYPASS]) {
      expect(isBuiltinDsq(id)).toBe(true);
      expect(isUserDsq(id)).toBe(false);
      expect(isLocalOn(id)).toBe(false);
    }
    expect(new Set([SCX_DSQ_INVALID, SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL, SCX_DSQ_BYPASS]).size).toBe(4);
  });

  it('decodes LOCAL_ON back to its CPU and never confuses it with a built-in or user id', () => {
    for (const cpu of [0, 1, 3, 127, 255]) {
      const id = dsqLocalOn(cpu);
      expect(isLocalOn(id)).toBe(true);
      expect(localOnCpu(id)).toBe(cpu);
      expect(isBuiltinDsq(id)).toBe(false);
      expect(isUserDsq(id)).toBe(false);
      expect(id).not.toBe(SCX_DSQ_LOCAL);
      expect(id).not.toBe(SCX_DSQ_GLOBAL);
    }
    expect(dsqLocalOn(1)).not.toBe(dsqLocalOn(2));
  });

  it('gives short trace names', () => {
    expect(dsqName(SCX_DSQ_GLOBAL)).toBe('global');
    expect(dsqName(SCX_DSQ_LOCAL)).toBe('local');
    expect(dsqName(SCX_DSQ_BYPASS)).toBe('bypass');
    expect(dsqName(SCX_DSQ_INVALID)).toBe('invalid');
    expect(dsqName(dsqLocalOn(3))).toBe('local_on:3');
    expect(dsqName(42)).toBe('42');
  });
});

describe('user DSQ ids (reference §3.1: any id without bit 63)', () => {
  it('keeps user ids in 0 … 2^32-1', () => {
    expect(USER_DSQ_ID_MAX).toBe(2 ** 32 - 1);
    for (const id of [0, 1, 42, 0xffff, 2 ** 31, 2 ** 32 - 1]) {
      expect(isUserDsq(id)).toBe(true);
      expect(isBuiltinDsq(id)).toBe(false);
      expect(isLocalOn(id)).toBe(false);
    }
  });

  it('rejects negative, fractional and out-of-range ids as user ids', () => {
    for (const id of [-1, 0.5, 2 ** 32, SCX_DSQ_GLOBAL, dsqLocalOn(0), Number.NaN]) {
      expect(isUserDsq(id)).toBe(false);
    }
  });

  it('renders user ids in hex (the "non-existent DSQ 0x%llx" form)', () => {
    expect(formatDsqId(0)).toBe('0x0');
    expect(formatDsqId(42)).toBe('0x2a');
    expect(formatDsqId(2 ** 32 - 1)).toBe('0xffffffff');
  });

  it('keeps every built-in id above the user range', () => {
    for (const id of [SCX_DSQ_INVALID, SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL, SCX_DSQ_BYPASS, dsqLocalOn(0)]) {
      expect(id).toBeGreaterThan(USER_DSQ_ID_MAX);
      expect(Number.isSafeInteger(id)).toBe(true);
    }
  });
});
