// Goal: schedcheck works as a dependency of someone else's project (issue: bring your own scheduler).
// Method: `npm pack` this repository, copy examples/my-scheduler to a temporary folder, install the tarball
// there (dependencies come from the npm registry or its local cache), then run the example's own vitest
// suite and the `schedcheck` command on the example's TypeScript scheduler and scenario file, plus a
// malformed module and a malformed scenario, as a user would.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let project = '';
let tarballPath = '';
let workDir = '';

function inProject(command: string, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, CI: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('examples/my-scheduler installed from the packed tarball', () => {
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'schedcheck-pack-'));
    execFileSync(NPM, ['pack', '--pack-destination', work], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    workDir = work;
    tarballPath = join(work, tarball as string);
    project = join(work, 'my-scheduler');
    cpSync(join(ROOT, 'examples', 'my-scheduler'), project, { recursive: true,
      filter: (src) => !src.includes('node_modules') });
    const install = inProject(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball as string)]);
    expect(install.code, install.stderr).toBe(0);
  }, 240_000);

  it('should pass the example project\'s own tests (public API)', () => {
    const result = inProject(NPM, ['test']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/3 passed/);
  }, 120_000);

  it('should run the TypeScript scheduler module on a shipped scenario', () => {
    const result = inProject('npx', ['schedcheck', 'run', '--scheduler', './sched.ts', '--scenario', 'mixed-basic', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { scheduler: string; exit: { kind: string } };
    expect(doc.scheduler).toBe('llc_fifo');
    expect(doc.exit.kind).toBe('SCX_EXIT_NONE');
  }, 60_000);

  it('should check the TypeScript scheduler module with a property campaign', () => {
    const result = inProject('npx', ['schedcheck', 'check', '--scheduler', './sched.ts', '--seed', '1', '--runs', '30', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { exitCode: number; schedulers: { verdict: string; runs: number }[] };
    expect(doc.exitCode).toBe(0);
    expect(doc.schedulers[0]?.verdict).toBe('pass');
    expect(doc.schedulers[0]?.runs).toBeGreaterThan(10);
  }, 60_000);

  it('should run the example scenario file and meet its expectation', () => {
    const result = inProject('npx', ['schedcheck', 'run', '--scheduler', './sched.ts', '--scenario', './scenario.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('exit: SCX_EXIT_UNREG_KERN');
  }, 60_000);

  it('should reject a malformed module and a malformed scenario with exit 2 and one line', () => {
    writeFileSync(join(project, 'nothing.ts'), 'export const x = 1;\n');
    writeFileSync(join(project, 'bad.json'), JSON.stringify({ formatVersion: 1, name: 'b', description: '',
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 8, threadsPerCore: 1 }, durationNs: 1000,
      tasks: [{ comm: 'a', program: [] }, { comm: 'b', program: [] }, { comm: 'c', program: [] },
        { comm: 'd', cpumask: '0,9', program: [] }] }));
    const module = inProject('npx', ['schedcheck', 'run', '--scheduler', './nothing.ts', '--scenario', 'mixed-basic']);
    expect(module.code).toBe(2);
    expect(module.stderr.trim()).toBe('schedcheck: nothing.ts: default export is not a defineScheduler(...) result');
    const scenario = inProject('npx', ['schedcheck', 'run', '--scheduler', './sched.ts', '--scenario', './bad.json']);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr.trim()).toBe('schedcheck: bad.json: tasks[3].cpumask: cpu 9 is outside the topology (0-7)');
  }, 60_000);

  it('should load a 30-line FIFO scheduler from a fresh folder without "type": "module" (CommonJS)', () => {
    // Arrange: a folder with nothing but `npm install <tarball>` and a TypeScript file importing schedcheck
    project = join(workDir, 'fresh');
    cpSync(join(ROOT, 'test', 'examples', 'fifo.ts.txt'), join(project, 'fifo.ts'));
    const install = inProject(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarballPath]);
    expect(install.code, install.stderr).toBe(0);
    // Act
    const result = inProject('npx', ['schedcheck', 'run', '--scheduler', './fifo.ts', '--scenario', 'mixed-basic', '--json']);
    // Assert
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { scheduler: string }).scheduler).toBe('fifo');
  }, 120_000);
});
