// The exec line protocol (docs/protocol.md, docs/protocol.schema.json): newline-delimited JSON between the
// simulator and a user-space scheduler process, mirroring scx_rustland_core's BpfScheduler API (reference
// §5.2, §5.10; field names are the Rust ones). One policy loop iteration is one exchange: a `schedule`
// message with what the iteration may read, answered by the calls the policy made, in order. Only
// select_cpu, whose answer the policy may need before it goes on, can add round trips within an iteration.
// Validation here is hand-written so each problem is one line naming the message and the field.
import type { QueuedTask } from '../schedulers/rustland-core/intf.ts';

export const EXEC_PROTOCOL_VERSION = 1;

/** queued_task_ctx as sent (reference §5.2, SCX HEAD). */
export interface WireQueuedTask {
  readonly pid: number;
  readonly cpu: number;
  readonly nr_cpus_allowed: number;
  readonly flags: number;
  readonly start_ts: number;
  readonly stop_ts: number;
  readonly exec_runtime: number;
  readonly weight: number;
  readonly vtime: number;
  readonly enq_cnt: number;
  readonly comm: string;
}

export function toWire(t: QueuedTask): WireQueuedTask {
  return { pid: t.pid, cpu: t.cpu, nr_cpus_allowed: t.nrCpusAllowed, flags: t.flags, start_ts: t.startTs,
    stop_ts: t.stopTs, exec_runtime: t.execRuntime, weight: t.weight, vtime: t.vtime, enq_cnt: t.enqCnt, comm: t.comm };
}

/** One BpfScheduler call the policy made, as the client reports it. */
export type WireCall =
  | { readonly call: 'dequeue_task' }
  | { readonly call: 'dispatch_task'; readonly pid: number; readonly cpu: number; readonly flags: number;
      readonly slice_ns: number; readonly vtime: number; readonly enq_cnt: number; readonly select_cpu?: boolean }
  | { readonly call: 'select_cpu'; readonly pid: number; readonly cpu: number; readonly flags: number }
  | { readonly call: 'notify_complete'; readonly nr_pending: number }
  | { readonly call: 'compute'; readonly ns: number };

/** Most simulated CPU time one `compute` call may charge (a longer computation is a client bug). */
export const EXEC_COMPUTE_NS_MAX = 10_000_000_000;

/** A client option as declared in its hello (the same shape as a shipped scheduler's options). */
export interface WireOption {
  readonly type: 'number' | 'boolean' | 'string';
  readonly default: number | boolean | string;
  readonly description: string;
}

export interface ClientHello {
  readonly type: 'hello';
  readonly protocol: number;
  readonly name: string;
  readonly options: Readonly<Record<string, WireOption>>;
}

export interface ClientInit {
  readonly type: 'init';
  readonly slice_ns?: number;
  readonly builtin_idle?: boolean;
  readonly partial?: boolean;
}

/** One problem with a client's message: `field` is a path inside it ('' for the message as a whole). */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(readonly where: string, readonly field: string, readonly problem: string) {
    super(`protocol error in ${where}: ${field ? `${field}: ` : ''}${problem}`);
  }
}

type Obj = Record<string, unknown>;

