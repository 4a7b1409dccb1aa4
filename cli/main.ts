// The `schedcheck` command line (DESIGN.md, The command line). Parses arguments with commander, maps
// errors to the contract's exit codes: 2 for bad usage or input (one line, no stack), 3 for internal errors.
// bin/schedcheck.js calls `main`; run directly (`tsx cli/main.ts …`) the module runs itself; tests import
// `main` and call it in process (no process start-up per command).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../model/kernel/assert.ts';
// Each command's module is imported when that command runs: start-up then loads only what it needs (e.g.
// `run` neither fast-check's campaign nor the viz page; `--version` none of the model).
import type { CheckFlags } from './commands/check.ts';
import type { VizFlags } from './commands/viz.ts';
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from './errors.ts';

/** package.json sits one level up from cli/ in a checkout and two up from dist/cli/ in a package. */
function packageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

/**
 * Workers worth starting before `check` plans its jobs: a generated campaign's lanes (--workers, else the
 * cores, at most its slices); none for named scenarios or a sweep (usually one job) or bad flags.
 */
async function prewarmCount(flags: CheckFlags): Promise<number> {
  if (flags.scenario !== undefined || flags.crashSweep) return 0;
  const { availableParallelism } = await import('node:os');
  const { CHECK_WORKERS_MAX } = await import('./checkWorkers.ts');
  const { sliceRuns } = await import('./campaign/runList.ts');
  const { GENERATED_RUNS_DEFAULT } = await import('./campaign/types.ts');
  const runs = flags.runs === undefined ? GENERATED_RUNS_DEFAULT : Number(flags.runs);
  const workers = flags.workers === undefined ? Math.min(CHECK_WORKERS_MAX, availableParallelism()) : Number(flags.workers);
  if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(workers) || workers < 1) return 0;
  const slices = Math.ceil(runs / sliceRuns(runs)) * (flags.scheduler === 'all' ? CHECK_WORKERS_MAX : 1);
  return Math.min(workers, slices);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('schedcheck')
    .description('Deterministic simulation and property checking for Linux sched_ext schedulers')
    .version(packageVersion(), '--version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.command('list').description('list schedulers, scenarios and properties')
    .option('--json', 'print one JSON document')
    .action(async (flags: { json?: boolean }) => setCode((await import('./commands/list.ts')).listCommand(flags)));
  program.command('run').description('run one scenario with one scheduler and seed')
    .option('--scheduler <name|path>', 'a shipped scheduler, eevdf (no sched_ext scheduler), a module path, or exec:CMD (a client process) ' +
      '(default: the one a counterexample file names)')
    .requiredOption('--scenario <name|path>', 'a shipped scenario name, a scenario JSON file, or a counterexample file')
    .option('--seed <n>', 'seed for every random choice (default: 1, or a counterexample\'s own seed)')
    .addOption(new Option('--opt <key=value>', 'scheduler option (repeatable)').argParser(collect).default([]))
    .option('--json', 'print the run document as JSON')
    .option('--trace <file>', 'write the one-line-per-event trace to a file')
    .option('--perfetto <file>', 'write a Chrome trace-event JSON file (open in ui.perfetto.dev or chrome://tracing)')
    .option('--html <file>', 'write a self-contained offline HTML report (timeline, latency, cause, explorer)')
    .action(async (flags) => setCode(await (await import('./commands/run.ts')).runCommand(flags)));
  program.command('viz').description('statechart exports (Stately JSON, Mermaid), the offline explorer page, coverage')
    .option('--out <dir>', 'output folder', 'out/viz')
    .option('--no-coverage', 'skip running the shipped scenarios for the coverage report')
    .action(async (flags: VizFlags) => setCode((await import('./commands/viz.ts')).vizCommand(flags)));
  program.command('check').description('check properties on generated scenarios (or named ones, a corpus, a crash sweep)')
    .option('--scheduler <name|path|all>', 'a shipped scheduler, eevdf, a module path, exec:CMD (a client process), or all (every shipped real scheduler)', 'all')
    .option('--scenario <name|file|dir>', 'check these scenarios instead of generated ones (a folder: a regression corpus)')
    .addOption(new Option('--property <name>', 'check only this property (repeatable)').argParser(collect).default([]))
    .option('--runs <n>', 'runs per scheduler (generated: 100; scenarios: seeds per scenario, 1; sweep: most fault points, 200)')
    .option('--time-budget <seconds>', 'wall-clock cap of the whole check (default none); a capped campaign says so')
    .option('--seed <n>', 'seed of the campaign (default: a random one, printed first)')
    .option('--crash-sweep', 'move the scenario\'s first fault to every k-th event boundary in turn')
    .option('--json', 'print one JSON document')
    .option('--out <dir>', 'where counterexamples are saved', 'schedcheck-out')
    .option('--no-known-limits', 'also generate the cases of the schedulers\' documented known limits')
    .option('--workers <n>', 'worker threads sharing the runs (default: the machine\'s cores); never changes the result')
    .option('--perfetto', 'also write a Perfetto trace of each counterexample: OUT/reports/NAME.perfetto.json')
    .option('--html', 'also write an HTML report of each counterexample: OUT/reports/NAME.html')
    .option('--junit <file>', 'write a JUnit XML report: one test case per scheduler and property (and per corpus file)')
    .option('--shard <K/N>', 'run only shard K of N of every campaign (needs --seed); combine the shards\' --json with merge')
    .action(async (flags: CheckFlags) => {
      // Workers load their modules while this thread loads the command's (issue 14, campaign start-up).
      const { prewarmCheckWorkers, releaseCheckWorkers } = await import('./checkWorkers.ts');
      prewarmCheckWorkers(await prewarmCount(flags));
      try {
        setCode(await (await import('./commands/check.ts')).checkCommand(flags));
      } finally {
        releaseCheckWorkers();
      }
    });
  program.command('mutants').description('the mutant catalogue\'s kill matrix: which property catches each mutant, how fast, how small')
    .option('--json', 'print one JSON document')
    .option('--runs <n>', 'most runs per mutant (default 1000)')
    .option('--seed <n>', 'seed of every mutant\'s campaign (default 1)')
    .option('--workers <n>', 'worker threads (default: the machine\'s cores); never changes the result')
    .option('--junit <file>', 'write a JUnit XML report: one test case per mutant (a survivor fails)')
    .addOption(new Option('--mutant <name>', 'only this mutant (repeatable)').argParser(collect).default([]))
    .option('--shard <K/N>', 'check only shard K of N of the catalogue; combine the shards\' --json with merge')
    .action(async (flags) => setCode(await (await import('./commands/mutants.ts')).mutantsCommand(flags)));
  program.command('replay').description('re-run a saved counterexample and show the trace around its violation')
    .argument('<file>', 'a counterexample JSON saved by check')
    .option('--scheduler <name|path>', 'replay on this scheduler instead of the one the file names')
    .option('--json', 'print one JSON document')
    .option('--perfetto <file>', 'write a Chrome trace-event JSON file of the replay (ui.perfetto.dev, chrome://tracing)')
    .option('--html <file>', 'write a self-contained offline HTML report of the replay')
    .action(async (file: string, flags: { json?: boolean; scheduler?: string; perfetto?: string; html?: string }) =>
      setCode(await (await import('./commands/replay.ts')).replayCommand(file, flags)));
  program.command('gate').description('the CI gate: a fixed seed corpus per scheduler, properties and figures against a baseline')
    .option('--scheduler <name|path|all>', 'a shipped scheduler, a module path, or all (every shipped real scheduler)', 'all')
    .option('--baseline <file>', 'the baseline file (default: schedulers/baselines/NAME.json, or NAME.baseline.json beside a module)')
    .option('--update-baseline', 'record the corpus\'s figures as the baseline (only when every run passes)')
    .option('--junit <file>', 'write a JUnit XML report: one test case per property and per corpus run')
    .option('--shard <K/N>', 'run only shard K of N of the corpus; combine the shards\' --json with merge')
    .addOption(new Option('--opt <key=value>', 'scheduler option on every corpus run (repeatable)').argParser(collect).default([]))
    .option('--json', 'print one JSON document')
    .option('--out <dir>', 'where counterexamples are saved', 'schedcheck-out')
    .option('--workers <n>', 'schedulers gated at once (default: the machine\'s cores, at most 4)')
    .action(async (flags) => setCode(await (await import('./commands/gate.ts')).gateCommand(flags)));
  program.command('merge').description('combine the --json files of every shard of a sharded check or gate into one verdict')
    .argument('<files...>', 'the shards\' --json documents (shard 1/N … N/N, each once)')
    .option('--json', 'print one JSON document (the unsharded run\'s)')
    .option('--junit <file>', 'write the JUnit XML report of the unsharded run')
    .option('--out <dir>', 'where the merged run\'s counterexamples are saved', 'schedcheck-out')
    .action(async (files: string[], flags: { json?: boolean; junit?: string; out?: string }) =>
      setCode(await (await import('./commands/merge.ts')).mergeCommand(files, flags)));
  program.command('schema').description('print the scenario JSON Schema')
    .action(async () => setCode((await import('./commands/schema.ts')).schemaCommand()));
  program.command('compare').description('the starter scenarios on eevdf and every shipped scheduler, one comparison table')
    .option('--seed <n>', 'seed', '1')
    .option('--json', 'print the run documents as JSON')
    .action(async (flags) => setCode(await (await import('./commands/compare.ts')).compareCommand(flags)));
  return program;
}

/** Runs the command line on `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => { code = c; });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError || error instanceof InputError) {
      process.stderr.write(`schedcheck: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`schedcheck: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
