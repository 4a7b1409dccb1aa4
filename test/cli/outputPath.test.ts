// Goal: an output path the command cannot write is bad input — one line naming the option and the path,
// exit 2 (a UsageError), checked before any work — not a stack trace from inside a worker (issue 10,
// item 9). Method: call the commands in process; main.ts turns a UsageError into exit 2 and one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../cli/commands/run.ts';
import { vizCommand } from '../../cli/commands/viz.ts';
import { UsageError } from '../../cli/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'schedcheck-out-'));

describe('output paths', () => {
  it('run --trace into a missing folder is exit 2 naming --trace and the folder', async () => {
    const trace = join(dir, 'missing', 'trace.txt');
    const run = runCommand({ scheduler: 'simple', scenario: 'mixed-basic', seed: '1', opt: [], trace });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(`--trace: ${trace}: no such folder ${join(dir, 'missing')}`);
  });

  it('viz --out on an existing file is exit 2 naming --out', () => {
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    expect(() => vizCommand({ out: file, coverage: false })).toThrow(new UsageError(`--out: ${file} exists and is not a folder`));
  });
});