/** Parses one line as a JSON object with a string `type`. */
export function parseMessage(where: string, line: string): Obj {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new ProtocolError(where, '', `invalid JSON (${text.split('\n')[0]}): ${line.length > 80 ? `${line.slice(0, 80)}…` : line}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(where, '', 'expected a JSON object');
  const type = (value as Obj)['type'];
  if (typeof type !== 'string') throw new ProtocolError(where, 'type', type === undefined ? 'missing' : 'expected a string');
  if (type === 'error') {
    const message = (value as Obj)['message'];
    throw new ProtocolError(where, '', `the client reported an error: ${typeof message === 'string' ? message : JSON.stringify(value)}`);
  }
  return value as Obj;
}

/** Checks `type` is one of `types`. */
export function expectType(where: string, message: Obj, types: readonly string[]): string {
  const type = message['type'] as string;
  if (!types.includes(type)) throw new ProtocolError(where, 'type', `expected ${types.map((t) => `"${t}"`).join(' or ')}, got "${type}"`);
  return type;
}

/** A non-negative safe integer (ns, counts, pids, flags); `signed` allows negatives (select_cpu's errno). */
export function int(where: string, o: Obj, key: string, path: string, signed = false): number {
  const value = o[key];
  if (value === undefined) throw new ProtocolError(where, path, 'missing');
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (!signed && value < 0)) {
    throw new ProtocolError(where, path, `expected a ${signed ? '' : 'non-negative '}integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalBool(where: string, o: Obj, key: string, path: string): boolean | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ProtocolError(where, path, `expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

export function parseHello(where: string, message: Obj): ClientHello {
  expectType(where, message, ['hello']);
  const protocol = int(where, message, 'protocol', 'protocol');
  if (protocol !== EXEC_PROTOCOL_VERSION) {
    throw new ProtocolError(where, 'protocol', `version ${protocol} is not supported (schedcheck speaks version ${EXEC_PROTOCOL_VERSION})`);
  }
  const name = message['name'];
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.]{1,64}$/.test(name)) {
    throw new ProtocolError(where, 'name', name === undefined ? 'missing' : 'expected 1–64 letters, digits, _ or . (a sched_ext ops name)');
  }
  const raw = message['options'] ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ProtocolError(where, 'options', 'expected an object');
  const options: Record<string, WireOption> = {};
  for (const [key, spec] of Object.entries(raw as Obj)) {
    const path = `options.${key}`;
    if (typeof spec !== 'object' || spec === null) throw new ProtocolError(where, path, 'expected {type, default, description}');
    const s = spec as Obj;
    const type = s['type'];
    if (type !== 'number' && type !== 'boolean' && type !== 'string') throw new ProtocolError(where, `${path}.type`, 'expected "number", "boolean" or "string"');
    if (typeof s['default'] !== type) throw new ProtocolError(where, `${path}.default`, `expected a ${type}`);
    options[key] = { type, default: s['default'] as number | boolean | string,
      description: typeof s['description'] === 'string' ? s['description'] : '' };
  }
  return { type: 'hello', protocol, name, options };
}

export function parseInit(where: string, message: Obj): ClientInit {
  expectType(where, message, ['init']);
  const sliceNs = message['slice_ns'] === undefined ? undefined : int(where, message, 'slice_ns', 'slice_ns');
  const builtinIdle = optionalBool(where, message, 'builtin_idle', 'builtin_idle');
  const partial = optionalBool(where, message, 'partial', 'partial');
  return { type: 'init', ...(sliceNs !== undefined ? { slice_ns: sliceNs } : {}),
    ...(builtinIdle !== undefined ? { builtin_idle: builtinIdle } : {}), ...(partial !== undefined ? { partial } : {}) };
}

/** Parses the `calls` array of a `schedule` or `select_cpu` message (shapes only; meaning is checked on replay). */
export function parseCalls(where: string, message: Obj): WireCall[] {
  const raw = message['calls'];
  if (raw === undefined) throw new ProtocolError(where, 'calls', 'missing');
  if (!Array.isArray(raw)) throw new ProtocolError(where, 'calls', 'expected an array');
  return raw.map((c: unknown, i): WireCall => {
    const path = `calls[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new ProtocolError(where, path, 'expected an object');
    const o = c as Obj;
    const call = o['call'];
    switch (call) {
      case 'dequeue_task': return { call };
      case 'dispatch_task': {
        const selectCpu = optionalBool(where, o, 'select_cpu', `${path}.select_cpu`);
        return { call, pid: int(where, o, 'pid', `${path}.pid`), cpu: int(where, o, 'cpu', `${path}.cpu`),
          flags: int(where, o, 'flags', `${path}.flags`), slice_ns: int(where, o, 'slice_ns', `${path}.slice_ns`),
          vtime: int(where, o, 'vtime', `${path}.vtime`), enq_cnt: int(where, o, 'enq_cnt', `${path}.enq_cnt`),
          ...(selectCpu !== undefined ? { select_cpu: selectCpu } : {}) };
      }
      case 'select_cpu':
        return { call, pid: int(where, o, 'pid', `${path}.pid`), cpu: int(where, o, 'cpu', `${path}.cpu`),
          flags: int(where, o, 'flags', `${path}.flags`) };
      case 'notify_complete': return { call, nr_pending: int(where, o, 'nr_pending', `${path}.nr_pending`) };
      case 'compute': {
        const ns = int(where, o, 'ns', `${path}.ns`);
        if (ns > EXEC_COMPUTE_NS_MAX) throw new ProtocolError(where, `${path}.ns`, `${ns} exceeds ${EXEC_COMPUTE_NS_MAX} ns`);
        return { call, ns };
      }
      default:
        throw new ProtocolError(where, `${path}.call`, call === undefined ? 'missing'
          : `unknown call ${JSON.stringify(call)} (expected dequeue_task, dispatch_task, select_cpu, notify_complete or compute)`);
    }
  });
}
