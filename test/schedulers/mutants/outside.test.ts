// Goal: a scheduler author outside this repository can write a mutant or variant of a shipped scheduler
// with the public API alone, typed without casts (issue 11, item 5), and `schedcheck mutants` plans one
// generated `check` job per mutant with the matrix's shrink caps. Method: build one mutant of each kind
// from `index.ts` exports and look at what they create; the typecheck of this file is half the test.
import { describe, expect, it } from 'vitest';
import {
  createSimple, kfuncsIn, MUTANTS, mutateSchedExt, mutateUserspace, resolveOptions, rustlandScheduler, SCX_SLICE_INF,
  simpleScheduler, type UserspacePolicy, withBpf,
} from '../../../index.ts';
import { MUTANT_REDUCE_RUNS, MUTANT_SHRINK_RUNS, mutantJobs } from '../../../cli/commands/mutants.ts';

describe('mutants written outside the repository', () => {
  it('should build sched_ext and user-space mutants from the exported definitions and factories', () => {
    const policy: UserspacePolicy = rustlandScheduler.create(resolveOptions(rustlandScheduler, {}));
    expect(typeof policy.schedule).toBe('function');
    expect(createSimple({ fifo: true }).name).toBe('simple');
    const inf = mutateSchedExt(simpleScheduler, 'my_slice_inf', { bugClass: 'infinite slice, no preemption', needs: [] },
      (ops) => kfuncsIn(ops, 'enqueue', (ctx) => ({
        dsqInsert: (p, dsqId, _slice, flags) => ctx.dsqInsert(p, dsqId, SCX_SLICE_INF, flags),
      })));
    const ops = inf.kind === 'sched_ext' ? inf.create(resolveOptions(inf, {})) : null;
    expect(ops?.name).toBe('my_slice_inf');
    expect(ops?.enqueue).toBeTypeOf('function');
    expect(inf.mutant).toEqual({ base: 'simple', bugClass: 'infinite slice, no preemption', needs: [] });
    const silent = mutateUserspace(rustlandScheduler, 'my_notify_zero', { bugClass: 'wrong count', needs: [] },
      { bpf: (bpf) => withBpf(bpf, { notifyComplete: () => bpf.notifyComplete(0) }) });
    expect(silent.kind).toBe('userspace');
    expect(silent.options).toBe(rustlandScheduler.options);
  });

  it('should plan one generated check job per mutant with the matrix\'s shrink caps', () => {
    const jobs = mutantJobs(MUTANTS, 1, 1000);
    expect(jobs.map((j) => j.scheduler)).toEqual(MUTANTS.map((m) => m.name));
    for (const job of jobs) {
      expect(job).toMatchObject({ mode: 'generated', seed: 1, runs: 1000, knownLimits: true,
        shrinkRuns: MUTANT_SHRINK_RUNS, reduceRuns: MUTANT_REDUCE_RUNS });
    }
  });
});
