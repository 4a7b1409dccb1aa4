// Kernel selftest `exit` (tools/testing/selftests/sched_ext/exit.{c,bpf.c}), reference §7 and §4.3.
// For each exit point tc ∈ {select_cpu, enqueue, dispatch, enable, init_task, init} (numbered 0..5 as in
// the kernel's exit_test.h) the scheduler calls scx_bpf_exit(tc, "%d", tc) from that callback; otherwise it
// behaves like the kernel's exit.bpf.c (select_cpu → scx_bpf_select_cpu_dfl without inserting, enqueue →
// user DSQ 0, dispatch → move_to_local(0), init creates DSQ 0). Expected: SCX_EXIT_UNREG_BPF with
// exit_code == tc and msg == "<tc>"; afterwards every live task is back on fair with scx state NONE and
// keeps running (reference §4.4).
import { describe, it, expect } from 'vitest';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import type { SchedExtOps } from '../../model/kernel/ops.ts';
import { SCX_EXIT_UNREG_BPF } from '../../model/kernel/scxFlags.ts';
import { expectFallbackAfterExit, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

const EXIT_POINTS = ['select_cpu', 'enqueue', 'dispatch', 'enable', 'init_task', 'init'] as const;
const DSQ_ID = 0;

function createExit(tc: number): () => SchedExtOps {
  const point = EXIT_POINTS[tc];
  return () => ({
    name: 'exit',
    timeoutMs: SELFTEST_TIMEOUT_MS,
    selectCpu(ctx, p, prevCpu, wakeFlags) {
      if (point === 'select_cpu') ctx.exit(tc, String(tc));
      return ctx.selectCpuDfl(p, prevCpu, wakeFlags).cpu;
    },
    enqueue(ctx, p, enqFlags) {
      if (point === 'enqueue') ctx.exit(tc, String(tc));
      ctx.dsqInsert(p, DSQ_ID, SCX_SLICE_DFL, enqFlags);
    },
    dispatch(ctx) {
      if (point === 'dispatch') ctx.exit(tc, String(tc));
      ctx.dsqMoveToLocal(DSQ_ID);
    },
    enable(ctx) {
      if (point === 'enable') ctx.exit(tc, String(tc));
    },
    initTask(ctx) {
      if (point === 'init_task') ctx.exit(tc, String(tc));
      return 0;
    },
    init(ctx) {
      if (point === 'init') ctx.exit(tc, String(tc));
      return ctx.createDsq(DSQ_ID, -1);
    },
  });
}

describe('selftest exit (reference §7)', () => {
  EXIT_POINTS.forEach((point, tc) => {
    it(`scx_bpf_exit(${tc}) from ops.${point} → SCX_EXIT_UNREG_BPF, exit_code ${tc}, msg "${tc}"`, () => {
      const outcome = runSelftest({ name: `exit_${point}`, scheduler: createExit(tc) });
      expect(outcome.kernel.scx.exits).toHaveLength(1);
      const exit = firstExit(outcome);
      expect(exit.kind).toBe(SCX_EXIT_UNREG_BPF);
      expect(exit.reason).toBe('unregistered from BPF');
      expect(exit.exitCode).toEqual({ action: 0, reason: 0, user: tc });
      expect(exit.msg).toBe(String(tc));
      expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG_BPF']);
      expectFallbackAfterExit(outcome);
    });
  });
});
