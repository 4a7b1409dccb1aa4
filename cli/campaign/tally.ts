// The bookkeeping of a campaign: run counts, the first inconclusive run, the first failure (how many runs
// came before it, and when), whether a wall-clock cap cut the campaign short, and wait-latency samples of
// the scheduler next to eevdf (no sched_ext scheduler) on the same passing scenarios (issue: "the summary
// compares each scheduler's wait-latency figures with eevdf on the same scenarios"). Wall-clock figures
// go to `timing` only: everything else is the same on every machine.
import { runScenario, type RunDocument } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import type { Violation } from '../../scenarios/runner.ts';
import { runFigures } from '../runFigures.ts';
import type { CaseOutcome } from './runCase.ts';
import type {
  CampaignHooks, CampaignMode, CampaignOptions, CampaignResult, Failure, LatencyFigures, LatencySample, RunRecord,
} from './types.ts';

/** Where a run sits in the campaign, for its RunRecord: its global index, the scenario's label, the failure's violation. */
export interface RunPlace {
  readonly index: number;
  readonly scenario?: string;
  /** The violation that failed the run (a manifest's may differ from the run's own first violation). */
  readonly violation?: Violation | null;
}

function sampleOf(d: RunDocument): LatencySample {
  return { waitP50Ns: d.metrics.waitP50Ns, waitP99Ns: d.metrics.waitP99Ns, waitMaxNs: d.metrics.waitMaxNs };
}

/** Passing scenarios per job that also run on eevdf, for the latency comparison. */
export const EEVDF_SAMPLE_RUNS = 20;
/** Progress is reported every this many runs. */
const PROGRESS_EVERY_RUNS = 10;

/** Wait-latency figures over a sample of runs (also how `schedcheck merge` recomputes them from shards' samples). */
export class Latency {
  runs = 0;
  private p50 = 0;
  private p99 = 0;
  private max = 0;

  addSample(s: LatencySample): void {
    this.runs++;
    this.p50 += s.waitP50Ns;
    this.p99 += s.waitP99Ns;
    this.max = Math.max(this.max, s.waitMaxNs);
  }

  figures(): LatencyFigures {
    const n = Math.max(1, this.runs);
    return { runs: this.runs, waitP50Ns: Math.round(this.p50 / n), waitP99Ns: Math.round(this.p99 / n), waitMaxNs: this.max };
  }
}

/** A passing run sampled for the latency comparison: the scheduler's figures and eevdf's on the same case. */
export type SampledRun = NonNullable<RunRecord['sample']>;

/**
 * A tally as plain data (it crosses from a worker to the main thread): what a slice of a campaign counted.
 * Slices merge in run order (mergeTallies), so the result does not depend on how the runs were split.
 */
export interface TallyCounts {
  readonly runs: number;
  readonly passed: number;
  readonly expectedViolations: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly firstInconclusive: CampaignResult['firstInconclusive'];
  /** The first passing runs (up to the tally's sample limit), in run order. */
  readonly samples: readonly SampledRun[];
  readonly budgetExhausted: boolean;
  /** Runs before the first failure, and ms from the tally's start to that run's start. */
  readonly firstFailure: { readonly runsBefore: number; readonly beforeMs: number } | null;
  readonly shrinkMs: number | null;
  /** Every run counted, by its global index (when the campaign places its runs: RunPlace). */
  readonly records: readonly RunRecord[];
}

/** Means over the runs of each run's percentile, and the longest wait of all. */
function figuresOf(points: readonly LatencySample[]): LatencyFigures {
  const latency = new Latency();
  for (const p of points) latency.addSample(p);
  return latency.figures();
}

/**
 * Slices of one campaign, in run order, as one tally: counts add up to the first slice that failed or ran
 * out of time (later slices ran speculatively and are dropped), the first failure's run count includes
 * every run before its slice, and the latency sample is the first `sampleRuns` passing runs overall.
 * `beforeMs` of the failure stays the failing slice's own (the caller knows when that slice started).
 */
