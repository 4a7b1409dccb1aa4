// DSQ id encoding (reference §3.1; DESIGN.md, Numbers). The kernel packs built-in and LOCAL_ON ids into
// bits 63/62 of a u64; JavaScript numbers cannot carry that exactly, so user DSQs keep 0 … 2^32-1 and the
// built-in ids are encoded just above that range. Decode only with the helpers here.
import { USER_DSQ_ID_MAX } from './constants.ts';

const BUILTIN_BASE = USER_DSQ_ID_MAX + 1; // 2^32
const LOCAL_ON_BASE = BUILTIN_BASE * 2; // 2^33 + cpu

/** SCX_DSQ_INVALID (1<<63 in the kernel). */
export const SCX_DSQ_INVALID = BUILTIN_BASE;
/** SCX_DSQ_GLOBAL (1<<63 | 1). */
export const SCX_DSQ_GLOBAL = BUILTIN_BASE + 1;
/** SCX_DSQ_LOCAL (1<<63 | 2): the local DSQ of the CPU in context. */
export const SCX_DSQ_LOCAL = BUILTIN_BASE + 2;
/** SCX_DSQ_BYPASS (1<<63 | 3): internal bypass queue. */
export const SCX_DSQ_BYPASS = BUILTIN_BASE + 3;

/** SCX_DSQ_LOCAL_ON | cpu. */
export function dsqLocalOn(cpu: number): number {
  return LOCAL_ON_BASE + cpu;
}
export function isLocalOn(dsqId: number): boolean {
  return dsqId >= LOCAL_ON_BASE && Number.isSafeInteger(dsqId);
}
export function localOnCpu(dsqId: number): number {
  return dsqId - LOCAL_ON_BASE;
}
export function isUserDsq(dsqId: number): boolean {
  return Number.isInteger(dsqId) && dsqId >= 0 && dsqId <= USER_DSQ_ID_MAX;
}
export function isBuiltinDsq(dsqId: number): boolean {
  return dsqId >= BUILTIN_BASE && dsqId < LOCAL_ON_BASE;
}

/** Kernel-style rendering, e.g. 0x8000000000000001 for GLOBAL and 0xc000000000000003 for LOCAL_ON|3. */
export function formatDsqId(dsqId: number): string {
  if (isLocalOn(dsqId)) return `0xc${localOnCpu(dsqId).toString(16).padStart(15, '0')}`;
  if (isBuiltinDsq(dsqId)) return `0x8${(dsqId - BUILTIN_BASE).toString(16).padStart(15, '0')}`;
  return `0x${dsqId.toString(16)}`;
}

/** The kernel's 0x%016llx rendering (user DSQs zero-padded to 16 hex digits). */
export function formatDsqId16(dsqId: number): string {
  if (isLocalOn(dsqId) || isBuiltinDsq(dsqId)) return formatDsqId(dsqId);
  return `0x${dsqId.toString(16).padStart(16, '0')}`;
}

/** Short name for traces: local, global, bypass, local_on:3, or the user id in decimal. */
export function dsqName(dsqId: number): string {
  if (dsqId === SCX_DSQ_GLOBAL) return 'global';
  if (dsqId === SCX_DSQ_LOCAL) return 'local';
  if (dsqId === SCX_DSQ_BYPASS) return 'bypass';
  if (dsqId === SCX_DSQ_INVALID) return 'invalid';
  if (isLocalOn(dsqId)) return `local_on:${localOnCpu(dsqId)}`;
  return String(dsqId);
}
