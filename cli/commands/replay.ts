// `schedcheck replay FILE`: re-runs a saved counterexample exactly — its scenario, scheduler, kernel seed
// and checked properties — in a worker under the wall-clock guard, and prints a readable excerpt of the
// trace around the first violation (one line per event, README "Reading a trace") with a marker line for
// the violation, then whether it reproduced: the same property, reason and simulated time. Exit 1 when a
// violation is found (reproduced or not), 0 when every property now holds, 4 when only inconclusive,
// 2 on a bad file (an unknown property included: "not reproduced" would read as "fixed"), 3 on an
// internal error. A user's scheduler is found relative to the counterexample file; `--scheduler` replays
// the file on another one (a fixed copy, a moved module).
import { relative } from 'node:path';
import { formatNs } from '../format.ts';
import { counterexampleScheduler, readCounterexample, scenarioSize } from '../counterexample.ts';
import { EXIT_INCONCLUSIVE, EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { runGuarded, type TraceExcerpt, wallClockLimitMs } from '../guard.ts';
import { isPathRef } from '../load.ts';
import { resolveScheduler } from '../resolve.ts';
import { reportPaths } from './run.ts';
import { HUNG } from '../../properties/noSchedulerError.ts';
import type { Violation } from '../../scenarios/runner.ts';

function describe(v: Violation): string {
  return `${v.property} at ${formatNs(v.atNs)} (${v.atNs} ns): ${v.reason}${v.detail ? ` — ${v.detail}` : ''}`;
}

function same(a: Violation, b: Violation): boolean {
  return a.property === b.property && a.reason === b.reason && a.atNs === b.atNs;
}

/**
 * The excerpt with a marker line at the violation's simulated time: a liveness violation is detected a
 * little after the moment it became true, so events from between the two go after the marker.
 */
function excerptText(excerpt: TraceExcerpt | undefined, got: Violation | null): string[] {
  if (!excerpt) return [];
  const events = [...excerpt.before, ...excerpt.after];
  const timeOf = (line: string): number => Number(line.slice(0, line.indexOf(' ')));
  const split = got === null ? events.length : events.findIndex((line) => timeOf(line) > got.atNs);
  const at = split < 0 ? events.length : split;
  return [
    '', 'trace around the violation (<time ns> <event> key=value …; legend in the README, "Reading a trace"):',
    ...events.slice(0, at).map((l) => `   ${l}`),
    ...(got ? [`>> ${got.atNs} VIOLATION ${got.property}: ${got.reason}${got.detail ? ` — ${got.detail}` : ''}`] : []),
    ...events.slice(at).map((l) => `   ${l}`),
  ];
}

export async function replayCommand(file: string,
  flags: { json?: boolean; scheduler?: string; perfetto?: string; html?: string }): Promise<number> {
  const ce = readCounterexample(file);
  const ref = flags.scheduler ?? counterexampleScheduler(ce, file);
  if (!isPathRef(ref)) resolveScheduler(ref);
  const scheduler = isPathRef(ref) ? relative(process.cwd(), ref) || ref : ref;
  const size = scenarioSize(ce.scenario);
  const reports = reportPaths(flags);
  const reply = await runGuarded({ scheduler: ref, scenario: ce.scenario, seed: ce.runSeed, options: {},
    properties: ce.properties, excerpt: true, ...reports }, wallClockLimitMs());
  if (!reply.ok && reply.kind === 'usage') throw new UsageError(`${file}: ${reply.message}`);
  if (!reply.ok && reply.kind === 'internal') {
    process.stderr.write(`schedcheck: internal error: ${reply.message}\n${reply.stack ?? ''}\n`);
    return EXIT_INTERNAL;
  }
  const hung = !reply.ok;
  const got: Violation | null = reply.ok ? reply.document.violations[0] ?? null
    : { property: 'no-scheduler-error', atNs: 0, reason: reply.reason ?? HUNG, detail: reply.message };
  const reproduced = got !== null && same(got, ce.violation);
  const inconclusive = reply.ok ? reply.document.inconclusive : [];
  const code = got !== null ? EXIT_VIOLATION : inconclusive.length > 0 ? EXIT_INCONCLUSIVE : EXIT_OK;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({
      file, scheduler, seed: ce.runSeed, scenario: ce.scenario.name, size, saved: ce.violation,
      violation: got, reproduced, inconclusive, exitCode: code,
      ...(reply.ok ? { traceHash: reply.document.traceHash, excerpt: reply.excerpt } : {}),
    }, null, 2)}\n`);
    return code;
  }
  const lines = [
    `schedcheck replay ${file}`,
    `scheduler ${scheduler}${flags.scheduler !== undefined ? ` (--scheduler; the file names ${ce.scheduler})` : ''}, scenario "${ce.scenario.name}" (${ce.scenario.description}), ${size.tasks} tasks, ` +
      `${size.cpus} CPUs, kernel seed ${ce.runSeed}${ce.fcPath ? `, found by fast-check seed ${ce.fcSeed} path ${ce.fcPath}` : ''}`,
    `saved:    ${describe(ce.violation)}`,
    `replayed: ${got ? describe(got) : inconclusive.length > 0 ? `inconclusive (${inconclusive[0]?.property}: ${inconclusive[0]?.reason})` : 'every property holds'}`,
    ...(hung ? [] : excerptText(reply.ok ? reply.excerpt : undefined, got)),
    '',
    reproduced ? `REPRODUCED: the same violation at the same simulated time (${ce.violation.atNs} ns)`
      : got ? 'DIFFERENT: the replay violates a property, but not the saved one at the saved time'
        : 'NOT REPRODUCED: the saved violation did not happen',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return code;
}
