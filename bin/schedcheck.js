#!/usr/bin/env node
// The schedcheck command. It runs the built JavaScript (dist/, from `npm run build`) when that is present
// and not older than the TypeScript sources, so no TypeScript is compiled at start-up (issue 14, item 4);
// otherwise (a checkout without a fresh build) the sources through tsx. Either way tsx also loads a user's
// TypeScript scheduler module without a build step (cli/typescriptLoader.ts registers it when needed).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const source = new URL('cli/main.ts', root);
const built = new URL('dist/cli/main.js', root);
/** The folders and files dist/ is built from (tsconfig.build.json "include"). */
const SOURCES = ['index.ts', 'model', 'schedulers', 'scenarios', 'properties', 'cli'];

/** Newest modification time (ms) under `path`. */
function newestMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMs(`${path}/${name}`));
  return newest;
}

/** dist/ is used in a package (no sources) and in a checkout whose build is newer than every source. */
function useBuilt() {
  if (!existsSync(built)) return false;
  if (!existsSync(source)) return true;
  const builtMs = statSync(built).mtimeMs;
  return SOURCES.every((name) => {
    const path = fileURLToPath(new URL(name, root));
    return !existsSync(path) || newestMs(path) <= builtMs;
  });
}

let entry = built;
if (!useBuilt()) {
  // Both hooks: the sources are ESM; a user's scheduler module may be CommonJS (a folder without "type": "module").
  const [{ register }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  register();
  registerCjs();
  globalThis[Symbol.for('schedcheck.tsxRegistered')] = true;
  entry = source;
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
