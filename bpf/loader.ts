// Loads a BPF C scheduler (`--scheduler path/x.bpf.c`, compiled with clang and cached; or a prebuilt
// `path/x.wasm`) as a SchedulerDefinition. The module is compiled once; every run instantiates it afresh
// (bpf/run.ts), so memory starts from the program's initial image each run. Load errors are InputErrors
// naming the file and the problem: an import the host does not provide is an unsupported kfunc or helper.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { inputError } from '../model/kernel/assert.ts';
import { defineScheduler, type SchedulerDefinition, type SchedulerOption } from '../model/kernel/ops.ts';
import { compileBpfC } from './compile.ts';
import { programMeta, type ProgramMeta } from './meta.ts';
import { type BpfOpsInfo, createBpfRun, HOST_IMPORTS, readLayout } from './run.ts';

/** sched_ext_ops callback fields, in the shim's struct order (vmlinux.h). */
const OPS_FIELDS = [
  'select_cpu', 'enqueue', 'dequeue', 'dispatch', 'tick', 'runnable', 'running', 'stopping', 'quiescent', 'yield',
  'core_sched_before', 'set_weight', 'set_cpumask', 'update_idle', 'cpu_acquire', 'cpu_release', 'init_task',
  'exit_task', 'enable', 'disable', 'dump', 'dump_cpu', 'dump_task', 'cgroup_init', 'cgroup_exit',
  'cgroup_prep_move', 'cgroup_move', 'cgroup_cancel_move', 'cgroup_set_weight', 'cgroup_set_bandwidth',
  'cpu_online', 'cpu_offline', 'init', 'exit',
] as const;

/**
 * Callbacks the model never calls (no cgroups, no core scheduling, no debug dumps): a program may set
 * them; they simply never run, as on a kernel without those features.
 */
const NEVER_CALLED = new Set(['core_sched_before', 'dump', 'dump_cpu', 'dump_task', 'cgroup_init', 'cgroup_exit',
  'cgroup_prep_move', 'cgroup_move', 'cgroup_cancel_move', 'cgroup_set_weight', 'cgroup_set_bandwidth']);

const EXPORTS_REQUIRED = ['memory', '__scx_layout', '__scx_ops_field', '__scx_timer_fire', '__scx_task_slot_free'];

type Fn = (...args: number[]) => number;

function checkImports(module: WebAssembly.Module, name: string): void {
  const known = new Set<string>(HOST_IMPORTS);
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === 'schedcheck' && known.has(imp.name)) continue;
    inputError(`${name}: unsupported kfunc or helper "${imp.name}" (not provided by schedcheck's BPF shim; ` +
      'see bpf/README.md for the supported list)');
  }
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const required of EXPORTS_REQUIRED) {
    if (!exported.has(required)) inputError(`${name}: not built against schedcheck's BPF shim (no export ${required})`);
  }
  if (!exported.has('__scx_ops_register')) inputError(`${name}: no SCX_OPS_DEFINE(...) found: the program defines no sched_ext_ops`);
}

/** Reads the ops table and the rodata defaults from a throw-away instance (imports are never called). */
function probe(module: WebAssembly.Module, meta: ProgramMeta, name: string): { info: BpfOpsInfo; defaults: Record<string, number | boolean> } {
  const stub = Object.fromEntries(HOST_IMPORTS.map((n) => [n, () => { throw new Error(`${n} called while loading`); }]));
  const instance = new WebAssembly.Instance(module, { schedcheck: stub });
  const ex = instance.exports as Record<string, unknown> & { memory: WebAssembly.Memory };
  (ex['__scx_ops_register'] as Fn)();
  readLayout(ex['__scx_layout'] as Fn);
  const field = ex['__scx_ops_field'] as Fn;
  const callbacks = new Set<string>();
  OPS_FIELDS.forEach((f, i) => { if (field(i) === 1 && !NEVER_CALLED.has(f)) callbacks.add(f); });
  const bytes = new Uint8Array(ex.memory.buffer);
  const namePtr = field(103);
  let end = namePtr;
  while (end < namePtr + 128 && bytes[end] !== 0) end++;
  const opsName = new TextDecoder().decode(bytes.subarray(namePtr, end));
  if (opsName === '') inputError(`${name}: SCX_OPS_DEFINE(...) sets no .name`);
  const view = new DataView(ex.memory.buffer);
  const defaults: Record<string, number | boolean> = {};
  for (const v of meta.rodata) {
    const global = ex[v.name];
    if (!(global instanceof WebAssembly.Global) || v.name === 'nr_cpu_ids') continue;
    const addr = (global.value as number) >>> 0;
    let value: number;
    if (v.width === 1) value = v.signed ? view.getInt8(addr) : view.getUint8(addr);
    else if (v.width === 2) value = v.signed ? view.getInt16(addr, true) : view.getUint16(addr, true);
    else if (v.width === 4) value = v.signed ? view.getInt32(addr, true) : view.getUint32(addr, true);
    else value = Number(v.signed ? view.getBigInt64(addr, true) : view.getBigUint64(addr, true));
    defaults[v.name] = v.bool ? value !== 0 : value;
  }
  const info: BpfOpsInfo = {
    name: opsName, flags: field(100), timeoutMs: field(101), dispatchMaxBatch: field(102), callbacks,
  };
  return { info, defaults };
}

/** A SchedulerDefinition over a compiled BPF program (bytes of a .wasm built against the shim). */
export function bpfSchedulerFromWasm(bytes: Uint8Array, name: string): SchedulerDefinition {
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (error) {
    inputError(`${name}: not a WebAssembly module: ${error instanceof Error ? error.message : String(error)}`);
  }
  checkImports(module, name);
  const meta = programMeta(module);
  const { info, defaults } = probe(module, meta, name);
  const options: Record<string, SchedulerOption> = {};
  for (const [key, value] of Object.entries(defaults)) {
    options[key] = { type: typeof value === 'boolean' ? 'boolean' : 'number', default: value,
      description: `const volatile ${key} (BPF rodata)` };
  }
  return defineScheduler({
    kind: 'sched_ext',
    name: info.name,
    description: `BPF C scheduler ${meta.source || name} (WebAssembly)`,
    options,
    dsqNames: meta.dsqNames,
    create: (opts) => createBpfRun(module, info, meta, opts),
  });
}

/** `--scheduler x.bpf.c` or `--scheduler x.wasm`. */
export function loadBpfScheduler(path: string): SchedulerDefinition {
  const name = relative(process.cwd(), resolve(path)) || path;
  if (path.endsWith('.wasm')) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(resolve(path));
    } catch {
      inputError(`${name}: no such file`);
    }
    return bpfSchedulerFromWasm(bytes, name);
  }
  return bpfSchedulerFromWasm(compileBpfC(path), name);
}

/** Whether a path names a BPF C program or a compiled one. */
export function isBpfPath(path: string): boolean {
  return /\.(c|wasm)$/.test(path);
}
