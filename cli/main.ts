// The `schedcheck` command line (DESIGN.md, The command line). Parses arguments with commander, maps
// errors to the contract's exit codes: 2 for bad usage or input (one line, no stack), 3 for internal errors.
import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../model/kernel/assert.ts';
import { compareCommand } from './commands/compare.ts';
import { listCommand } from './commands/list.ts';
import { runCommand } from './commands/run.ts';
import { schemaCommand } from './commands/schema.ts';
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from './errors.ts';

/** package.json sits one level up from cli/ in a checkout and two up from dist/cli/ in a package. */
function packageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
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
    .action((flags: { json?: boolean }) => setCode(listCommand(flags)));
  program.command('run').description('run one scenario with one scheduler and seed')
    .requiredOption('--scheduler <name|path>', 'a shipped scheduler, eevdf (no sched_ext scheduler), or a module path')
    .requiredOption('--scenario <name|path>', 'a shipped scenario name, or a scenario JSON file')
    .option('--seed <n>', 'seed for every random choice', '1')
    .addOption(new Option('--opt <key=value>', 'scheduler option (repeatable)').argParser(collect).default([]))
    .option('--json', 'print the run document as JSON')
    .option('--trace <file>', 'write the one-line-per-event trace to a file')
    .action(async (flags) => setCode(await runCommand(flags)));
  program.command('schema').description('print the scenario JSON Schema')
    .action(() => setCode(schemaCommand()));
  program.command('compare').description('run the starter scenarios on eevdf and every shipped scheduler (npm start)')
    .option('--seed <n>', 'seed', '1')
    .option('--json', 'print the run documents as JSON')
    .action(async (flags) => setCode(await compareCommand(flags)));
  return program;
}

async function main(argv: readonly string[]): Promise<number> {
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

process.exitCode = await main(process.argv.slice(2));
