// Kernel selftest `init_enable_count` (tools/testing/selftests/sched_ext/init_enable_count.{c,bpf.c}),
// reference §7, §1.4 K, §4.2 and §4.4. The scheduler counts ops.init_task (split into fork and
// transition inits by args.fork), ops.exit_task, ops.enable and ops.disable. 1024 children are forked
// before the attach and sleep; after the attach, 5 children switch themselves to SCHED_EXT (the even ones
// switch back to SCHED_OTHER before exiting) and 5 more stay SCHED_OTHER; then the scheduler is detached
// (SCX_EXIT_UNREG). Run in full mode and in partial mode (SCX_OPS_SWITCH_PARTIAL). Expected: init_task
// and exit_task ≥ 1024 and equal (every task initialised for the scheduler is exited from it by the end of
// the detach); transition inits > fork inits ≥ 10; full mode: enable == disable ≥ 10; partial mode:
// enable == disable == 5 (only SCHED_EXT tasks are enabled; disable also runs for the tasks that switch
// back and for those still on SCHED_EXT when they exit).
import { describe, it, expect } from 'vitest';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { SchedExtOps } from '../../model/kernel/ops.ts';
import { SCX_EXIT_UNREG, SCX_OPS_SWITCH_PARTIAL } from '../../model/kernel/scxFlags.ts';
import { defaultTasks, expectFallbackAfterExit, firstExit, runSelftest, SELFTEST_TIMEOUT_MS } from './harness.ts';

const NUM_PRE_FORKS = 1024;
const NUM_CHILDREN = 5;
const ATTACH_NS = 100 * NS_PER_MS;
const CHILDREN_NS = 300 * NS_PER_MS;
const DETACH_NS = 800 * NS_PER_MS;

interface Counts { initFork: number; initTransition: number; exitTask: number; enable: number; disable: number }

function createCounter(counts: Counts, partial: boolean): () => SchedExtOps {
  return () => ({
    name: 'init_enable_count',
    timeoutMs: SELFTEST_TIMEOUT_MS,
    ...(partial ? { flags: SCX_OPS_SWITCH_PARTIAL } : {}),
    initTask(_ctx, _p, args) {
      if (args.fork) counts.initFork++;
      else counts.initTransition++;
      return 0;
    },
    exitTask() { counts.exitTask++; },
    enable() { counts.enable++; },
    disable() { counts.disable++; },
  });
}

function tasks(): TaskSpec[] {
  const preForks = Array.from({ length: NUM_PRE_FORKS }, (): TaskSpec => ({
    comm: 'pre_fork', program: [{ op: 'sleep', ns: 500 * NS_PER_MS }, { op: 'exit' }],
  }));
  const extChildren = Array.from({ length: NUM_CHILDREN }, (_, i): TaskSpec => ({
    comm: `ext_child${i}`, startNs: CHILDREN_NS,
    program: [{ op: 'setPolicy', policy: 'EXT' }, { op: 'run', ns: 1 * NS_PER_MS },
      ...(i % 2 === 0 ? [{ op: 'setPolicy' as const, policy: 'NORMAL' as const }] : []),
      { op: 'run', ns: 1 * NS_PER_MS }, { op: 'exit' }],
  }));
  const normalChildren = Array.from({ length: NUM_CHILDREN }, (_, i): TaskSpec => ({
    comm: `normal_child${i}`, startNs: CHILDREN_NS, program: [{ op: 'run', ns: 1 * NS_PER_MS }, { op: 'exit' }],
  }));
  return [...preForks, ...extChildren, ...normalChildren, ...defaultTasks()];
}

function run(partial: boolean) {
  const counts: Counts = { initFork: 0, initTransition: 0, exitTask: 0, enable: 0, disable: 0 };
  const outcome = runSelftest({
    name: partial ? 'init_enable_count_partial' : 'init_enable_count',
    scheduler: createCounter(counts, partial),
    scenario: { attachAtNs: ATTACH_NS, tasks: tasks(), faults: [{ atNs: DETACH_NS, kind: 'unregister' }] },
  });
  return { counts, outcome };
}

describe('selftest init_enable_count (reference §7)', () => {
  for (const partial of [false, true]) {
    const mode = partial ? 'partial (SCX_OPS_SWITCH_PARTIAL)' : 'full';
    it(`${mode}: init_task/exit_task/enable/disable counts balance through attach and detach`, () => {
      const { counts, outcome } = run(partial);
      expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG']);
      expect(firstExit(outcome).kind).toBe(SCX_EXIT_UNREG);
      const inits = counts.initFork + counts.initTransition;
      expect(inits).toBeGreaterThanOrEqual(NUM_PRE_FORKS);
      expect(counts.exitTask).toBeGreaterThanOrEqual(NUM_PRE_FORKS);
      expect(counts.exitTask).toBe(inits);
      expect(counts.initFork).toBeGreaterThanOrEqual(2 * NUM_CHILDREN);
      expect(counts.initTransition).toBeGreaterThan(counts.initFork);
      // Every task alive at the attach was initialised at the attach (transition inits).
      expect(counts.initTransition).toBeGreaterThanOrEqual(NUM_PRE_FORKS);
      if (partial) {
        expect(counts.enable).toBe(NUM_CHILDREN);
        expect(counts.disable).toBe(NUM_CHILDREN);
      } else {
        expect(counts.enable).toBeGreaterThanOrEqual(2 * NUM_CHILDREN);
        expect(counts.enable).toBeGreaterThanOrEqual(NUM_PRE_FORKS);
        expect(counts.disable).toBe(counts.enable);
      }
      expectFallbackAfterExit(outcome);
    });
  }

  it('partial mode: only SCHED_EXT tasks are on sched_ext while loaded (reference §4.8, §1.4 K)', () => {
    const counts: Counts = { initFork: 0, initTransition: 0, exitTask: 0, enable: 0, disable: 0 };
    const outcome = runSelftest({
      name: 'init_enable_count_partial', scheduler: createCounter(counts, true),
      scenario: { attachAtNs: ATTACH_NS, tasks: tasks() },
    });
    expect(outcome.kernel.scx.exits).toEqual([]);
    // The 1024 pre-forks exited while loaded (exit_task at death); the children too.
    const alive = outcome.kernel.tasks.filter((p) => p.status !== 'dead');
    expect(alive.filter((p) => p.cls === 'ext')).toEqual([]);
    expect(alive.every((p) => p.scx.state === 'READY')).toBe(true);
    expect(counts.enable).toBe(NUM_CHILDREN);
    expect(counts.disable).toBe(NUM_CHILDREN);
  });
});
