// Goal: the worker-guarded run (cli/guard.ts, what `run`, `replay` and `compare` use) reports a scheduler's
// own faults for what they are, exit-1 material, and no stack trace (issue 10, items 8, 9, 12): a callback
// that never returns ("scheduler hung in ops.dispatch()"), process.exit() in a callback (not a hang), an
// unbounded allocation (out of memory), a module with a syntax error (file:line:column). Method: call
// runGuarded in process — one worker each, run concurrently. Load cannot flip these: the guard's short
// limit only runs while the worker sits inside scheduler code, the hanging canary truly never returns,
// and nothing here asserts on elapsed time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OUT_OF_MEMORY, PROCESS_EXIT } from '../../properties/noSchedulerError.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runGuarded, type SimRequest } from '../../cli/guard.ts';
import { runScenarioGuarded, SchedulerFault } from '../../cli/guardedRun.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const request = (scheduler: string): SimRequest =>
  ({ scheduler, scenario: findScenario('mixed-basic')!, seed: 1, options: {} });
/** Tiny, for the hang: only a callback that truly never returns can exceed it (see the header). */
const LIMIT_MS = 200;
/** For the faults that are not hangs: the guard must not be what ends them, however loaded the machine. */
const NO_HANG_LIMIT_MS = 60_000;

describe('runGuarded: a scheduler\'s own faults', () => {
  it.concurrent('names the callback that never returns (runScenarioGuarded, the public API, rejects)', async () => {
    const { scheduler, scenario, seed } = request('hang_in_dispatch');
    const run = runScenarioGuarded({ scheduler, scenario, seed, wallClockMs: LIMIT_MS });
    await expect(run).rejects.toThrow(SchedulerFault);
    await expect(run).rejects.toThrow(/^scheduler hung in ops\.dispatch\(\) \(no return and no simulated progress/);
  });

  it.concurrent('reports process.exit() in a callback as such, not as a hang', async () => {
    const reply = await runGuarded(request(fixture('exitInEnqueue.ts')), NO_HANG_LIMIT_MS);
    expect(reply).toEqual({ ok: false, kind: 'scheduler', reason: PROCESS_EXIT,
      message: 'scheduler called process.exit(3) in ops.enqueue()' });
  });

  it.concurrent('reports an unbounded allocation (worker heap limit) as the scheduler running out of memory', async () => {
    const reply = await runGuarded(request(fixture('hoardInEnqueue.ts')), NO_HANG_LIMIT_MS, { maxHeapMb: 96 });
    expect(reply).toMatchObject({ ok: false, kind: 'scheduler', reason: OUT_OF_MEMORY });
    expect(!reply.ok && reply.message).toMatch(/^scheduler ran out of memory in ops\.enqueue\(\)/);
  });

  it.concurrent('reports a syntax error as file:line:column, naming no file of schedcheck', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedcheck-syntax-'));
    const path = join(dir, 'broken.ts');
    writeFileSync(path, 'import { defineScheduler } from \'schedcheck\';\nexport default defineScheduler({\n' +
      '  kind: \'sched_ext\', name: \'x\' options: {},\n});\n');
    const reply = await runGuarded(request(path), NO_HANG_LIMIT_MS);
    expect(reply).toMatchObject({ ok: false, kind: 'usage' });
    expect(!reply.ok && reply.message).toMatch(/broken\.ts:3:31: Expected "}" but found "options"$/);
    expect(!reply.ok && reply.message).not.toMatch(/Transform failed|cli\/|node_modules/);
  });
});
