// Goal: the trace alone is enough to know where every task is (DESIGN.md, The trace). Method: a sink
// rebuilds each task's place from `place` events only; at every millisecond boundary (between events, when
// the model is consistent) it is compared with the place derived from the kernel model's real data
// structures (CPU curr, DSQ membership, RT and fair run queues, ops_state) every 2 ms — not from the model's own
// mirror fields, so a bookkeeping bug cannot agree with itself.
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../../model/kernel/kernel.ts';
import { SCX_DSQ_BYPASS, SCX_DSQ_GLOBAL } from '../../../model/kernel/dsqId.ts';
import type { Task } from '../../../model/kernel/task.ts';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { findScenario, STARTER_SCENARIOS } from '../../../scenarios/index.ts';
import rustland from '../../../schedulers/rustland.ts';
import { prepareRun } from '../../../scenarios/runner.ts';
import simple from '../../../schedulers/simple.ts';
import stallCustody from '../../../schedulers/broken/stallCustody.ts';

interface Where { place: string; cpu: number; dsq: number }

/** Where the model's data structures say `p` is. */
function modelPlace(k: Kernel, p: Task): Where {
  if (p.status === 'dead') return { place: 'dead', cpu: -1, dsq: -1 };
  if (p.status === 'sleeping') return { place: 'sleep', cpu: -1, dsq: -1 };
  const running = k.cpus.filter((c) => c.curr === p);
  expect(running.length, `task ${p.pid} current on several CPUs`).toBeLessThanOrEqual(1);
  if (running[0]) return { place: 'run', cpu: running[0].id, dsq: -1 };
  const dsq = p.scx.dsq;
  if (dsq) {
    expect(dsq.tasks.includes(p), `task ${p.pid} not in the DSQ it points at`).toBe(true);
    if (dsq.cpu >= 0) return { place: 'local', cpu: dsq.cpu, dsq: dsq.id };
    if (dsq.id === SCX_DSQ_GLOBAL) return { place: 'global', cpu: -1, dsq: dsq.id };
    if (dsq.id === SCX_DSQ_BYPASS) return { place: 'bypass', cpu: -1, dsq: dsq.id };
    return { place: 'user', cpu: -1, dsq: dsq.id };
  }
  const cpu = k.cpus[p.cpu];
  if (p.cls === 'rt' && cpu?.rtQueue.includes(p)) return { place: 'rt', cpu: p.cpu, dsq: -1 };
  if (p.cls === 'fair' && cpu?.fairRq.entities().includes(p.fair)) return { place: 'fair', cpu: p.cpu, dsq: -1 };
  if (p.cls === 'ext' && p.scx.opsState === 'QUEUED') return { place: 'bpf', cpu: -1, dsq: -1 };
  return { place: `nowhere (cls=${p.cls} ops_state=${p.scx.opsState})`, cpu: -1, dsq: -1 };
}

describe('trace rebuilds every task place (DESIGN.md, The trace)', () => {
  // The starter scenarios on the baseline, scx_simple and the stall canary, plus the user-space handoff
  // (rustland) across a crash: enough to cover every kind of place, at a cost that keeps npm test short.
  const cases = [
    ...STARTER_SCENARIOS.flatMap((s) => [null, simple, stallCustody].map((d) => [s, d] as const)),
    [findScenario('usersched-crash'), rustland] as const,
  ];
  for (const [scenario, scheduler] of cases) {
    if (!scenario) throw new Error('missing scenario');
    {
      it(`should agree with the model for ${scenario.name} on ${scheduler?.name ?? 'eevdf'}`, () => {
        // Arrange
        const rebuilt = new Map<number, Where>();
        const sink = { event(e: TraceEvent): void { if (e.type === 'place') rebuilt.set(e.pid, { place: e.place, cpu: e.cpu, dsq: e.dsq }); } };
        const run = prepareRun({ scenario, scheduler, seed: 3, sinks: [sink] });
        const k = run.kernel;
        let checkpoints = 0;
        // Act + Assert at each millisecond boundary
        for (let t = 0; t <= run.endNs; t += 2_000_000) {
          k.run(t);
          for (const p of k.tasks) {
            const model = modelPlace(k, p);
            expect(rebuilt.get(p.pid), `pid ${p.pid} at ${t}`).toEqual(model);
          }
          checkpoints++;
        }
        run.finish();
        expect(checkpoints).toBeGreaterThan(50);
        expect(k.tasks.length).toBeGreaterThan(0);
      });
    }
  }
});
