// Goal: `run` reports say what happened (issue 10, item 13): a passing run names the properties that held,
// a task that never ran shows "never ran" and how long it waited instead of `0ns`, and trace lines print
// DSQ ids as the kernel names them (`SCX_DSQ_GLOBAL`, `SCX_DSQ_LOCAL_ON|2`, hex `0x2a`) or as the scheduler
// named them (`SHARED_DSQ`), never the model's encoding (`8589934593`). Method: in process — the summary
// of real run documents, formatEvent on hand-made events, and a trace excerpt of a real scx_simple run.
import { describe, expect, it } from 'vitest';
import { summary } from '../../cli/commands/run.ts';
import { dsqNamesOf } from '../../cli/dsqNames.ts';
import { ExcerptSink } from '../../cli/traceExcerpt.ts';
import { dsqLocalOn, SCX_DSQ_GLOBAL } from '../../model/kernel/dsqId.ts';
import { formatEvent } from '../../model/kernel/trace.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { findScheduler } from '../../schedulers/index.ts';
import { hog, MS, scenario, sched, sim } from '../helpers/sim.ts';

const simple = findScheduler('simple') ?? null;

describe('run summary', () => {
  it('should name the properties that held on a passing run', () => {
    const { document } = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
      durationNs: 20 * MS, quietNs: 20 * MS, tasks: [hog('a'), hog('b'), hog('c')] }, simple);
    expect(document.violations).toEqual([]);
    const text = summary(document, false);
    expect(text).toContain(`held (${document.properties.length} of ${document.properties.length}): ${document.properties.join(', ')}`);
    expect(document.properties).toContain('bounded-starvation');
  });

  it('should show a task that never ran as such, with its wait, not as wait max 0ns', () => {
    const keeps = sched('keeps', () => ({ enqueue: () => undefined }));
    const { document } = sim({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
      durationNs: 20 * MS, quietNs: 0, tasks: [hog('starved', { startNs: 1 * MS })] }, keeps);
    const row = summary(document, false).split('\n').find((line) => line.includes('starved')) ?? '';
    expect(row).toContain('never ran (waited 19.00ms)');
    expect(row).not.toMatch(/\b0ns\b/);
  });
});

describe('DSQ ids in trace lines', () => {
  const place = (dsq: number) => ({ t: 5, type: 'place' as const, pid: 100, place: 'user' as const, cpu: -1, dsq });

  it('should print built-in DSQs by their kernel names and user DSQs in hex', () => {
    expect(formatEvent(place(SCX_DSQ_GLOBAL))).toBe('5 place pid=100 place=user cpu=-1 dsq=SCX_DSQ_GLOBAL');
    expect(formatEvent(place(dsqLocalOn(2)))).toContain('dsq=SCX_DSQ_LOCAL_ON|2');
    expect(formatEvent(place(42))).toContain('dsq=0x2a');
    expect(formatEvent(place(-1))).toContain('dsq=-1');
  });

  it('should print the names schedulers gave their DSQs', () => {
    expect(formatEvent(place(0), dsqNamesOf(simple))).toContain('dsq=SHARED_DSQ');
    expect(formatEvent(place(1024), dsqNamesOf(findScheduler('rustland') ?? null))).toContain('dsq=SHARED_DSQ');
    const excerpt = new ExcerptSink(400, 0, dsqNamesOf(simple));
    runScenario({ scenario: scenario({ topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
      durationNs: 60 * MS, tasks: [hog('a'), hog('b')] }), scheduler: simple, seed: 1, sinks: [excerpt] });
    const lines = excerpt.excerpt().before.filter((l) => / place .* place=user /.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/ dsq=SHARED_DSQ$/);
  });
});
