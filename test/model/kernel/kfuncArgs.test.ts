// Goal: bugs typical of a TypeScript scheduler get the kernel-style verdict — scx_error() naming the kfunc or
// callback, SCX_EXIT_ERROR, every task back to the fair class — instead of a corrupted run that ends
// "inconclusive" or an internal error (issue 10, item 10). Values BPF's verifier makes impossible (a NaN,
// negative or fractional u64; an async callback) are checked at the kfunc boundary (model/kernel/kfuncArgs.ts);
// an invalid CPU is the kernel's own ops_cpu_valid() "invalid CPU %d" (kernel/sched/ext.c), and
// bpf_cpumask_test_cpu() on an invalid CPU is false (kernel/bpf/cpumask.c).
import { describe, expect, it } from 'vitest';
import { SCX_SLICE_DFL, SCX_SLICE_INF } from '../../../model/kernel/constants.ts';
import { SCX_DSQ_LOCAL } from '../../../model/kernel/dsqId.ts';
import type { SchedExtOps } from '../../../model/kernel/ops.ts';
import { smpTopology } from '../../../model/kernel/topology.ts';
import { hog, MS, ofType, sched, sim, type MiniScenario } from '../../helpers/sim.ts';

const TWO_HOGS: MiniScenario = { topology: smpTopology(2), durationNs: 20 * MS, tasks: [hog('a'), hog('b')] };

const exitOf = (ops: Omit<SchedExtOps, 'name'>) => sim(TWO_HOGS, sched('buggy', () => ops)).document.exit;

describe('kfunc arguments a BPF program could not pass', () => {
  it.each([
    ['a NaN slice to dsqInsert', { enqueue: (ctx, p, f) => ctx.dsqInsert(p, SCX_DSQ_LOCAL, Number.NaN, f) },
      'invalid slice NaN from scx_bpf_dsq_insert()'],
    ['a negative slice to dsqInsert', { enqueue: (ctx, p, f) => ctx.dsqInsert(p, SCX_DSQ_LOCAL, -1, f) },
      'invalid slice -1 from scx_bpf_dsq_insert()'],
    ['a negative vtime to dsqInsertVtime', {
      init: (ctx) => ctx.createDsq(0, -1), enqueue: (ctx, p, f) => ctx.dsqInsertVtime(p, 0, SCX_SLICE_DFL, -5, f),
      dispatch: (ctx) => { ctx.dsqMoveToLocal(0); } }, 'invalid vtime -5 from scx_bpf_dsq_insert_vtime()'],
    ['a fractional slice to taskSetSlice', { running: (ctx, p) => ctx.taskSetSlice(p, 1.5) },
      'invalid slice 1.5 from scx_bpf_task_set_slice()'],
    ['a NaN vtime to taskSetDsqVtime', { running: (ctx, p) => ctx.taskSetDsqVtime(p, Number.NaN) },
      'invalid vtime NaN from scx_bpf_task_set_dsq_vtime()'],
    ['a NaN CPU to kickCpu', { running: (ctx) => ctx.kickCpu(Number.NaN, 0) },
      'invalid CPU NaN from scx_bpf_kick_cpu()'],
    ['CPU 99 of 2 as prev_cpu to selectCpuDfl', { enqueue: (ctx, p, f) => {
      ctx.selectCpuDfl(p, 99, 0);
      ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, f);
    } }, 'invalid CPU 99 from scx_bpf_select_cpu_dfl()'],
    ['-16 (pickIdleCpu\'s -EBUSY) to testAndClearCpuIdle', { running: (ctx) => { ctx.testAndClearCpuIdle(-16); } },
      'invalid CPU -16 from scx_bpf_test_and_clear_cpu_idle()'],
  ] as [string, Omit<SchedExtOps, 'name'>, string][])('%s is scx_error naming the kfunc', (_what, ops, msg) => {
    expect(exitOf(ops)).toMatchObject({ kind: 'SCX_EXIT_ERROR', msg });
  });

  it('accepts SCX_SLICE_INF and a zero slice', () => {
    expect(exitOf({ enqueue: (ctx, p, f) => ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_INF, f),
      running: (ctx, p) => ctx.taskSetSlice(p, 0) }).kind).toBe('SCX_EXIT_NONE');
  });
});

describe('callbacks written as TypeScript, not BPF', () => {
  it('an async callback (a Promise returned) is scx_error naming the callback', () => {
    const ops = { enqueue: (async (ctx, p, f) => { ctx.dsqInsert(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, f); }) } as
      Omit<SchedExtOps, 'name'>;
    expect(exitOf(ops)).toMatchObject({ kind: 'SCX_EXIT_ERROR',
      msg: 'ops.enqueue() returned a Promise (an async callback: BPF programs cannot await)' });
  });

  it('Cpumask.has(-16) is false, as bpf_cpumask_test_cpu() returns for an invalid CPU (no internal error)', () => {
    const seen: boolean[] = [];
    const exit = exitOf({ running: (_ctx, p) => { seen.push(p.cpumask.has(-16)); } });
    expect(exit.kind).toBe('SCX_EXIT_NONE');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => !s)).toBe(true);
  });

  it('a create() that throws is the scheduler\'s error: SCX_EXIT_ERROR, and the run completes', () => {
    const r = sim(TWO_HOGS, sched('throws', () => { throw new Error('no config file'); }));
    expect(r.document.exit).toMatchObject({ kind: 'SCX_EXIT_ERROR', msg: 'create() threw: no config file' });
    expect(ofType(r.events, 'scx_state').map((e) => e.state)).toEqual(['ENABLING', 'DISABLING', 'DISABLED']);
    expect(r.document.metrics.tasks.every((t) => t.runNs > 0)).toBe(true);
  });

  it('a createDsq error code the scheduler ignores is in the trace (kfunc_err)', () => {
    const r = sim(TWO_HOGS, sched('dup', () => ({ init: (ctx) => { ctx.createDsq(7, -1); ctx.createDsq(7, -1); return 0; } })));
    expect(ofType(r.events, 'kfunc_err')).toEqual([
      expect.objectContaining({ kfunc: 'scx_bpf_create_dsq', err: -17, arg: 7 })]);
  });
});
