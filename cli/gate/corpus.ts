// The seed corpus of `schedcheck gate` (issue 12, item 5): fixed and versioned, the same runs on every
// machine, small enough that gating one scheduler takes a few seconds. Per scheduler: GATE_GENERATED_RUNS
// scenarios drawn from the scheduler's own generator with a fixed fast-check seed (each with its kernel
// seed), the shipped scenarios that exercise latency, fallback and the property scenarios (seed 1), and the
// counterexample folder's files that name this scheduler (each with its own seed; a known limit's file
// expects its violation, so it passes while the limit still shows). A baseline records `corpusVersion` and
// each run's scenario hash: a baseline made on another corpus is refused (exit 2), never compared.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { caseArb, generatorOptionsFor } from '../../scenarios/arbitraries/index.ts';
import { findScenario } from '../../scenarios/index.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import type { ScenarioEntry } from '../campaign/index.ts';
import { loadCorpus } from '../corpus.ts';
import { isPathRef } from '../load.ts';

/** Bump when the corpus below changes: baselines of another version are refused. */
export const GATE_CORPUS_VERSION = 1;

export interface GateCorpus {
  readonly version: number;
  /** Scenarios from the scheduler's generator, and the fast-check seed that draws them. */
  readonly generatedRuns: number;
  readonly generatedSeed: number;
  /** Shipped scenarios, run with kernel seed `scenarioSeed`. */
  readonly scenarios: readonly string[];
  readonly scenarioSeed: number;
  /** A folder of counterexamples (those naming the scheduler are run), or null. */
  readonly counterexamples: string | null;
}

/** The corpus `gate` runs (version GATE_CORPUS_VERSION). */
export const GATE_CORPUS: GateCorpus = {
  version: GATE_CORPUS_VERSION, generatedRuns: 8, generatedSeed: 1,
  scenarios: ['mixed-basic', 'error-fallback', 'usersched-crash', 'lifecycle-churn', 'rt-hog-sysrq', 'hotplug-restart',
    'unregister-sweep', 'rt-starves-ext'],
  scenarioSeed: 1, counterexamples: 'counterexamples',
};

/** One run of the corpus: its entry (scenario and seed) and the hash of the scenario as the corpus defines it. */
export interface GateRun {
  readonly entry: ScenarioEntry & { readonly seed: number; readonly file: string };
  readonly scenarioHash: string;
}

/** A short, stable hash of a scenario's JSON (keys as written). */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex').slice(0, 16);
}

/** The label of a generated run in reports and the baseline. */
function generatedLabel(i: number): string {
  return `generated/${i}`;
}

/**
 * The corpus runs of one scheduler (`ref`: how it was named, for counterexamples' owners). Shipped scenarios
 * made for other scheduler kinds, and names no longer shipped, are left out.
 */
export function gateRuns(scheduler: SchedulerDefinition | null, ref: string, corpus: GateCorpus = GATE_CORPUS): GateRun[] {
  const entries: GateRun['entry'][] = [];
  if (corpus.generatedRuns > 0) {
    const arb = caseArb(generatorOptionsFor(scheduler, { knownLimits: true }));
    fc.sample(arb, { seed: corpus.generatedSeed, numRuns: corpus.generatedRuns }).forEach((c, i) => {
      entries.push({ scenario: c.scenario, seed: c.seed, file: generatedLabel(i) });
    });
  }
  for (const name of corpus.scenarios) {
    const scenario = findScenario(name);
    if (scenario === undefined || (scheduler !== null && !(scenario.schedulerKinds?.includes(scheduler.kind) ?? true))) continue;
    // A scenario setting options this scheduler does not have is not for it (as `check --scheduler all` leaves it out).
    if (scheduler !== null && Object.keys(scenario.schedulerOptions ?? {}).some((key) => !(key in scheduler.options))) continue;
    entries.push({ scenario, seed: corpus.scenarioSeed, file: name });
  }
  const folder = corpus.counterexamples;
  if (folder !== null && existsSync(folder) && statSync(folder).isDirectory() && readdirSync(folder).some((f) => f.endsWith('.json'))) {
    const owner = isPathRef(ref) ? resolve(ref) : ref;
    for (const entry of loadCorpus(folder)) {
      if (entry.scheduler === owner && entry.seed !== undefined && entry.file !== undefined) {
        entries.push({ ...entry, seed: entry.seed, file: entry.file });
      }
    }
  }
  return entries.map((entry) => ({ entry, scenarioHash: scenarioHash(entry.scenario) }));
}

/** The key of a run in a baseline and in reports: `label seed N`. */
export function runKey(label: string, seed: number): string {
  return `${label} seed ${seed}`;
}
