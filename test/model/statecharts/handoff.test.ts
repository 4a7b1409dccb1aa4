// Goal: the handoff machine (rustland issue, item 6) accepts the scx_rustland_core protocol — including a
// stale message in flight next to a live one, a stale RL_CPU_ANY decision claiming the task, the kernel's
// qseq check dropping the live decision, and reclaim at unload — and catches each way a message can break
// it, with the right machine, message, state, event and reason. Method: hand-made traces for task 100 on a
// loaded canary scheduler, with the ops_state events the kernel emits around each handoff step (the
// checker derives a decision's `owned` from them), fed to the conformance checker. Every shipped rustland
// and rlfifo run conforming is coverage.test.ts's part.
import { describe, expect, it } from 'vitest';
import type { HandoffStep, TraceEvent } from '../../../model/kernel/trace.ts';
import { ConformanceChecker } from '../../../model/statecharts/conformance.ts';
import { machineCoverage } from '../../../model/statecharts/coverage.ts';
import { bypass, check, loaded, op, opsState, P, place, scx, taskState } from './traces.ts';

function handoff(t: number, step: HandoffStep, enqCnt: number, cpu = 0): TraceEvent {
  return { t, type: 'handoff', pid: P, enqCnt, step, cpu };
}

/** Task 100 wakes up and is queued to user space under `qseq` as message `enqCnt`. */
function wake(t: number, qseq: number, enqCnt: number): TraceEvent[] {
  return [op(t, 'runnable'), opsState(t, 'QUEUEING', qseq), op(t, 'enqueue'), handoff(t, 'queued', enqCnt),
    opsState(t, 'QUEUED', qseq), place(t, 'bpf')];
}

/** A property change dequeues the QUEUED task and queues it again: message `enqCnt` under `qseq`. */
function requeue(t: number, qseq: number, enqCnt: number): TraceEvent[] {
  return [opsState(t, 'NONE', qseq - 1), op(t, 'runnable'), opsState(t, 'QUEUEING', qseq), op(t, 'enqueue'),
    handoff(t, 'queued', enqCnt), opsState(t, 'QUEUED', qseq)];
}

/** finish_dispatch claims the task under `qseq` and it runs on CPU 0. */
function claimAndRun(t: number, qseq: number): TraceEvent[] {
  return [opsState(t, 'DISPATCHING', qseq), opsState(t, 'NONE', qseq), place(t, 'user'), place(t, 'local', P, 0),
    op(t, 'running'), place(t, 'run', P, 0)];
}

/** The unload of the canary scheduler with task 100 on sched_ext (QUEUED: the bypass cycle takes it back). */
function unload(t: number, queued: boolean): TraceEvent[] {
  return [bypass(t, 1), ...(queued ? [opsState(t, 'NONE', 0), place(t, 'bypass')] : []), scx(t, 'DISABLING'),
    op(t, 'disable'), taskState(t, 'READY'), op(t, 'exit_task'), taskState(t, 'NONE'),
    { t, type: 'exit', kind: 'SCX_EXIT_UNREG', reason: 'r', msg: '', code: 0 }, op(t, 'exit', 0),
    scx(t, 'DISABLED'), bypass(t, 0)];
}

/** Task 100 stops running and exits. */
function exit(t: number): TraceEvent[] {
  return [op(t, 'stopping'), place(t, 'sleep'), place(t, 'dead'), op(t, 'disable'), taskState(t, 'READY'),
    op(t, 'exit_task'), taskState(t, 'NONE'), { t, type: 'task_dead', pid: P }];
}

/** The checker after `events`: its first violation and how often each handoff transition was taken. */
function replay(events: readonly TraceEvent[], endNs: number): { violation: string | null; hits: Map<string, number> } {
  const checker = new ConformanceChecker();
  for (const e of events) checker.event(e);
  checker.end(endNs);
  const coverage = machineCoverage('handoff', checker.hits.handoff);
  return { violation: checker.violation?.reason ?? null,
    hits: new Map(coverage.transitions.filter((t) => t.hits > 0).map((t) => [t.id, t.hits])) };
}

