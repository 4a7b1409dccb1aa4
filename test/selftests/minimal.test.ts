// Kernel selftest `minimal` (tools/testing/selftests/sched_ext/minimal.{c,bpf.c}), reference §7.
// The BPF scheduler defines only `name` and no callback at all. Expected: the attach succeeds and the
// scheduler is still loaded after ~1 s (uei.kind == SCX_EXIT_NONE); a later detach is a clean
// SCX_EXIT_UNREG. Checked by running the default selftest workload with `{ name }` as the whole ops table.
import { describe, it, expect } from 'vitest';
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import { SCX_EXIT_UNREG } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, expectStillLoaded, firstExit, runSelftest } from './harness.ts';

describe('selftest minimal (reference §7)', () => {
  it('attaches and is still loaded after 1 s', () => {
    const outcome = runSelftest({ name: 'minimal', scheduler: () => ({ name: 'minimal' }) });
    expectStillLoaded(outcome);
    // Every NORMAL task is on sched_ext (full switch, reference §4.8) and tasks keep running.
    const alive = outcome.kernel.tasks.filter((p) => p.status !== 'dead');
    expect(alive.every((p) => p.cls === 'ext' && p.scx.state === 'ENABLED')).toBe(true);
    expect(outcome.recorder.runNsBetween(900 * NS_PER_MS, 1100 * NS_PER_MS)).toBeGreaterThan(0);
  });

  // Not part of the kernel test: the same scheduler with timeout_ms = 1000 under CPU-bound load (6 busy
  // loops on 4 CPUs, each getting 20 ms slices round-robin from the global DSQ). No task waits anywhere
  // near 1 s for a CPU, so the watchdog must not fire: runnable_at is restamped whenever a task that ran
  // is put back runnable (reference §4.6 "time since the task last started waiting for a CPU").
  it('with timeout_ms = 1000, CPU-bound tasks sharing CPUs are not reported as stalled (reference §4.6)', () => {
    const outcome = runSelftest({
      name: 'minimal', scheduler: () => ({ name: 'minimal', timeoutMs: 1000 }),
      scenario: { durationNs: 3000 * NS_PER_MS, tasks: [0, 1, 2, 3, 4, 5].map((i) => ({
        comm: `hog${i}`, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 5 * NS_PER_MS }] }] })) },
    });
    expectStillLoaded(outcome);
    // Round-robin: each hog got a fair part of the 4 CPUs.
    for (const p of outcome.kernel.tasks) expect(p.stats.runNs).toBeGreaterThan(1000 * NS_PER_MS);
  });

  it('detaches cleanly with SCX_EXIT_UNREG', () => {
    const outcome = runSelftest({
      name: 'minimal', scheduler: () => ({ name: 'minimal' }),
      scenario: { faults: [{ atNs: 900 * NS_PER_MS, kind: 'unregister' }] },
    });
    expect(outcome.kernel.scx.exits).toHaveLength(1);
    expect(firstExit(outcome).kind).toBe(SCX_EXIT_UNREG);
    expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG']);
    expectFallbackAfterExit(outcome);
  });
});
