// A `schedcheck check` job: one scheduler, one campaign mode, as plain data that crosses into a worker
// thread, and the messages the worker sends back (a run starting, progress, the result). A generated job
// with `firstRun` is one slice of a campaign (cli/campaign/runList.ts); its worker answers with the slice.
import type { Scenario } from '../scenarios/scenario.ts';
import type { CampaignMode, CampaignResult, GeneratedSlice, ScenarioEntry } from './campaign/index.ts';
import type { Shard } from './shard.ts';

export interface CheckJob {
  /** A shipped name, `eevdf`, or a module path (loaded inside the worker). */
  readonly scheduler: string;
  readonly mode: CampaignMode;
  readonly seed: number;
  readonly runs: number;
  /** Wall-clock caps (--time-budget), ms: absent, the run counts alone decide. */
  readonly budgetMs?: number;
  readonly shrinkBudgetMs?: number;
  readonly properties: readonly string[] | null;
  /** scenarios mode: the scenarios (with their own seed when they bring one). */
  readonly entries?: readonly ScenarioEntry[];
  /** sweep mode: the scenario whose first fault is swept. */
  readonly sweep?: Scenario;
  readonly knownLimits: boolean;
  /** --shard K/N: only the runs of this shard (cli/shard.ts). */
  readonly shard?: Shard;
  /** false: no eevdf latency sample (`gate`). */
  readonly latencySample?: boolean;
  /** A slice of a generated campaign: `runs` runs from case number `firstRun`, sampling `sampleRuns` on eevdf. */
  readonly firstRun?: number;
  readonly sampleRuns?: number;
  /** Generated mode: shrink caps per failure (CampaignOptions.shrinkRuns, reduceRuns; `schedcheck mutants`). */
  readonly shrinkRuns?: number;
  readonly reduceRuns?: number;
}

export type WorkerMessage =
  | { readonly type: 'run'; readonly scenario: Scenario; readonly seed: number }
  | { readonly type: 'progress'; readonly runs: number; readonly failures: number }
  /** The search failed at this run (shrinking follows): later slices of the campaign are not needed. */
  | { readonly type: 'found'; readonly run: number }
  | { readonly type: 'done'; readonly result: CampaignResult }
  | { readonly type: 'slice'; readonly slice: GeneratedSlice }
  | { readonly type: 'error'; readonly kind: 'usage' | 'internal'; readonly message: string; readonly stack: string };
