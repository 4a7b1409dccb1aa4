// An exec client that never answers, under the wall-clock guard (cli/guard.ts) the command line uses:
// the run is reported as hung in the user-space policy's schedule() — the simulation thread is blocked
// waiting for the answer — and the guard SIGKILLs the client, which the terminated worker cannot do itself
// (its pid is published in the probe cells). The client carries a unique marker in its arguments so the
// test can look for it in /proc. One worker, one client; nothing asserts on elapsed time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenarioGuarded, SchedulerFault } from '../../cli/guardedRun.ts';
import { findScenario } from '../../scenarios/index.ts';

/** Processes whose command line contains `marker` (live ones: a zombie's command line is empty). */
function alive(marker: string): number {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker); } catch { return false; }
  }).length;
}

describe('exec under the wall-clock guard', () => {
  it.skipIf(!existsSync('/proc/self/cmdline'))('a client that never answers is reported hung and killed', async () => {
    const marker = `schedcheck-guard-test-${process.pid}`;
    const run = runScenarioGuarded({ scheduler: `exec:node examples/exec/client.mjs bad:hang ${marker}`,
      scenario: findScenario('mixed-basic')!, seed: 1, wallClockMs: 1500 });
    await expect(run).rejects.toThrow(SchedulerFault);
    await expect(run).rejects.toThrow(/^scheduler hung in the user-space policy's schedule\(\) \(no return and no simulated progress/);
    // The kill is sent at once; reaping may lag on a loaded machine, so poll for up to 10 s (ends when gone).
    for (let i = 0; i < 500 && alive(marker) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(marker)).toBe(0);
  });
});
