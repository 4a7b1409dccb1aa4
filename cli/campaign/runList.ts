// The runs of a generated `schedcheck check` as one ordered list of (scheduler, run index) — every run is
// fast-check's case number `run` of the campaign's seed for that scheduler, so any subset can run anywhere
// and merge back in this order — and the slices of consecutive runs that workers take one at a time
// (issue 14, item 5: balance by run, not by scheduler). The slicing depends only on the run count, never on
// the number of workers: 1, 2 or 16 workers run the same slices and merge them into the same result.

/** One run of a campaign: case number `run` (0-based) of `scheduler`'s generated campaign. */
export interface CampaignRun {
  readonly scheduler: string;
  readonly run: number;
}

/** Consecutive runs `firstRun` … `firstRun + runs - 1` of one scheduler: the unit of work of a worker. */
export interface RunSlice {
  readonly scheduler: string;
  readonly firstRun: number;
  readonly runs: number;
}

/** Bounds on a slice: small enough to balance 16 workers, large enough that a message per slice is noise. */
export const SLICE_RUNS_MIN = 5;
export const SLICE_RUNS_MAX = 50;
/** Slices per scheduler aimed at (more workers than this gain nothing on one scheduler). */
const SLICES_PER_CAMPAIGN = 16;

/** Every run of every scheduler's campaign, scheduler by scheduler (in the given order), run by run. */
export function campaignRuns(schedulers: readonly string[], runs: number): CampaignRun[] {
  return schedulers.flatMap((scheduler) => Array.from({ length: runs }, (_, run) => ({ scheduler, run })));
}

/** Runs per slice for a campaign of `runs` runs (a function of the run count alone). */
export function sliceRuns(runs: number): number {
  return Math.min(SLICE_RUNS_MAX, Math.max(SLICE_RUNS_MIN, Math.ceil(runs / SLICES_PER_CAMPAIGN)));
}

/**
 * The list cut into slices of at most `size` consecutive runs of one scheduler, in list order (a gap in the
 * run numbers, e.g. a shard's selection, starts a new slice).
 */
export function slicesOf(list: readonly CampaignRun[], size: number): RunSlice[] {
  const slices: RunSlice[] = [];
  let open: { scheduler: string; firstRun: number; runs: number } | null = null;
  for (const { scheduler, run } of list) {
    if (open !== null && open.scheduler === scheduler && open.firstRun + open.runs === run && open.runs < size) {
      open.runs++;
      continue;
    }
    if (open !== null) slices.push(open);
    open = { scheduler, firstRun: run, runs: 1 };
  }
  if (open !== null) slices.push(open);
  return slices;
}