/** Message 1 consumed by user space, then a property change queues message 2 while 1 is in flight. */
function staleAndLive(): TraceEvent[] {
  return [...loaded(), ...wake(10, 7, 1), handoff(11, 'dequeued', 1), ...requeue(12, 8, 2), handoff(13, 'submitted', 1)];
}

describe('handoff machine: legal traces', () => {
  const H = 'handoff.message.';

  it('should accept a stale decision bounced and cancelled next to the live one, which is inserted and runs', () => {
    const { violation, hits } = replay([...staleAndLive(), handoff(14, 'bounced', 1, 3), handoff(14, 'cancelled', 1, 3),
      handoff(15, 'kernel', 2), handoff(16, 'dequeued', 2), handoff(17, 'submitted', 2), handoff(18, 'inserted', 2),
      ...claimAndRun(18, 8), ...unload(30, false)], 40);
    expect(violation).toBeNull();
    expect(hits.get(`${H}bounced: handoff.cancelled [staleAndTaskExists] → ${H}cancelled`)).toBe(1);
    expect(hits.get(`${H}dispatchBuffer: ops_state.DISPATCHING → ${H}dsq`)).toBe(1);
  });

  it('should accept a stale RL_CPU_ANY decision claiming the task, and the live decision dropped by the qseq check', () => {
    const { violation, hits } = replay([...staleAndLive(), handoff(14, 'any', 1, -1), ...claimAndRun(14, 8),
      handoff(16, 'dequeued', 2), handoff(17, 'submitted', 2), handoff(18, 'inserted', 2), ...unload(30, false)], 40);
    expect(violation).toBeNull();
    expect(hits.get(`${H}dispatchedRing: handoff.any [claimsTask] → ${H}dispatchBuffer`)).toBe(1);
    expect(hits.get(`${H}dispatchedRing: handoff.inserted [missesTask] → ${H}droppedByQseq`)).toBe(1);
  });

  it('should accept an unload that reclaims messages in the queued ring, in user space and in the dispatched ring', () => {
    const { violation, hits } = replay([...staleAndLive(), ...unload(30, true)], 40);
    expect(violation).toBeNull();
    expect(hits.get(`${H}dispatchedRing: scheduler.disabling → ${H}reclaimed`)).toBe(1);
    expect(hits.get(`${H}queuedRing: scheduler.disabling → ${H}reclaimed`)).toBe(1);
    const held = replay([...loaded(), ...wake(10, 7, 1), handoff(11, 'dequeued', 1), ...unload(30, true)], 40);
    expect(held.violation).toBeNull();
    expect(held.hits.get(`${H}userspace: scheduler.disabling → ${H}reclaimed`)).toBe(1);
  });

  it('should accept a decision ignored for a task that has died', () => {
    const { violation, hits } = replay([...staleAndLive(), handoff(14, 'any', 1, -1), ...claimAndRun(14, 8),
      ...exit(15), handoff(16, 'dequeued', 2), handoff(17, 'submitted', 2), handoff(18, 'ignored', 2)], 40);
    expect(violation).toBeNull();
    expect(hits.get(`${H}dispatchedRing: handoff.ignored [taskGone] → ${H}ignored`)).toBe(1);
  });
});

