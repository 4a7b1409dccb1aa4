// Compiles a sched_ext scheduler's BPF C (`*.bpf.c`) to WebAssembly with clang against schedcheck's shim
// (bpf/include), caching the .wasm by content hash. The cache key covers the source, the local headers it
// includes ("..."), every shim header and the compiler flags, so a hit is always the same program.
//
// clang: $SCHEDCHECK_CLANG, else clang-19, else clang on PATH (Debian: `apt-get install clang-19 lld-19`;
// clang finds wasm-ld next to itself). Cache: $SCHEDCHECK_CACHE_DIR, else node_modules/.cache/schedcheck/bpf
// under the working folder when it has node_modules, else <tmpdir>/schedcheck-cache/bpf.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputError } from '../model/kernel/assert.ts';
import { appendCustomSection, parseProgramMeta, PROGRAM_META_SECTION } from './meta.ts';

/** Bumped when the way a program is compiled or described changes: old cache entries are not reused. */
const SHIM_VERSION = 1;

/** The clang flags: freestanding wasm32, the shim on the include path, callbacks reached via the ops table. */
function clangFlags(includeDir: string, exports: readonly string[]): string[] {
  return [
    '--target=wasm32', '-O2', '-nostdlib', '-mbulk-memory', '-fno-stack-protector', `-I${includeDir}`,
    '-Wno-incompatible-library-redeclaration', '-Wno-unused-function',
    '-Wl,--no-entry', '-Wl,--allow-undefined', '-Wl,--stack-first', '-Wl,-z,stack-size=65536',
    '-Wl,--export=__stack_pointer', ...exports.map((name) => `-Wl,--export-if-defined=${name}`),
  ];
}

