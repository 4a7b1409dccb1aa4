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
import forgetsBusyTask from './broken/forgetsBusyTask.ts';
import overflowStarves from './broken/overflowStarves.ts';
import yieldNoCharge from './broken/yieldNoCharge.ts';
import forgetsKick from './broken/forgetsKick.ts';
import ignoresAffinity from './broken/ignoresAffinity.ts';
import { findMutant } from './mutants/index.ts';

/**
 * The shipped schedulers' definitions, typed by kind (no cast needed: `rustlandScheduler.create(options)` is
 * a UserspacePolicy, `simpleScheduler.create(options)` a SchedExtOps), for variants and mutants written
 * outside this repository (schedulers/mutants/mutate.ts shows how).
 */
export {
  bpfland as bpflandScheduler, central as centralScheduler, rlfifo as rlfifoScheduler, rustland as rustlandScheduler,
  simple as simpleScheduler,
};

/** Scheduler canaries (schedulers/broken/): each must be caught by the property it targets. */
const PROPERTY_CANARIES: readonly SchedulerDefinition[] = [overflowStarves, yieldNoCharge, forgetsKick, ignoresAffinity];

export const SCHEDULERS: readonly SchedulerDefinition[] = [simple, rustland, rlfifo, central, bpfland, stallCustody, hangInDispatch,
  ...PROPERTY_CANARIES, forgetsBusyTask];

/** A shipped scheduler or canary by name, else a mutant of the catalogue (schedulers/mutants/). */
export function findScheduler(name: string): SchedulerDefinition | undefined {
  return SCHEDULERS.find((s) => s.name === name) ?? findMutant(name);
}

/** Shipped real schedulers (what `--scheduler all` means): never canaries. */
export function realSchedulers(): SchedulerDefinition[] {
  return SCHEDULERS.filter((s) => s.canary !== true);
}
