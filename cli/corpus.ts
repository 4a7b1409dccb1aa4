// `--scenario` for `check`: a shipped scenario name, a scenario JSON file, a counterexample file, or a
// folder of such files (a regression corpus, read in name order). A counterexample brings its own kernel
// seed and belongs to the scheduler it names (check runs it on that one only). Every problem is one line
// naming the file (exit 2).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ScenarioEntry } from './campaign/index.ts';
import { UsageError } from './errors.ts';
import { counterexampleScheduler } from './counterexample.ts';
import { isPathRef, readScenarioFile } from './load.ts';
import { resolveScenario } from './resolve.ts';

/** One corpus file: a scenario, or a counterexample with its own seed and scheduler (cli/load.ts reads both). */
function readEntry(path: string): ScenarioEntry {
  const file = path.replace(/^\.\//, '');
  const read = readScenarioFile(path);
  for (const warning of read.warnings) process.stderr.write(`schedcheck: warning: ${warning}\n`);
  const ce = read.counterexample;
  return ce === null ? { scenario: read.scenario, file }
    : { scenario: ce.scenario, seed: ce.runSeed, file, scheduler: counterexampleScheduler(ce, path) };
}

/** The scenarios `--scenario value` names. */
export function loadCorpus(value: string): ScenarioEntry[] {
  let isDir = false;
  try {
    isDir = statSync(resolve(value)).isDirectory();
  } catch {
    // Not a file or folder: a shipped name (resolveScenario says which exist), or a missing file.
    if (!isPathRef(value)) return [{ scenario: resolveScenario(value) }];
    throw new UsageError(`--scenario: ${value.replace(/^\.\//, '')}: no such file or folder`);
  }
  if (!isDir) return [readEntry(value)];
  const files = readdirSync(resolve(value)).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new UsageError(`--scenario: ${value}: the folder holds no .json scenario`);
  return files.map((f) => readEntry(join(value, f)));
}
