// One CPU's EEVDF run queue for the fair class (reference §6.5), after kernel/sched/fair.c.
//
// Why: tasks outside sched_ext (or all tasks before a scheduler attaches, or after it exits) run in
// the fair class, and its picks decide how much CPU the sched_ext tasks are left with. The model keeps
// the kernel's arithmetic so that lag, eligibility and deadlines match what a real kernel would do:
//   - vruntime advances by calcDeltaFair(delta, w) = floor(delta × NICE_0_LOAD / w);
//   - V (avg_vruntime) is the load-weighted mean vruntime of every queued entity, curr included,
//     kept as sums of keys relative to a monotonic minVruntime baseline (entity_key);
//   - an entity is eligible iff vruntime ≤ V, tested without division (vruntime_eligible);
//   - pick takes the earliest virtual deadline among eligible entities (ties: lower pid).
//
// Rounding: calcDeltaFair and V use floor (the kernel's unsigned multiply-shift and the explicit
// round-towards-minus-infinity in avg_vruntime); lag inflation and reweight scaling use trunc (the
// kernel's div_s64 rounds towards zero). Every division goes through floorDiv/truncDiv below.
//
// Simplifications (documented, deliberate): one flat queue (no cgroup hierarchy, no tree: pick is a linear
// scan, and the smallest vruntime is cached until the entity holding it moves); curr lives in the same
// array as the queued entities; no DELAY_DEQUEUE,
// RUN_TO_PARITY, buddies or PLACE_REL_DEADLINE on migration; wakeup preemption compares the woken
// entity with curr only (eligible and strictly earlier deadline) instead of running a full pick.
// Placement with an empty queue (W = 0) keeps the entity's lag as is (the kernel would ignore it).
// The baseline starts at 0, not the kernel's -(1 << 20); vruntimes may go negative.

import { assert, assertFailed } from './assert.ts';
import { FAIR_BASE_SLICE_UNSCALED_NS, NICE_0_LOAD, TASKS_MAX } from './constants.ts';

/** A fair-class scheduling entity (sched_entity). Times are integer nanoseconds (virtual or real). */
export interface FairEntity {
  readonly pid: number;
  weight: number;
  vruntime: number;
  deadline: number;
  /** V − vruntime recorded at dequeue (clamped), consumed by the next placement. */
  vlag: number;
  /** Requested slice; 0 means the run queue's base slice (a custom slice overrides it). */
  sliceNs: number;
  onRq: boolean;
  /** SCHED_BATCH / SCHED_IDLE: never wakeup-preempts curr. */
  noWakeupPreempt: boolean;
  /** SCHED_IDLE: preempted by any waking non-idle entity. */
  idlePolicy: boolean;
}

export type FairEnqueueHow = 'fork' | 'wakeup' | 'migrate' | 'restore';

/** floor(a / b) for integers, exact even where a / b in floating point would round up. */
function floorDiv(a: number, b: number): number {
  assert(Number.isSafeInteger(a) && Number.isSafeInteger(b) && b > 0, 'floorDiv: bad operands');
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r < 0) q -= 1;
  else if (r >= b) q += 1;
  return q;
}

/** trunc(a / b) for integers (div_s64): rounds towards zero. */
function truncDiv(a: number, b: number): number {
  return a < 0 ? -floorDiv(-a, b) : floorDiv(a, b);
}

function safeMul(a: number, b: number): number {
  const p = a * b;
  assert(Number.isSafeInteger(p), 'fairRq: product exceeds the safe integer range');
  return p;
}

/** calc_delta_fair: real time → virtual time for a weight, floor(delta × NICE_0_LOAD / weight). */
export function calcDeltaFair(deltaNs: number, weight: number): number {
  assert(Number.isSafeInteger(deltaNs) && deltaNs >= 0, 'calcDeltaFair: delta must be a non-negative integer');
  assert(Number.isSafeInteger(weight) && weight >= 1, 'calcDeltaFair: weight must be a positive integer');
  if (weight === NICE_0_LOAD) return deltaNs;
  return floorDiv(safeMul(deltaNs, NICE_0_LOAD), weight);
}

