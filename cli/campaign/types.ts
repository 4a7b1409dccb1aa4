// The shapes of a property campaign (one `schedcheck check` job for one scheduler): its options, the hooks
// the host gives it (wall clock, progress, the guard's probes), and its result — run counts, the first
// failure with everything needed to save a counterexample, inconclusive runs, and wait-latency figures
// next to eevdf's on the same scenarios.
import type { SchedulerDefinition, SchedulerLimit } from '../../model/kernel/ops.ts';
import type { Inconclusive, Violation } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import type { Shard } from '../shard.ts';
import type { RunFigures } from '../runFigures.ts';

/** generated: fast-check scenarios; scenarios: named or corpus scenarios; sweep: crash-point sweep. */
export type CampaignMode = 'generated' | 'scenarios' | 'sweep';

/**
 * Runs per scheduler of a generated campaign by default (`schedcheck check` and `checkScheduler`): `npm start`
 * (all five shipped schedulers, two workers) stays under a minute on a 2-core machine: about 27 s of CPU
 * time, 50 s of wall time measured at a load average of 10 (README, "schedcheck check").
 */
export const GENERATED_RUNS_DEFAULT = 100;

/** The property name of a failure that is a schedcheck bug (the model threw), reported as exit 3. */
export const INTERNAL_PROPERTY = 'internal';

export interface Failure {
  readonly source: CampaignMode;
  readonly scenario: Scenario;
  readonly runSeed: number;
  readonly violation: Violation;
  readonly fcSeed?: number;
  readonly fcPath?: string;
  /** Shrinking steps that led from the first failing scenario to this one. */
  readonly shrinks: number;
  /** Runs of the campaign before the first failing one (the same on every machine, for a given seed). */
  readonly runsBefore: number;
  readonly lastEvents: readonly string[];
  readonly traceHash: string;
}

export interface LatencyFigures {
  readonly runs: number;
  /** Means over the runs of each run's wait-latency percentile, and the longest wait of all. */
  readonly waitP50Ns: number;
  readonly waitP99Ns: number;
  readonly waitMaxNs: number;
}

/** Wall-clock figures of a campaign: the only part of a result that depends on the machine. */
export interface CampaignTiming {
  readonly elapsedMs: number;
  /** Milliseconds from the start of the campaign to the start of the first failing run (null: none failed). */
  readonly beforeFailureMs: number | null;
  /** Milliseconds spent shrinking the failure (null: nothing was shrunk). */
  readonly shrinkMs: number | null;
}

export interface CampaignResult {
  readonly scheduler: string;
  readonly mode: CampaignMode;
  /** The runs the campaign was to make (`runs` is fewer when it stopped at a failure or at the time cap). */
  readonly runsPlanned: number;
  readonly runs: number;
  /** A wall-clock cap (--time-budget) stopped the search or the shrink: the campaign is not the full one. */
  readonly budgetExhausted: boolean;
  readonly passed: number;
  /** Scenarios that violated the property their manifest expects (they count as passes). */
  readonly expectedViolations: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly firstInconclusive: { readonly scenario: Scenario; readonly seed: number; readonly what: Inconclusive } | null;
  readonly failure: Failure | null;
  readonly properties: readonly string[];
  /** Generated mode: the known limits whose regions the campaign left out (SchedulerLimit, empty: none). */
  readonly knownLimits?: readonly SchedulerLimit[];
  /** The scheduler's and eevdf's figures over the same sample of passing scenarios. */
  readonly latency: LatencyFigures;
  readonly eevdf: LatencyFigures | null;
  readonly timing: CampaignTiming;
  /**
   * Every run this campaign made, in order, by its global index (`--shard`: only this shard's runs). What
   * `schedcheck merge` combines shards from, what `gate` compares with its baseline, and what JUnit reports
   * per corpus file. Absent from results made before it existed (a guard fault's result).
   */
  readonly records?: readonly RunRecord[];
}

/** How a run ended: passed, violated what its manifest expects, failed, or could not decide a property. */
export type RunOutcome = 'pass' | 'expected' | 'fail' | 'inconclusive';

/** One run of a campaign (cli/shard.ts: its global index decides its shard). */
export interface RunRecord {
  /** The run's place in the unsharded campaign (generated: fast-check's run number; else its place in the run list). */
  readonly index: number;
  readonly outcome: RunOutcome;
  /** The kernel seed of the run. */
  readonly seed: number;
  /** scenarios and sweep modes: the scenario (its file as given, or its name). */
  readonly scenario?: string;
  /** The violation of a failing run, or the expected one of an `expected` run. */
  readonly violation?: Violation;
  /** The run's figures (cli/runFigures.ts), what `gate` compares with its baseline (absent: the kernel model threw). */
  readonly figures?: RunFigures;
  /** The run was in the wait-latency sample: its own figures and eevdf's on the same scenario and seed. */
  readonly sample?: { readonly own: LatencySample; readonly eevdf: LatencySample };
}

/** One run's wait-latency figures as the sample keeps them. */
export interface LatencySample {
  readonly waitP50Ns: number;
  readonly waitP99Ns: number;
  readonly waitMaxNs: number;
}

export interface CampaignHooks {
  /** Milliseconds of wall-clock time (Date.now in the CLI): only the time cap and `timing` use it. */
  now(): number;
  /** A run is about to start (the CLI's wall-clock guard names it if it never ends). */
  onRun?(scenario: Scenario, seed: number): void;
  onProgress?(runs: number, failures: number): void;
  /** The search failed at this run (counted from the campaign's first); shrinking starts now. */
  onFailureFound?(run: number): void;
  /** Scheduler callback probe (which callback is running), for the guard's report. */
  opProbe?(opIndex: number): void;
}

export interface CampaignOptions {
  readonly scheduler: SchedulerDefinition | null;
  /** How the scheduler was named (kept in counterexamples): a shipped name or a module path. */
  readonly schedulerRef: string;
  /** --property: restrict the checked properties (null: each scenario's default set). */
  readonly properties: readonly string[] | null;
  readonly seed: number;
  /** Runs (generated: fast-check's numRuns; scenarios: seeds per scenario; sweep: most fault points). */
  readonly runs: number;
  /** Wall-clock caps of the search and of the shrink, ms (none by default: run counts are the unit). */
  readonly budgetMs?: number;
  readonly shrinkBudgetMs?: number;
  /** Generated mode: steer clear of the scheduler's known limits (default true). */
  readonly knownLimits?: boolean;
  /** `--shard K/N`: run only the runs whose global index is in this shard (cli/shard.ts). */
  readonly shard?: Shard;
  /** Scenario campaigns: sample wait latency next to eevdf (default true; `gate` needs no eevdf runs). */
  readonly latencySample?: boolean;
  /**
   * Generated mode: most runs of fast-check's shrinker and of the data-level reduction per failure (default
   * SHRINK_RUNS_MAX and REDUCE_RUNS_MAX; 0 reports the failure as found). `schedcheck mutants` lowers them.
   */
  readonly shrinkRuns?: number;
  readonly reduceRuns?: number;
}
