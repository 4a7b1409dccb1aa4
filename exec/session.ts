// One client process per run (the exec scheduler's UserspaceRuntime): the hello handshake with the
// protocol version, an `init` per scheduler instance (attach, restart) carrying the client's options, and
// per policy loop iteration one `schedule` exchange whose answer — the calls the policy made, in order —
// is replayed through the modelled BpfScheduler, so each call is charged and lands exactly as for an
// in-process policy (schedulers/rustland-core/bpfScheduler.ts). Faults: a client that is gone (killed,
// exited) is a crash of the scheduler process; a malformed or out-of-protocol answer is a protocol error
// (scx_error naming the message and the field; the client is killed); no answer within the wall-clock
// limit ends the run (PolicyHang).
import { InputError } from '../model/kernel/assert.ts';
import type { BpfScheduler } from '../schedulers/rustland-core/bpfScheduler.ts';
import { COUNTER_NAMES } from '../schedulers/rustland-core/counters.ts';
import { RL_CPU_ANY } from '../schedulers/rustland-core/intf.ts';
import {
  PolicyFault, PolicyHang, PolicyProcessExit, type UserspacePolicy, type UserspaceRuntime,
} from '../schedulers/rustland-core/process.ts';
import { ExecChild } from './bridge.ts';
import {
  type ClientHello, EXEC_PROTOCOL_VERSION, expectType, int, parseCalls, parseHello, parseInit, parseMessage, ProtocolError,
  toWire, type WireCall,
} from './protocol.ts';

/** Wall-clock wait for a client to start and answer hello, ms (Node or Python start-up under load). */
export const EXEC_START_TIMEOUT_MS = 10_000;

/** select_cpu round trips one iteration may make (a client that keeps asking is out of protocol). */
export const EXEC_SELECT_ROUNDS_MAX = 65_536;

export interface SessionConfig {
  /** The command line (exec:CMD without the prefix). */
  readonly command: string;
  /** Wall-clock wait for any answer, ms. */
  readonly timeoutMs: number;
  /** SIGKILL the client right after the N-th schedule message, before its answer (0: never). */
  readonly killAtStep: number;
  /** The client's own option values, sent in `init`. */
  readonly clientOptions: Readonly<Record<string, number | boolean | string>>;
}

