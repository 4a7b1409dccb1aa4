// Builds the package for `npm pack`/publish: ES modules and type declarations with tsc (dist/), a CommonJS
// bundle of the public API with esbuild (dist/index.cjs, for TypeScript files that Node treats as CommonJS,
// e.g. a scheduler in a folder without "type": "module"), the worker entry the CLI spawns, and the scenario
// JSON Schema (scenario.schema.json) that scenario files can name in "$schema".
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
await build({
  entryPoints: ['index.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  outfile: 'dist/index.cjs', packages: 'external', logLevel: 'warning',
  // No import.meta in CommonJS: cli/guard.ts then finds the worker entry from __dirname (dist/cli/).
  define: { 'import.meta.url': 'undefined' },
});
copyFileSync('cli/simWorkerEntry.js', 'dist/cli/simWorkerEntry.js');
copyFileSync('exec/bridgeWorker.mjs', 'dist/exec/bridgeWorker.mjs');
const { scenarioJsonSchema } = await import('../dist/scenarios/schema.js');
writeFileSync('scenario.schema.json', `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
