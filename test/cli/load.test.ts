// Goal: a scheduler module that cannot be loaded is reported in the user's terms — one line naming their
// file, with line and column for a compile error — and never names schedcheck's own files (issue 10,
// item 12). Method: in process; the compile error's text is esbuild's (through tsx), as guard.test.ts sees
// it from a real worker.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadErrorMessage, loadSchedulerModule } from '../../cli/load.ts';
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