export function mergeTallies(parts: readonly TallyCounts[], sampleRuns = EEVDF_SAMPLE_RUNS): TallyCounts {
  let runs = 0;
  let passed = 0;
  let expectedViolations = 0;
  let failed = 0;
  let inconclusive = 0;
  let firstInconclusive: TallyCounts['firstInconclusive'] = null;
  const samples: SampledRun[] = [];
  const records: RunRecord[] = [];
  let sampledRecords = 0;
  let budgetExhausted = false;
  let firstFailure: TallyCounts['firstFailure'] = null;
  let shrinkMs: number | null = null;
  for (const part of parts) {
    if (part.firstFailure !== null && firstFailure === null) {
      firstFailure = { runsBefore: runs + part.firstFailure.runsBefore, beforeMs: part.firstFailure.beforeMs };
    }
    runs += part.runs;
    passed += part.passed;
    expectedViolations += part.expectedViolations;
    failed += part.failed;
    inconclusive += part.inconclusive;
    firstInconclusive ??= part.firstInconclusive;
    for (const sample of part.samples) if (samples.length < sampleRuns) samples.push(sample);
    // A slice samples as many runs as might still be among the first passes; only the campaign's first
    // `sampleRuns` keep their sample (as one whole campaign would have recorded them).
    for (const r of part.records) {
      if (r.sample === undefined) records.push(r);
      else if (sampledRecords < sampleRuns) { records.push(r); sampledRecords++; }
      else { const { sample: _, ...rest } = r; records.push(rest); }
    }
    budgetExhausted ||= part.budgetExhausted;
    shrinkMs ??= part.shrinkMs;
    if (part.failed > 0 || part.budgetExhausted) break;
  }
  return { runs, passed, expectedViolations, failed, inconclusive, firstInconclusive, samples, budgetExhausted, firstFailure, shrinkMs, records };
}

/** A campaign's result from its tally (`timing` measured by whoever ran it). */
export function campaignResult(options: CampaignOptions, mode: CampaignMode, counts: TallyCounts,
  failure: Omit<Failure, 'runsBefore'> | null, properties: readonly string[], runsPlanned: number,
  timing: CampaignResult['timing']): CampaignResult {
  return {
    scheduler: options.schedulerRef, mode, runsPlanned, runs: counts.runs, budgetExhausted: counts.budgetExhausted,
    passed: counts.passed, expectedViolations: counts.expectedViolations, failed: counts.failed, inconclusive: counts.inconclusive,
    firstInconclusive: counts.firstInconclusive,
    failure: failure === null ? null : { ...failure, runsBefore: counts.firstFailure?.runsBefore ?? 0 },
    properties, latency: figuresOf(counts.samples.map((s) => s.own)),
    eevdf: counts.samples.length > 0 ? figuresOf(counts.samples.map((s) => s.eevdf)) : null,
    timing,
    records: counts.records,
  };
}

export class Tally {
  runs = 0;
  passed = 0;
  expectedViolations = 0;
  failed = 0;
  inconclusive = 0;
  firstInconclusive: CampaignResult['firstInconclusive'] = null;
  private readonly samples: SampledRun[] = [];
  private readonly startMs: number;
  private runStartMs: number;
  private firstFailure: { readonly runsBefore: number; readonly beforeMs: number } | null = null;
  private shrinkStartMs: number | null = null;
  private budgetExhausted = false;
  private readonly records: RunRecord[] = [];

  /** `sampleRuns`: passing runs also run on eevdf (a slice of a campaign may need fewer than a whole one). */
  constructor(private readonly hooks: CampaignHooks, private readonly withEevdf: boolean,
    private readonly sampleRuns = EEVDF_SAMPLE_RUNS) {
    this.startMs = hooks.now();
    this.runStartMs = this.startMs;
  }

  /** A run is about to start (its start time dates a failure). */
  runStarts(): void {
    this.runStartMs = this.hooks.now();
  }

  /** A wall-clock cap stopped the search or the shrink. */
  exhausted(): void {
    this.budgetExhausted = true;
  }

