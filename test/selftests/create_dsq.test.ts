// Kernel selftest `create_dsq` (tools/testing/selftests/sched_ext/create_dsq.{c,bpf.c}), reference §7.
// ops.init creates user DSQs 0..1023 and destroys them again; ops.init_task creates a DSQ whose id is the
// task's pid and ops.exit_task destroys it. Every failure is reported with scx_bpf_error (as the BPF side
// does). Expected: the attach succeeds, no error while loaded (still loaded after 1 s, with children
// forking and exiting), and the detach is a clean SCX_EXIT_UNREG (each exit_task destroys its DSQ).
import { describe, it, expect } from 'vitest';
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { SchedExtOps } from '../../model/kernel/ops.ts';
import { SCX_EXIT_UNREG } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, expectStillLoaded, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

function createCreateDsq(counts: { created: number; destroyed: number }): () => SchedExtOps {
  return () => ({
    name: 'create_dsq',
    timeoutMs: SELFTEST_TIMEOUT_MS,
    initTask(ctx, p) {
      const err = ctx.createDsq(p.pid, -1);
      if (err !== 0) ctx.error(`Failed to create DSQ for ${p.comm}[${p.pid}]: ${err}`);
      else counts.created++;
      return err;
    },
    exitTask(ctx, p) {
      ctx.destroyDsq(p.pid);
      counts.destroyed++;
    },
    init(ctx) {
      for (let i = 0; i < 1024; i++) {
        const err = ctx.createDsq(i, -1);
        if (err !== 0) { ctx.error(`Failed to create DSQ ${i}: ${err}`); return err; }
      }
      for (let i = 0; i < 1024; i++) ctx.destroyDsq(i);
      return 0;
    },
  });
}

describe('selftest create_dsq (reference §7)', () => {
  it('creates/destroys 1024 DSQs in init and one per task: no error, still loaded after 1 s', () => {
    const counts = { created: 0, destroyed: 0 };
    const outcome = runSelftest({ name: 'create_dsq', scheduler: createCreateDsq(counts) });
    expectStillLoaded(outcome);
    const alive = outcome.kernel.tasks.filter((p) => p.status !== 'dead').length;
    expect(counts.created).toBeGreaterThan(alive);
    expect(counts.created - counts.destroyed).toBe(alive);
    // User DSQs left: exactly one per live task.
    expect(outcome.kernel.scx.userDsqs.size).toBe(alive);
  });

  it('detaches cleanly: SCX_EXIT_UNREG and exit_task destroyed every per-task DSQ', () => {
    const counts = { created: 0, destroyed: 0 };
    const outcome = runSelftest({ name: 'create_dsq', scheduler: createCreateDsq(counts),
      scenario: { faults: [{ atNs: 1000 * NS_PER_MS, kind: 'unregister' }] } });
    expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG']);
    expect(firstExit(outcome).kind).toBe(SCX_EXIT_UNREG);
    expect(counts.destroyed).toBe(counts.created);
    expectFallbackAfterExit(outcome);
  });
});
