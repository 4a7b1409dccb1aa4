// Goal: a canary kernel change is caught (issue 4, Acceptance). Method: hand-made traces that start like
// a real load (ENABLING, ops.init, init_task and enable for task 100, ENABLED) and then break one rule
// each — enable twice, running without runnable, a dispatch under a stale qseq moving the task, a second
// exit kind after the first, exit_task before disable — are fed to the checker, which must report the
// right machine, task, state, event and time. A conforming trace and real runs must pass.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { findScenario } from '../../../scenarios/index.ts';
import { prepareRun, runScenario } from '../../../scenarios/runner.ts';
import simple from '../../../schedulers/simple.ts';
import { bypass, check, loaded, op, opsState, P, place, scx, taskState } from './traces.ts';

/** A legal wake-up, run and sleep of task 100 with every nesting callback, from t. */
function wakeRunSleep(t: number): TraceEvent[] {
  return [
    op(t, 'runnable'), opsState(t, 'QUEUEING', 7), op(t, 'enqueue'), opsState(t, 'QUEUED', 7), place(t, 'bpf'),
    opsState(t + 1, 'DISPATCHING', 7), opsState(t + 1, 'NONE', 7), place(t + 1, 'local', P, 0),
    op(t + 2, 'running'), place(t + 2, 'run', P, 0),
    op(t + 3, 'stopping', P, 0), op(t + 3, 'quiescent'), place(t + 3, 'sleep'),
  ];
}

