// Worker entry point in plain JavaScript: loads the worker module named in workerData.entry — `simWorker`
// (one simulation, the default) or `checkWorker` (check jobs) — compiled next to this file when the main
// thread runs built JavaScript (dist/cli/), else the TypeScript beside it, for which it first registers tsx
// in this thread (worker threads do not inherit the main thread's loader hooks). A user's TypeScript
// scheduler gets tsx on demand either way (cli/typescriptLoader.ts).
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const entry = workerData && workerData.entry === 'checkWorker' ? 'checkWorker' : 'simWorker';
const compiled = new URL(`./${entry}.js`, import.meta.url);
if (!existsSync(compiled)) {
  const [{ register }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  register();
  registerCjs();
  globalThis[Symbol.for('schedcheck.tsxRegistered')] = true;
}
await import(existsSync(compiled) ? compiled.href : new URL(`./${entry}.ts`, import.meta.url).href);
