// Task weights: the kernel's sched_prio_to_weight table (kernel/sched/core.c) mapping nice to load
// weight, and sched_weight_to_cgroup (kernel/sched/sched.h), which sched_ext uses to turn that load
// weight into p->scx.weight on the cgroup scale (1 … 10000, nice 0 = 100).

import { assert } from './assert.ts';
import { NICE_0_LOAD } from './constants.ts';

export const NICE_MIN = -20;
export const NICE_MAX = 19;

/** sched_prio_to_weight[]: each nice step changes CPU share by about 10 % (weights ≈ ×1.25). */
export const SCHED_PRIO_TO_WEIGHT: readonly number[] = Object.freeze([
  /* -20 */ 88761, 71755, 56483, 46273, 36291,
  /* -15 */ 29154, 23254, 18705, 14949, 11916,
  /* -10 */ 9548, 7620, 6100, 4904, 3906,
  /*  -5 */ 3121, 2501, 1991, 1586, 1277,
  /*   0 */ 1024, 820, 655, 526, 423,
  /*   5 */ 335, 272, 215, 172, 137,
  /*  10 */ 110, 87, 70, 56, 45,
  /*  15 */ 36, 29, 23, 18, 15,
]);

/** WEIGHT_IDLEPRIO: load weight of a SCHED_IDLE task. */
export const WEIGHT_IDLEPRIO = 3;

/** CGROUP_WEIGHT_MIN / _DFL / _MAX: the cgroup (and p->scx.weight) scale. */
export const CGROUP_WEIGHT_MIN = 1;
export const CGROUP_WEIGHT_DFL = 100;
export const CGROUP_WEIGHT_MAX = 10_000;

/** Load weight for a nice value in -20 … 19. */
export function niceToWeight(nice: number): number {
  assert(Number.isInteger(nice) && nice >= NICE_MIN && nice <= NICE_MAX, `weights: nice ${nice} out of -20..19`);
  return SCHED_PRIO_TO_WEIGHT[nice - NICE_MIN] as number;
}

/** sched_weight_to_cgroup: DIV_ROUND_CLOSEST(weight * 100, 1024) clamped to 1 … 10000. */
export function scxWeight(kernelWeight: number): number {
  assert(
    Number.isSafeInteger(kernelWeight) && kernelWeight > 0,
    `weights: kernel weight must be a positive integer, got ${kernelWeight}`,
  );
  const rounded = Math.floor((kernelWeight * CGROUP_WEIGHT_DFL + NICE_0_LOAD / 2) / NICE_0_LOAD);
  return Math.min(CGROUP_WEIGHT_MAX, Math.max(CGROUP_WEIGHT_MIN, rounded));
}

assert(SCHED_PRIO_TO_WEIGHT.length === NICE_MAX - NICE_MIN + 1, 'weights: table must have 40 entries');
assert(SCHED_PRIO_TO_WEIGHT[-NICE_MIN] === NICE_0_LOAD, 'weights: nice 0 must map to NICE_0_LOAD');
