// `schedcheck run`: one scenario, one scheduler, one seed, with the property monitors of its manifest.
// Prints a readable summary (or the contract's JSON document with --json) and exits 0; 1 when a property is
// violated (other than the one the manifest expects) or the scheduler hit an unexpected error exit; 4 when
// a liveness property was left undecided.
import { exitKindFromName, SCX_EXIT_ERROR } from '../../model/kernel/scxFlags.ts';
import type { RunDocument } from '../../scenarios/runner.ts';
import { judge } from '../campaign/scenarios.ts';
import { EXIT_INCONCLUSIVE, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { formatNs, table } from '../format.ts';
import { runGuarded, wallClockLimitMs } from '../guard.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { counterexampleScheduler } from '../counterexample.ts';
import { isPathRef, readScenarioFile } from '../load.ts';
import { checkOutputFile, prepareReportFile } from '../outputPath.ts';
import { parseOpts, parseSeed, resolveScenario, resolveScheduler } from '../resolve.ts';

export interface RunFlags {
  /** Optional when --scenario is a counterexample file: it names its scheduler. */
  scheduler?: string;
  scenario: string;
  /** Default 1, or a counterexample's own kernel seed. */
  seed?: string;
  opt: string[];
  json?: boolean;
  trace?: string;
  perfetto?: string;
  html?: string;
}

/** An exit is unexpected when the scenario did not ask for it and it is an error kind. */
export function unexpectedExit(document: RunDocument, expectExit: string | undefined): boolean {
  if (expectExit !== undefined) return false;
  return document.exits.some((e) => (exitKindFromName(e.kind) ?? 0) >= SCX_EXIT_ERROR);
}

/** What a run is made of, once the flags are resolved. */
export interface RunInput {
  readonly scheduler: string;
  readonly scenario: Scenario;
  readonly seed: number;
  /** The properties a counterexample file checked (null: the scenario's default set). */
  readonly properties: readonly string[] | null;
  /** Warnings about the scenario file (printed on stderr). */
  readonly warnings: readonly string[];
}

/**
 * Resolves --scheduler, --scenario and --seed. A counterexample file given as --scenario stands for the
 * scenario it embeds, and supplies what the user left out: its scheduler (resolved beside the file when it
 * is a module path), its kernel seed and its list of checked properties, so `run --scenario cex.json`
 * re-runs the counterexample. A --scheduler or --seed given on the command line wins (e.g. to try a fix).
 * A plain scenario needs --scheduler; its seed defaults to 1.
 */
export function resolveRunInput(flags: Pick<RunFlags, 'scheduler' | 'scenario' | 'seed'>): RunInput {
  const file = isPathRef(flags.scenario) ? readScenarioFile(flags.scenario) : null;
  const counterexample = file?.counterexample ?? null;
  const scenario = file?.scenario ?? resolveScenario(flags.scenario);
  const scheduler = flags.scheduler ?? (counterexample ? counterexampleScheduler(counterexample, flags.scenario) : undefined);
  if (scheduler === undefined) {
    throw new UsageError('--scheduler: required (only a counterexample file given as --scenario names its own)');
  }
  if (!isPathRef(scheduler)) resolveScheduler(scheduler);
  const seed = flags.seed !== undefined ? parseSeed(flags.seed) : counterexample?.runSeed ?? 1;
  return { scheduler, scenario, seed, properties: counterexample?.properties ?? null, warnings: file?.warnings ?? [] };
}

export async function runCommand(flags: RunFlags): Promise<number> {
  const { scheduler, scenario, seed, properties, warnings } = resolveRunInput(flags);
  for (const warning of warnings) process.stderr.write(`schedcheck: warning: ${warning}\n`);
  const options = parseOpts(flags.opt);
  if (flags.trace) checkOutputFile('--trace', flags.trace);
  const reports = reportPaths(flags);
  const progress = progressLine(scenario.durationNs + (scenario.quietNs ?? 0));
  const reply = await runGuarded({ scheduler, scenario, seed, options, properties,
    ...(flags.trace ? { tracePath: flags.trace } : {}), ...reports }, wallClockLimitMs(), progress ? { onProgress: progress.update } : {});
  progress?.done();
  if (!reply.ok) {
    if (reply.kind === 'usage') throw new UsageError(reply.message);
    process.stderr.write(`schedcheck: ${reply.message}\n`);
    if (reply.kind === 'internal' && reply.stack) process.stderr.write(`${reply.stack}\n`);
    return reply.kind === 'scheduler' ? EXIT_VIOLATION : EXIT_INTERNAL;
  }
  const document = reply.document;
  const unexpected = unexpectedExit(document, scenario.expect?.exit);
  // The manifest's expected violation (expect.violation) is a pass, as in `schedcheck check`.
  const failed = judge(scenario, { violation: document.violations[0] ?? null, inconclusive: document.inconclusive, document }) !== null;
  if (flags.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else process.stdout.write(`${summary(document, unexpected, scenario.expect?.violation)}\n`);
  if (failed || unexpected) return EXIT_VIOLATION;
  return document.violations.length === 0 && document.inconclusive.length > 0 ? EXIT_INCONCLUSIVE : EXIT_OK;
}

/** `--perfetto FILE`, `--html FILE` (run and replay): checked (their folder made) before the run. */
export function reportPaths(flags: { perfetto?: string; html?: string }): { perfettoPath?: string; htmlPath?: string } {
  if (flags.perfetto) prepareReportFile('--perfetto', flags.perfetto);
  if (flags.html) prepareReportFile('--html', flags.html);
  return { ...(flags.perfetto ? { perfettoPath: flags.perfetto } : {}), ...(flags.html ? { htmlPath: flags.html } : {}) };
}

/** On a terminal, `run: simulated 1.234 s of 5.000 s` redrawn on stderr while the worker runs (the guard polls). */
function progressLine(endNs: number): { update(simulatedMs: number): void; done(): void } | null {
  const stream = process.stderr;
  if (stream.isTTY !== true) return null;
  let drawn = false;
  return {
    update(simulatedMs) {
      stream.write(`\r\x1b[Krun: simulated ${formatNs(simulatedMs * 1_000_000)} of ${formatNs(endNs)}`);
      drawn = true;
    },
    done() { if (drawn) stream.write('\r\x1b[K'); },
  };
}

/** The wait columns of a task: a task that never got a CPU shows how long it waited, not `0ns`. */
function waitCells(t: RunDocument['metrics']['tasks'][number]): string[] {
  if (t.ran) return [formatNs(t.waitP50Ns), formatNs(t.waitP99Ns), formatNs(t.waitMaxNs)];
  return ['-', '-', t.waitingAtEndNs > 0 ? `never ran (waited ${formatNs(t.waitingAtEndNs)})` : 'never ran'];
}

/** Properties that held: checked, not violated, not left undecided. */
export function propertiesHeld(d: RunDocument): string[] {
  const failed = new Set([...d.violations.map((v) => v.property), ...d.inconclusive.map((i) => i.property)]);
  return d.properties.filter((name) => !failed.has(name));
}

/**
 * The run's summary text. `expectedViolation` is the property the scenario's manifest expects to be violated
 * (a known limit, e.g. a shipped counterexample): its violation is marked EXPECTED and is not a failure.
 */
export function summary(d: RunDocument, unexpected: boolean, expectedViolation?: string): string {
  const held = propertiesHeld(d);
  const lines = [
    `schedcheck run  scheduler=${d.scheduler}  scenario=${d.scenario}  seed=${d.seed}`,
    `simulated ${formatNs(d.simulatedNs)}, ${d.events} events, trace hash ${d.traceHash}`,
    d.exits.length === 0 ? 'exit: none (scheduler stayed loaded)' : d.exits.map((e) =>
      `exit: ${e.kind} (${e.reason})${e.msg ? `: ${e.msg}` : ''}`).join('\n'),
    `wait p50 ${formatNs(d.metrics.waitP50Ns)}  p99 ${formatNs(d.metrics.waitP99Ns)}  max ${formatNs(d.metrics.waitMaxNs)}` +
      `  switches ${d.metrics.switches}  migrations ${d.metrics.migrations}  cpu busy ${(d.metrics.utilisationPermille / 10).toFixed(1)}%`,
    '',
    table(['pid', 'comm', 'class', 'cpu%', 'wait p50', 'wait p99', 'wait max', 'switches', 'migrations'],
      d.metrics.tasks.map((t) => [String(t.pid), t.comm, t.cls, (t.cpuShare * 100).toFixed(1), ...waitCells(t),
        String(t.switches), String(t.migrations)])),
    '',
    d.properties.length === 0 ? 'no properties checked' :
      `held (${held.length} of ${d.properties.length}${d.stoppedEarly ? ', until the run stopped' : ''}): ${held.join(', ') || 'none'}`,
  ];
  for (const v of d.violations) {
    const tag = v.property === expectedViolation ? 'EXPECTED VIOLATION' : 'VIOLATION';
    lines.push(`${tag} ${v.property} at ${formatNs(v.atNs)}: ${v.reason}${v.detail ? ` (${v.detail})` : ''}`);
  }
  for (const i of d.inconclusive) lines.push(`INCONCLUSIVE ${i.property}: ${i.reason} (${i.detail})`);
  if (unexpected) lines.push('UNEXPECTED scheduler error exit');
  return lines.join('\n');
}

export { EXIT_USAGE };
