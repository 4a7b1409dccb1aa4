// `npm run bench` (bench/suite.ts): throughput with and without checks on the reference workloads next to
// the JS ceiling, CLI start-up, campaign throughput and overhead, multi-worker scaling, canaries.
//   npm run bench                    full profile (several minutes; what bench/RESULTS.md records)
//   npm run bench -- --quick         shorter runs, fewer rounds
//   npm run bench -- --smoke         tiny runs, no CLI spawned (the shape test: test/bench/bench.test.ts)
//   npm run bench -- --growth        add the growth curves (2 → 256 CPUs, 64 → 4096 tasks; long)
//   npm run bench -- --json          one JSON document on stdout (progress on stderr)
// A benchmark, not a timed test: record its figures in bench/RESULTS.md with the machine and date.
import { fileURLToPath } from 'node:url';
import { type BenchReport, PROFILES, runBench } from './suite.ts';

function mps(x: number): string {
  return `${(x / 1e6).toFixed(2)} M/s`;
}

export function reportText(r: BenchReport): string {
  const lines = [`schedcheck bench (${r.profile}), ${r.date}, node ${r.node}, ${r.cpu} × ${r.cores}`, ''];
  lines.push('throughput (trace events per wall second; ratios are wall time ÷ bare; ceiling: bench/ceiling.ts)');
  lines.push('scheduler  workload         events     all checks  bare        checks  conf.   monitors  ceiling     bare/ceiling  peak heap');
  for (const t of r.results) {
    lines.push(`${t.scheduler.padEnd(10)} ${t.workload.padEnd(16)} ${String(t.events).padStart(9)}  ${mps(t.eventsPerS).padEnd(10)}  ` +
      `${mps(t.bareEventsPerS).padEnd(10)}  ${t.checksRatio.toFixed(2).padStart(5)}×  ${t.conformanceRatio.toFixed(2)}×  ` +
      `${t.monitorsRatio.toFixed(2)}×     ${mps(t.ceilingEventsPerS).padEnd(10)}  ${t.ceilingFraction.toFixed(3).padStart(12)}  ${t.peakHeapMb.toFixed(1)} MB`);
  }
  if (r.startup.length > 0) {
    lines.push('', 'CLI start-up (best wall time)');
    for (const s of r.startup) lines.push(`  ${s.command.padEnd(56)} ${s.wallS.toFixed(3)} s  exit ${s.exitCode}${s.dist ? '  (dist/ present)' : ''}`);
  }
  lines.push('', 'campaigns in process (one thread, seed 1)');
  for (const c of r.campaigns) lines.push(`  ${c.scheduler.padEnd(10)} ${c.runs} runs in ${c.elapsedS.toFixed(2)} s: ${c.runsPerS.toFixed(1)} runs/s`);
  if (r.campaignOverhead) {
    const o = r.campaignOverhead;
    lines.push('', `campaign overhead: check --scheduler ${o.scheduler} --runs ${o.runs} --workers 1: ${o.wallS.toFixed(2)} s wall; ` +
      `start-up ${o.startupS.toFixed(2)} s (${(100 * o.startupShare).toFixed(1)} %), per-run setup ${o.runSetupMs.toFixed(3)} ms × ${o.runs} ` +
      `(${(100 * o.runSetupShare).toFixed(1)} %): ${(100 * o.overheadShare).toFixed(1)} % together${o.failed ? ' (the campaign FAILED: shrinking included)' : ''}`);
  }
  if (r.workerScaling.length > 0) {
    lines.push('', `workers: check --scheduler ${r.workerScaling[0]?.scheduler ?? ''} --seed 1 (same report on every worker count?)`);
    for (const w of r.workerScaling) {
      lines.push(`  ${w.runs} runs on ${w.workers} worker(s): ${w.wallS.toFixed(2)} s wall (${w.speedup.toFixed(2)}×), campaign ` +
        `${w.campaignS.toFixed(2)} s (${w.campaignSpeedup.toFixed(2)}×), same report: ${w.sameReport ? 'yes' : 'NO'}${w.failed ? ' (FAILED: shrinking included)' : ''}`);
    }
  }
  lines.push('', 'canaries (seed 1): runs and time to the first failure');
  for (const c of r.canaries) {
    lines.push(`  ${c.scheduler.padEnd(18)} ${c.found ? `${c.property} after ${c.runsToFailure} run(s), ${c.timeToFailureS?.toFixed(2)} s`
      : `not found in ${c.runsPlanned} runs`}`);
  }
  if (r.growth) {
    lines.push('', 'growth, scx_simple (wall ns per trace event)');
    for (const g of r.growth) {
      lines.push(`  ${g.series.padEnd(5)} ${String(g.cpus).padStart(3)} CPUs ${String(g.tasks).padStart(5)} tasks  ${String(g.events).padStart(9)} events  ` +
        `bare ${g.bareNsPerEvent} ns  all checks ${g.nsPerEvent} ns  peak heap ${g.peakHeapMb.toFixed(1)} MB`);
    }
  }
  lines.push('', `max RSS ${r.maxRssMb.toFixed(0)} MB`);
  return `${lines.join('\n')}\n`;
}

/** Runs the bench as the command line asks (argv without node and the script); returns the report. */
export function benchMain(argv: readonly string[], write: (text: string) => void = (t) => process.stdout.write(t)): BenchReport {
  const profile = argv.includes('--smoke') ? PROFILES.smoke : argv.includes('--quick') ? PROFILES.quick : PROFILES.full;
  const report = runBench({ profile, growth: argv.includes('--growth'), log: (line) => process.stderr.write(`bench: ${line}\n`) });
  write(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  return report;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) benchMain(process.argv.slice(2));
