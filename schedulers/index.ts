// The registry of shipped schedulers and canaries, by name. `eevdf` is not here: it means "no sched_ext
// scheduler at all" and is handled by the runner.
import type { SchedulerDefinition } from '../model/kernel/ops.ts';
import simple from './simple.ts';
import central from './central.ts';
import bpfland from './bpfland.ts';
import rustland from './rustland.ts';
import rlfifo from './rlfifo.ts';
import hangInDispatch from './broken/hangInDispatch.ts';
import stallCustody from './broken/stallCustody.ts';

export const SCHEDULERS: readonly SchedulerDefinition[] = [simple, rustland, rlfifo, central, bpfland, stallCustody, hangInDispatch];

export function findScheduler(name: string): SchedulerDefinition | undefined {
  return SCHEDULERS.find((s) => s.name === name);
}

/** Shipped real schedulers (what `--scheduler all` means): never canaries. */
export function realSchedulers(): SchedulerDefinition[] {
  return SCHEDULERS.filter((s) => s.canary !== true);
}
