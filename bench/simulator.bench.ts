// `npm run bench`: simulator throughput on the reference workload (8 CPUs, 64 tasks, 10 simulated seconds)
// for scx_simple, scx_rustland (user-space policy, every API call simulated) and the eevdf baseline.
// Reports events per second and simulated seconds per wall second.
// A benchmark, not a timed test: record its figures in bench/RESULTS.md with the machine and date.
import { cpus } from 'node:os';
import { runScenario } from '../scenarios/runner.ts';
import rustland from '../schedulers/rustland.ts';
import simple from '../schedulers/simple.ts';
import { referenceWorkload } from './referenceWorkload.ts';

const quick = process.argv.includes('--quick');
const json = process.argv.includes('--json');
const durationNs = (quick ? 1 : 10) * 1_000_000_000;
const repeats = quick ? 1 : 3;

const results = [];
for (const scheduler of [simple, rustland, null]) {
  let best = Number.POSITIVE_INFINITY;
  let events = 0;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    const { document } = runScenario({ scenario: referenceWorkload(durationNs), scheduler, seed: 1 });
    const wallNs = Number(process.hrtime.bigint() - start);
    best = Math.min(best, wallNs);
    events = document.events;
  }
  const wallS = best / 1e9;
  results.push({ scheduler: scheduler?.name ?? 'eevdf', simulatedS: durationNs / 1e9, events,
    wallS: Number(wallS.toFixed(3)), eventsPerS: Math.round(events / wallS),
    simulatedSPerWallS: Number((durationNs / 1e9 / wallS).toFixed(2)) });
}
if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpu: cpus()[0]?.model ?? '?', results }, null, 2)}\n`);
} else {
  process.stdout.write(`reference workload: 8 CPUs, 64 tasks, ${durationNs / 1e9} simulated s, best of ${repeats}\n`);
  process.stdout.write(`node ${process.version}, ${cpus()[0]?.model ?? '?'}\n\n`);
  for (const r of results) {
    process.stdout.write(`${r.scheduler.padEnd(8)} ${String(r.events).padStart(10)} trace events  ${r.wallS.toFixed(3)} s wall  ` +
      `${(r.eventsPerS / 1e6).toFixed(2)} M events/s  ${r.simulatedSPerWallS} simulated s per wall s\n`);
  }
}
