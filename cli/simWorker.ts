// Runs one simulation in a worker thread, so the CLI's wall-clock guard can stop a scheduler callback that
// never returns. Where scheduler code runs, and a heartbeat, are published in shared memory (probeCells.ts).
// On request it checks a given list of properties and keeps a trace excerpt around the first violation.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../model/kernel/assert.ts';
import type { TraceSink } from '../model/kernel/trace.ts';
import { propertiesFor } from '../properties/index.ts';
import { prepareRun, schedulerKindOf } from '../scenarios/runner.ts';
import { dsqNamesOf } from './dsqNames.ts';
import { loadScheduler } from './resolve.ts';
import { ProbeWriter } from './probeCells.ts';
import { ExcerptSink } from './traceExcerpt.ts';
import { TraceFileSink } from './traceFile.ts';
import type { SimRequest, SimReply } from './guard.ts';

const request = workerData as SimRequest & { shared: SharedArrayBuffer };
const probe = new ProbeWriter(request.shared);
probe.watchExit();
probe.watchChildren();
let reply: SimReply;
let trace: TraceFileSink | null = null;
try {
  const scheduler = await loadScheduler(request.scheduler);
  const dsqNames = dsqNamesOf(scheduler);
  trace = request.tracePath ? new TraceFileSink(request.tracePath, dsqNames) : null;
  const excerpt = request.excerpt ? new ExcerptSink(undefined, undefined, dsqNames) : null;
  // The report modules (HTML, Perfetto, the explorer page) load only when a report is asked for.
  const reports = request.perfettoPath || request.htmlPath ? (await import('./reports/write.ts')).reportsFor(request, dsqNames) : null;
  const sinks: TraceSink[] = [probe, ...(trace ? [trace] : []), ...(excerpt ? [excerpt] : []), ...(reports?.sinks ?? [])];
  const names = request.properties ?? null;
  probe.ready();
  const run = prepareRun({
    scenario: request.scenario, scheduler, seed: request.seed, options: request.options, sinks,
    ...(names !== null ? { properties: propertiesFor(schedulerKindOf(scheduler), names) } : {}),
    opProbe: probe.opProbe,
  });
  excerpt?.watch(() => run.suite.violations.length > 0);
  const outcome = run.finish();
  trace?.commit();
  reports?.write(outcome.document, request.scenario);
  reply = { ok: true, document: outcome.document, ...(excerpt ? { excerpt: excerpt.excerpt() } : {}) };
} catch (error) {
  trace?.abandon();
  const message = error instanceof Error ? error.message : String(error);
  const usage = error instanceof InputError || (error instanceof Error && error.name === 'UsageError');
  reply = { ok: false, kind: usage ? 'usage' : 'internal', message,
    stack: error instanceof Error ? error.stack ?? '' : '' };
}
parentPort?.postMessage(reply);
