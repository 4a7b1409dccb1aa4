// Test helpers for BPF C schedulers (bpf/): whether clang is here, and loading a program once per file.
// Tests that compile C skip, with the reason in their title, only when clang is absent outside CI; in CI
// (CI=true) they always run, so a missing clang fails them (.ci/run installs clang-19 and lld-19).
import { describe } from 'vitest';
import { findClang } from '../../bpf/compile.ts';
import { loadBpfScheduler } from '../../bpf/loader.ts';
import type { SchedulerDefinition, SchedulerOptions } from '../../model/kernel/ops.ts';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';

const HAVE_CLANG = findClang() !== null || process.env['CI'] === 'true';

/** `describe` for tests that compile BPF C; skipped (and says why) only without clang outside CI. */
export function describeWithClang(title: string, body: () => void): void {
  if (HAVE_CLANG) describe(title, body);
  else describe.skip(`${title} [skipped: no clang-19 or clang on PATH; install clang-19 lld-19]`, body);
}

const loaded = new Map<string, SchedulerDefinition>();

/** Loads (compiling once per process, then from the content-hash cache) a .bpf.c or .wasm scheduler. */
export function bpfScheduler(path: string): SchedulerDefinition {
  let def = loaded.get(path);
  if (!def) {
    def = loadBpfScheduler(path);
    loaded.set(path, def);
  }
  return def;
}

/** Every event of one run, the scheduler's name blanked so two schedulers' schedules compare equal. */
export function scheduleOf(scenario: Scenario, def: SchedulerDefinition, options: SchedulerOptions = {}, seed = 1):
  { events: string[]; hash: string; exit: { kind: string; msg: string } } {
  const events: string[] = [];
  const out = runScenario({ scenario, scheduler: def, seed, options, sinks: [{ event: (e: TraceEvent) => {
    events.push(JSON.stringify(e.type === 'scx_state' ? { ...e, scheduler: '' } : e));
  } }] });
  return { events, hash: out.document.traceHash, exit: out.document.exit };
}
