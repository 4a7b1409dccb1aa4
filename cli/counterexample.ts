// Counterexample files (DESIGN.md: "a counterexample file is a scenario plus scheduler, seed and the
// violation"): what `schedcheck check` saves when a property fails and `schedcheck replay` re-runs. The
// file carries everything to reproduce the run exactly — the (shrunk) scenario, the scheduler, the kernel
// seed — plus how it was found (fast-check's seed and path), the violation with its simulated time, and the
// last trace events before it. Reading validates every field and fails with one line (exit 2).
// A user's scheduler is stored as a path relative to the counterexample file (formatVersion 2), so the
// file replays from any folder; formatVersion 1 files stored the path as given on the command line, i.e.
// relative to the folder `check` ran in, and are still read that way.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../model/kernel/assert.ts';
import { propertyNames } from '../properties/index.ts';
import type { Violation } from '../scenarios/runner.ts';
import { type Scenario, validateScenario } from '../scenarios/scenario.ts';
import { INTERNAL_PROPERTY } from './campaign/types.ts';
import { UsageError } from './errors.ts';
import { isPathRef } from './load.ts';

export const COUNTEREXAMPLE_FORMAT_VERSION = 2;
/** Versions still read: 1 (a scheduler path relative to the working folder), 2. */
const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];
export const COUNTEREXAMPLE_KIND = 'schedcheck-counterexample';

export interface Counterexample {
  readonly formatVersion: number;
  readonly kind: typeof COUNTEREXAMPLE_KIND;
  /** A shipped scheduler name, `eevdf`, or the module's path relative to this file (formatVersion 1: to the working folder). */
  readonly scheduler: string;
  /** The kernel seed of the run. */
  readonly runSeed: number;
  /** How it was found: `generated` (fast-check), `scenarios` (a named or corpus scenario), `sweep` (crash sweep). */
  readonly source: 'generated' | 'scenarios' | 'sweep';
  /** fast-check's seed and counterexample path (generated only): `fc.check(…, { seed, path })` regenerates it. */
  readonly fcSeed?: number;
  readonly fcPath?: string;
  /** The properties the run checked (null: the default set). */
  readonly properties: readonly string[] | null;
  readonly violation: Violation;
  readonly traceHash: string;
  /** One-line trace events before the violation. */
  readonly lastEvents: readonly string[];
  readonly scenario: Scenario;
}

function fail(file: string, message: string): never {
  throw new UsageError(`${file}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates parsed JSON as a counterexample (one-line UsageError naming the field otherwise). */
export function validateCounterexample(raw: unknown, file: string): Counterexample {
  if (!isObject(raw)) fail(file, 'expected a JSON object');
  if (raw['kind'] !== COUNTEREXAMPLE_KIND) fail(file, `kind: expected "${COUNTEREXAMPLE_KIND}" (is this a counterexample file?)`);
  if (!READABLE_FORMAT_VERSIONS.includes(raw['formatVersion'] as number)) {
    fail(file, `formatVersion: expected ${READABLE_FORMAT_VERSIONS.join(' or ')}, got ${JSON.stringify(raw['formatVersion'])}`);
  }
  if (typeof raw['scheduler'] !== 'string' || raw['scheduler'] === '') fail(file, 'scheduler: expected a scheduler name or path');
  if (!Number.isSafeInteger(raw['runSeed']) || (raw['runSeed'] as number) < 0) fail(file, 'runSeed: expected a non-negative integer');
  const violation = raw['violation'];
  if (!isObject(violation) || typeof violation['property'] !== 'string' || typeof violation['reason'] !== 'string' ||
    !Number.isSafeInteger(violation['atNs'])) {
    fail(file, 'violation: expected {property, atNs, reason}');
  }
  const known = propertyNames();
  if (violation['property'] !== INTERNAL_PROPERTY && !known.includes(violation['property'] as string)) {
    fail(file, `violation.property: unknown property ${JSON.stringify(violation['property'])} (known: ${known.join(', ')})`);
  }
  const properties = raw['properties'];
  if (properties !== null && properties !== undefined &&
    !(Array.isArray(properties) && properties.every((p) => typeof p === 'string'))) {
    fail(file, 'properties: expected a list of property names or null');
  }
  const unknown = Array.isArray(properties) ? properties.find((p) => !known.includes(p as string)) : undefined;
  if (unknown !== undefined) fail(file, `properties: unknown property ${JSON.stringify(unknown)} (known: ${known.join(', ')})`);
  let scenario: Scenario;
  try {
    scenario = validateScenario(raw['scenario']);
  } catch (error) {
    if (error instanceof InputError) fail(file, `scenario.${error.message}`);
    throw error;
  }
  return { ...(raw as unknown as Counterexample), properties: (properties as string[] | null | undefined) ?? null, scenario };
}

/** Reads and validates a counterexample file. */
export function readCounterexample(path: string): Counterexample {
  const file = path.replace(/^\.\//, '');
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch (error) {
    fail(file, `cannot read: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    fail(file, `invalid JSON: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  return validateCounterexample(raw, file);
}

/**
 * The scheduler a counterexample read from `file` names, ready for --scheduler: a shipped name, or the
 * module's absolute path (resolved from the file's folder; formatVersion 1: from the working folder).
 */
export function counterexampleScheduler(ce: Counterexample, file: string): string {
  if (!isPathRef(ce.scheduler)) return ce.scheduler;
  return ce.formatVersion === 1 ? resolve(ce.scheduler) : resolve(dirname(resolve(file)), ce.scheduler);
}

/** A module path (relative to the working folder, or absolute) as stored in a file in `dir`: relative to it. */
function relativeTo(dir: string, path: string): string {
  const rel = relative(resolve(dir), resolve(path)).split(sep).join('/');
  return isAbsolute(rel) || rel.startsWith('../') ? rel : `./${rel}`;
}

/** A file name for a counterexample: scheduler, property and the seed that found it. */
export function counterexampleFileName(ce: Counterexample): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '');
  const scheduler = safe(ce.scheduler.replace(/^.*\//, '').replace(/\.(ts|js|mjs|mts)$/, ''));
  return `${scheduler}-${safe(ce.violation.property)}-${ce.fcSeed ?? ce.runSeed}.json`;
}

/**
 * Writes the counterexample into `dir` (created if needed); returns the file's path. A module path in
 * `ce.scheduler` (as given to --scheduler) is stored relative to `dir`.
 */
export function writeCounterexample(dir: string, ce: Counterexample): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, counterexampleFileName(ce));
  const stored = isPathRef(ce.scheduler) ? { ...ce, scheduler: relativeTo(dir, ce.scheduler) } : ce;
  writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`);
  return path;
}

/** Task and CPU counts of a scenario, for summaries ("3 tasks, 2 CPUs"). */
export function scenarioSize(scenario: Scenario): { tasks: number; cpus: number } {
  const t = scenario.topology;
  const cpus = 'cpus' in t ? t.cpus.length : t.nodes * t.llcsPerNode * t.coresPerLlc * t.threadsPerCore;
  return { tasks: scenario.tasks.length, cpus };
}
