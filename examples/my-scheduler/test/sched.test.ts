// Tests for my scheduler, written against schedcheck's public API only: run a shipped scenario and our own
// scenario file, check the outcome, and check that the same seed gives the same trace.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findScenario, runScenario, validateScenario } from 'schedcheck';
import llcFifo from '../sched.ts';

const ownScenario = validateScenario(JSON.parse(readFileSync(new URL('../scenario.json', import.meta.url), 'utf8')));

describe('llc_fifo', () => {
  it('stays loaded and runs every task on mixed-basic', () => {
    const { document } = runScenario({ scenario: findScenario('mixed-basic')!, scheduler: llcFifo, seed: 1 });
    expect(document.exit.kind).toBe('SCX_EXIT_NONE');
    expect(document.violations).toEqual([]);
    for (const task of document.metrics.tasks) expect(task.runNs, task.comm).toBeGreaterThan(0);
  });

  it('exits with SCX_EXIT_UNREG_KERN on hotplug (no cpu_offline callback) and every task keeps running', () => {
    const { document } = runScenario({ scenario: ownScenario, scheduler: llcFifo, seed: 1 });
    expect(document.exit.kind).toBe('SCX_EXIT_UNREG_KERN');
    expect(document.exit.msg).toBe('cpu 5 going offline, exiting scheduler');
    expect(document.violations).toEqual([]);
  });

  it('is deterministic: the same seed gives the same trace hash', () => {
    const scenario = findScenario('fork-storm')!;
    const a = runScenario({ scenario, scheduler: llcFifo, seed: 42 }).document.traceHash;
    const b = runScenario({ scenario, scheduler: llcFifo, seed: 42 }).document.traceHash;
    expect(a).toBe(b);
  });
});
