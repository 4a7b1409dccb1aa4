// Goal: `schedcheck check` and `schedcheck replay` keep the command-line contract (DESIGN.md): a canary
// exits 1 naming the right property, with a small counterexample saved and a replay that reproduces the
// same violation at the same simulated time; named scenarios are judged by their manifests (0); only
// inconclusive runs exit 4; a callback that never returns is reported, not waited for (1); bad input exits 2
// with one line. With --seed the JSON document is the same, byte for byte once its `timing` key is
// removed, whatever the number of workers (issue 10, item 1), and it says how many runs came before the
// first failure and how long finding and shrinking took (item 2). The README's CI commands work as a shell
// gives them with CI_SEED unset, the regression corpus runs each counterexample on its own scheduler
// (items 3, 4); replay finds a user's scheduler relative to the counterexample, takes --scheduler, and
// exits 2 on an unknown property (item 7). Method: the command line in process (cli/main.ts `main`),
// except what needs a real process (the hang).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECK_RUNS_DEFAULT, planCheck } from '../../cli/commands/check.ts';
import {
  COUNTEREXAMPLE_FORMAT_VERSION, COUNTEREXAMPLE_KIND, readCounterexample, scenarioSize, writeCounterexample,
} from '../../cli/counterexample.ts';
import { schedcheck, schedcheckInProcess as cli } from './helpers.ts';

const out = (): string => mkdtempSync(join(tmpdir(), 'schedcheck-check-'));
const MS = 1_000_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The README's "Gating CI" command line that contains `part`, without `npx schedcheck` and any redirection. */
function readmeCommand(part: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('## Gating CI'));
  const line = block.split('\n').find((l) => l.startsWith('npx schedcheck ') && l.includes(part));
  if (line === undefined) throw new Error(`README: no "Gating CI" command with ${part}`);
  return (line.replace(/#.*$/, '').split('>')[0] ?? '').replace('npx schedcheck ', '').trim();
}

/** The words a POSIX shell makes of `command`, with CI_SEED unset. */
function shellWords(command: string): string[] {
  const env: Record<string, string> = { ...process.env } as Record<string, string>;
  delete env['CI_SEED'];
  const words = execFileSync('sh', ['-c', `for a in ${command}; do printf '%s\\n' "$a"; done`], { encoding: 'utf8', env });
  return words.trimEnd().split('\n');
}

/** A minimal valid scenario: one CPU, one short task. */
const TINY = { formatVersion: 1, name: 'tiny', description: 'one task', durationNs: MS,
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 }, tasks: [{ comm: 'a', program: [{ op: 'run', ns: 100_000 }] }] };

