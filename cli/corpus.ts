// `--scenario` for `check`: a shipped scenario name, a scenario JSON file, a counterexample file, or a
// folder of such files (a regression corpus, read in name order). A counterexample brings its own kernel
// seed and belongs to the scheduler it names (check runs it on that one only). Every problem is one line
// naming the file (exit 2).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../model/kernel/assert.ts';
import { scenarioWarnings, validateScenario } from '../scenarios/scenario.ts';
import type { ScenarioEntry } from './campaign/index.ts';
import { COUNTEREXAMPLE_KIND, counterexampleScheduler, validateCounterexample } from './counterexample.ts';
import { UsageError } from './errors.ts';
import { isPathRef } from './load.ts';
import { resolveScenario } from './resolve.ts';

function readEntry(path: string): ScenarioEntry {
  const file = path.replace(/^\.\//, '');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new UsageError(`${file}: ${error instanceof SyntaxError ? 'invalid JSON' : 'cannot read'}: ${text}`);
  }
  if (typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)['kind'] === COUNTEREXAMPLE_KIND) {
    const ce = validateCounterexample(raw, file);
    return { scenario: ce.scenario, seed: ce.runSeed, file, scheduler: counterexampleScheduler(ce, path) };
  }
  try {
    const scenario = validateScenario(raw);
    for (const warning of scenarioWarnings(scenario)) process.stderr.write(`schedcheck: warning: ${file}: ${warning}\n`);
    return { scenario, file };
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
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
