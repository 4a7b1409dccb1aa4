// Kernel selftest `dsp_local_on` (tools/testing/selftests/sched_ext/dsp_local_on.{c,bpf.c}), reference §7
// and §3.5. ops.select_cpu returns prev_cpu; ops.enqueue keeps every task's pid in a BPF queue (custody);
// ops.dispatch pops one pid and inserts the task into SCX_DSQ_LOCAL_ON | target, where target is a random
// CPU if the task may run on every CPU and is not migration-disabled, else the task's current CPU (the
// version since commit ce2b93fc). The random choice is a seeded xorshift so the run is deterministic. The
// workload adds a task pinned to CPU 2. Expected: no error while loaded; the detach after 1 s exits with
// SCX_EXIT_UNREG, after which every live task is on fair and keeps running. A second run without the
// detach checks that "no error" is not vacuous: while loaded, woken tasks that enter custody on an idle
// prev_cpu get that CPU kicked (reference §1.3 select_cpu, §1.4 B.6), are dispatched and keep running.
import { describe, it, expect } from 'vitest';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { NS_PER_MS, SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { dsqLocalOn } from '../../model/kernel/dsqId.ts';
import type { SchedExtOps } from '../../model/kernel/ops.ts';
import { SCX_EXIT_UNREG } from '../../model/kernel/scxFlags.ts';
import {
  defaultTasks, expectExitClaimedAt, expectFallbackAfterExit, expectStillLoaded, firstExit, runSelftest, SELFTEST_DURATION_NS, SELFTEST_TIMEOUT_MS,
} from './harness.ts';

function createDspLocalOn(stats: { dispatched: number; remote: number }): () => SchedExtOps {
  return () => {
    const queue: number[] = [];
    let rng = 0x2545f491;
    const prandom = (): number => {
      rng ^= rng << 13; rng >>>= 0;
      rng ^= rng >>> 17;
      rng ^= rng << 5; rng >>>= 0;
      return rng;
    };
    return {
      name: 'dsp_local_on',
      timeoutMs: SELFTEST_TIMEOUT_MS,
      selectCpu: (_ctx, _p, prevCpu) => prevCpu,
      enqueue(ctx, p) {
        if (queue.length >= 8192) return ctx.error(`Failed to enqueue ${p.comm}[${p.pid}]`);
        queue.push(p.pid);
      },
      dispatch(ctx, cpu) {
        const pid = queue.shift();
        if (pid === undefined) return;
        const p = ctx.taskFromPid(pid);
        if (!p) return;
        const nrCpus = ctx.nrCpuIds();
        const target = p.nrCpusAllowed === nrCpus && !p.migrationDisabled ? prandom() % nrCpus : ctx.taskCpu(p);
        ctx.dsqInsert(p, dsqLocalOn(target), SCX_SLICE_DFL, 0);
        stats.dispatched++;
        if (target !== cpu) stats.remote++;
      },
    };
  };
}

function tasks(): TaskSpec[] {
  return [
    ...defaultTasks(),
    { comm: 'pinned2', cpumask: [2], program: [{ op: 'loop', body: [{ op: 'run', ns: 1 * NS_PER_MS },
      { op: 'sleep', ns: 3 * NS_PER_MS }] }] },
  ];
}

describe('selftest dsp_local_on (reference §7)', () => {
  it('dispatch to SCX_DSQ_LOCAL_ON | target: no error, then SCX_EXIT_UNREG on detach', () => {
    const stats = { dispatched: 0, remote: 0 };
    const outcome = runSelftest({ name: 'dsp_local_on', scheduler: createDspLocalOn(stats),
      scenario: { tasks: tasks(), faults: [{ atNs: SELFTEST_DURATION_NS, kind: 'unregister' }] } });
    expect(outcome.document.exits.map((e) => `${e.kind} ${e.msg}`)).toEqual(['SCX_EXIT_UNREG unregistered from user space']);
    const exit = firstExit(outcome);
    expect(exit.kind).toBe(SCX_EXIT_UNREG);
    // The exit happened at the detach, not earlier.
    expectExitClaimedAt(outcome, SELFTEST_DURATION_NS);
    expect(stats.dispatched).toBeGreaterThan(0);
    expectFallbackAfterExit(outcome);
  });

  it('while loaded, tasks held in custody get dispatched and keep running (no freeze before the detach)', () => {
    const stats = { dispatched: 0, remote: 0 };
    const outcome = runSelftest({ name: 'dsp_local_on', scheduler: createDspLocalOn(stats),
      scenario: { tasks: tasks() } });
    expectStillLoaded(outcome);
    // Hundreds of wake-ups in 1 s, each dispatched through SCX_DSQ_LOCAL_ON, some to another CPU.
    expect(stats.dispatched).toBeGreaterThan(100);
    expect(stats.remote).toBeGreaterThan(0);
    // Every sleeper ran in the second half of the attached second.
    for (const comm of ['sleeper0', 'sleeper1', 'sleeper2', 'pinned2']) {
      const p = outcome.kernel.tasks.find((t) => t.comm === comm);
      expect(p, comm).toBeDefined();
      expect(outcome.recorder.runNsBetween(500 * NS_PER_MS, 1000 * NS_PER_MS, { pid: p?.pid ?? -1 }), comm).toBeGreaterThan(0);
    }
  });
});
