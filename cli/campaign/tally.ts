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

  add(d: RunDocument): void {
    this.addSample(sampleOf(d));
  }

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

export class Tally {
  runs = 0;
  passed = 0;
  expectedViolations = 0;
  failed = 0;
  inconclusive = 0;
  firstInconclusive: CampaignResult['firstInconclusive'] = null;
  private readonly latency = new Latency();
  private readonly eevdf = new Latency();
  private readonly startMs: number;
  private runStartMs: number;
  private firstFailure: { readonly runsBefore: number; readonly beforeMs: number } | null = null;
  private shrinkStartMs: number | null = null;
  private budgetExhausted = false;
  private readonly records: RunRecord[] = [];

  constructor(private readonly hooks: CampaignHooks, private readonly withEevdf: boolean) {
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
      if (this.withEevdf && this.eevdf.runs < EEVDF_SAMPLE_RUNS && !outcome.document.stoppedEarly) {
        const eevdf = runScenario({ scenario, scheduler: null, seed, properties: [], conformance: false }).document;
        this.latency.add(outcome.document);
        this.eevdf.add(eevdf);
        sample = { own: sampleOf(outcome.document), eevdf: sampleOf(eevdf) };
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

  /** The result; `runsPlanned` is the run count the campaign was asked for. */
  result(options: CampaignOptions, mode: CampaignMode, failure: Omit<Failure, 'runsBefore'> | null, properties: readonly string[],
    runsPlanned: number): CampaignResult {
    this.hooks.onProgress?.(this.runs, this.failed);
    const nowMs = this.hooks.now();
    return {
      scheduler: options.schedulerRef, mode, runsPlanned, runs: this.runs, budgetExhausted: this.budgetExhausted,
      passed: this.passed, expectedViolations: this.expectedViolations, failed: this.failed, inconclusive: this.inconclusive,
      firstInconclusive: this.firstInconclusive,
      failure: failure === null ? null : { ...failure, runsBefore: this.firstFailure?.runsBefore ?? 0 },
      properties, latency: this.latency.figures(), eevdf: this.eevdf.runs > 0 ? this.eevdf.figures() : null,
      timing: {
        elapsedMs: nowMs - this.startMs, beforeFailureMs: this.firstFailure?.beforeMs ?? null,
        shrinkMs: this.shrinkStartMs === null ? null : nowMs - this.shrinkStartMs,
      },
      records: this.records,
    };
  }
}
