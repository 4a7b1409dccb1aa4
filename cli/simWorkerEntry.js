// Worker entry point in plain JavaScript: registers tsx in the worker thread (worker threads do not inherit
// the main thread's loader hooks), then loads the simulation worker: compiled next to this file in a
// package (dist/cli/), TypeScript in a checkout.
import { existsSync } from 'node:fs';
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCjs();
const compiled = new URL('./simWorker.js', import.meta.url);
await import(existsSync(compiled) ? compiled.href : new URL('./simWorker.ts', import.meta.url).href);
