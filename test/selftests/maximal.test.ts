// Kernel selftest `maximal` (tools/testing/selftests/sched_ext/maximal.{c,bpf.c}), reference §7.
// The BPF scheduler defines every callback; enqueue inserts into user DSQ 0 (created in init) and
// dispatch moves DSQ 0 to the local DSQ. Expected: the attach succeeds and the scheduler is still loaded
// after ~1 s. On top of the kernel test (which only checks that it loads), each callback counts its calls
// in a closure and the scenario is built so that every callback is reachable — an RT task preempting ext
// tasks (cpu_release/cpu_acquire), a yielding task, affinity and nice changes (set_cpumask/set_weight), a
// CPU going offline and online (cpu_offline/cpu_online), a BPF timer started in init, exiting children
// (disable/exit_task) — and each must be called at least once. A second run detaches (SCX_EXIT_UNREG) to
// reach ops.exit. ops.dequeue is checked on its own: under the ≥ v7.0 custody rule a task leaving user
// DSQ 0 for a local DSQ leaves BPF custody (reference §1.3 `dequeue`, §7 `dequeue` scenarios 2/5).
import { describe, it, expect } from 'vitest';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { NS_PER_MS, SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { SCX_OP_NAMES, type SchedExtOps, type ScxOpName } from '../../model/kernel/ops.ts';
import { SCX_EXIT_UNREG } from '../../model/kernel/scxFlags.ts';
import type { Fault } from '../../scenarios/scenario.ts';
import { defaultTasks, expectStillLoaded, firstExit, runSelftest } from './harness.ts';

const DSQ_ID = 0;

function createMaximal(calls: Map<ScxOpName, number>): () => SchedExtOps {
  const hit = (op: ScxOpName): void => { calls.set(op, (calls.get(op) ?? 0) + 1); };
  return () => ({
    name: 'maximal',
    selectCpu(_ctx, _p, prevCpu) { hit('selectCpu'); return prevCpu; },
    enqueue(ctx, p, enqFlags) { hit('enqueue'); ctx.dsqInsert(p, DSQ_ID, SCX_SLICE_DFL, enqFlags); },
    dequeue() { hit('dequeue'); },
    dispatch(ctx) { hit('dispatch'); ctx.dsqMoveToLocal(DSQ_ID); },
    tick() { hit('tick'); },
    runnable() { hit('runnable'); },
    running() { hit('running'); },
    stopping() { hit('stopping'); },
    quiescent() { hit('quiescent'); },
    yield() { hit('yield'); return false; },
    setWeight() { hit('setWeight'); },
    setCpumask() { hit('setCpumask'); },
    updateIdle() { hit('updateIdle'); },
    cpuAcquire() { hit('cpuAcquire'); },
    cpuRelease() { hit('cpuRelease'); },
    initTask() { hit('initTask'); return 0; },
    exitTask() { hit('exitTask'); },
    enable() { hit('enable'); },
    disable() { hit('disable'); },
    cpuOnline() { hit('cpuOnline'); },
    cpuOffline() { hit('cpuOffline'); },
    init(ctx) { hit('init'); ctx.timerStart('maximal_timer', 5 * NS_PER_MS); return ctx.createDsq(DSQ_ID, -1); },
    exit() { hit('exit'); },
    timer() { hit('timer'); },
  });
}

function maximalTasks(): TaskSpec[] {
  return [
    ...defaultTasks(),
    // An RT task that periodically takes a CPU from sched_ext (cpu_release, then cpu_acquire).
    { comm: 'rt_blip', policy: 'FIFO', rtPriority: 10,
      program: [{ op: 'loop', body: [{ op: 'run', ns: 300_000 }, { op: 'sleep', ns: 7 * NS_PER_MS }] }] },
    // CPU-bound bursts longer than a tick, with yields.
    { comm: 'spinner', program: [{ op: 'loop', body: [{ op: 'run', ns: 3 * NS_PER_MS }, { op: 'yield' },
      { op: 'run', ns: 2 * NS_PER_MS }, { op: 'sleep', ns: 3 * NS_PER_MS }] }] },
    // Property changes while on sched_ext.
    { comm: 'changer', program: [{ op: 'loop', body: [{ op: 'run', ns: 500_000 }, { op: 'setAffinity', cpus: [0, 1] },
      { op: 'run', ns: 500_000 }, { op: 'setNice', nice: 5 }, { op: 'setAffinity', cpus: '0-3' },
      { op: 'setNice', nice: 0 }, { op: 'sleep', ns: 4 * NS_PER_MS }] }] },
  ];
}

const HOTPLUG: Fault[] = [
  { atNs: 300 * NS_PER_MS, kind: 'hotplug', cpu: 3, online: false },
  { atNs: 500 * NS_PER_MS, kind: 'hotplug', cpu: 3, online: true },
];

describe('selftest maximal (reference §7)', () => {
  it('attaches, is still loaded after 1 s, and every reachable callback is called', () => {
    const calls = new Map<ScxOpName, number>();
    const outcome = runSelftest({ name: 'maximal', scheduler: createMaximal(calls),
      scenario: { tasks: maximalTasks(), faults: HOTPLUG } });
    expectStillLoaded(outcome);
    // ops.exit only runs at detach (second test); ops.dequeue is checked separately below.
    const expected = SCX_OP_NAMES.filter((op) => op !== 'exit' && op !== 'dequeue');
    const missing = expected.filter((op) => (calls.get(op) ?? 0) === 0);
    expect(missing).toEqual([]);
    expect(calls.get('init')).toBe(1);
  });

  it('ops.dequeue is called when a task leaves user DSQ 0 (≥ v7.0 custody, reference §1.3, §7 dequeue)', () => {
    const calls = new Map<ScxOpName, number>();
    const outcome = runSelftest({ name: 'maximal', scheduler: createMaximal(calls),
      scenario: { tasks: maximalTasks(), faults: HOTPLUG } });
    expectStillLoaded(outcome);
    expect(calls.get('enqueue') ?? 0).toBeGreaterThan(0);
    expect(calls.get('dequeue') ?? 0).toBeGreaterThan(0);
  });

  it('detaches with SCX_EXIT_UNREG and ops.exit is called once', () => {
    const calls = new Map<ScxOpName, number>();
    const outcome = runSelftest({ name: 'maximal', scheduler: createMaximal(calls),
      scenario: { tasks: maximalTasks(), faults: [...HOTPLUG, { atNs: 1000 * NS_PER_MS, kind: 'unregister' }] } });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    expect(firstExit(outcome).kind).toBe(SCX_EXIT_UNREG);
    expect(calls.get('exit')).toBe(1);
    // Lifecycle balance (reference §1.5): every init_task gets its exit_task, every enable its disable.
    expect(calls.get('exitTask')).toBe(calls.get('initTask'));
    expect(calls.get('disable')).toBe(calls.get('enable'));
  });
});
