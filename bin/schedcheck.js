#!/usr/bin/env node
// The schedcheck command: loads the TypeScript CLI through tsx, so no build step is needed.
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

// Both hooks: a user's scheduler module may be ESM or CommonJS (a folder without "type": "module").
register();
registerCjs();
await import('../cli/main.ts');
