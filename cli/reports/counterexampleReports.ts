// `check --perfetto` / `check --html`: a Perfetto trace and an HTML report for each counterexample `check`
// saved, made by replaying it (its scenario, scheduler, kernel seed and properties) in a worker under the
// wall-clock guard. They go to a `reports/` folder beside the counterexamples, named after the file:
// OUT/NAME.json → OUT/reports/NAME.perfetto.json and OUT/reports/NAME.html (a subfolder, because OUT is
// also a regression corpus whose every *.json is read as a scenario).
import { basename, dirname, join } from 'node:path';
import { counterexampleScheduler, type Counterexample } from '../counterexample.ts';
import { runGuarded, wallClockLimitMs } from '../guard.ts';
import { prepareReportFile } from '../outputPath.ts';

export interface CounterexampleReportFlags {
  readonly perfetto?: boolean;
  readonly html?: boolean;
}

/** The report paths of the counterexample saved at `path`. */
export function counterexampleReportPaths(path: string): { perfettoPath: string; htmlPath: string } {
  const dir = join(dirname(path), 'reports');
  const name = basename(path).replace(/\.json$/, '');
  return { perfettoPath: join(dir, `${name}.perfetto.json`), htmlPath: join(dir, `${name}.html`) };
}

/** Writes the requested reports of each saved counterexample; returns one line per file (or failure). */
export async function writeCounterexampleReports(saved: readonly { path: string; ce: Counterexample }[],
  flags: CounterexampleReportFlags): Promise<string[]> {
  if (!flags.perfetto && !flags.html) return [];
  const lines: string[] = [];
  for (const { path, ce } of saved) {
    const paths = counterexampleReportPaths(path);
    if (flags.perfetto) prepareReportFile('--perfetto', paths.perfettoPath);
    if (flags.html) prepareReportFile('--html', paths.htmlPath);
    const reply = await runGuarded({
      scheduler: counterexampleScheduler(ce, path), scenario: ce.scenario, seed: ce.runSeed, options: {}, properties: ce.properties,
      ...(flags.perfetto ? { perfettoPath: paths.perfettoPath } : {}), ...(flags.html ? { htmlPath: paths.htmlPath } : {}),
    }, wallClockLimitMs());
    if (!reply.ok) {
      lines.push(`  no report for ${path}: ${reply.message}`);
      continue;
    }
    if (flags.perfetto) lines.push(`  perfetto: ${paths.perfettoPath}`);
    if (flags.html) lines.push(`  html: ${paths.htmlPath}`);
  }
  return lines;
}
