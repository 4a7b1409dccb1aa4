// Witness schedulers for the coverage test (not a test file): small schedulers with behaviours no
// shipped real scheduler has, which show that the kernel model does produce each SCHEDULER_DEPENDENT
// transition (model/statecharts/unreachable.ts). `custody(subset)` implements every callback except the
// nesting callbacks left out of `subset`, and keeps tasks in BPF custody (ops_state QUEUED) until
// ops.dispatch inserts them; the others fail their load, or have no ops.enqueue (the global DSQ).
import { SCX_SLICE_DFL } from '../../../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../../../model/kernel/dsqId.ts';
import type { SchedExtOps, SchedTask, SchedulerDefinition } from '../../../model/kernel/ops.ts';
import { SCX_OPS_ENQ_LAST } from '../../../model/kernel/scxFlags.ts';
import { sched } from '../../helpers/sim.ts';

type Nesting = 'runnable' | 'running' | 'stopping' | 'quiescent';
const NESTING: readonly Nesting[] = ['runnable', 'running', 'stopping', 'quiescent'];

/** Every callback; tasks wait in a BPF-side FIFO until ops.dispatch inserts the head into SCX_DSQ_LOCAL. */
export function custody(subset: readonly Nesting[]): SchedulerDefinition {
  return sched(`custody_${subset.join('_') || 'none'}`, () => {
    const queue: SchedTask[] = [];
    const ops: Omit<SchedExtOps, 'name'> = {
      init: () => 0,
      initTask: () => 0,
      exitTask: () => undefined,
      enable: () => undefined,
      disable: () => undefined,
      setWeight: () => undefined,
      setCpumask: () => undefined,
      tick: () => undefined,
      yield: () => false,
      selectCpu: (_ctx, _p, prevCpu) => prevCpu,
      enqueue: (_ctx, p) => { queue.push(p); },
      dequeue: (_ctx, p) => { const i = queue.indexOf(p); if (i >= 0) queue.splice(i, 1); },
      dispatch: (ctx) => { const p = queue.shift(); if (p) ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0); },
      runnable: () => undefined,
      running: () => undefined,
      stopping: () => undefined,
      quiescent: () => undefined,
    };
    for (const name of NESTING) if (!subset.includes(name)) delete ops[name];
    // Without ops.yield a yield zeroes the slice: stopping(p, true) right after a property change cycle.
    if (!subset.includes('running')) delete ops.yield;
    // Without ops.disable the READY change alone ends ENABLED, from whatever nesting state the task is in.
    if (!subset.includes('runnable')) delete ops.disable;
    return ops;
  });
}

/** All 16 subsets of the nesting callbacks. */
export function custodyWitnesses(): SchedulerDefinition[] {
  const out: SchedulerDefinition[] = [];
  for (let mask = 0; mask < 16; mask++) out.push(custody(NESTING.filter((_, i) => (mask & (1 << i)) !== 0)));
  return out;
}

/** No callbacks at all (the `minimal` selftest): no ops.init, no init_task, every task on the global DSQ. */
export const minimal = sched('witness_minimal', () => ({}));

/** ops.init_task fails for the third task at load: the load fails inside the init_task loop. */
export const failingInitTask = sched('witness_fail_init_task', () => {
  let calls = 0;
  return { initTask: (_ctx, _p, args) => (!args.fork && ++calls === 3 ? -12 : 0) };
});

/** SCX_OPS_ENQ_LAST without ops.enqueue: the load fails before any init_task (enq_last_no_enq_fails). */
export const enqLastNoEnqueue = sched('witness_enq_last_no_enq', () => ({ flags: SCX_OPS_ENQ_LAST }));

export function allWitnesses(): SchedulerDefinition[] {
  return [...custodyWitnesses(), minimal, failingInitTask, enqLastNoEnqueue];
}
