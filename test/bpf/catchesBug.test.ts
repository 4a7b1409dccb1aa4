// Goal (issue 13, acceptance): a one-line bug put into a copy of an example BPF C scheduler is caught by
// the generated campaign with a shrunk counterexample that replays. The bug: examples/bpf/pcpu.bpf.c
// without its scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE) after queueing a task on an idle CPU's own DSQ (the
// idle CPU never looks, reference §3.8).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCase } from '../../cli/campaign/index.ts';
import { checkScheduler } from '../../cli/campaign/checkScheduler.ts';
import { scenarioSize } from '../../cli/counterexample.ts';
import { bpfScheduler, describeWithClang } from '../helpers/bpf.ts';

const KICK = '\t\tscx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);\n';
/**
 * Seed and run count that find the bug in a few runs (the search is deterministic: run counts, not time);
 * only the target property, to keep the shrink cheap. `schedcheck check --scheduler examples/bpf/pcpu.bpf.c
 * --seed 1` (every property, 100 runs) passes on the example itself.
 */
const SEARCH = { seed: 4, runs: 10, properties: ['work-conservation'] };

describeWithClang('a one-line bug in a BPF C scheduler', () => {
  it('should be caught by work-conservation with a small counterexample that replays', () => {
    const source = readFileSync('examples/bpf/pcpu.bpf.c', 'utf8');
    expect(source.split(KICK).length).toBe(2);
    const copy = join(mkdtempSync(join(tmpdir(), 'schedcheck-bpf-bug-')), 'pcpu_nokick.bpf.c');
    writeFileSync(copy, source.replace(KICK, ''));

    const buggy = bpfScheduler(copy);
    const result = checkScheduler(buggy, SEARCH);
    const failure = result.failure!;
    expect(failure.violation.property).toBe('work-conservation');
    const size = scenarioSize(failure.scenario);
    expect(size.tasks).toBeLessThanOrEqual(2);
    expect(size.cpus).toBeLessThanOrEqual(2);
    const again = runCase(buggy, failure.scenario, failure.runSeed, null);
    expect(again.violation).toEqual(failure.violation);
    expect(again.document.traceHash).toBe(failure.traceHash);
  });
});
