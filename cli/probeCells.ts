// The shared memory between a simulation worker and the main thread's wall-clock guard (cli/guard.ts):
// which scheduler code runs now (model/kernel/probe.ts), a heartbeat counter bumped on every probe report
// and every simulated millisecond, the simulated time (for the progress line) and whether the worker has
// loaded the scheduler and started simulating, and whether scheduler code called process.exit(). Atomics only: the guard must read it while the worker's
// thread is stuck in a callback.
import { PROBE_NONE } from '../model/kernel/probe.ts';
import type { TraceEvent, TraceSink } from '../model/kernel/trace.ts';
import { onChildPid } from '../exec/children.ts';

const PROBE = 0;
const BEAT = 1;
const SIM_MS = 2;
const READY = 3;
/** process.exit() was called from the worker: 1 + the code (the 'exit' event can come late under load). */
const EXIT = 4;
/** The pid of the exec client alive now (exec/children.ts), 0 when none: the guard kills it with the worker. */
const CHILD = 5;
const CELLS = 6;
const NS_PER_MS = 1_000_000;

export function newProbeBuffer(): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT);
  Atomics.store(new Int32Array(shared), PROBE, PROBE_NONE);
  return shared;
}

/** The worker's side: the kernel's opProbe, a trace sink for simulated progress, and ready(). */
export class ProbeWriter implements TraceSink {
  private readonly cells: Int32Array;
  private lastMs = -1;

  constructor(shared: SharedArrayBuffer) {
    this.cells = new Int32Array(shared);
  }

  /** KernelConfig.opProbe: where scheduler code runs now; each report is a heartbeat. */
  readonly opProbe = (index: number): void => {
    Atomics.store(this.cells, PROBE, index);
    Atomics.add(this.cells, BEAT, 1);
  };

  /** Records a process.exit() from scheduler code before the worker thread goes down. */
  watchExit(): void {
    const exit = process.exit.bind(process);
    const cells = this.cells;
    process.exit = ((code?: number | string | null) => {
      Atomics.store(cells, EXIT, 1 + (Number(code ?? process.exitCode ?? 0) | 0));
      return exit(code as number);
    }) as typeof process.exit;
  }

  /** Publishes the pid of the exec client this thread has alive (exec/bridge.ts reports spawns and ends). */
  watchChildren(): void {
    const cells = this.cells;
    onChildPid((pid) => {
      if (pid > 0) Atomics.store(cells, CHILD, pid);
      else Atomics.compareExchange(cells, CHILD, -pid, 0);
    });
  }

  /** A (next) scheduler module is loading: only the backstop applies until ready(). */
  loading(): void {
    Atomics.store(this.cells, READY, 0);
    Atomics.add(this.cells, BEAT, 1);
  }

  /** The scheduler is loaded and the simulation starts: the guard's short limit applies from now on. */
  ready(): void {
    Atomics.store(this.cells, READY, 1);
    Atomics.add(this.cells, BEAT, 1);
  }

  event(event: TraceEvent): void {
    const ms = Math.floor(event.t / NS_PER_MS);
    if (ms === this.lastMs) return;
    this.lastMs = ms;
    Atomics.store(this.cells, SIM_MS, Math.min(ms, 0x7fffffff));
    Atomics.add(this.cells, BEAT, 1);
  }
}

/** The guard's side. */
export class ProbeReader {
  private readonly cells: Int32Array;

  constructor(shared: SharedArrayBuffer) {
    this.cells = new Int32Array(shared);
  }

  get probe(): number { return Atomics.load(this.cells, PROBE); }
  get beat(): number { return Atomics.load(this.cells, BEAT); }
  get simulatedMs(): number { return Atomics.load(this.cells, SIM_MS); }
  get ready(): boolean { return Atomics.load(this.cells, READY) === 1; }
  /** The exec client alive in the worker (0: none). */
  get childPid(): number { return Atomics.load(this.cells, CHILD); }
  /** The code scheduler code passed to process.exit(), or null. */
  get exitCode(): number | null {
    const cell = Atomics.load(this.cells, EXIT);
    return cell === 0 ? null : cell - 1;
  }
}