/** sysctl_sched_base_slice scaled by 1 + ilog2(min(nrCpus, 8)) (v6.15+: 0.70 ms × factor). */
export function fairBaseSliceNs(nrCpus: number): number {
  assert(Number.isSafeInteger(nrCpus) && nrCpus >= 1, 'fairBaseSliceNs: nrCpus must be >= 1');
  let n = Math.min(nrCpus, 8);
  let log = 0;
  while (n > 1) {
    n = Math.floor(n / 2);
    log += 1;
  }
  return FAIR_BASE_SLICE_UNSCALED_NS * (1 + log);
}

export function newFairEntity(
  pid: number,
  weight: number,
  sliceNs: number,
  opts: { noWakeupPreempt?: boolean; idlePolicy?: boolean } = {},
): FairEntity {
  assert(Number.isSafeInteger(pid) && pid >= 0, 'newFairEntity: bad pid');
  assert(Number.isSafeInteger(weight) && weight >= 1, 'newFairEntity: weight must be a positive integer');
  assert(Number.isSafeInteger(sliceNs) && sliceNs >= 0, 'newFairEntity: slice must be a non-negative integer');
  const idlePolicy = opts.idlePolicy ?? false;
  const noWakeupPreempt = opts.noWakeupPreempt ?? idlePolicy;
  return { pid, weight, vruntime: 0, deadline: 0, vlag: 0, sliceNs, onRq: false, noWakeupPreempt, idlePolicy };
}

/** Earlier virtual deadline, ties to the lower pid (determinism). */
function earlier(a: FairEntity, b: FairEntity): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.pid < b.pid);
}

export class FairRq {
  private readonly baseSliceNs: number;
  private readonly tickNs: number;
  /** Every queued entity including curr, in enqueue order. */
  private readonly queue: FairEntity[] = [];
  private running: FairEntity | null = null;
  /** Monotonic baseline of the keys (min_vruntime). */
  private baseline = 0;
  /** Σ weight and Σ (vruntime − baseline) × weight over the queue (avg_load, avg_vruntime). */
  private weightSum = 0;
  private weightedKeySum = 0;
  /** The smallest vruntime on the queue, when known (updateMinVruntime rescans only after it was lost). */
  private cachedMin = Number.POSITIVE_INFINITY;
  private cachedMinValid = true;

  constructor(baseSliceNs: number, tickNs: number) {
    assert(Number.isSafeInteger(baseSliceNs) && baseSliceNs > 0, 'FairRq: base slice must be a positive integer');
    assert(Number.isSafeInteger(tickNs) && tickNs > 0, 'FairRq: tick must be a positive integer');
    this.baseSliceNs = baseSliceNs;
    this.tickNs = tickNs;
  }

  get nrRunning(): number { return this.queue.length; }
  get curr(): FairEntity | null { return this.running; }
  get minVruntime(): number { return this.baseline; }
  get sumWeight(): number { return this.weightSum; }
  get sumWeightedKey(): number { return this.weightedKeySum; }

  enqueue(se: FairEntity, how: FairEnqueueHow): void {
    if (se.onRq) assertFailed(`fairRq: pid ${se.pid} enqueued twice`);
    assert(this.queue.length < TASKS_MAX, 'fairRq: queue over TASKS_MAX');
    this.placeEntity(se, how);
    this.queue.push(se);
    if (se.vruntime < this.cachedMin) this.cachedMin = se.vruntime;
    this.addToSums(se);
    se.onRq = true;
  }

