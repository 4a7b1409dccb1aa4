// `schedcheck viz [--out DIR]`: for each statechart, its config as JSON (`machine.config`: the literal
// `createMachine` config, so `createMachine(JSON.parse(file))` loads it; guards are named, their code is in
// the machine's file), a Mermaid stateDiagram-v2 file (renders on GitHub), plus one
// offline explorer page (index.html) for all of them, and the coverage report of the shipped scenarios.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageOf } from '../../model/statecharts/coverage.ts';
import { MACHINES } from '../../model/statecharts/machines.ts';
import { EXIT_OK } from '../errors.ts';
import { checkOutputFolder } from '../outputPath.ts';
import { coverageMarkdown, coverageReport } from '../viz/coverageReport.ts';
import { runForCoverage } from '../viz/coverageRun.ts';
import { machineConfigJson } from '../viz/machineJson.ts';
import { toMermaid } from '../viz/mermaid.ts';
import { renderPage } from '../viz/page.ts';
import { buildPageData } from '../viz/pageData.ts';

export interface VizFlags {
  out: string;
  coverage: boolean;
}

export function vizCommand(flags: VizFlags): number {
  const out = flags.out;
  checkOutputFolder('--out', out);
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string): void => {
    writeFileSync(join(out, name), text);
    written.push(join(out, name));
  };
  for (const spec of MACHINES) {
    write(`${spec.name}.json`, machineConfigJson(spec.machine));
    write(`${spec.name}.mmd`, toMermaid(spec.machine));
  }
  let coverage = null;
  if (flags.coverage) {
    const { hits, runs } = runForCoverage();
    coverage = coverageOf(hits);
    const report = coverageReport(coverage, runs);
    write('coverage.json', `${JSON.stringify(report, null, 2)}\n`);
    write('coverage.md', coverageMarkdown(report));
  }
  write('index.html', renderPage(buildPageData(coverage)));
  process.stdout.write(`${written.join('\n')}\n`);
  return EXIT_OK;
}
