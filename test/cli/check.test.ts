// Goal: `schedcheck check` and `schedcheck replay` keep the command-line contract (DESIGN.md): a canary
// exits 1 naming the right property, with a small counterexample saved and a replay that reproduces the
// same violation at the same simulated time; named scenarios are judged by their manifests (0); only
// inconclusive runs exit 4; a callback that never returns is reported, not waited for (1); bad input exits 2
// with one line. Method: spawn the real command.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCounterexample, scenarioSize } from '../../cli/counterexample.ts';
import { schedcheck } from './helpers.ts';

const out = (): string => mkdtempSync(join(tmpdir(), 'schedcheck-check-'));
const MS = 1_000_000;

describe('schedcheck check', () => {
  it('should catch a scheduler canary, save a small counterexample, and replay it exactly', () => {
    const dir = out();
    const result = schedcheck(['check', '--scheduler', 'ignores_affinity', '--seed', '1', '--json', '--out', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('seed 1');
    const doc = JSON.parse(result.stdout) as { exitCode: number; schedulers: { verdict: string; violation: { property: string; atNs: number };
      counterexample: string; replay: string }[] };
    const row = doc.schedulers[0]!;
    expect(doc.exitCode).toBe(1);
    expect(row.verdict).toBe('violation');
    expect(row.violation.property).toBe('no-scheduler-error');
    expect(row.replay).toBe(`npx schedcheck replay ${row.counterexample}`);
    const ce = readCounterexample(row.counterexample);
    const size = scenarioSize(ce.scenario);
    expect(size.tasks).toBeLessThanOrEqual(4);
    expect(size.cpus).toBeLessThanOrEqual(2);
    expect(ce).toMatchObject({ scheduler: 'ignores_affinity', fcSeed: 1, source: 'generated', violation: row.violation });
    expect(ce.lastEvents.length).toBeGreaterThan(0);
    const replay = schedcheck(['replay', row.counterexample, '--json']);
    expect(replay.code).toBe(1);
    const r = JSON.parse(replay.stdout) as { reproduced: boolean; violation: { property: string; atNs: number } };
    expect(r.reproduced).toBe(true);
    expect(r.violation).toMatchObject({ property: 'no-scheduler-error', atNs: row.violation.atNs });
    const text = schedcheck(['replay', row.counterexample]);
    expect(text.stdout).toMatch(/>> \d+ VIOLATION no-scheduler-error: unexpected scheduler error exit/);
    expect(text.stdout).toContain('REPRODUCED');
  });

  it('should print the seed first when none is given, and a summary with the replay command', () => {
    const result = schedcheck(['check', '--scheduler', 'ignores_affinity', '--out', out(), '--runs', '300']);
    const [first] = result.stdout.split('\n');
    expect(first).toMatch(/^schedcheck check: seed \d+ \(random; repeat with --seed \d+\)/);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL ignores_affinity: no-scheduler-error');
    expect(result.stdout).toMatch(/replay: npx schedcheck replay \S+ignores_affinity-no-scheduler-error-\d+\.json/);
  });

  it('should judge named scenarios by their manifests, the one that must fail included', () => {
    expect(schedcheck(['check', '--scheduler', 'simple', '--scenario', 'rt-hog-sysrq', '--seed', '1']).code).toBe(0);
    const failing = schedcheck(['check', '--scheduler', 'simple', '--scenario', 'rt-starves-ext', '--seed', '1', '--json']);
    expect(failing.code).toBe(0);
    expect(JSON.parse(failing.stdout).schedulers[0]).toMatchObject({ verdict: 'pass', expectedViolations: 1 });
  });

  it('should sweep a fault across event boundaries', () => {
    const result = schedcheck(['check', '--scheduler', 'simple', '--scenario', 'unregister-sweep', '--crash-sweep', '--runs', '20',
      '--seed', '2', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).schedulers[0]).toMatchObject({ mode: 'sweep', runs: 20, verdict: 'pass' });
  });

  it('should exit 4 when a liveness property is only undecided', () => {
    const dir = out();
    const file = join(dir, 'undecided.json');
    writeFileSync(file, JSON.stringify({ formatVersion: 1, name: 'undecided', description: 'an RT spinner hides a task for the short quiet phase',
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 }, durationNs: 10 * MS, quietNs: 50 * MS,
      tasks: [{ comm: 'worker', program: [{ op: 'loop', body: [{ op: 'run', ns: MS }] }] },
        { comm: 'spin', policy: 'FIFO', rtPriority: 5, startNs: MS, program: [{ op: 'loop', body: [{ op: 'run', ns: 10 * MS }] }] }] }));
    const result = schedcheck(['check', '--scheduler', 'eevdf', '--scenario', file, '--seed', '1']);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('INCONCLUSIVE eevdf: 1 run(s); first: bounded-starvation');
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
    [['replay', 'missing.json'], /^schedcheck: missing\.json: cannot read: /],
  ])('should exit 2 with one line for %j', (args, message) => {
    const result = schedcheck(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });

  it('should exit 2 with one line for a malformed file and for a CPU outside the topology', () => {
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
    for (const [args, message] of [
      [['replay', malformed], /invalid JSON/],
      [['check', '--scenario', malformed], /invalid JSON/],
      [['check', '--scenario', outside], /tasks\[0\]\.cpumask: .*cpu 5/],
      [['replay', ce], /scenario\.faults\[0\]\.cpu: cpu 7 is outside the topology \(0-1\)/],
    ] as const) {
      const result = schedcheck(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
