// Check worker threads started early: `schedcheck check` starts its workers before its own modules load
// (cli/main.ts), so the workers load theirs at the same time on other cores instead of afterwards (issue
// 14, campaign start-up). The pool (checkPool.ts) takes a started worker when it has one, else starts one.
// A started worker is unref'd until taken, and every one not taken is ended when the command ends.
import { Worker } from 'node:worker_threads';
import { workerEntry } from './guard.ts';
import { newProbeBuffer, ProbeReader } from './probeCells.ts';

/** Most workers by default (never more than the machine's cores). */
export const CHECK_WORKERS_MAX = 16;

export interface CheckWorker {
  readonly worker: Worker;
  readonly reader: ProbeReader;
}

interface Started extends CheckWorker {
  /** Ended (error or exit) before it was taken: not usable. */
  ended: boolean;
}

const started: Started[] = [];

/** A new check worker (it loads its modules, then waits for jobs: cli/checkWorker.ts). */
export function startCheckWorker(): CheckWorker {
  const shared = newProbeBuffer();
  return { worker: new Worker(workerEntry(), { workerData: { entry: 'checkWorker', shared } }), reader: new ProbeReader(shared) };
}

/** Starts `count` workers now for a check that will run soon. */
export function prewarmCheckWorkers(count: number): void {
  for (let i = 0; i < count; i++) {
    const w: Started = { ...startCheckWorker(), ended: false };
    w.worker.unref();
    // Until taken, a failure only marks it unusable (the pool then starts a fresh worker that reports it).
    w.worker.on('error', () => { w.ended = true; });
    w.worker.on('exit', () => { w.ended = true; });
    started.push(w);
  }
}

/** A worker started earlier if one is usable, else a new one. */
export function takeCheckWorker(): CheckWorker {
  for (let w = started.shift(); w !== undefined; w = started.shift()) {
    if (w.ended) continue;
    w.worker.removeAllListeners('error');
    w.worker.removeAllListeners('exit');
    w.worker.ref();
    return { worker: w.worker, reader: w.reader };
  }
  return startCheckWorker();
}

/** Ends the started workers nobody took. */
export function releaseCheckWorkers(): void {
  for (const w of started.splice(0)) void w.worker.terminate();
}