/** Starts the client and makes the hello exchange; every failure is one line (InputError, exit 2). */
export function startClient(command: string, timeoutMs: number): { child: ExecChild; hello: ClientHello } {
  const child = new ExecChild(command, timeoutMs);
  const fail = (problem: string): never => {
    child.kill();
    throw new InputError(`exec:${command}: ${problem}`);
  };
  if (child.gone !== null) fail(`cannot start: ${child.gone}`);
  child.send(JSON.stringify({ type: 'hello', protocol: EXEC_PROTOCOL_VERSION }));
  const got = child.receive(timeoutMs);
  if (got.kind === 'timeout') fail(`no answer to hello within ${timeoutMs} ms`);
  if (got.kind === 'gone') fail(`the client ${got.why} before answering hello`);
  try {
    return { child, hello: parseHello('the reply to hello', parseMessage('the reply to hello', (got as { text: string }).text)) };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

export class ExecSession implements UserspaceRuntime {
  private readonly config: SessionConfig;
  private readonly name: string;
  private readonly child: ExecChild;
  /** schedule messages sent so far (the protocol step of the crash plan). */
  private seq = 0;
  private broken: string | null = null;

  constructor(name: string, config: SessionConfig) {
    this.name = name;
    this.config = config;
    // Start-up is not the policy's answer time: it gets the default limit at least.
    const { child, hello } = startClient(config.command, Math.max(config.timeoutMs, EXEC_START_TIMEOUT_MS));
    this.child = child;
    if (hello.name !== name) {
      child.kill();
      throw new InputError(`exec:${config.command}: the client now calls itself "${hello.name}", not "${name}"`);
    }
  }

  /** BpfScheduler::init: an `init` exchange, then the policy of this instance. */
  create(): UserspacePolicy {
    const where = 'the reply to init';
    this.send({ type: 'init', options: this.config.clientOptions });
    let init;
    try {
      init = parseInit(where, this.receive(where));
    } catch (error) {
      this.kill();
      if (error instanceof ProtocolError || error instanceof PolicyProcessExit) {
        throw new InputError(`exec:${this.config.command}: ${error.message}`);
      }
      throw error;
    }
    const known = new Set<number>();
    return {
      config: { ...(init.slice_ns !== undefined ? { sliceNs: init.slice_ns } : {}),
        ...(init.builtin_idle !== undefined ? { builtinIdle: init.builtin_idle } : {}),
        ...(init.partial !== undefined ? { partial: init.partial } : {}) },
      schedule: (bpf) => this.iterate(bpf, known),
    };
  }

  kill(): void {
    this.child.kill();
  }

  close(): void {
    this.child.kill();
  }

  /** One loop iteration: one `schedule` exchange (plus one round trip per awaited select_cpu). */
  private iterate(bpf: BpfScheduler, known: Set<number>): void {
    if (this.broken !== null) throw new PolicyFault(this.broken);
    const seq = ++this.seq;
    const where = `the reply to schedule #${seq}`;
    const counters: Record<string, number> = {};
    for (const name of COUNTER_NAMES) counters[name] = bpf.counter(name);
    this.send({ type: 'schedule', seq, now_ns: bpf.nowNs(), dispatch_slots: bpf.dispatchSlots(), counters,
      queued: bpf.peekQueued().map(toWire) });
    if (seq === this.config.killAtStep) this.child.kill();
    try {
      for (let round = 0; ; round++) {
        if (round > EXEC_SELECT_ROUNDS_MAX) throw new ProtocolError(where, '', `more than ${EXEC_SELECT_ROUNDS_MAX} select_cpu requests in one iteration`);
        const message = this.receive(where);
        const type = expectType(where, message, ['schedule', 'select_cpu']);
        const got = int(where, message, 'seq', 'seq');
        if (got !== seq) throw new ProtocolError(where, 'seq', `expected ${seq}, got ${got}`);
        const calls = parseCalls(where, message);
        replay(where, bpf, known, calls, type === 'schedule');
        if (type === 'schedule') return;
        const pid = int(where, message, 'pid', 'pid');
        if (!known.has(pid)) throw new ProtocolError(where, 'pid', `unknown pid ${pid} (never dequeued by this scheduler instance)`);
        const ret = bpf.selectCpu(pid, int(where, message, 'cpu', 'cpu'), int(where, message, 'flags', 'flags'));
        this.send({ type: 'select_cpu', seq, ret });
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.broken = error.message;
      this.child.kill();
      throw new PolicyFault(error.message);
    }
  }

  private send(message: object): void {
    this.child.send(JSON.stringify(message));
  }

  private receive(where: string): Record<string, unknown> {
    const got = this.child.receive(this.config.timeoutMs);
    if (got.kind === 'gone') throw new PolicyProcessExit(`${this.name}: the client ${got.why} (waiting for ${where})`);
    if (got.kind === 'timeout') {
      this.child.kill();
      throw new PolicyHang(`scheduler hung: exec:${this.config.command} gave no answer (${where}) within ${this.config.timeoutMs} ms`);
    }
    return parseMessage(where, got.text);
  }
}

/** Replays the client's calls through the modelled API, in order, checking each against the protocol. */
function replay(where: string, bpf: BpfScheduler, known: Set<number>, calls: readonly WireCall[], final: boolean): void {
  calls.forEach((c, i) => {
    const path = `calls[${i}]`;
    const last = i === calls.length - 1;
    const knownPid = (pid: number): void => {
      if (!known.has(pid)) throw new ProtocolError(where, `${path}.pid`, `unknown pid ${pid} (never dequeued by this scheduler instance)`);
    };
    switch (c.call) {
      case 'dequeue_task': {
        const task = bpf.dequeueTask();
        if (task) known.add(task.pid);
        return;
      }
      case 'select_cpu':
        knownPid(c.pid);
        bpf.selectCpu(c.pid, c.cpu, c.flags);
        return;
      case 'dispatch_task': {
        knownPid(c.pid);
        let cpu = c.cpu;
        if (c.select_cpu === true) {
          const ret = bpf.selectCpu(c.pid, c.cpu, c.flags);
          cpu = ret >= 0 ? ret : RL_CPU_ANY;
        }
        const ok = bpf.dispatchTask({ pid: c.pid, cpu, flags: c.flags, sliceNs: c.slice_ns, vtime: c.vtime, enqCnt: c.enq_cnt });
        if (!ok) throw new ProtocolError(where, path, 'dispatch_task with no free slot left (dispatch_slots: the dispatched ring is full)');
        return;
      }
      case 'compute':
        bpf.compute(c.ns);
        return;
      case 'notify_complete':
        if (!final || !last) throw new ProtocolError(where, path, 'notify_complete must be the last call of the schedule reply');
        bpf.notifyComplete(c.nr_pending);
        return;
    }
  });
  if (final && calls[calls.length - 1]?.call !== 'notify_complete') {
    throw new ProtocolError(where, 'calls', 'missing notify_complete (every iteration ends with it)');
  }
}
