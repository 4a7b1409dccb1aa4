// Kernel selftest `rt_stall` (tools/testing/selftests/sched_ext/rt_stall.{c,bpf.c}), reference §7 and
// §1.4 E.4. A SCHED_FIFO(50) busy loop and a SCHED_EXT busy loop are both pinned to CPU 0 for 5 s, once
// with a sched_ext scheduler loaded (scx_simple from schedulers/simple.ts) and once without (the task is
// then on fair). Expected: the non-RT task gets at least 4 % of CPU 0 thanks to the deadline server
// (ext_server / fair_server), and the scheduler stays loaded. Converse check (reference §1.4 E.4, §4.6):
// on a kernel without the ext deadline server (`kernel.extServer: false`) the RT hog starves the ext
// task and a scheduler with timeout_ms = 1000 is ejected by the watchdog with SCX_EXIT_ERROR_STALL
// ("<comm>[<pid>] failed to run for <s>s").
import { describe, it, expect } from 'vitest';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { NS_PER_MS, NS_PER_SEC } from '../../model/kernel/constants.ts';
import { SCX_EXIT_ERROR_STALL } from '../../model/kernel/scxFlags.ts';
import simple, { createSimple } from '../../schedulers/simple.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { firstExit, runSelftest, SELFTEST_TIMEOUT_MS, selftestScheduler } from './harness.ts';

const RUN_NS = 5 * NS_PER_SEC;

function tasks(): TaskSpec[] {
  return [
    { comm: 'ext_busy', policy: 'EXT', cpumask: [0], program: [{ op: 'loop', body: [{ op: 'run', ns: 10 * NS_PER_MS }] }] },
    { comm: 'rt_busy', policy: 'FIFO', rtPriority: 50, cpumask: [0],
      program: [{ op: 'loop', body: [{ op: 'run', ns: 10 * NS_PER_MS }] }] },
  ];
}

function scenario(extra: Partial<Scenario> = {}): Partial<Scenario> {
  return { durationNs: RUN_NS, quietNs: 0, tasks: tasks(), ...extra };
}

function shareOnCpu0(outcome: ReturnType<typeof runSelftest>, comm: string): number {
  const p = outcome.kernel.tasks.find((t) => t.comm === comm);
  expect(p, comm).toBeDefined();
  return outcome.recorder.runNsBetween(0, RUN_NS, { pid: p?.pid ?? -1, cpu: 0 }) / RUN_NS;
}

describe('selftest rt_stall (reference §7)', () => {
  it('with scx_simple loaded: the ext task gets ≥ 4 % of CPU 0 next to an RT hog, scheduler stays loaded', () => {
    const outcome = runSelftest({ name: 'rt_stall', scheduler: simple, scenario: scenario() });
    expect(outcome.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    expect(outcome.kernel.scx.enableState).toBe('ENABLED');
    const ext = outcome.kernel.tasks.find((t) => t.comm === 'ext_busy');
    expect(ext?.cls).toBe('ext');
    expect(shareOnCpu0(outcome, 'ext_busy')).toBeGreaterThanOrEqual(0.04);
    expect((ext?.stats.runNs ?? 0) / RUN_NS).toBeGreaterThanOrEqual(0.04);
  });

  it('with a minimal scheduler (no callbacks, like rt_stall.bpf.c): the ext task gets ≥ 4 % of CPU 0, still loaded', () => {
    const outcome = runSelftest({ name: 'rt_stall', scheduler: () => ({ name: 'rt_stall' }), scenario: scenario() });
    expect(outcome.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    expect(outcome.kernel.scx.enableState).toBe('ENABLED');
    expect(outcome.kernel.tasks.find((t) => t.comm === 'ext_busy')?.cls).toBe('ext');
    expect(shareOnCpu0(outcome, 'ext_busy')).toBeGreaterThanOrEqual(0.04);
  });

  it('without a scheduler (eevdf): the SCHED_EXT task runs on fair and gets ≥ 4 % of CPU 0', () => {
    const outcome = runSelftest({ name: 'rt_stall', scheduler: null, scenario: scenario() });
    const task = outcome.kernel.tasks.find((t) => t.comm === 'ext_busy');
    expect(task?.cls).toBe('fair');
    expect(shareOnCpu0(outcome, 'ext_busy')).toBeGreaterThanOrEqual(0.04);
    const metrics = outcome.document.metrics.tasks.find((t) => t.comm === 'ext_busy');
    expect(metrics?.cpuShare ?? 0).toBeGreaterThanOrEqual(0.04);
  });

  it('without the ext deadline server: the watchdog ejects a timeout_ms = 1000 scheduler (SCX_EXIT_ERROR_STALL)', () => {
    const stallable = selftestScheduler('rt_stall_simple',
      () => ({ ...createSimple({ fifo: false }), timeoutMs: SELFTEST_TIMEOUT_MS }));
    const outcome = runSelftest({ name: 'rt_stall', scheduler: stallable,
      scenario: scenario({ kernel: { extServer: false } }) });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    const exit = firstExit(outcome);
    expect(exit.kind).toBe(SCX_EXIT_ERROR_STALL);
    expect(exit.msg).toMatch(/^ext_busy\[\d+\] failed to run for \d+\.\d{3}s$/);
    // The stall is reported between the timeout and timeout + one watchdog period.
    const at = outcome.recorder.exits[0]?.t ?? 0;
    expect(at).toBeGreaterThan(SELFTEST_TIMEOUT_MS * NS_PER_MS);
    expect(at).toBeLessThanOrEqual(1.5 * SELFTEST_TIMEOUT_MS * NS_PER_MS + NS_PER_MS);
    // After the exit the task is on fair, whose server gives it its share again.
    const task = outcome.kernel.tasks.find((t) => t.comm === 'ext_busy');
    expect(task?.cls).toBe('fair');
    expect(task?.scx.state).toBe('NONE');
    expect(outcome.recorder.runNsBetween(at, RUN_NS, { pid: task?.pid ?? -1 })).toBeGreaterThan(0);
  });
});
