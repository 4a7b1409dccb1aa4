// Fidelity: the deadline servers (fidelity review rule 17, issue 9 item 3). The kernel has two deferred
// servers per CPU, rq->fair_server and rq->ext_server, 50 ms of runtime per 1 s each; each serves its own
// class whenever that class was starved in the period, whatever starved it (kernel/sched/deadline.c
// dl_server_*, "Only when the target class does not manage to exhaust the server's runtime … will the
// dl_server get on the runqueue"; ext.c enqueue_task_scx → dl_server_start(&rq->ext_server),
// update_curr_scx → dl_server_update). `kernel.extServer: false` reproduces kernels before v7.0.
import { describe, expect, it } from 'vitest';
import { SCX_OPS_SWITCH_PARTIAL } from '../../model/kernel/scxFlags.ts';
import { hog, MS, type MiniScenario, pidOf, sched, sim } from '../helpers/sim.ts';

const SEC = 1000 * MS;
const partialFifo = sched('partial_fifo', () => ({ flags: SCX_OPS_SWITCH_PARTIAL }));
const oneCpu = { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 };

function runNs(r: ReturnType<typeof sim>, comm: string): number {
  const pid = pidOf(r.events, comm);
  return r.kernel.tasks.find((p) => p.pid === pid)?.stats.runNs ?? -1;
}

function partial(extra: Partial<MiniScenario> = {}, rt = false): MiniScenario {
  return {
    topology: oneCpu, durationNs: 3 * SEC, quietNs: 0, attachAtNs: MS,
    tasks: [hog('fair_hog', {}, 10 * MS), hog('ext_hog', { policy: 'EXT' }, 10 * MS),
      ...(rt ? [hog('rt_hog', { policy: 'FIFO', rtPriority: 50, startNs: 2 * MS }, 10 * MS)] : [])],
    ...extra,
  };
}

describe('deadline servers: a fair server and an ext server per CPU, each deferred', () => {
  it('partial mode: an ext task beside a fair hog gets the ext server\'s ~5 % (was 0 %)', () => {
    const r = sim(partial(), partialFifo);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    // Served from the zero-laxity point (~0.95 s), then 50 ms every period: about 2 × 50 ms in 3 s.
    const ext = runNs(r, 'ext_hog');
    expect(ext).toBeGreaterThanOrEqual(90 * MS);
    expect(ext).toBeLessThanOrEqual(160 * MS);
    // The longest wait is one period minus the runtime, never the watchdog's 30 s.
    const pid = pidOf(r.events, 'ext_hog');
    const waits = r.kernel.tasks.find((p) => p.pid === pid)?.stats.waits;
    expect(waits?.count).toBeGreaterThan(0);
    expect(waits?.maxNs).toBeLessThanOrEqual(SEC);
  });

  it('RT + fair + ext on one CPU: both lower classes get their server\'s share (ext got 0 %)', () => {
    const r = sim(partial({}, true), partialFifo);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    for (const comm of ['fair_hog', 'ext_hog']) {
      const ns = runNs(r, comm);
      expect(ns, comm).toBeGreaterThanOrEqual(90 * MS);
      expect(ns, comm).toBeLessThanOrEqual(160 * MS);
    }
  });

  it('kernel.extServer: false (before v7.0): the fair hog starves the ext task completely', () => {
    const r = sim(partial({ durationNs: 2 * SEC, kernel: { extServer: false } }), partialFifo);
    expect(runNs(r, 'ext_hog')).toBe(0);
  });
});