  /** Removes se (curr allowed) and records its clamped lag. `sleep` is DEQUEUE_SLEEP: both paths
   *  record vlag the same way here because DELAY_DEQUEUE and PLACE_REL_DEADLINE are not modelled. */
  dequeue(se: FairEntity, sleep: boolean): void {
    if (!se.onRq) assertFailed(`fairRq: pid ${se.pid} dequeued while not queued`);
    const index = this.queue.indexOf(se);
    if (index < 0) assertFailed(`fairRq: pid ${se.pid} marked onRq but not on this queue`);
    se.vlag = this.entityLag(se);
    this.removeFromSums(se);
    this.queue.splice(index, 1);
    if (se.vruntime === this.cachedMin) this.cachedMinValid = false;
    if (this.running === se) this.running = null;
    se.onRq = false;
    this.updateMinVruntime();
  }

  setCurr(se: FairEntity | null): void {
    assert(se === null || (se.onRq && this.queue.includes(se)), 'fairRq: setCurr of an entity not on this queue');
    this.running = se;
  }

  /** update_curr + update_deadline: true when curr's request is used up and another entity waits. */
  updateCurr(deltaExecNs: number): boolean {
    const se = this.running;
    assert(se !== null, 'fairRq: updateCurr without curr');
    const dv = calcDeltaFair(deltaExecNs, se.weight);
    if (dv > 0 && se.vruntime === this.cachedMin) this.cachedMinValid = false;
    se.vruntime += dv;
    this.weightedKeySum += safeMul(dv, se.weight);
    let renewed = false;
    if (se.vruntime >= se.deadline) {
      se.deadline = se.vruntime + calcDeltaFair(this.sliceOf(se), se.weight);
      renewed = true;
    }
    this.updateMinVruntime();
    return renewed && this.queue.length > 1;
  }

  /** pick_eevdf without the tree: earliest eligible deadline, else earliest deadline overall. */
  pick(): FairEntity | null {
    let best: FairEntity | null = null;
    let bestAny: FairEntity | null = null;
    for (const se of this.queue) {
      if (bestAny === null || earlier(se, bestAny)) bestAny = se;
      if (this.isEligible(se) && (best === null || earlier(se, best))) best = se;
    }
    return best ?? bestAny;
  }

  /** Wakeup preemption of curr by the (already enqueued) woken entity se. With no curr: true. */
  checkPreemptWakeup(se: FairEntity): boolean {
    if (!se.onRq) assertFailed(`fairRq: preempt check for pid ${se.pid} not on the queue`);
    const curr = this.running;
    if (curr === null) return true;
    if (curr === se) return false;
    if (curr.idlePolicy && !se.idlePolicy) return true;
    if (se.noWakeupPreempt) return false;
    return this.isEligible(se) && se.deadline < curr.deadline;
  }

  /** V = baseline + floor(Σ key × w / Σ w); the baseline itself with an empty queue. */
  avgVruntime(): number {
    if (this.weightSum === 0) return this.baseline;
    return this.baseline + floorDiv(this.weightedKeySum, this.weightSum);
  }

  /** vruntime_eligible: (vruntime − baseline) × Σw ≤ Σ key × w, i.e. vruntime ≤ V without dividing. */
  isEligible(se: FairEntity): boolean {
    return safeMul(se.vruntime - this.baseline, this.weightSum) <= this.weightedKeySum;
  }

  /** reweight_entity: lag and relative deadline scale by oldW / newW (trunc); re-placed if queued. */
  reweight(se: FairEntity, weight: number): void {
    assert(Number.isSafeInteger(weight) && weight >= 1, 'fairRq: reweight to a non-positive weight');
    const oldWeight = se.weight;
    if (!se.onRq) {
      se.vlag = truncDiv(safeMul(se.vlag, oldWeight), weight);
      se.weight = weight;
      return;
    }
    const lag = this.entityLag(se);
    const relDeadline = se.deadline - se.vruntime;
    this.removeFromSums(se);
    se.vlag = truncDiv(safeMul(lag, oldWeight), weight);
    se.weight = weight;
    this.placeVruntime(se);
    se.deadline = se.vruntime + truncDiv(safeMul(relDeadline, oldWeight), weight);
    this.cachedMinValid = false;
    this.addToSums(se);
    this.updateMinVruntime();
  }

