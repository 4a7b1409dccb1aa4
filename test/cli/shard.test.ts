// Goal (issue 12, item 6): `--shard K/N` puts every run in exactly one shard, and `schedcheck merge` of the
// N shards' --json gives exactly the unsharded run's verdict, counts, JSON document (but `timing`) and
// JUnit file, including the stop-at-first-failure counts of a generated campaign; a bad shard spec or a
// bad set of shard files exits 2 with one line. The flow is the README's GitHub Actions workflow, taken
// from the README and run locally. Method: the command line in process (cli/main.ts `main`, its jobs on
// the test's thread: test/helpers/inProcessJobs.ts) on a corpus whose first failure is run 3 of 6; the
// generated campaign's stop-early counts and the scenario campaign's (every run counts) through the
// in-process campaign API, on cheap cases.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { type CampaignResult, runGenerated, runScenarios, type ScenarioEntry } from '../../cli/campaign/index.ts';
import { planCheck } from '../../cli/commands/check.ts';
import { scenarioSize } from '../../cli/counterexample.ts';
import { mergeResults } from '../../cli/merge.ts';
import { inShard, parseShard } from '../../cli/shard.ts';
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import { defineScheduler } from '../../model/kernel/ops.ts';
import { caseArb, generatorOptionsFor } from '../../scenarios/arbitraries/index.ts';
import { findScenario } from '../../scenarios/index.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { findScheduler, realSchedulers } from '../../schedulers/index.ts';
import { parseJUnit } from '../helpers/junit.ts';
import { schedcheckInProcess as cli } from './helpers.ts';

// Jobs on this thread (test/helpers/inProcessJobs.ts): no worker start-up per command.
vi.mock('../../cli/checkPool.ts', async (original) => ({
  ...(await original<typeof import('../../cli/checkPool.ts')>()), runJobs: (await import('../helpers/inProcessJobs.ts')).runJobsInProcess,
}));

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MS = 1_000_000;
/** A minimal valid scenario: one CPU, one short task. */
const TINY = { formatVersion: 1, name: 'tiny', description: 'one task', durationNs: MS,
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 }, tasks: [{ comm: 'a', program: [{ op: 'run', ns: 100_000 }] }] };

/** A FIFO scheduler that fails to load on 4 or more CPUs (a failure whose shrink stays cheap). */
const FAILS_ON_4_CPUS = defineScheduler({ kind: 'sched_ext', name: 'no4', description: 'FIFO that fails on 4+ CPUs', options: {},
  create: () => ({
    name: 'no4',
    init: (ctx) => {
      if (ctx.nrCpuIds() >= 4) ctx.error('four CPUs');
      return ctx.createDsq(0, -1);
    },
    enqueue: (ctx, p, enqFlags) => ctx.dsqInsert(p, 0, SCX_SLICE_DFL, enqFlags),
    dispatch: (ctx) => { ctx.dsqMoveToLocal(0); },
  }) });

const strip = ({ timing, ...rest }: CampaignResult): unknown => rest;

/** The README workflow's `run: npx schedcheck …` lines, as argument lists (redirection dropped). */
function workflowCommands(): { shard: string[]; merge: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const yaml = readme.slice(readme.indexOf('```yaml'), readme.indexOf('```', readme.indexOf('```yaml') + 7));
  const lines = yaml.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('- run: npx schedcheck '))
    .map((l) => l.replace('- run: npx schedcheck ', '').replace(/\$\{\{ matrix\.shard \}\}/g, 'K').split('>')[0]!.trim().split(/\s+/));
  const shard = lines.find((l) => l.includes('--shard'));
  const merge = lines.find((l) => l[0] === 'merge');
  if (shard === undefined || merge === undefined) throw new Error('README: no shard or merge command in the workflow');
  return { shard, merge };
}

function withoutTiming(text: string): unknown {
  const { timing, ...rest } = JSON.parse(text) as { timing: unknown };
  expect(timing).toBeDefined();
  return rest;
}

