// Goal: schedcheck works as a dependency of someone else's project (issue: bring your own scheduler), and
// examples/my-scheduler works exactly as its README says in a fresh clone (issue 10, item 5): build
// schedcheck once at the root (`npm run build`), then `npm install && npm test` in the example.
// Method: copy this repository's sources (no dist/, as a fresh clone; node_modules linked, as after the
// root's `npm ci`) to a temporary folder — so nothing here touches the working tree's own dist/, and two
// test runs at once cannot race — and follow the README there. The same build is then packed (without
// rebuilding) and installed into a fresh folder, where the `schedcheck` command runs the example's
// TypeScript scheduler and scenario file, a malformed module and scenario, and a CommonJS module, as a
// user of the published package would. Dependencies come from the npm registry or its local cache.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Not part of a fresh clone (or not needed by it). */
const NOT_CLONED = new Set(['node_modules', 'dist', '.git', 'out', 'coverage', 'schedcheck-out', 'scenario.schema.json']);
let clone = '';
let example = '';
let fresh = '';

function inFolder(cwd: string, command: string, args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, CI: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `npx schedcheck …` without npx's own start-up: the bin it would run. */
const schedcheck = (args: readonly string[]) =>
  inFolder(fresh, process.execPath, [join(fresh, 'node_modules', 'schedcheck', 'bin', 'schedcheck.js'), ...args]);

describe('examples/my-scheduler, following its README in a fresh clone', () => {
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'schedcheck-clone-'));
    clone = join(work, 'schedcheck');
    cpSync(ROOT, clone, { recursive: true, filter: (src) => {
      const parts = relative(ROOT, src).split(/[\\/]/);
      return !parts.some((part) => NOT_CLONED.has(part) || part.endsWith('.tgz'));
    } });
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    // The README's step at the root, then its two commands in the example.
    const build = inFolder(clone, NPM, ['run', 'build']);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    example = join(clone, 'examples', 'my-scheduler');
    const install = inFolder(example, NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund']);
    expect(install.code, install.stderr).toBe(0);
    // The same build, packed as published, in a folder of its own without "type": "module" (CommonJS).
    execFileSync(NPM, ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: clone, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    fresh = join(work, 'fresh');
    mkdirSync(fresh);
    for (const file of ['sched.ts', 'scenario.json']) cpSync(join(example, file), join(fresh, file));
    cpSync(join(ROOT, 'test', 'examples', 'fifo.ts.txt'), join(fresh, 'fifo.ts'));
    const packed = inFolder(fresh, NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball as string)]);
    expect(packed.code, packed.stderr).toBe(0);
  }, 240_000);

  it('should pass the example project\'s own tests after `npm install && npm test` (public API)', () => {
    const result = inFolder(example, NPM, ['test']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/3 passed/);
  }, 120_000);

  it('should run the TypeScript scheduler module on a shipped scenario (packed package)', () => {
    const result = schedcheck(['run', '--scheduler', './sched.ts', '--scenario', 'mixed-basic', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { scheduler: string; exit: { kind: string } };
    expect(doc.scheduler).toBe('llc_fifo');
    expect(doc.exit.kind).toBe('SCX_EXIT_NONE');
  }, 60_000);

  it('should check the TypeScript scheduler module with a property campaign', () => {
    const result = schedcheck(['check', '--scheduler', './sched.ts', '--seed', '1', '--runs', '30', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { exitCode: number; schedulers: { verdict: string; runs: number }[] };
    expect(doc.exitCode).toBe(0);
    expect(doc.schedulers[0]?.verdict).toBe('pass');
    expect(doc.schedulers[0]?.runs).toBeGreaterThan(10);
  }, 60_000);

  it('should run the example scenario file and meet its expectation', () => {
    const result = schedcheck(['run', '--scheduler', './sched.ts', '--scenario', './scenario.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('exit: SCX_EXIT_UNREG_KERN');
  }, 60_000);

  it('should reject a malformed module and a malformed scenario with exit 2 and one line', () => {
    writeFileSync(join(fresh, 'nothing.ts'), 'export const x = 1;\n');
    writeFileSync(join(fresh, 'bad.json'), JSON.stringify({ formatVersion: 1, name: 'b', description: '',
      topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 8, threadsPerCore: 1 }, durationNs: 1000,
      tasks: [{ comm: 'a', program: [] }, { comm: 'b', program: [] }, { comm: 'c', program: [] },
        { comm: 'd', cpumask: '0,9', program: [] }] }));
    const module = schedcheck(['run', '--scheduler', './nothing.ts', '--scenario', 'mixed-basic']);
    expect(module.code).toBe(2);
    expect(module.stderr.trim()).toBe('schedcheck: nothing.ts: default export is not a defineScheduler(...) result');
    const scenario = schedcheck(['run', '--scheduler', './sched.ts', '--scenario', './bad.json']);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr.trim()).toBe('schedcheck: bad.json: tasks[3].cpumask: cpu 9 is outside the topology (0-7)');
  }, 60_000);

  it('should load a 30-line FIFO scheduler from a folder without "type": "module" (CommonJS)', () => {
    const result = schedcheck(['run', '--scheduler', './fifo.ts', '--scenario', 'mixed-basic', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { scheduler: string }).scheduler).toBe('fifo');
  }, 120_000);
});