describe('conformance checker: canaries (hand-made illegal traces)', () => {
  it('should accept a legal load, wake-up, run, sleep and unload', () => {
    const trace = [...loaded(), ...wakeRunSleep(10),
      bypass(20, 1), scx(20, 'DISABLING'), op(20, 'disable'), taskState(20, 'READY'), op(20, 'exit_task'),
      taskState(20, 'NONE'), { t: 20, type: 'exit', kind: 'SCX_EXIT_UNREG', reason: 'r', msg: '', code: 0 } as TraceEvent,
      op(20, 'exit', 0), scx(20, 'DISABLED'), bypass(20, 0)];
    expect(check(trace, 30)).toBeNull();
  });

  it('should report enable twice', () => {
    const v = check([...loaded(), op(5, 'enable')]);
    expect(v).toMatchObject({ machine: 'taskLifecycle', pid: P, comm: 'victim', atNs: 5, event: 'op.enable' });
    expect(v?.state).toContain('enabled');
    expect(v?.reason).toMatch(/task 100 \(victim\).*enable.*twice/);
  });

  it('should report running without runnable', () => {
    const v = check([...loaded(), ...wakeRunSleep(10), op(15, 'running')]);
    expect(v).toMatchObject({ machine: 'taskLifecycle', pid: P, atNs: 15 });
    expect(v?.event).toMatch(/^op\.running\|impl=/);
    expect(v?.state).toContain('"callbacks":"idle"');
    expect(v?.reason).toMatch(/running\(\) without ops\.runnable\(\)/);
  });

  it('should report a dispatch under a stale qseq moving the task', () => {
    const requeued = [...loaded(), op(10, 'runnable'), opsState(10, 'QUEUEING', 7), op(10, 'enqueue'),
      opsState(10, 'QUEUED', 7), place(10, 'bpf'),
      // dequeued (property change) and queued again under qseq 9 …
      opsState(11, 'NONE', 7), op(11, 'quiescent'), op(11, 'runnable'), opsState(11, 'QUEUEING', 9),
      op(11, 'enqueue'), opsState(11, 'QUEUED', 9)];
    // … then the dispatch recorded under qseq 7 claims it,
    const stale = check([...requeued, opsState(12, 'DISPATCHING', 7)]);
    expect(stale).toMatchObject({ machine: 'opsOwnership', pid: P, atNs: 12, state: '"queued"',
      event: 'ops_state.DISPATCHING|staleQseq' });
    expect(stale?.reason).toMatch(/stale qseq must never move the task/);
    // … or moves it into a local DSQ without any claim.
    const moved = check([...requeued, place(12, 'local', P, 0)]);
    expect(moved).toMatchObject({ machine: 'opsOwnership', pid: P, atNs: 12, state: '"queued"', event: 'place.local' });
    expect(moved?.reason).toMatch(/moved while owned by the BPF scheduler/);
  });

  it('should report a second exit kind claimed after the first', () => {
    const v = check([...loaded(), bypass(20, 1), scx(20, 'DISABLING'), taskState(20, 'READY'), taskState(20, 'NONE'),
      { t: 20, type: 'exit', kind: 'SCX_EXIT_ERROR', reason: 'runtime error', msg: 'x', code: 0 },
      { t: 21, type: 'exit', kind: 'SCX_EXIT_UNREG', reason: 'unregistered', msg: '', code: 0 }]);
    expect(v).toMatchObject({ machine: 'scheduler', pid: 0, atNs: 21, event: 'exit' });
    expect(v?.state).toContain('exitRecorded');
    expect(v?.reason).toMatch(/second exit kind claimed after the first/);
  });

  it('should report exit_task before disable', () => {
    const v = check([...loaded(), ...wakeRunSleep(10), op(20, 'exit_task')]);
    expect(v).toMatchObject({ machine: 'taskLifecycle', pid: P, atNs: 20, event: 'op.exit_task' });
    expect(v?.state).toContain('enabled');
    expect(v?.reason).toMatch(/exit_task\(\) before ops\.disable\(\)/);
  });

  it('should report a callback before init_task, and a task still ENABLED after the scheduler is disabled', () => {
    const early = check([op(3, 'running')]);
    expect(early).toMatchObject({ machine: 'taskLifecycle', pid: P, state: '"none"' });
    expect(early?.reason).toMatch(/before ops\.init_task\(\)/);
    const v = check([...loaded(), bypass(20, 1), scx(20, 'DISABLING'),
      { t: 20, type: 'exit', kind: 'SCX_EXIT_UNREG', reason: 'r', msg: '', code: 0 }, scx(20, 'DISABLED')]);
    expect(v).toMatchObject({ machine: 'taskLifecycle', pid: P, event: 'scheduler.disabled' });
  });

  it('should accept real runs (scx_simple on mixed-basic, eevdf on fork-storm)', () => {
    const mixed = findScenario('mixed-basic');
    const storm = findScenario('fork-storm');
    if (!mixed || !storm) throw new Error('missing scenarios');
    for (const [scenario, scheduler] of [[mixed, simple], [storm, null]] as const) {
      const { conformance, document } = runScenario({ scenario, scheduler, seed: 2 });
      expect(conformance?.violation ?? null).toBeNull();
      expect(document.violations.filter((v) => v.property === 'lifecycle')).toEqual([]);
    }
  });

  it('should put the first violation into the run document as property lifecycle (and be switchable off)', () => {
    const mixed = findScenario('mixed-basic');
    if (!mixed) throw new Error('missing scenario');
    // A canary kernel: halfway through, the kernel emits a second ops.enable for an ENABLED task.
    const run = prepareRun({ scenario: mixed, scheduler: simple, seed: 2 });
    run.kernel.run(50_000_000);
    const victim = run.kernel.tasks.find((p) => p.scx.state === 'ENABLED');
    if (!victim) throw new Error('no ENABLED task');
    run.kernel.emit({ t: run.kernel.nowNs, type: 'op', op: 'enable', pid: victim.pid, cpu: -1, arg: 0 });
    const { document } = run.finish();
    expect(document.violations).toContainEqual({ property: 'lifecycle', atNs: 50_000_000,
      reason: expect.stringMatching(new RegExp(`^task ${victim.pid} .*op\\.enable is illegal`)) });
    const off = runScenario({ scenario: mixed, scheduler: simple, seed: 2, conformance: false });
    expect(off.conformance).toBeNull();
    expect(off.document.violations).toEqual([]);
  });
});
