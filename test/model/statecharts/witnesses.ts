// Witnesses for the coverage test (not a test file). Witness schedulers: small schedulers with behaviours
// no shipped real scheduler has, which show that the kernel model does produce each SCHEDULER_DEPENDENT
// transition (model/statecharts/unreachable.ts). `custody(subset)` implements every callback except the
// nesting callbacks left out of `subset`, and keeps tasks in BPF custody (ops_state QUEUED) until
// ops.dispatch inserts them; the others insert into the global DSQ from ops.dispatch, fail their load, or
// have no ops.enqueue (the global DSQ), or (a
// user-space policy) name a CPU outside the task's cpumask. Witness scenarios: workloads no shipped
// scenario has, on which the shipped rustland and rlfifo reach each SCENARIO_DEPENDENT transition.
import { NS_PER_MS, SCX_SLICE_DFL } from '../../../model/kernel/constants.ts';
import { SCX_DSQ_GLOBAL, SCX_DSQ_LOCAL } from '../../../model/kernel/dsqId.ts';
import type { SchedExtOps, SchedTask, SchedulerDefinition } from '../../../model/kernel/ops.ts';
import { SCX_OPS_ENQ_LAST } from '../../../model/kernel/scxFlags.ts';
import type { Fault, Scenario } from '../../../scenarios/scenario.ts';
import { defineUserspaceScheduler } from '../../../schedulers/rustland-core/define.ts';
import { dispatchedFrom, type QueuedTask } from '../../../schedulers/rustland-core/intf.ts';
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

/** Tasks wait in BPF custody until ops.dispatch inserts the head into SCX_DSQ_GLOBAL (BPF custody → global). */
export const globalFromDispatch = sched('witness_global_from_dispatch', () => {
  const queue: SchedTask[] = [];
  return {
    enqueue: (_ctx, p) => { queue.push(p); },
    dequeue: (_ctx, p) => { const i = queue.indexOf(p); if (i >= 0) queue.splice(i, 1); },
    dispatch: (ctx) => { const p = queue.shift(); if (p) ctx.dsqInsert(p, SCX_DSQ_GLOBAL, SCX_SLICE_DFL, 0); },
  };
});

/** No callbacks at all (the `minimal` selftest): no ops.init, no init_task, every task on the global DSQ. */
export const minimal = sched('witness_minimal', () => ({}));

/** ops.init_task fails for the third task at load: the load fails inside the init_task loop. */
export const failingInitTask = sched('witness_fail_init_task', () => {
  let calls = 0;
  return { initTask: (_ctx, _p, args) => (!args.fork && ++calls === 3 ? -12 : 0) };
});

/** SCX_OPS_ENQ_LAST without ops.enqueue: the load fails before any init_task (enq_last_no_enq_fails). */
export const enqLastNoEnqueue = sched('witness_enq_last_no_enq', () => ({ flags: SCX_OPS_ENQ_LAST }));

/**
 * scx_rlfifo that names the last CPU for every task, allowed or not (a policy bug rustland_core tolerates:
 * the decision bounces to the task's CPU, §5.9). The shipped policies pick CPUs with select_cpu().
 */
export const lastCpu = defineUserspaceScheduler({
  name: 'witness_last_cpu', description: 'witness: rlfifo naming the last CPU for every task', options: {},
  create: () => {
    const fifo: QueuedTask[] = [];
    return {
      schedule(bpf) {
        for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) fifo.push(task);
        while (fifo.length > 0) {
          const dispatched = dispatchedFrom(fifo[0] as QueuedTask);
          dispatched.cpu = bpf.nrOnlineCpus - 1;
          if (!bpf.dispatchTask(dispatched)) break;
          fifo.shift();
        }
        bpf.notifyComplete(fifo.length);
      },
    };
  },
});

export function allWitnesses(): SchedulerDefinition[] {
  return [...custodyWitnesses(), globalFromDispatch, minimal, failingInitTask, enqLastNoEnqueue, lastCpu];
}

const ms = NS_PER_MS;

/**
 * Handoff churn on `nrCpus` CPUs: the user-space scheduler slowed `factor` times for the whole run, so
 * messages wait in it for hundreds of µs; meanwhile faults change the affinity (alternately CPUs 0-1 and
 * 2-3, or CPU 0 on one CPU) and nice of the waiting tasks from outside — a dequeue and re-enqueue of a
 * QUEUED task: a newer message, or none while the queued ring is full (`ringFull`) — short-lived children
 * exit with stale messages in flight, and an unregister lands with decisions in the rings. The shipped
 * scenarios change a task's properties only from the task itself, while it runs.
 */
function handoffChurn(nrCpus: number, factor: number, ringFull: boolean): Scenario {
  const faults: Fault[] = [{ atNs: ms, kind: 'userschedSlow', factor, durationNs: 300 * ms }];
  const targets = ['a', 'b', 'c', 'child'];
  for (let i = 0; i < 300; i++) {
    const target = targets[i % targets.length] as string;
    const atNs = 5 * ms + i * 450_000;
    faults.push(i % 3 === 0 ? { atNs, kind: 'setNice', target, nice: i % 2 }
      : { atNs, kind: 'setAffinity', target, cpus: nrCpus < 4 ? [0] : i % 2 === 1 ? [2, 3] : [0, 1] });
  }
  if (ringFull) for (const at of [30, 70, 110]) faults.push({ atNs: at * ms, kind: 'ringFull', durationNs: 10 * ms });
  faults.push({ atNs: 140 * ms, kind: 'unregister' });
  faults.sort((x, y) => x.atNs - y.atNs);
  const loop = (runNs: number, sleepNs: number) =>
    [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: runNs }, ...(sleepNs > 0 ? [{ op: 'sleep' as const, ns: sleepNs }] : [])] }];
  return {
    formatVersion: 1, name: `witness-handoff-churn-${nrCpus}cpu-${factor}x${ringFull ? '-ringfull' : ''}`,
    description: 'slow user space; affinity and nice of waiting tasks changed from outside; exiting children; unregister',
    topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: nrCpus, threadsPerCore: 1 },
    durationNs: 150 * ms, quietNs: 10 * ms,
    tasks: [
      ...['a', 'b', 'c'].map((comm) => ({ comm, program: loop(300_000, 700_000) })),
      { comm: 'forker', program: [{ op: 'loop', body: [
        { op: 'fork', child: { comm: 'child', program: [{ op: 'run', ns: 100_000 }, { op: 'exit' }] } },
        { op: 'sleep', ns: ms }] }] },
      ...[0, 1, 2].map((i) => ({ comm: `hog${i}`, program: loop(5 * ms, 0) })),
    ],
    faults,
    expect: { exit: 'SCX_EXIT_UNREG' },
  };
}

/** The handoff churn on 1, 4, 5 and 6 CPUs, slowed 60× and 100×, with and without a full ring. */
export function handoffChurnScenarios(): Scenario[] {
  return [1, 4, 5, 6].flatMap((nrCpus) => [60, 100].flatMap((factor) =>
    [false, true].map((ringFull) => handoffChurn(nrCpus, factor, ringFull))));
}
