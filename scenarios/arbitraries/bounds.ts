// Liveness bounds for generated scenarios, derived from the slice and the load (DESIGN.md, Scenarios are
// data: "starvation bounds derived from the scheduler's slice and the load"), and the quiet phase that
// makes them decidable. The starvation bound is a weighted round: with every competing task pinned to one
// CPU (the worst case a cpumask allows), the lightest task waits at most one slice for each unit of the
// others' weight relative to its own; vtime schedulers also let a waking task bank up to one slice of
// vtime (reference §6.2, §6.4), worth w/1024 slices of real time to a task of weight w; then the longest RT
// burst that can preempt it four times over, the bursts of short tasks a crowd queues at once (a waiting
// task may sit behind all of them: they start at vtime_now, or at a FIFO's tail), and slack. A long
// sleeper banks no more than any sleeper: the shipped vtime schedulers cap a waking task's credit
// (vtime_now − slice, reference §6.2; the lag floor of §6.4) however long it slept, so its bound is the
// same weighted round; the run just lasts until its first wake-up and burst are over (horizonNs). The
// quiet phase is that bound plus a margin, so a task that never runs in the quiet phase always exceeds it.
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import { behaviour, type WorkloadItem } from './workload.ts';

/** The slice the bounds assume: SCX_SLICE_DFL, what the shipped schedulers hand out by default. */
export const BOUND_SLICE_NS = 20 * NS_PER_MS;
/** Weight of a nice-0 task (NICE_0_LOAD). */
const NICE_0_WEIGHT = 1024;
/** Slices of slack on top of the weighted round (wake-up placement, dispatch rounds, ticks). */
const SLACK_SLICES = 2;
/** Idle tolerance of work-conservation in generated scenarios: one slice. */
export const GENERATED_IDLE_TOLERANCE_NS = BOUND_SLICE_NS;
/** Quiet phase beyond the starvation bound. */
const QUIET_MARGIN_NS = 20 * NS_PER_MS;

export interface GeneratedBounds {
  readonly starvationNs: number;
  /** How long the run must last for every item's behaviour to show (0: any length). */
  readonly horizonNs: number;
  readonly idleToleranceNs: number;
  readonly fallbackNs: number;
  readonly quietNs: number;
}

export function deriveBounds(items: readonly WorkloadItem[]): GeneratedBounds {
  const weights: number[] = [];
  let rtBurstNs = 0;
  let burstNs = 0;
  let horizonNs = 0;
  for (const item of items) {
    const load = behaviour(item.kind).load(item);
    weights.push(...load.weights);
    rtBurstNs = Math.max(rtBurstNs, load.rtBurstNs);
    burstNs += load.burstNs ?? 0;
    horizonNs = Math.max(horizonNs, load.horizonNs ?? 0);
  }
  const lightest = weights.length > 0 ? Math.min(...weights) : 1024;
  const total = weights.reduce((sum, w) => sum + w, 0);
  const rounds = Math.ceil(total / lightest) + Math.ceil(total / NICE_0_WEIGHT) + SLACK_SLICES;
  const starvationNs = rounds * BOUND_SLICE_NS + 4 * rtBurstNs + burstNs;
  return {
    starvationNs,
    horizonNs,
    idleToleranceNs: GENERATED_IDLE_TOLERANCE_NS,
    fallbackNs: starvationNs,
    quietNs: starvationNs + QUIET_MARGIN_NS,
  };
}
