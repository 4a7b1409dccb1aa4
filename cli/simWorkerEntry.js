// Worker entry point in plain JavaScript: registers tsx in the worker thread, then loads the TypeScript
// simulation worker. Needed because worker threads do not inherit the main thread's loader hooks.
import { register } from 'tsx/esm/api';

register();
await import('./simWorker.ts');