  /** Shrinking starts now (returns the time). */
  shrinkStarts(): number {
    this.shrinkStartMs = this.hooks.now();
    return this.shrinkStartMs;
  }

  /** Counts a run in which the kernel model threw: a failure when it is the one being searched for. */
  recordError(ok: boolean, at?: RunPlace): void {
    if (!ok) this.noteFailure();
    this.runs++;
    if (ok) this.passed++;
    else this.failed++;
    if (at !== undefined) {
      this.records.push({ index: at.index, outcome: ok ? 'pass' : 'fail', seed: 0, ...(at.scenario !== undefined ? { scenario: at.scenario } : {}),
        ...(!ok && at.violation ? { violation: at.violation } : {}) });
    }
  }

  private noteFailure(): void {
    this.firstFailure ??= { runsBefore: this.runs, beforeMs: this.runStartMs - this.startMs };
  }

  /** Counts a finished run; `ok` is false when it is a failure (unexpected violation or outcome). */
  record(outcome: CaseOutcome, scenario: Scenario, seed: number, ok: boolean, at?: RunPlace): void {
    if (!ok) this.noteFailure();
    this.runs++;
    let sample: RunRecord['sample'];
    if (!ok) this.failed++;
    else if (outcome.violation !== null) this.expectedViolations++;
    else if (outcome.inconclusive.length > 0) {
      this.inconclusive++;
      this.firstInconclusive ??= { scenario, seed, what: outcome.inconclusive[0] as CaseOutcome['inconclusive'][number] };
    } else {
      this.passed++;
      if (this.withEevdf && this.samples.length < this.sampleRuns && !outcome.document.stoppedEarly) {
        const eevdf = runScenario({ scenario, scheduler: null, seed, properties: [], conformance: false }).document;
        sample = { own: sampleOf(outcome.document), eevdf: sampleOf(eevdf) };
        this.samples.push(sample);
      }
    }
    if (at !== undefined) {
      const violation = ok ? outcome.violation : at.violation ?? outcome.violation;
      this.records.push({
        index: at.index, outcome: !ok ? 'fail' : outcome.violation !== null ? 'expected' : outcome.inconclusive.length > 0 ? 'inconclusive' : 'pass',
        seed, ...(at.scenario !== undefined ? { scenario: at.scenario } : {}), ...(violation ? { violation } : {}),
        figures: runFigures(outcome.document), ...(sample ? { sample } : {}),
      });
    }
    if (this.runs % PROGRESS_EVERY_RUNS === 0) this.hooks.onProgress?.(this.runs, this.failed);
  }

  /** What this tally counted, as plain data; `nowMs` ends a shrink in progress. */
  counts(nowMs: number): TallyCounts {
    return {
      runs: this.runs, passed: this.passed, expectedViolations: this.expectedViolations, failed: this.failed,
      inconclusive: this.inconclusive, firstInconclusive: this.firstInconclusive, samples: [...this.samples],
      budgetExhausted: this.budgetExhausted, firstFailure: this.firstFailure,
      shrinkMs: this.shrinkStartMs === null ? null : nowMs - this.shrinkStartMs, records: [...this.records],
    };
  }

  /** When this tally started (the host's clock). */
  get startedAtMs(): number {
    return this.startMs;
  }

  /** The result; `runsPlanned` is the run count the campaign was asked for. */
  result(options: CampaignOptions, mode: CampaignMode, failure: Omit<Failure, 'runsBefore'> | null, properties: readonly string[],
    runsPlanned: number): CampaignResult {
    this.hooks.onProgress?.(this.runs, this.failed);
    const nowMs = this.hooks.now();
    const counts = this.counts(nowMs);
    return campaignResult(options, mode, counts, failure, properties, runsPlanned, {
      elapsedMs: nowMs - this.startMs, beforeFailureMs: counts.firstFailure?.beforeMs ?? null, shrinkMs: counts.shrinkMs,
    });
  }
}
