// The synchronous half of the exec bridge: a client process the simulation thread talks to in lockstep.
// The simulated kernel is synchronous and deterministic, a child process is not; so each exchange blocks
// the simulation thread (Atomics.wait on a shared counter) until the client's answer line arrives, while a
// helper worker thread (bridgeWorker.mjs, one per simulation thread, started once) does the asynchronous
// I/O. Wall-clock time lives here only, never in model/ or schedulers/: a missing answer is reported after
// `timeoutMs`, and the CLI's wall-clock guard (cli/guard.ts) sees the wait as time spent in scheduler code.
import { receiveMessageOnPort, MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { notifyChildPid } from './children.ts';

/** Longest line a client may send (bytes of UTF-16 text, roughly): far above any batch of 4096 decisions. */
export const EXEC_LINE_BYTES_MAX = 64 * 1024 * 1024;

type HelperMessage =
  | { readonly id: number; readonly kind: 'spawned'; readonly pid: number }
  | { readonly id: number; readonly kind: 'line'; readonly text: string }
  | { readonly id: number; readonly kind: 'exit'; readonly code: number | null; readonly signal: string | null }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

/** What waiting for the client gave: a line, its end (exit or spawn error), or nothing in time. */
export type Received =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'gone'; readonly why: string }
  | { readonly kind: 'timeout' };

interface Helper {
  readonly port: MessagePort;
  readonly wake: Int32Array;
  readonly inboxes: Map<number, HelperMessage[]>;
}

let helper: Helper | null = null;
let tap: ((direction: 'to-client' | 'from-client', line: string) => void) | null = null;

/** Sees every protocol line of this thread (tests check them against docs/protocol.schema.json). */
export function tapExec(fn: typeof tap): void {
  tap = fn;
}

/** The helper's file, next to this one (ESM: dist/exec/ or exec/) or under exec/ beside the CommonJS bundle. */
function bridgeWorkerEntry(): URL {
  const here = import.meta.url as string | undefined;
  return here ? new URL('./bridgeWorker.mjs', here) : pathToFileURL(join(__dirname, 'exec', 'bridgeWorker.mjs'));
}
let nextId = 1;

function getHelper(): Helper {
  if (helper) return helper;
  const channel = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const worker = new Worker(bridgeWorkerEntry(), {
    workerData: { port: channel.port2, signal, maxLineBytes: EXEC_LINE_BYTES_MAX }, transferList: [channel.port2],
  });
  worker.unref();
  channel.port1.unref();
  helper = { port: channel.port1, wake: new Int32Array(signal), inboxes: new Map() };
  return helper;
}

/** Moves every message the helper has posted into its child's inbox. */
function drain(h: Helper): void {
  for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) {
    const message = m.message as HelperMessage;
    h.inboxes.get(message.id)?.push(message);
  }
}

/** Splits a command line into words: whitespace separates, '…' and "…" quote, no other shell syntax. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let current = '';
  let last = -1;
  for (let m = re.exec(command); m; m = re.exec(command)) {
    const part = m[1] ?? m[2] ?? m[3] ?? '';
    if (m.index === last && words.length > 0) current += part;
    else { if (last >= 0) words.push(current); current = part; }
    last = re.lastIndex;
  }
  if (last >= 0) words.push(current);
  return words;
}

export class ExecChild {
  private readonly h: Helper;
  private readonly id: number;
  private readonly inbox: HelperMessage[] = [];
  pid = 0;
  /** Why the client is gone (exit status or spawn error), once it is. */
  gone: string | null = null;

  /** Starts `command` (no shell: words, quotes); blocks until it is spawned or failed, at most `timeoutMs`. */
  constructor(command: string, timeoutMs: number) {
    const [file, ...args] = splitCommand(command);
    this.h = getHelper();
    this.id = nextId++;
    this.h.inboxes.set(this.id, this.inbox);
    if (file === undefined) { this.gone = 'empty command'; return; }
    this.h.port.postMessage({ id: this.id, kind: 'start', file, args });
    const first = this.next(timeoutMs);
    if (first === null) { this.kill(); this.gone = `did not start within ${timeoutMs} ms`; return; }
    if (first.kind === 'spawned') { this.pid = first.pid; notifyChildPid(this.pid); return; }
    this.gone = first.kind === 'error' ? first.message : 'did not start';
  }

  /** Sends one line (a newline is added). Returns false when the client is gone. */
  send(line: string): boolean {
    if (this.gone !== null) return false;
    tap?.('to-client', line);
    this.h.port.postMessage({ id: this.id, kind: 'write', text: `${line}\n` });
    return true;
  }

  /** Waits for the client's next line. */
  receive(timeoutMs: number): Received {
    if (this.gone !== null && this.inbox.every((m) => m.kind !== 'line')) return { kind: 'gone', why: this.gone };
    for (;;) {
      const message = this.next(timeoutMs);
      if (message === null) return { kind: 'timeout' };
      if (message.kind === 'line') {
        tap?.('from-client', message.text);
        return { kind: 'line', text: message.text };
      }
      if (message.kind === 'exit') {
        this.ended(message.signal !== null ? `killed by ${message.signal}` : `exited with status ${message.code}`);
        return { kind: 'gone', why: this.gone as string };
      }
      if (message.kind === 'error') {
        this.kill();
        this.gone = message.message;
        return { kind: 'gone', why: message.message };
      }
    }
  }

  /** SIGKILL now (a synchronous system call: the client is dead before the simulation goes on). */
  kill(): void {
    if (this.pid > 0 && this.gone === null) {
      try { process.kill(this.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    this.h.port.postMessage({ id: this.id, kind: 'kill' });
    this.ended(this.gone ?? 'killed by SIGKILL');
  }

  private ended(why: string): void {
    if (this.gone !== null) return;
    this.gone = why;
    if (this.pid > 0) notifyChildPid(-this.pid);
  }

  /** The next message of this child, waiting at most `timeoutMs`; null on timeout. */
  private next(timeoutMs: number): HelperMessage | null {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.h.wake, 0);
      drain(this.h);
      const message = this.inbox.shift();
      if (message) return message;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      Atomics.wait(this.h.wake, 0, seen, left);
    }
  }
}
