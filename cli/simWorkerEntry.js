// Worker entry point in plain JavaScript: registers tsx in the worker thread, then loads the TypeScript
// simulation worker. Needed because worker threads do not inherit the main thread's loader hooks.
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

// Both hooks: a user's scheduler module may be ESM or CommonJS (a folder without "type": "module").
register();
registerCjs();
await import('./simWorker.ts');
