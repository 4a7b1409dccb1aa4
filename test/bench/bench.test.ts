// Goal: `npm run bench -- --json` keeps the document shape issue 14 asks for (each throughput result with
// scheduler, workload, eventsPerS, bareEventsPerS, checksRatio, ceilingFraction; start-up, campaign and
// canary sections), and the bench entry runs. Method: the entry in process with --smoke (a few simulated
// milliseconds of the 8-CPU workload, one scheduler per list, no CLI spawned), its JSON output parsed. Not a timed test: no
// figure is compared with a threshold.
import { describe, expect, it } from 'vitest';
import { benchMain } from '../../bench/simulator.bench.ts';

describe('npm run bench -- --json (smoke)', () => {
  it('should print one JSON document with every result field', () => {
    let text = '';
    benchMain(['--smoke', '--json'], (t) => { text += t; });
    const doc = JSON.parse(text) as Record<string, unknown> & { results: Record<string, unknown>[] };
    expect(doc).toMatchObject({ profile: 'smoke', startup: [], workerScaling: [], campaignOverhead: null, growth: null });
    // --smoke measures the 8-CPU reference workload only (the 64-CPU one: full and --quick profiles).
    expect(doc.results.map((r) => `${String(r['scheduler'])}@${String(r['workload'])}`)).toEqual([
      'simple@8cpu-64task', 'rustland@8cpu-64task', 'eevdf@8cpu-64task']);
    for (const r of doc.results) {
      for (const key of ['eventsPerS', 'bareEventsPerS', 'checksRatio', 'conformanceRatio', 'monitorsRatio', 'ceilingEventsPerS',
        'ceilingFraction', 'peakHeapMb', 'events']) {
        expect(r[key], key).toBeTypeOf('number');
        expect(r[key] as number, key).toBeGreaterThan(0);
      }
    }
    expect(doc['campaigns']).toEqual([expect.objectContaining({ scheduler: 'simple', runs: 1, runsPerS: expect.any(Number) })]);
    expect(doc['canaries']).toEqual([expect.objectContaining({ scheduler: expect.any(String), found: expect.any(Boolean),
      runsToFailure: expect.toSatisfy((v: unknown) => v === null || typeof v === 'number') })]);
  });
});
