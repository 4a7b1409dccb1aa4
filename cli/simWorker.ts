// Runs one simulation in a worker thread, so the CLI's wall-clock guard can stop a scheduler callback that
// never returns. The callback in progress is published in shared memory for the guard's report.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../model/kernel/assert.ts';
import { runScenario } from '../scenarios/runner.ts';
import { loadScheduler } from './resolve.ts';
import { TraceFileSink } from './traceFile.ts';
import type { SimRequest, SimReply } from './guard.ts';

const request = workerData as SimRequest & { shared: SharedArrayBuffer };
const marker = new Int32Array(request.shared);
let reply: SimReply;
let trace: TraceFileSink | null = null;
try {
  trace = request.tracePath ? new TraceFileSink(request.tracePath) : null;
  const outcome = runScenario({
    scenario: request.scenario, scheduler: await loadScheduler(request.scheduler),
    seed: request.seed, options: request.options, sinks: trace ? [trace] : [],
    opProbe: (index) => { Atomics.store(marker, 0, index); },
  });
  trace?.commit();
  reply = { ok: true, document: outcome.document };
} catch (error) {
  trace?.abandon();
  const message = error instanceof Error ? error.message : String(error);
  const usage = error instanceof InputError || (error instanceof Error && error.name === 'UsageError');
  reply = { ok: false, kind: usage ? 'usage' : 'internal', message,
    stack: error instanceof Error ? error.stack ?? '' : '' };
}
parentPort?.postMessage(reply);
