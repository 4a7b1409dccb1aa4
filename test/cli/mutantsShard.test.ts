// Goal (issue 12, item 6 for `mutants`; issue 11, item 4): `schedcheck mutants --shard K/N` puts every mutant
// in exactly one shard, and `schedcheck merge` of the shards' --json gives exactly the unsharded kill matrix
// (rows, kill rate, exit code) and JUnit file, a survivor counted as a failure. Method: the command line in
// process (its jobs on the test's thread: test/helpers/inProcessJobs.ts) on four mutants (`--mutant`)
// with one run each, so one is killed at once and three survive (exit 1), cheaply.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseJUnit } from '../helpers/junit.ts';
import { schedcheckInProcess as cli } from './helpers.ts';

vi.mock('../../cli/checkPool.ts', async (original) => ({
  ...(await original<typeof import('../../cli/checkPool.ts')>()), runJobs: (await import('../helpers/inProcessJobs.ts')).runJobsInProcess,
}));
/** Four mutants: simple_wrong_dsq is caught on its first run with seed 1, the others survive one run. */
const KEPT = ['simple_wrong_dsq', 'simple_unbounded_credit', 'simple_slice_inf', 'central_u32_clock'];
const ONLY = KEPT.flatMap((name) => ['--mutant', name]);

type Matrix = { exitCode: number; killed: number; mutants: { mutant: string; killed: boolean; timing: unknown }[]; timing?: unknown; shard?: unknown };
const strip = (d: Matrix): unknown => ({ ...d, timing: undefined, shard: undefined,
  mutants: d.mutants.map((m) => ({ ...m, timing: undefined })) });

describe('schedcheck mutants --shard K/N and merge', () => {
  it('should give the unsharded matrix and JUnit file from 3 shards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-mutants-'));
    const whole = await cli(['mutants', ...ONLY, '--runs', '1', '--json', '--junit', join(dir, 'whole.xml')]);
    expect(whole.code).toBe(1);
    const single = JSON.parse(whole.stdout) as Matrix;
    expect(single.mutants.map((m) => m.mutant).sort()).toEqual([...KEPT].sort());
    expect(single.killed).toBe(1);
    const files: string[] = [];
    for (const k of [1, 2, 3]) {
      const part = await cli(['mutants', ...ONLY, '--runs', '1', '--json', '--shard', `${k}/3`]);
      const file = join(dir, `shard-${k}.json`);
      writeFileSync(file, part.stdout);
      files.push(file);
    }
    const merged = await cli(['merge', ...files, '--json', '--junit', join(dir, 'merged.xml')]);
    expect(merged.code).toBe(1);
    expect(strip(JSON.parse(merged.stdout) as Matrix)).toEqual(strip(single));
    expect(readFileSync(join(dir, 'merged.xml'), 'utf8')).toBe(readFileSync(join(dir, 'whole.xml'), 'utf8'));
    const junit = parseJUnit(readFileSync(join(dir, 'merged.xml'), 'utf8'));
    expect(junit.tests).toBe(4);
    expect(junit.failures).toBe(3);
  });

  it('should refuse a bad shard spec or an unknown mutant with one line (exit 2)', async () => {
    for (const [args, option] of [[['--shard', '4/3'], '--shard'], [['--mutant', 'nope'], '--mutant']] as const) {
      const r = await cli(['mutants', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(option);
    }
  });
});