  /** All queued entities including curr, in enqueue order. Do not mutate. */
  entities(): readonly FairEntity[] { return this.queue; }

  /** Recomputes the sums from scratch and checks them and curr (for tests and debug builds). */
  checkInvariants(): void {
    let weightSum = 0;
    let weightedKeySum = 0;
    for (const se of this.queue) {
      if (!se.onRq) assertFailed(`fairRq: pid ${se.pid} queued but not onRq`);
      weightSum += se.weight;
      weightedKeySum += safeMul(se.vruntime - this.baseline, se.weight);
    }
    assert(weightSum === this.weightSum, 'fairRq: sumWeight drifted');
    assert(weightedKeySum === this.weightedKeySum, 'fairRq: sumWeightedKey drifted');
    assert(this.running === null || this.queue.includes(this.running), 'fairRq: curr not on the queue');
  }

  private sliceOf(se: FairEntity): number {
    return se.sliceNs > 0 ? se.sliceNs : this.baseSliceNs;
  }

  /** place_entity: vruntime from V and the (inflated) lag; deadline one request (half for fork) on. */
  private placeEntity(se: FairEntity, how: FairEnqueueHow): void {
    if (how === 'fork') se.vlag = 0;
    this.placeVruntime(se);
    const slice = this.sliceOf(se);
    const request = how === 'fork' ? Math.floor(slice / 2) : slice;
    se.deadline = se.vruntime + calcDeltaFair(request, se.weight);
  }

  /** vruntime = V − vlag × (W + w) / W, computed as vlag + trunc(vlag × w / W) to stay exact. */
  private placeVruntime(se: FairEntity): void {
    let lag = se.vlag;
    if (this.weightSum > 0) lag += truncDiv(safeMul(lag, se.weight), this.weightSum);
    se.vruntime = this.avgVruntime() - lag;
  }

  /** entity_lag: V − vruntime clamped to ±calcDeltaFair(max(2 × slice, tick), w). */
  private entityLag(se: FairEntity): number {
    const limit = calcDeltaFair(Math.max(2 * this.sliceOf(se), this.tickNs), se.weight);
    const lag = this.avgVruntime() - se.vruntime;
    return Math.min(limit, Math.max(-limit, lag));
  }

  private addToSums(se: FairEntity): void {
    this.weightSum += se.weight;
    this.weightedKeySum += safeMul(se.vruntime - this.baseline, se.weight);
    assert(Number.isSafeInteger(this.weightedKeySum), 'fairRq: sumWeightedKey overflow');
  }

  private removeFromSums(se: FairEntity): void {
    this.weightSum -= se.weight;
    this.weightedKeySum -= safeMul(se.vruntime - this.baseline, se.weight);
    assert(this.weightSum >= 0, 'fairRq: negative sumWeight');
    assert(this.weightSum > 0 || this.weightedKeySum === 0, 'fairRq: key sum left on an empty queue');
  }

  /** update_min_vruntime: the baseline follows the smallest queued vruntime, never backwards;
   *  moving it by d subtracts d × Σw from the key sum (avg_vruntime_update), which is exact. */
  private updateMinVruntime(): void {
    if (this.queue.length === 0) {
      this.cachedMin = Number.POSITIVE_INFINITY;
      this.cachedMinValid = true;
      return;
    }
    if (!this.cachedMinValid) {
      let scanned = Number.POSITIVE_INFINITY;
      for (const se of this.queue) if (se.vruntime < scanned) scanned = se.vruntime;
      this.cachedMin = scanned;
      this.cachedMinValid = true;
    }
    const min = this.cachedMin;
    if (min <= this.baseline) return;
    this.weightedKeySum -= safeMul(min - this.baseline, this.weightSum);
    this.baseline = min;
  }
}
