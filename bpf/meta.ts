// A compiled BPF scheduler's description, carried inside its .wasm as a custom section, so a prebuilt .wasm
// loads with the same options (its `const volatile` globals) and DSQ names as the .bpf.c it came from.
import { inputError } from '../model/kernel/assert.ts';

export const PROGRAM_META_SECTION = 'schedcheck.bpf';

/** A `const volatile` scalar of the program (libbpf rodata): a scheduler option. */
export interface RodataVar {
  readonly name: string;
  readonly width: 1 | 2 | 4 | 8;
  readonly signed: boolean;
  readonly bool: boolean;
}

export interface ProgramMeta {
  readonly formatVersion: 1;
  /** The source file's base name. */
  readonly source: string;
  readonly rodata: readonly RodataVar[];
  readonly dsqNames: Readonly<Record<string, number>>;
}

function leb128(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Appends a custom section (id 0) to a WebAssembly binary. */
export function appendCustomSection(wasm: Uint8Array, name: string, payload: string): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const body = new TextEncoder().encode(payload);
  const content = [...leb128(nameBytes.length), ...nameBytes, ...body];
  const section = Uint8Array.from([0, ...leb128(content.length), ...content]);
  const out = new Uint8Array(wasm.length + section.length);
  out.set(wasm, 0);
  out.set(section, wasm.length);
  return out;
}

const EMPTY: ProgramMeta = { formatVersion: 1, source: '', rodata: [], dsqNames: {} };

/** The program's metadata; a .wasm built without schedcheck has none (no options, no DSQ names). */
export function programMeta(module: WebAssembly.Module): ProgramMeta {
  const sections = WebAssembly.Module.customSections(module, PROGRAM_META_SECTION);
  const section = sections[0];
  if (section === undefined) return EMPTY;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(section));
  } catch {
    inputError(`custom section ${PROGRAM_META_SECTION} is not valid JSON`);
  }
  const meta = raw as Partial<ProgramMeta>;
  if (meta.formatVersion !== 1 || !Array.isArray(meta.rodata)) inputError(`custom section ${PROGRAM_META_SECTION}: unknown format`);
  return { ...EMPTY, ...meta } as ProgramMeta;
}

/** Checks that a binary's metadata section parses (used right after writing it). */
export function parseProgramMeta(wasm: Uint8Array): ProgramMeta {
  return programMeta(new WebAssembly.Module(wasm));
}
