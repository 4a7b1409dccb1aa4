#!/usr/bin/env node
// The schedcheck command. tsx is registered first so a user's TypeScript scheduler module loads without a
// build step; the CLI itself runs from the TypeScript sources in a checkout, or from dist/ in a package.
import { existsSync } from 'node:fs';
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

// Both hooks: a user's scheduler module may be ESM or CommonJS (a folder without "type": "module").
register();
registerCjs();
const source = new URL('../cli/main.ts', import.meta.url);
const { main } = await import(existsSync(source) ? source.href : new URL('../dist/cli/main.js', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
