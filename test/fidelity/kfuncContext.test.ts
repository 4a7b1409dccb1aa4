// Fidelity: kfunc contexts (issue 9 item 10). K-cur decides per op which kfunc groups it may call
// (kernel/sched/ext.c scx_kf_allow_flags[] and scx_kfunc_context_filter; the BTF_ID_FLAGS sets
// scx_kfunc_ids_{select_cpu,enqueue_dispatch,dispatch,cpu_release,unlocked,any}):
//   select_cpu, enqueue → SELECT_CPU | ENQUEUE; dispatch → ENQUEUE | DISPATCH; cpu_release → CPU_RELEASE;
//   init_task, init, exit, cpu_online, cpu_offline (and SYSCALL programs) → UNLOCKED; any other op → only
//   the context-free set. scx_bpf_create_dsq is in the unlocked set with KF_SLEEPABLE: only sleepable
//   programs may call it. The model checks the table at the call ("kfunc with mask … only allowing …").
import { describe, expect, it } from 'vitest';
import type { ScxCtx } from '../../model/kernel/ops.ts';
import { SCX_EXIT_ERROR, SCX_KF_UNLOCKED } from '../../model/kernel/scxFlags.ts';
import { hog, MS, sched, sim } from '../helpers/sim.ts';

const mini = {
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
  durationNs: 20 * MS, quietNs: 0, attachAtNs: MS, tasks: [hog('h', {}, 5 * MS)],
};

function firstError(r: ReturnType<typeof sim>): string | undefined {
  const exit = r.kernel.scx.exits[0];
  return exit?.kind === SCX_EXIT_ERROR ? exit.msg : undefined;
}

describe('kfunc contexts (scx_kf_allow_flags, KF_SLEEPABLE)', () => {
  it('the unlocked context has a bit of its own, so a test for it can match', () => {
    expect(SCX_KF_UNLOCKED).not.toBe(0);
  });

  it('scx_bpf_create_dsq from ops.enqueue (not sleepable) is refused', () => {
    const r = sim(mini, sched('create_in_enqueue', () => ({
      enqueue(ctx) { ctx.createDsq(9, -1); },
    })));
    expect(firstError(r)).toMatch(/^kfunc with mask 0x[0-9a-f]+ called from an operation only allowing 0x4$/);
  });

  it('scx_bpf_create_dsq from other non-sleepable ops (running, exit_task, a BPF timer) is refused', () => {
    for (const [name, ops] of [
      ['create_in_running', { running(ctx: ScxCtx) { ctx.createDsq(9, -1); } }],
      ['create_in_timer', { init(ctx: ScxCtx) { ctx.timerStart('t', MS); return 0; },
        timer(ctx: ScxCtx) { ctx.createDsq(9, -1); } }],
    ] as const) {
      const r = sim(mini, sched(name, () => ({ ...ops })));
      expect(firstError(r), name).toMatch(/^kfunc with mask 0x[0-9a-f]+ called from an operation only allowing/);
    }
  });

  it('scx_bpf_create_dsq from ops.init, ops.init_task, ops.exit and a SYSCALL program succeeds', () => {
    const results: number[] = [];
    let saved: ScxCtx | null = null;
    const r = sim(mini, sched('create_sleepable', () => ({
      init(ctx) { saved = ctx; results.push(ctx.createDsq(1, -1)); return 0; },
      initTask(ctx, p) { results.push(ctx.createDsq(100 + p.pid, -1)); return 0; },
      exit(ctx) { results.push(ctx.createDsq(2, -1)); },
    })));
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(2);
    expect(results.every((ret) => ret === 0)).toBe(true);
    // Outside any callback the caller is a SYSCALL program (BPF_PROG_RUN from user space).
    expect((saved as ScxCtx | null)?.createDsq(3, -1)).toBe(0);
  });

  it('scx_bpf_select_cpu_dfl is in the unlocked set too: callable from ops.init_task, not from ops.dispatch', () => {
    const r = sim(mini, sched('select_in_init_task', () => ({
      initTask(ctx, p) { ctx.selectCpuDfl(p, 0, 0); return 0; },
    })));
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    const d = sim(mini, sched('select_in_dispatch', () => ({
      dispatch(ctx, cpu) {
        const p = ctx.taskFromPid(100);
        if (p) ctx.selectCpuDfl(p, cpu, 0);
      },
    })));
    expect(firstError(d)).toMatch(/^kfunc with mask 0x[0-9a-f]+ called from an operation only allowing 0x2$/);
  });
});
