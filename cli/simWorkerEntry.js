// Worker entry point in plain JavaScript: registers tsx in the worker thread (worker threads do not inherit
// the main thread's loader hooks), then loads the worker module named in workerData.entry — `simWorker`
// (one simulation, the default) or `checkWorker` (a check job) — compiled next to this file in a package
// (dist/cli/), TypeScript in a checkout.
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCjs();
const entry = workerData && workerData.entry === 'checkWorker' ? 'checkWorker' : 'simWorker';
const compiled = new URL(`./${entry}.js`, import.meta.url);
await import(existsSync(compiled) ? compiled.href : new URL(`./${entry}.ts`, import.meta.url).href);
