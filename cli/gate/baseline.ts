// The baseline of `schedcheck gate` (issue 12, item 5): a small JSON file meant to be committed next to the
// scheduler, holding per scheduler and per corpus run (`label seed N`) the run's figures (cli/runFigures.ts)
// and its scenario's hash, plus the corpus version and the tolerance the comparison allows. A run whose
// figure is worse than its baseline figure beyond the tolerance is a regression (exit 1, naming scheduler,
// metric, run and seed, and both values). Any problem with the file is one line naming it and the field
// (exit 2): a missing or unreadable file, another format or corpus version, a run the baseline does not
// know or whose scenario changed (the baseline is stale: re-record it with --update-baseline).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { FIGURE_NAMES, type RunFigures } from '../runFigures.ts';

export const BASELINE_KIND = 'schedcheck-baseline';
export const BASELINE_FORMAT_VERSION = 1;

/** How much worse a figure may get: more than `relative` × baseline + `absolute` (fairness: less than). */
export interface Allowance {
  readonly relative: number;
  readonly absolute: number;
}

export type Tolerance = Readonly<Record<keyof RunFigures, Allowance>>;

/**
 * The tolerance a new baseline gets (it is written into the file, where it can be changed): waits may grow
 * by 10 % + 100 µs, migrations by 10 % + 2, fairness may drop by 50 per mille. The simulation is
 * deterministic, so any difference is a real change of behaviour; the slack lets small ones through.
 */
export const DEFAULT_TOLERANCE: Tolerance = {
  waitP99Ns: { relative: 0.1, absolute: 100_000 },
  waitMaxNs: { relative: 0.1, absolute: 100_000 },
  fallbackWaitMaxNs: { relative: 0.1, absolute: 100_000 },
  migrations: { relative: 0.1, absolute: 2 },
  fairnessPermille: { relative: 0, absolute: 50 },
};

/** Figures where a lower value is worse (the others: higher is worse). */
const LOWER_IS_WORSE: readonly (keyof RunFigures)[] = ['fairnessPermille'];

export interface BaselineRun extends RunFigures {
  readonly scenarioHash: string;
}

export interface Baseline {
  readonly formatVersion: number;
  readonly kind: typeof BASELINE_KIND;
  readonly corpusVersion: number;
  readonly tolerance: Tolerance;
  /** Per scheduler (as named on the command line), per run key (`label seed N`). */
  readonly schedulers: Readonly<Record<string, { readonly runs: Readonly<Record<string, BaselineRun>> }>>;
}

export interface Regression {
  readonly scheduler: string;
  readonly metric: keyof RunFigures;
  /** The run: its corpus label (scenario name, file or generated/N), seed, global index, and key. */
  readonly scenario: string;
  readonly seed: number;
  readonly index: number;
  readonly baseline: number;
  readonly value: number;
  /** The worst value allowed. */
  readonly limit: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(file: string, message: string): never {
  throw new UsageError(`--baseline: ${file}: ${message}`);
}

function validateAllowance(file: string, field: string, raw: unknown): Allowance {
  if (!isObject(raw) || typeof raw['relative'] !== 'number' || !(raw['relative'] >= 0) ||
    typeof raw['absolute'] !== 'number' || !(raw['absolute'] >= 0)) {
    fail(file, `${field}: expected {relative, absolute}, non-negative numbers`);
  }
  return { relative: raw['relative'] as number, absolute: raw['absolute'] as number };
}

/** Validates a parsed baseline file (one-line UsageError naming the field). */
export function validateBaseline(raw: unknown, file: string, corpusVersion: number): Baseline {
  if (!isObject(raw)) return fail(file, 'expected a JSON object');
  if (raw['kind'] !== BASELINE_KIND) fail(file, `kind: expected "${BASELINE_KIND}" (is this a baseline file?)`);
  if (raw['formatVersion'] !== BASELINE_FORMAT_VERSION) {
    fail(file, `formatVersion: expected ${BASELINE_FORMAT_VERSION}, got ${JSON.stringify(raw['formatVersion'])}`);
  }
  if (raw['corpusVersion'] !== corpusVersion) {
    fail(file, `corpusVersion: the baseline is of corpus ${JSON.stringify(raw['corpusVersion'])}, gate runs corpus ${corpusVersion} ` +
      '(re-record it with --update-baseline)');
  }
  const tolerance = raw['tolerance'];
  if (!isObject(tolerance)) fail(file, 'tolerance: expected an object');
  const checked = Object.fromEntries(FIGURE_NAMES.map((name) => [name, validateAllowance(file, `tolerance.${name}`, tolerance[name])]));
  const schedulers = raw['schedulers'];
  if (!isObject(schedulers)) fail(file, 'schedulers: expected an object');
  for (const [name, entry] of Object.entries(schedulers)) {
    const runs = isObject(entry) ? entry['runs'] : undefined;
    if (!isObject(runs)) fail(file, `schedulers.${name}.runs: expected an object`);
    for (const [key, run] of Object.entries(runs)) {
      const where = `schedulers.${name}.runs["${key}"]`;
      if (!isObject(run)) fail(file, `${where}: expected an object`);
      if (typeof run['scenarioHash'] !== 'string') fail(file, `${where}.scenarioHash: expected a string`);
      for (const figure of FIGURE_NAMES) {
        if (!Number.isSafeInteger(run[figure]) || (run[figure] as number) < 0) fail(file, `${where}.${figure}: expected a non-negative integer`);
      }
    }
  }
  return { ...(raw as unknown as Baseline), tolerance: checked as unknown as Tolerance };
}

/** Reads a baseline file; null when it does not exist. */
export function readBaseline(file: string, corpusVersion: number): Baseline | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(file, `cannot read as JSON: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  return validateBaseline(raw, file, corpusVersion);
}

/** Writes the file: two-space JSON, one line per run, so a change of figures is a one-line diff per run. */
export function writeBaseline(file: string, baseline: Baseline): void {
  const schedulers = Object.entries(baseline.schedulers).map(([name, { runs }]) => `    ${JSON.stringify(name)}: {\n      "runs": {\n` +
    Object.entries(runs).map(([key, run]) => `        ${JSON.stringify(key)}: ${JSON.stringify(run)}`).join(',\n') + '\n      }\n    }');
  const tolerance = FIGURE_NAMES.map((name) => `    ${JSON.stringify(name)}: ${JSON.stringify(baseline.tolerance[name])}`);
  writeFileSync(file, `{\n  "formatVersion": ${baseline.formatVersion},\n  "kind": ${JSON.stringify(baseline.kind)},\n` +
    `  "corpusVersion": ${baseline.corpusVersion},\n  "tolerance": {\n${tolerance.join(',\n')}\n  },\n` +
    `  "schedulers": {\n${schedulers.join(',\n')}\n  }\n}\n`);
}

/** The worst value `allowance` lets `base` become. */
export function limitOf(metric: keyof RunFigures, base: number, allowance: Allowance): number {
  return LOWER_IS_WORSE.includes(metric) ? Math.max(0, Math.floor(base * (1 - allowance.relative) - allowance.absolute))
    : Math.ceil(base * (1 + allowance.relative) + allowance.absolute);
}

/** Whether `value` is worse than `limit` (the worst allowed). */
export function beyond(metric: keyof RunFigures, value: number, limit: number): boolean {
  return LOWER_IS_WORSE.includes(metric) ? value < limit : value > limit;
}
