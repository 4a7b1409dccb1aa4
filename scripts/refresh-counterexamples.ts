// Maintainer tool: after a deliberate change of the kernel model, re-records the checked-in known-limit
// counterexamples (counterexamples/*.json) — their violation (time, detail), trace hash and the events
// before it — from a fresh run of the same scenario, seed and scheduler. It refuses to re-record a file
// whose run no longer violates the property the file expects (that is a finding to explain, not to
// overwrite). Run: `npx tsx scripts/refresh-counterexamples.ts` and review the diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture, runCase } from '../cli/campaign/index.ts';
import { readCounterexample } from '../cli/counterexample.ts';
import { findScheduler } from '../schedulers/index.ts';

const DIR = new URL('../counterexamples/', import.meta.url).pathname;
let failed = false;
for (const name of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
  const path = join(DIR, name);
  const ce = readCounterexample(path);
  const scheduler = findScheduler(ce.scheduler) ?? null;
  const outcome = runCase(scheduler, ce.scenario, ce.runSeed, ce.properties);
  const expected = ce.scenario.expect?.violation ?? ce.violation.property;
  if (outcome.violation?.property !== expected) {
    process.stderr.write(`${name}: no longer violates ${expected} (got ${outcome.violation?.property ?? 'none'}); left as is\n`);
    failed = true;
    continue;
  }
  const { lastEvents, traceHash } = capture(scheduler, ce.scenario, ce.runSeed, ce.properties);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const same = JSON.stringify(raw['violation']) === JSON.stringify(outcome.violation) && raw['traceHash'] === traceHash;
  if (same) continue;
  writeFileSync(path, `${JSON.stringify({ ...raw, violation: outcome.violation, traceHash, lastEvents }, null, 2)}\n`);
  process.stdout.write(`${name}: re-recorded (${expected} at ${outcome.violation.atNs} ns)\n`);
}
process.exitCode = failed ? 1 : 0;
