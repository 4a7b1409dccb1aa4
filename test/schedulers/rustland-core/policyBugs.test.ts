// Goal: a user-space policy's TypeScript bugs get the kernel-style verdict (SCX_EXIT_ERROR naming what went
// wrong, every task back to the fair class), not a run that drifts into "inconclusive" (issue 10, item 10).
// The policy contract (README, User-space schedulers; reference §5.6): one schedule(bpf) call is one
// iteration of the main loop, runs to completion, and ends with notify_complete().
import { describe, expect, it } from 'vitest';
import { smpTopology } from '../../../model/kernel/topology.ts';
import { defineUserspaceScheduler } from '../../../schedulers/rustland-core/define.ts';
import { dispatchedFrom } from '../../../schedulers/rustland-core/intf.ts';
import type { BpfScheduler } from '../../../schedulers/rustland-core/bpfScheduler.ts';
import { hog, MS, sim } from '../../helpers/sim.ts';

function policy(name: string, schedule: (bpf: BpfScheduler) => unknown) {
  return defineUserspaceScheduler({ name, description: `test policy ${name}`, options: {},
    create: () => ({ schedule: schedule as (bpf: BpfScheduler) => void }) });
}

const dispatchAll = (bpf: BpfScheduler): void => {
  for (let t = bpf.dequeueTask(); t; t = bpf.dequeueTask()) bpf.dispatchTask(dispatchedFrom(t));
};

const sleeper = (comm: string) => ({ comm, program: [{ op: 'loop' as const, body: [
  { op: 'run' as const, ns: MS }, { op: 'sleep' as const, ns: MS }] }] });

const run = (def: ReturnType<typeof policy>) =>
  sim({ topology: smpTopology(2), durationNs: 30 * MS, tasks: [hog('a', {}, MS), sleeper('b'), sleeper('c')] }, def).document;

describe('user-space policy bugs', () => {
  it('a policy that never calls notifyComplete is SCX_EXIT_ERROR naming notify_complete()', () => {
    const doc = run(policy('nonotify', dispatchAll));
    expect(doc.exit).toMatchObject({ kind: 'SCX_EXIT_ERROR',
      msg: 'nonotify: schedule() returned without calling notify_complete()' });
    expect(doc.inconclusive).toEqual([]);
  });

  it('an async schedule() (a Promise returned) is SCX_EXIT_ERROR', () => {
    const doc = run(policy('asyncpol', async (bpf) => { dispatchAll(bpf); bpf.notifyComplete(0); }));
    expect(doc.exit).toMatchObject({ kind: 'SCX_EXIT_ERROR',
      msg: 'asyncpol: schedule() returned a Promise (an async policy: the iteration must finish before it returns)' });
  });

  it('a schedule() that throws is SCX_EXIT_ERROR with its message', () => {
    const doc = run(policy('throwpol', () => { throw new TypeError('x is undefined'); }));
    expect(doc.exit).toMatchObject({ kind: 'SCX_EXIT_ERROR', msg: 'throwpol: schedule() threw: x is undefined' });
  });

  it('a policy that keeps the contract stays loaded', () => {
    expect(run(policy('good', (bpf) => { dispatchAll(bpf); bpf.notifyComplete(0); })).exit.kind).toBe('SCX_EXIT_NONE');
  });
});
