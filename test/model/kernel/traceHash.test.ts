// Goal: the trace hasher's per-type fast path (issue 14, Checks: hash known event types field by field)
// gives exactly the hash of the generic walk over each event's keys in construction order — the hash that
// pinned hashes and checked-in counterexamples were recorded with. Method: real runs of scx_simple and
// scx_rustland (wake-ups, ping-pong, kicks, handoff messages) fed to a fast and a generic hasher.
import { describe, expect, it } from 'vitest';
import { TraceHasher } from '../../../model/kernel/traceHash.ts';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import rustland from '../../../schedulers/rustland.ts';
import simple from '../../../schedulers/simple.ts';
import { hog, MS, sim } from '../../helpers/sim.ts';

const tasks = [hog('hog0', {}, 3 * MS), hog('hog1', {}, 7 * MS),
  { comm: 'ping', program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 50_000 }, { op: 'wake' as const, target: 'pong' }, { op: 'wait' as const }] }] },
  { comm: 'pong', program: [{ op: 'loop' as const, body: [{ op: 'wait' as const }, { op: 'run' as const, ns: 50_000 }, { op: 'wake' as const, target: 'ping' }] }] },
  { comm: 'ui', program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: [100_000, 2 * MS] as [number, number] }, { op: 'sleep' as const, ns: [1 * MS, 5 * MS] as [number, number] }] }] }];

function hashes(events: readonly TraceEvent[]): [string, string] {
  const fast = new TraceHasher();
  const generic = new TraceHasher();
  for (const e of events) { fast.event(e); generic.mixFields(e); }
  expect(fast.count).toBe(generic.count);
  return [fast.hex(), generic.hex()];
}

describe('TraceHasher', () => {
  it.each([simple, rustland])('should hash every event of a $name run as the generic walk does', (scheduler) => {
    const { events, document } = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
      durationNs: 30 * MS, tasks }, scheduler);
    const [fast, generic] = hashes(events);
    expect(fast).toBe(generic);
    expect(document.traceHash).toBe(generic);
    const types = new Set(events.map((e) => e.type));
    for (const type of ['place', 'op', 'ops_state', 'task_state', 'switch', 'wake', 'block']) expect(types).toContain(type);
    if (scheduler === rustland) expect(types).toContain('handoff');
  });

  it('should hash hand-made events of the remaining fast-path types as the generic walk does', () => {
    const events: TraceEvent[] = [{ t: 5, type: 'migrate', pid: 100, from: 0, to: 1 }, { t: 6, type: 'kick', cpu: 0, target: 1, flags: 2 },
      { t: 7, type: 'handoff', pid: 100, enqCnt: 3, step: 'queued', cpu: -1 }, { t: 2 ** 40, type: 'place', pid: 1, place: 'run', cpu: 0, dsq: -1 }];
    const [fast, generic] = hashes(events);
    expect(fast).toBe(generic);
  });
});
