// The backend's counters (reference §5.8), with every change traced so properties can check that the
// counters agree with the trace.
import type { ScxCtx } from '../../model/kernel/ops.ts';

export const COUNTER_NAMES = [
  'nr_queued', 'nr_scheduled', 'nr_running', 'nr_online_cpus', 'nr_user_dispatches', 'nr_kernel_dispatches',
  'nr_cancel_dispatches', 'nr_bounce_dispatches', 'nr_failed_dispatches', 'nr_sched_congested',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

export class Counters {
  private readonly values = new Map<CounterName, number>(COUNTER_NAMES.map((n) => [n, 0]));

  get(name: CounterName): number {
    return this.values.get(name) ?? 0;
  }

  /** Sets a counter; traced when it changes, or always with `traceAlways` (notify_complete's nr_scheduled). */
  set(ctx: ScxCtx, name: CounterName, value: number, traceAlways = false): void {
    const next = Math.max(0, value);
    if (next === this.get(name) && !traceAlways) return;
    this.values.set(name, next);
    ctx.traceCounter(name, next);
  }

  add(ctx: ScxCtx, name: CounterName, delta: number): void {
    this.set(ctx, name, this.get(name) + delta);
  }

  snapshot(): Readonly<Record<CounterName, number>> {
    return Object.fromEntries(this.values) as Record<CounterName, number>;
  }
}