/** bpf/include, found from this file (source tree) or from the package root (dist). */
export function shimIncludeDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    for (const candidate of [join(dir, 'include'), join(dir, 'bpf', 'include')]) {
      if (existsSync(join(candidate, 'scx', 'common.bpf.h'))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('schedcheck: bpf/include (the BPF shim headers) not found');
}

function onPath(name: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The clang to use, or null when there is none. */
export function findClang(): string | null {
  const env = process.env['SCHEDCHECK_CLANG'];
  if (env) return env;
  return onPath('clang-19') ?? onPath('clang');
}

export function cacheDir(): string {
  const env = process.env['SCHEDCHECK_CACHE_DIR'];
  if (env) return resolve(env);
  if (existsSync(join(process.cwd(), 'node_modules'))) return join(process.cwd(), 'node_modules', '.cache', 'schedcheck', 'bpf');
  return join(tmpdir(), 'schedcheck-cache', 'bpf');
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

const LOCAL_INCLUDE = /^\s*#\s*include\s+"([^"]+)"/gm;

/** The source and the local headers it includes ("..."), transitively (bounded), in a stable order. */
function localSources(path: string, seen = new Set<string>()): string[] {
  if (seen.has(path) || seen.size > 64 || !existsSync(path)) return [];
  seen.add(path);
  const text = readFileSync(path, 'utf8');
  const out = [path];
  for (const match of text.matchAll(LOCAL_INCLUDE)) out.push(...localSources(resolve(dirname(path), match[1] as string), seen));
  return out;
}

/** Strips C comments so the declaration scan below sees only code. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

const RODATA_TYPES: Readonly<Record<string, { width: 1 | 2 | 4 | 8; signed: boolean; bool?: true }>> = {
  bool: { width: 1, signed: false, bool: true }, _Bool: { width: 1, signed: false, bool: true },
  u8: { width: 1, signed: false }, s8: { width: 1, signed: true }, char: { width: 1, signed: true },
  u16: { width: 2, signed: false }, s16: { width: 2, signed: true },
  u32: { width: 4, signed: false }, s32: { width: 4, signed: true }, int: { width: 4, signed: true },
  unsigned: { width: 4, signed: false }, __u32: { width: 4, signed: false }, __s32: { width: 4, signed: true },
  u64: { width: 8, signed: false }, s64: { width: 8, signed: true }, __u64: { width: 8, signed: false },
  __s64: { width: 8, signed: true },
};

/**
 * The `const volatile` globals (libbpf's rodata, set by the loader before the program loads): they become
 * scheduler options (`--opt fifo_sched=true`). Scalars only; arrays and structs are not options.
 */
export function scanRodata(source: string): { name: string; width: 1 | 2 | 4 | 8; signed: boolean; bool: boolean }[] {
  const out: { name: string; width: 1 | 2 | 4 | 8; signed: boolean; bool: boolean }[] = [];
  const decl = /^[ \t]*const\s+volatile\s+(\w+)\s+(\w+)\s*(?:=[^;]*)?;/gm;
  for (const match of stripComments(source).matchAll(decl)) {
    const type = RODATA_TYPES[match[1] as string];
    if (type) out.push({ name: match[2] as string, width: type.width, signed: type.signed, bool: type.bool === true });
  }
  return out;
}

/** `#define SHARED_DSQ 0` and `FALLBACK_DSQ_ID = 0,`: names for the program's own DSQs in traces. */
export function scanDsqNames(source: string): Record<string, number> {
  const names: Record<string, number> = {};
  const code = stripComments(source);
  for (const match of code.matchAll(/^\s*#\s*define\s+(\w*DSQ\w*)\s+(\d+)\s*$/gm)) names[match[1] as string] = Number(match[2]);
  for (const match of code.matchAll(/\b(\w*DSQ\w*)\s*=\s*(\d+)\s*[,}]/g)) names[match[1] as string] = Number(match[2]);
  return names;
}

function firstErrorLine(stderr: string, path: string): string {
  const lines = stderr.split('\n');
  const line = lines.find((l) => /\berror\b/.test(l)) ?? lines.find((l) => l.trim() !== '') ?? 'clang failed';
  const rel = relative(process.cwd(), path);
  return line.replaceAll(path, rel.startsWith('..') ? path : rel).trim();
}

/** Compiles (or finds in the cache) the .wasm of a BPF C scheduler; the result carries its metadata section. */
export function compileBpfC(path: string): Uint8Array {
  const abs = resolve(path);
  const name = relative(process.cwd(), abs) || path;
  if (!existsSync(abs)) inputError(`${name}: no such file`);
  const source = readFileSync(abs, 'utf8');
  const includeDir = shimIncludeDir();
  const rodata = scanRodata(source);
  const flags = clangFlags(includeDir, rodata.map((r) => r.name));
  const hash = createHash('sha256');
  hash.update(`schedcheck-bpf ${SHIM_VERSION}\n${flags.join(' ').replaceAll(includeDir, '<shim>')}\n`);
  for (const file of localSources(abs)) hash.update(readFileSync(file));
  for (const file of listFiles(includeDir)) hash.update(`${relative(includeDir, file)}\n`).update(readFileSync(file));
  const key = hash.digest('hex').slice(0, 32);
  const dir = cacheDir();
  const cached = join(dir, `${key}.wasm`);
  if (existsSync(cached)) return readFileSync(cached);

  const clang = findClang();
  if (clang === null) {
    inputError(`${name}: cannot compile: no clang found (install clang-19 and lld-19, or set SCHEDCHECK_CLANG), ` +
      'or pass a prebuilt .wasm');
  }
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${key}.${process.pid}.tmp.wasm`);
  const result = spawnSync(clang, [...flags, '-o', out, abs], { encoding: 'utf8' });
  if (result.error) inputError(`${name}: cannot run ${clang}: ${result.error.message}`);
  if (result.status !== 0) inputError(firstErrorLine(result.stderr ?? '', abs));
  const meta = { formatVersion: 1, source: name.split(/[\\/]/).pop() ?? name, rodata, dsqNames: scanDsqNames(source) };
  const bytes = appendCustomSection(readFileSync(out), PROGRAM_META_SECTION, JSON.stringify(meta));
  parseProgramMeta(bytes); // self-check of the section just written
  writeFileSync(out, bytes);
  renameSync(out, cached); // atomic: parallel workers compiling the same program both end with one file
  return bytes;
}
