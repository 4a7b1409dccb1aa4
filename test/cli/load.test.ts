// Goal: a scheduler module that cannot be loaded is reported in the user's terms — one line naming their
// file, with line and column for a compile error — and never names schedcheck's own files (issue 10,
// item 12). Method: in process; the compile error's text is esbuild's (through tsx), as guard.test.ts sees
// it from a real worker.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPathRef, loadErrorMessage, loadSchedulerModule } from '../../cli/load.ts';
import { UsageError } from '../../cli/errors.ts';

describe('loading a scheduler module', () => {
  it('a missing file is "no such file", not a resolver error naming schedcheck\'s loader', async () => {
    await expect(loadSchedulerModule('./nowhere/sched.ts')).rejects.toThrow(new UsageError('nowhere/sched.ts: no such file'));
  });

  it('a compile error is file:line:column: message, relative to the working folder', () => {
    const error = new Error(`Transform failed with 1 error:\n${join(process.cwd(), 'my', 'sched.ts')}:3:31: ERROR: Expected "}" but found "options"`);
    expect(loadErrorMessage('my/sched.ts', error)).toBe('my/sched.ts:3:31: Expected "}" but found "options"');
  });

  it('drops "imported from <importer>" from a resolution error', () => {
    const error = new Error('Cannot find module \'/home/u/x/helper.ts\' imported from /opt/schedcheck/cli/load.ts');
    expect(loadErrorMessage('sched.ts', error)).toBe('sched.ts: cannot load: Cannot find module \'/home/u/x/helper.ts\'');
  });
});

describe('loading a BPF C scheduler (issue 13)', () => {
  it('takes a bare .bpf.c or .wasm name for a path, never for a shipped scheduler', () => {
    expect(isPathRef('sched.bpf.c')).toBe(true);
    expect(isPathRef('sched.wasm')).toBe(true);
    expect(isPathRef('simple')).toBe(false);
  });

  it('loads the checked-in .wasm, and reports a file that is not WebAssembly as one line naming it (exit 2)', async () => {
    const def = await loadSchedulerModule('examples/bpf/vtime.wasm');
    expect(def.kind).toBe('sched_ext');
    expect(def.name).toBe('vtime');
    const bad = join(mkdtempSync(join(tmpdir(), 'schedcheck-load-')), 'bad.wasm');
    writeFileSync(bad, 'not wasm');
    await expect(loadSchedulerModule(bad)).rejects.toThrow(UsageError);
    await expect(loadSchedulerModule(bad)).rejects.toThrow(/bad\.wasm: not a WebAssembly module: /);
  });
});