describe('handoff machine: canaries (hand-made illegal traces)', () => {
  const base = (): TraceEvent[] => [...loaded(), ...wake(10, 7, 1)];

  it('should report a decision submitted for a message never dequeued', () => {
    const v = check([...base(), handoff(11, 'submitted', 1)]);
    expect(v).toMatchObject({ machine: 'handoff', pid: P, enqCnt: 1, atNs: 11, state: '{"message":"queuedRing"}',
      event: 'handoff.submitted' });
    expect(v?.reason).toMatch(/^task 100 \(victim\) message enq_cnt=1: handoff\.submitted is illegal/);
    expect(v?.reason).toMatch(/never dequeued/);
  });

  it('should report a message dequeued twice', () => {
    const v = check([...base(), handoff(11, 'dequeued', 1), handoff(12, 'dequeued', 1)]);
    expect(v).toMatchObject({ machine: 'handoff', enqCnt: 1, atNs: 12, state: '{"message":"userspace"}' });
    expect(v?.reason).toMatch(/dequeued twice/);
  });

  it('should report a decision applied for a message still in the queued ring', () => {
    const v = check([...base(), handoff(11, 'inserted', 1)]);
    expect(v).toMatchObject({ machine: 'handoff', state: '{"message":"queuedRing"}',
      event: 'handoff.inserted|gen=current|owned|alive' });
    expect(v?.reason).toMatch(/never submitted/);
  });

  it('should report a stale decision inserted instead of cancelled', () => {
    const v = check([...staleAndLive(), handoff(14, 'inserted', 1)]);
    expect(v).toMatchObject({ machine: 'handoff', enqCnt: 1, state: '{"message":"dispatchedRing"}',
      event: 'handoff.inserted|gen=older|owned|alive' });
    expect(v?.reason).toMatch(/stale decision was inserted/);
  });

  it('should report a live decision cancelled', () => {
    const v = check([...base(), handoff(11, 'dequeued', 1), handoff(12, 'submitted', 1), handoff(13, 'cancelled', 1)]);
    expect(v).toMatchObject({ machine: 'handoff', event: 'handoff.cancelled|gen=current|alive' });
    expect(v?.reason).toMatch(/live decision was cancelled/);
  });

  it('should report a decision ignored although its task exists', () => {
    const v = check([...base(), handoff(11, 'dequeued', 1), handoff(12, 'submitted', 1), handoff(13, 'ignored', 1)]);
    expect(v).toMatchObject({ machine: 'handoff', event: 'handoff.ignored|alive' });
    expect(v?.reason).toMatch(/ignored although its task exists/);
  });

  it('should report a message that skips an enq_cnt, and an enqueue outcome with a stale one', () => {
    const skipped = check([...loaded(), ...wake(10, 7, 2)]);
    expect(skipped).toMatchObject({ machine: 'handoff', enqCnt: 2, state: '{"message":"none"}',
      event: 'handoff.queued|gen=newer' });
    expect(skipped?.reason).toMatch(/enq_cnt plus one/);
    const kernel = check([...base(), handoff(11, 'kernel', 0)]);
    expect(kernel).toMatchObject({ machine: 'handoff', enqCnt: 0, event: 'handoff.kernel|gen=older' });
    expect(kernel?.reason).toMatch(/leaves enq_cnt as it is/);
  });

  it('should report finish_dispatch not claiming a task inserted while QUEUED under its qseq', () => {
    const v = check([...base(), handoff(11, 'dequeued', 1), handoff(12, 'submitted', 1), handoff(13, 'inserted', 1),
      opsState(13, 'NONE', 7)]);
    expect(v).toMatchObject({ machine: 'handoff', enqCnt: 1, atNs: 13, state: '{"message":"dispatchBuffer"}',
      event: 'ops_state.other' });
    expect(v?.reason).toMatch(/did not claim/);
  });

  it('should report an unload between an insert and finish_dispatch', () => {
    const v = check([...base(), handoff(11, 'dequeued', 1), handoff(12, 'submitted', 1), handoff(13, 'inserted', 1),
      bypass(13, 1), scx(13, 'DISABLING'), { t: 13, type: 'exit', kind: 'SCX_EXIT_UNREG', reason: 'r', msg: '', code: 0 },
      scx(13, 'DISABLED')]); // messages end at DISABLED, when the disable work is done
    expect(v).toMatchObject({ machine: 'handoff', state: '{"message":"dispatchBuffer"}', event: 'scheduler.disabling' });
    expect(v?.reason).toMatch(/unloaded halfway through ops\.dispatch/);
  });

  it('should report a step that is not in the alphabet (a trace from another tool or version)', () => {
    const unknown = 'dropped' as unknown as Parameters<typeof handoff>[1];
    const v = check([...base(), handoff(11, 'dequeued', 1), handoff(12, 'submitted', 1), handoff(13, unknown, 1)]);
    expect(v).toMatchObject({ machine: 'handoff', enqCnt: 1, event: 'handoff dropped' });
    expect(v?.reason).toMatch(/not in the alphabet/);
  });
});