describe('schedcheck check', () => {
  it('should catch a scheduler canary, save a small counterexample, and replay it exactly', async () => {
    const dir = out();
    // The README's CI gate as the shell gives it with CI_SEED unset, on a canary (later flags win).
    const gate = readmeCommand('check --scheduler all --seed');
    expect(gate).toContain('"${CI_SEED:-1}"');
    const args = shellWords(gate);
    expect(args.slice(args.indexOf('--seed'), args.indexOf('--seed') + 2)).toEqual(['--seed', '1']);
    const canary = ['--scheduler', 'ignores_affinity', '--out', dir];
    const result = await cli([...args, ...canary, '--workers', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('seed 1');
    const doc = JSON.parse(result.stdout) as { exitCode: number; budgetExhausted: boolean;
      schedulers: { verdict: string; violation: { property: string; atNs: number }; counterexample: string; replay: string;
        runsBeforeFailure: number; runs: number; runsPlanned: number }[];
      timing: { schedulers: { beforeFailureMs: number; shrinkMs: number }[] } };
    const row = doc.schedulers[0]!;
    expect(doc.exitCode).toBe(1);
    expect(doc.budgetExhausted).toBe(false);
    expect(row.verdict).toBe('violation');
    // Time to first failure: runs before it (deterministic), wall-clock figures apart under `timing`.
    expect(row.runsBeforeFailure).toBe(row.runs - 1);
    expect(row.runsPlanned).toBe(CHECK_RUNS_DEFAULT);
    expect(doc.timing.schedulers[0]!.beforeFailureMs).toBeGreaterThanOrEqual(0);
    expect(doc.timing.schedulers[0]!.shrinkMs).toBeGreaterThanOrEqual(0);
    // Same seed and flags, another worker count: the same document once `timing` is removed.
    const again = await cli([...args, ...canary, '--workers', '3']);
    const strip = (text: string): string => {
      const { timing, ...rest } = JSON.parse(text) as { timing: unknown };
      expect(timing).toBeDefined();
      return JSON.stringify(rest, null, 2);
    };
    expect(strip(again.stdout)).toBe(strip(result.stdout));
    expect(row.violation.property).toBe('no-scheduler-error');
    expect(row.replay).toBe(`npx schedcheck replay ${row.counterexample}`);
    const ce = readCounterexample(row.counterexample);
    const size = scenarioSize(ce.scenario);
    expect(size.tasks).toBeLessThanOrEqual(4);
    expect(size.cpus).toBeLessThanOrEqual(2);
    expect(ce).toMatchObject({ scheduler: 'ignores_affinity', fcSeed: 1, source: 'generated', violation: row.violation });
    expect(ce.lastEvents.length).toBeGreaterThan(0);
    const replay = await cli(['replay', row.counterexample, '--json']);
    expect(replay.code).toBe(1);
    const r = JSON.parse(replay.stdout) as { reproduced: boolean; violation: { property: string; atNs: number } };
    expect(r.reproduced).toBe(true);
    expect(r.violation).toMatchObject({ property: 'no-scheduler-error', atNs: row.violation.atNs });
    const text = await cli(['replay', row.counterexample]);
    expect(text.stdout).toMatch(/>> \d+ VIOLATION no-scheduler-error: unexpected scheduler error exit/);
    expect(text.stdout).toContain('REPRODUCED');
  });

  it('should print the seed first when none is given, and a summary with the replay command', async () => {
    const result = await cli(['check', '--scheduler', 'ignores_affinity', '--out', out(), '--runs', '300']);
    const [first] = result.stdout.split('\n');
    expect(first).toMatch(/^schedcheck check: seed \d+ \(random; repeat with --seed \d+\)/);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL ignores_affinity: no-scheduler-error');
    expect(result.stdout).toMatch(/found by run \d+ \(after \d+ runs?, \d+\.\d s\); shrinking took \d+\.\d s/);
    expect(result.stdout).toMatch(/replay: npx schedcheck replay \S+ignores_affinity-no-scheduler-error-\d+\.json/);
  });

  it('should judge named scenarios by their manifests, the one that must fail included', async () => {
    expect((await cli(['check', '--scheduler', 'simple', '--scenario', 'rt-hog-sysrq', '--seed', '1'])).code).toBe(0);
    const failing = await cli(['check', '--scheduler', 'simple', '--scenario', 'rt-starves-ext', '--seed', '1', '--json']);
    expect(failing.code).toBe(0);
    expect(JSON.parse(failing.stdout).schedulers[0]).toMatchObject({ verdict: 'pass', expectedViolations: 1 });
  });

  it('should sweep a fault across event boundaries', async () => {
    const result = await cli(['check', '--scheduler', 'simple', '--scenario', 'unregister-sweep', '--crash-sweep', '--runs', '20',
      '--seed', '2', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).schedulers[0]).toMatchObject({ mode: 'sweep', runs: 20, verdict: 'pass' });
  });

  it('should exit 4 when a liveness property is only undecided', async () => {
    const dir = out();
    const file = join(dir, 'undecided.json');
    writeFileSync(file, JSON.stringify({ formatVersion: 1, name: 'undecided', description: 'an RT spinner hides a task for the short quiet phase',
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 }, durationNs: 10 * MS, quietNs: 50 * MS,
      tasks: [{ comm: 'worker', program: [{ op: 'loop', body: [{ op: 'run', ns: MS }] }] },
        { comm: 'spin', policy: 'FIFO', rtPriority: 5, startNs: MS, program: [{ op: 'loop', body: [{ op: 'run', ns: 10 * MS }] }] }] }));
    const result = await cli(['check', '--scheduler', 'eevdf', '--scenario', file, '--seed', '1']);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('INCONCLUSIVE eevdf: 1 run(s); first: bounded-starvation');
  });

  it('should run the README\'s regression corpus: each counterexample on its own scheduler, known limits expected', async () => {
    const corpus = readmeCommand('--scenario counterexamples/');
    expect(corpus).toBe('check --scheduler all --scenario counterexamples/ --seed 1');
    const result = await cli([...shellWords(corpus), '--json', '--out', out()]);
    expect(result.stderr).not.toContain('has no option');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { schedulers: { scheduler: string; runs: number; verdict: string; expectedViolations: number }[] };
    // counterexamples/: 2 of simple, 1 of rustland, 5 of central, 2 of bpfland (bpfland-local-pcpu sets
    // localPcpu, which simple and central do not have); rlfifo has none.
    expect(doc.schedulers.map((r) => [r.scheduler, r.runs, r.verdict, r.expectedViolations])).toEqual([
      ['simple', 2, 'pass', 2], ['rustland', 1, 'pass', 1], ['central', 5, 'pass', 5], ['bpfland', 2, 'pass', 2]]);
  }, 60_000);

  it('should give every worker count the same jobs, leave the cap off unless asked, and refuse foreign options', () => {
    const flags = { scheduler: 'all', property: [], seed: '7' };
    const one = planCheck({ ...flags, workers: '1' });
    expect(one.jobs).toHaveLength(5);
    expect(one.jobs.every((j) => j.runs === CHECK_RUNS_DEFAULT && j.budgetMs === undefined && j.shrinkBudgetMs === undefined)).toBe(true);
    expect(planCheck({ ...flags, workers: '4' }).jobs).toEqual(one.jobs);
    expect(planCheck({ ...flags, timeBudget: '10', workers: '1' }).jobs[0]).toMatchObject({ budgetMs: 2000 });
    const bpfland = join(ROOT, 'counterexamples', 'bpfland-local-pcpu.json');
    expect(() => planCheck({ scheduler: 'simple', property: [], scenario: bpfland }))
      .toThrow(/counterexamples\/bpfland-local-pcpu\.json: nothing to run on simple \(its counterexamples belong to bpfland/);
    const file = join(out(), 'opts.json');
    writeFileSync(file, JSON.stringify({ ...TINY, schedulerOptions: { localPcpu: true } }));
    expect(() => planCheck({ scheduler: 'simple', property: [], scenario: file }))
      .toThrow(/opts\.json: schedulerOptions\.localPcpu: scheduler simple has no option localPcpu/);
    expect(planCheck({ scheduler: 'all', property: [], scenario: file }).schedulers).toEqual(['bpfland']);
  });

  it('should store a user scheduler relative to the counterexample, replay it from anywhere, and take --scheduler', async () => {
    const dir = out();
    mkdirSync(join(dir, 'sched'));
    writeFileSync(join(dir, 'sched', 'mine.ts'), `export { default } from ${JSON.stringify(join(ROOT, 'schedulers', 'simple.ts'))};\n`);
    const file = writeCounterexample(join(dir, 'out'), { formatVersion: COUNTEREXAMPLE_FORMAT_VERSION, kind: COUNTEREXAMPLE_KIND,
      scheduler: relative(process.cwd(), join(dir, 'sched', 'mine.ts')), runSeed: 1, source: 'scenarios', properties: null,
      violation: { property: 'bounded-starvation', atNs: 5, reason: 'r' }, traceHash: '', lastEvents: [], scenario: TINY as never });
    expect(JSON.parse(readFileSync(file, 'utf8')).scheduler).toBe('../sched/mine.ts');
    const mine = await cli(['replay', file, '--json']);
    expect(mine.stderr).toBe('');
    expect(JSON.parse(mine.stdout)).toMatchObject({ scheduler: relative(process.cwd(), join(dir, 'sched', 'mine.ts')), reproduced: false });
    const other = await cli(['replay', file, '--json', '--scheduler', 'eevdf']);
    expect(JSON.parse(other.stdout)).toMatchObject({ scheduler: 'eevdf', exitCode: 0 });
  });

  it('should report a callback that never returns as a violation instead of hanging', () => {
    const result = schedcheck(['check', '--scheduler', 'hang_in_dispatch', '--seed', '1', '--out', out()], { SCHEDCHECK_WALL_CLOCK_MS: '200' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('scheduler hung in ops.dispatch()');
  });

  it.each([
    [['check', '--scenario', 'missing.json'], /^schedcheck: --scenario: missing\.json: no such file or folder$/],
    [['check', '--property', 'nope'], /^schedcheck: --property: unknown property "nope"/],
    [['check', '--crash-sweep'], /^schedcheck: --crash-sweep: needs --scenario/],
    [['check', '--scheduler', 'nope'], /^schedcheck: --scheduler: unknown scheduler "nope"/],
    [['check', '--runs', '0'], /^schedcheck: --runs: expected a positive integer, got "0"/],
    [['check', '--time-budget', 'soon'], /^schedcheck: --time-budget: expected a positive number, got "soon"/],
    [['check', '--workers', '0'], /^schedcheck: --workers: expected a positive integer, got "0"/],
    [['replay', 'missing.json'], /^schedcheck: missing\.json: cannot read: /],
  ])('should exit 2 with one line for %j', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });

  it('should exit 2 with one line for a malformed file and for a CPU outside the topology', async () => {
    const dir = out();
    const malformed = join(dir, 'bad.json');
    writeFileSync(malformed, '{ "formatVersion": 1, ');
    const outside = join(dir, 'outside.json');
    writeFileSync(outside, JSON.stringify({ formatVersion: 1, name: 'x', description: 'x', durationNs: MS,
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, tasks: [{ comm: 'a', cpumask: [5], program: [] }] }));
    const ce = join(dir, 'ce.json');
    writeFileSync(ce, JSON.stringify({ formatVersion: 1, kind: 'schedcheck-counterexample', scheduler: 'simple', runSeed: 1,
      source: 'generated', properties: null, violation: { property: 'affinity', atNs: 0, reason: 'r' }, traceHash: '', lastEvents: [],
      scenario: JSON.parse(JSON.stringify({ formatVersion: 1, name: 'x', description: 'x', durationNs: MS,
        topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 }, tasks: [], faults: [{ atNs: 0, kind: 'hotplug', cpu: 7, online: false }] })) }));
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ formatVersion: 1, kind: 'schedcheck-counterexample', scheduler: 'simple', runSeed: 1,
      source: 'generated', properties: null, violation: { property: 'no-such-property', atNs: 0, reason: 'r' }, traceHash: '',
      lastEvents: [], scenario: TINY }));
    for (const [args, message] of [
      [['replay', unknown], /unknown\.json: violation\.property: unknown property "no-such-property" \(known: /],
      [['check', '--scenario', unknown], /violation\.property: unknown property "no-such-property"/],
      [['replay', malformed], /invalid JSON/],
      [['check', '--scenario', malformed], /invalid JSON/],
      [['check', '--scenario', outside], /tasks\[0\]\.cpumask: .*cpu 5/],
      [['replay', ce], /scenario\.faults\[0\]\.cpu: cpu 7 is outside the topology \(0-1\)/],
    ] as const) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
