// Loading a user's scheduler module or scenario file from a path (`--scheduler ./sched.ts`,
// `--scenario ./s.json`). Every failure is one line naming the file and the problem, exit 2.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../model/kernel/assert.ts';
import { isBpfPath, loadBpfScheduler } from '../bpf/loader.ts';
import { isSchedulerDefinition, type SchedulerDefinition } from '../model/kernel/ops.ts';
import { type Scenario, scenarioWarnings, validateScenario } from '../scenarios/scenario.ts';
import { type Counterexample, COUNTEREXAMPLE_KIND, validateCounterexample } from './counterexample.ts';
import { UsageError } from './errors.ts';
import { isExecRef } from '../exec/define.ts';
import { ensureTypeScriptLoader, isTypeScriptPath } from './typescriptLoader.ts';

/** A value naming a file rather than a shipped name: contains `/` or ends in .ts/.js/.mjs/.json (or .c/.wasm: BPF);
 * never exec:CMD. */
export function isPathRef(value: string): boolean {
  if (isExecRef(value)) return false;
  return value.includes('/') || /\.(ts|mts|js|mjs|json|c|wasm)$/.test(value);
}

function displayName(path: string): string {
  return path.replace(/^\.\//, '');
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** A scenario file, or a counterexample file and the scenario it embeds. */
export interface ScenarioFile {
  readonly scenario: Scenario;
  /** Set when the file is a counterexample saved by `check` (its scenario is `scenario`). */
  readonly counterexample: Counterexample | null;
  /** One-line warnings naming the file and the field (scenarioWarnings), for stderr. */
  readonly warnings: readonly string[];
}

/**
 * Reads a scenario JSON file or a counterexample file (kind `schedcheck-counterexample`): a counterexample
 * is accepted wherever a scenario is, and stands for the scenario it embeds.
 */
export function readScenarioFile(path: string): ScenarioFile {
  const name = displayName(path);
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (error) {
    throw new UsageError(`${name}: cannot read: ${firstLine(error)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name}: invalid JSON: ${firstLine(error)}`);
  }
  if (typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)['kind'] === COUNTEREXAMPLE_KIND) {
    const counterexample = validateCounterexample(raw, name);
    return { scenario: counterexample.scenario, counterexample,
      warnings: scenarioWarnings(counterexample.scenario).map((w) => `${name}: scenario.${w}`) };
  }
  try {
    const scenario = validateScenario(raw);
    return { scenario, counterexample: null, warnings: scenarioWarnings(scenario).map((w) => `${name}: ${w}`) };
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(`${name}: ${error.message}`);
    throw error;
  }
}

/** Reads and validates a scenario JSON file (or the scenario a counterexample file embeds). */
export function loadScenarioFile(path: string): Scenario {
  return readScenarioFile(path).scenario;
}

/** esbuild's (tsx's) compile error line: `/abs/file.ts:3:31: ERROR: Expected "}" but found "options"`. */
const TRANSFORM_ERROR = /^(.+):(\d+):(\d+): ERROR: (.*)$/m;
/** Node's "… imported from /path/of/the/importer": when the importer is schedcheck's loader, it is noise. */
const IMPORTED_FROM = / imported from \S+$/;

/**
 * Why a module failed to load, in the user's terms: a compile error as `file:line:column: message` (the
 * file relative to the working folder), never schedcheck's own files.
 */
export function loadErrorMessage(name: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const located = TRANSFORM_ERROR.exec(text);
  if (located) {
    const [, file, line, column, message] = located as unknown as [string, string, string, string, string];
    const shown = relative(process.cwd(), file);
    return `${shown.startsWith('..') ? file : shown}:${line}:${column}: ${message}`;
  }
  return `${name}: cannot load: ${firstLine(error).replace(IMPORTED_FROM, '')}`;
}

/** Imports a scheduler module (TypeScript or JavaScript) and checks its default export. */
export async function loadSchedulerModule(path: string): Promise<SchedulerDefinition> {
  const name = displayName(path);
  if (!existsSync(resolve(path))) throw new UsageError(`${name}: no such file`);
  // A BPF C scheduler (.bpf.c, compiled against bpf/include) or a prebuilt .wasm of one.
  if (isBpfPath(path)) {
    try {
      return loadBpfScheduler(path);
    } catch (error) {
      if (error instanceof InputError) throw new UsageError(error.message);
      throw error;
    }
  }
  let module: Record<string, unknown>;
  try {
    if (isTypeScriptPath(path)) await ensureTypeScriptLoader();
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(loadErrorMessage(name, error));
  }
  // A CommonJS module (a folder without "type": "module") compiled by tsx exports `{ default: definition }`;
  // imported from compiled schedcheck (tsx registered on demand), Node hands that object over as the default.
  const exported = module['default'];
  const definition = !isSchedulerDefinition(exported) && typeof exported === 'object' && exported !== null &&
    isSchedulerDefinition((exported as Record<string, unknown>)['default']) ? (exported as Record<string, unknown>)['default'] : exported;
  if (!isSchedulerDefinition(definition)) {
    throw new UsageError(`${name}: default export is not a defineScheduler(...) result`);
  }
  if (definition.kind !== 'sched_ext' && definition.kind !== 'userspace') {
    throw new UsageError(`${name}: kind must be 'sched_ext' or 'userspace'`);
  }
  if (typeof definition.create !== 'function') throw new UsageError(`${name}: create is not a function`);
  if (typeof definition.name !== 'string' || definition.name.length === 0) throw new UsageError(`${name}: name is missing`);
  return definition;
}
