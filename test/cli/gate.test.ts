// Goal (issue 12, item 5 and its acceptance): `gate --update-baseline` then `gate` passes; a scheduler
// option that worsens latency (bpfland's slice from 1 ms to 20 ms) makes `gate` exit 1 naming the
// scheduler, the metric, the run and seed and both values, and the JUnit file parses and counts the
// failing run; two shards + merge give exactly the unsharded gate; a bad baseline file exits 2 with one
// line. Method: the gate command in process on a small corpus (4 generated runs and one shipped scenario,
// the same code path as the shipped corpus, which takes longer; jobs on the test's thread), the bad
// baseline through the command line.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { gateCommand, type GateFlags } from '../../cli/commands/gate.ts';
import type { GateCorpus } from '../../cli/gate/corpus.ts';
import { parseJUnit } from '../helpers/junit.ts';
import { captureOutput, schedcheckInProcess as cli } from './helpers.ts';

// Jobs on this thread (test/helpers/inProcessJobs.ts): no worker start-up per command.
vi.mock('../../cli/checkPool.ts', async (original) => ({
  ...(await original<typeof import('../../cli/checkPool.ts')>()), runJobs: (await import('../helpers/inProcessJobs.ts')).runJobsInProcess,
}));

/** 2 generated runs, error-fallback (where a longer slice shows on bpfland) and a scenario that expects its violation. */
const CORPUS: GateCorpus = { version: 1, generatedRuns: 2, generatedSeed: 1, scenarios: ['error-fallback', 'rt-starves-ext'], scenarioSeed: 1,
  counterexamples: null };

function withoutTiming(text: string): unknown {
  const { timing, ...rest } = JSON.parse(text) as { timing: unknown };
  expect(timing).toBeDefined();
  return rest;
}

describe('schedcheck gate', () => {
  it('should pass against its own baseline and fail, naming metric, scheduler and seed, when a longer slice worsens latency', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-gate-'));
    const baseline = join(dir, 'bpfland.baseline.json');
    const flags = (more: Partial<GateFlags>): GateFlags => ({ scheduler: 'bpfland', baseline, opt: [], out: join(dir, 'out'), ...more });
    const gate = (more: Partial<GateFlags>) => captureOutput(() => gateCommand(flags(more), CORPUS));
    const recorded = await gate({ updateBaseline: true });
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(JSON.parse(readFileSync(baseline, 'utf8'))).toMatchObject({ kind: 'schedcheck-baseline', corpusVersion: 1,
      schedulers: { bpfland: { runs: { 'rt-starves-ext seed 1': { waitMaxNs: expect.any(Number) } } } } });
    expect((await gate({})).code).toBe(0);

    const junit = join(dir, 'gate.xml');
    const worse = await gate({ opt: ['sliceUs=20000'], junit, json: true });
    expect(worse.code).toBe(1);
    const doc = JSON.parse(worse.stdout) as { exitCode: number; schedulers: { verdict: string; regressions: { metric: string; scheduler: string;
      scenario: string; seed: number; baseline: number; value: number }[] }[] };
    expect(doc.schedulers[0]!.verdict).toBe('regression');
    const regressions = doc.schedulers[0]!.regressions;
    const waitMax = regressions.find((g) => g.metric === 'waitMaxNs' && g.scenario === 'error-fallback');
    expect(waitMax).toMatchObject({ scheduler: 'bpfland', seed: 1, baseline: 3_000_000, value: 17_000_000 });
    const parsed = parseJUnit(readFileSync(junit, 'utf8'));
    const failing = parsed.cases.filter((c) => c.failure !== undefined);
    expect(parsed.failures).toBe(new Set(regressions.map((g) => g.scenario)).size);
    const fallback = failing.find((c) => c.name === 'error-fallback');
    expect([fallback?.classname, fallback?.failure?.type]).toEqual(['gate.bpfland.scenario', 'regression']);
    expect(fallback!.failure!.text).toContain('REGRESSION bpfland: waitMaxNs of error-fallback seed 1: 17.00ms, baseline 3.00ms (worst allowed 3.40ms)');

    // Two shards + merge: the unsharded document (but timing) and JUnit file.
    const shards = [];
    for (const k of [1, 2]) {
      const part = await gate({ opt: ['sliceUs=20000'], json: true, shard: `${k}/2` });
      shards.push(join(dir, `shard-${k}.json`));
      writeFileSync(shards[k - 1]!, part.stdout);
    }
    const merged = await cli(['merge', ...shards, '--json', '--junit', join(dir, 'merged.xml')]);
    expect(merged.code).toBe(1);
    expect(withoutTiming(merged.stdout)).toEqual(withoutTiming(worse.stdout));
    expect(readFileSync(join(dir, 'merged.xml'), 'utf8')).toBe(readFileSync(junit, 'utf8'));

    // A baseline of another scenario is stale: refused before anything runs (a UsageError: the command line
    // prints its message as the one line of exit 2).
    writeFileSync(baseline, readFileSync(baseline, 'utf8').replace(/("rt-starves-ext seed 1": \{"scenarioHash":")[0-9a-f]+/, '$1feedface'));
    await expect(gateCommand(flags({}), CORPUS)).rejects.toThrow(`--baseline: ${baseline}: schedulers.bpfland.runs["rt-starves-ext seed 1"]` +
      '.scenarioHash: the scenario changed since the baseline (record it with schedcheck gate --scheduler bpfland --update-baseline)');
  });

  it('should exit 2 with one line on a bad baseline file or a sharded --update-baseline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-gate-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ kind: 'schedcheck-baseline', formatVersion: 1, corpusVersion: 1, tolerance: {}, schedulers: {} }));
    const r = await cli(['gate', '--scheduler', 'simple', '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`schedcheck: --baseline: ${bad}: tolerance.waitP99Ns: expected {relative, absolute}, non-negative numbers\n`);
    const missing = await cli(['gate', '--scheduler', 'simple', '--baseline', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^schedcheck: --baseline: .*none\.json: no such file \(record it with schedcheck gate --scheduler simple --update-baseline\)\n$/);
    const sharded = await cli(['gate', '--scheduler', 'simple', '--update-baseline', '--shard', '1/2']);
    expect([sharded.code, sharded.stderr]).toEqual([2, 'schedcheck: --update-baseline: not with --shard (record a baseline in one unsharded run)\n']);
  });
});