describe('--shard K/N and schedcheck merge', () => {
  it('should put every run in exactly one shard and reject a bad spec with one line', async () => {
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    const shards = [1, 2, 3, 4].map((k) => parseShard(`${k}/4`));
    for (let i = 0; i < 50; i++) expect(shards.filter((s) => inShard(i, s))).toHaveLength(1);
    for (const bad of ['0/4', '5/4', 'x', '4', '1/0']) expect(() => parseShard(bad)).toThrow(/^--shard: /);
    const r = await cli(['check', '--scheduler', 'simple', '--seed', '1', '--shard', '5/4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('schedcheck: --shard: K must be between 1 and N (4), got "5/4"\n');
    // Every job of the plan carries the shard (the worker hands it to the campaign).
    expect(planCheck({ scheduler: 'all', property: [], seed: '1', shard: '2/4' }).jobs.map((j) => j.shard))
      .toEqual(realSchedulers().map(() => ({ index: 2, count: 4 })));
    const noSeed = await cli(['check', '--scheduler', 'simple', '--shard', '1/4']);
    expect(noSeed.code).toBe(2);
    expect(noSeed.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('should give the unsharded verdict, counts, JSON, JUnit and counterexample from the README workflow\'s 4 shards + merge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-shard-'));
    // A corpus whose first failure is run 3 of 6: runs 0-2 violate what their manifest expects (passes),
    // runs 3-5 miss the violation theirs expects (failures, in shards 4, 1 and 2).
    mkdirSync(join(dir, 'corpus'));
    writeFileSync(join(dir, 'corpus', 'a.json'), JSON.stringify(findScenario('rt-starves-ext')));
    writeFileSync(join(dir, 'corpus', 'b.json'), JSON.stringify({ ...TINY, quietNs: MS, expect: { violation: 'affinity' } }));
    const { shard, merge } = workflowCommands();
    // The README's command lines, on that corpus (later flags win).
    const narrow = ['--scheduler', 'simple', '--scenario', join(dir, 'corpus'), '--seed', '7', '--runs', '3', '--workers', '1'];
    const files: string[] = [];
    for (let k = 1; k <= 4; k++) {
      const r = await cli([...shard.map((a) => a.replace(/^K\//, `${k}/`)), ...narrow, '--out', join(dir, 'found')]);
      expect(r.code, r.stderr).toBe(k === 3 ? 0 : 1);
      files.push(join(dir, `shard-${k}.json`));
      writeFileSync(files[k - 1]!, r.stdout);
    }
    const mergeArgs = merge.map((a) => (a.startsWith('shard-') ? join(dir, a) : a === 'junit.xml' ? join(dir, 'merged.xml')
      : a === 'found' ? join(dir, 'found') : a));
    const merged = await cli([...mergeArgs, '--json']);
    const single = await cli(['check', ...narrow, '--json', '--junit', join(dir, 'single.xml'), '--out', join(dir, 'found')]);
    expect(single.code).toBe(1);
    expect(merged.code).toBe(single.code);
    expect(withoutTiming(merged.stdout)).toEqual(withoutTiming(single.stdout));
    const doc = JSON.parse(single.stdout) as { schedulers: { runs: number; failed: number; runsBeforeFailure: number; counterexample: string }[] };
    expect(doc.schedulers[0]).toMatchObject({ runs: 6, failed: 3, runsBeforeFailure: 3 });
    expect(readFileSync(join(dir, 'merged.xml'), 'utf8')).toBe(readFileSync(join(dir, 'single.xml'), 'utf8'));
    // One case per property and per corpus file; the failures: the property the missed manifest names, and b.json.
    const junit = parseJUnit(readFileSync(join(dir, 'merged.xml'), 'utf8'));
    expect(junit.failures).toBe(2);
    expect(junit.cases.filter((c) => c.failure).map((c) => c.name)).toEqual(['affinity', join(dir, 'corpus', 'b.json')]);
    expect(JSON.parse(readFileSync(doc.schedulers[0]!.counterexample, 'utf8'))).toMatchObject({ runSeed: 7 });
    // Not every shard: exit 2, one line naming the missing one.
    const partial = await cli(['merge', files[0]!, files[1]!, files[3]!]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toBe('schedcheck: merge: shard 3/4 missing\n');
  });

  it('should stop a generated campaign at its first failure, sharded or not, with the same counts and counterexample', () => {
    // A canary failing on 4 or more CPUs, and a seed whose first such case comes after run 3 of 12 (found
    // from the generator, so it holds when the generator changes): shards run past it (their later runs must
    // not count), and a later failure of another shard must not win.
    const arb = caseArb(generatorOptionsFor(FAILS_ON_4_CPUS, { knownLimits: true }));
    const firstFailure = (seed: number): number => fc.sample(arb, { seed, numRuns: 12 }).findIndex((c) => scenarioSize(c.scenario).cpus >= 4);
    const seed = Array.from({ length: 50 }, (_, i) => i + 1).find((s) => firstFailure(s) >= 4)!;
    const options = { scheduler: FAILS_ON_4_CPUS, schedulerRef: 'no4', properties: ['no-scheduler-error'], seed, runs: 12 };
    const hooks = { now: () => 0 };
    const single = runGenerated(options, hooks);
    const parts = [1, 2, 3, 4].map((index) => ({ result: runGenerated({ ...options, shard: { index, count: 4 } }, hooks), saved: null }));
    expect([single.runs, single.failure?.runsBefore, single.failure?.violation.property]).toEqual([firstFailure(seed) + 1, firstFailure(seed),
      'no-scheduler-error']);
    expect(parts.some((p) => (p.result.records ?? []).some((r) => r.index > firstFailure(seed)))).toBe(true);
    expect(strip(mergeResults(parts).result)).toEqual(strip(single));
  });

  it('should count every run of a scenario campaign (no stop at the first failure) exactly as unsharded', () => {
    const simple = findScheduler('simple')!;
    const never: Scenario = { ...findScenario('lifecycle-churn')!, name: 'never', expect: { violation: 'affinity' } };
    const entries: ScenarioEntry[] = [findScenario('rt-starves-ext')!, never, findScenario('unregister-sweep')!].map((scenario) => ({ scenario }));
    const hooks = { now: () => 0 };
    const options = { scheduler: simple, schedulerRef: 'simple', properties: null, seed: 5, runs: 2 };
    const single = runScenarios(options, entries, hooks);
    const parts = [1, 2, 3, 4].map((index) => ({ result: runScenarios({ ...options, shard: { index, count: 4 } }, entries, hooks), saved: null }));
    expect(parts.map((p) => p.result.runs)).toEqual([2, 2, 1, 1]);
    const merged = mergeResults(parts).result;
    expect(strip(merged)).toEqual(strip(single));
    expect([single.runs, single.expectedViolations, single.failed, single.passed]).toEqual([6, 2, 2, 2]);
  });
});
