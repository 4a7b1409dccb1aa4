// Who held each CPU, and where a waiting task was, as the trace tells it: the raw material of cause
// attribution (attribution.ts). The World appends to these as it applies `switch`, `cpu`, `place` and
// `class` events; properties read them only when they report a liveness violation. A CPU's log drops what
// no open wait can need (switches before the oldest wait still open) every OCCUPANCY_TRIM_EVERY entries.
// Both logs are bounded (STYLE.md: put a limit on everything): a CPU's log keeps at most
// OCCUPANCY_LOG_MAX switches, a wait's log its latest WAIT_LOG_MAX moves, so an attribution of a very long
// wait through very many switches may cover only its end — and says so.
import type { PlaceKind, TaskClass } from '../model/kernel/trace.ts';

/** Entries a CPU's occupancy log may gain before it drops what no open wait needs. */
export const OCCUPANCY_TRIM_EVERY = 4096;
/** Most entries a CPU's occupancy log keeps; when full, its older half is dropped. */
export const OCCUPANCY_LOG_MAX = 65_536;
/** Most moves a wait's log keeps (places and classes a waiting task went through). */
export const WAIT_LOG_MAX = 64;

/**
 * What held a CPU: the idle task, an RT/fair/ext task, a fair or ext task that runs only because its
 * class's deadline server preempted RT (an RT task was waiting on that CPU: reference §7 rt_stall), or
 * nothing because the CPU was offline.
 */
export type Holder = 'idle' | TaskClass | 'fair-server' | 'ext-server' | 'offline';

/** One CPU's switches, oldest first: from `t[i]` on, `pid[i]` (0 idle, -1 offline) held it as `holder[i]`. */
export class CpuLog {
  readonly t: number[] = [];
  readonly pid: number[] = [];
  readonly holder: Holder[] = [];
  /** The length at which the owner should call `trimBefore` next. */
  nextTrimAt = OCCUPANCY_TRIM_EVERY;

  push(t: number, pid: number, holder: Holder): void {
    if (this.t.length >= OCCUPANCY_LOG_MAX) {
      const half = OCCUPANCY_LOG_MAX / 2;
      this.t.splice(0, half);
      this.pid.splice(0, half);
      this.holder.splice(0, half);
    }
    this.t.push(t);
    this.pid.push(pid);
    this.holder.push(holder);
  }

  /** Drops the entries that end before `horizonNs` (keeping the one that covers it). */
  trimBefore(horizonNs: number): void {
    let keepFrom = 0;
    while (keepFrom + 1 < this.t.length && (this.t[keepFrom + 1] as number) <= horizonNs) keepFrom++;
    if (keepFrom > 0) {
      this.t.splice(0, keepFrom);
      this.pid.splice(0, keepFrom);
      this.holder.splice(0, keepFrom);
    }
    this.nextTrimAt = this.t.length + OCCUPANCY_TRIM_EVERY;
  }

  /** The earliest time this log still covers (Infinity when empty). */
  get sinceNs(): number {
    return this.t[0] ?? Infinity;
  }
}

/** Where a waiting task was from `t` on. */
export interface WaitStep {
  readonly t: number;
  readonly place: PlaceKind | 'none';
  readonly cls: TaskClass;
  readonly cpu: number;
  readonly dsq: number;
}

/** Appends a step to a wait's log, dropping the oldest when it is full. */
export function pushWaitStep(log: WaitStep[], step: WaitStep): void {
  if (log.length >= WAIT_LOG_MAX) log.shift();
  log.push(step);
}
