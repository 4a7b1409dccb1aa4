// Loading a user's TypeScript module from compiled schedcheck (dist/): the CLI and its workers run built
// JavaScript where it is present (issue 14, item 4: no tsx start-up for shipped code), so tsx is registered
// only when a user's `.ts` module is about to be imported, once per thread. From the TypeScript sources
// (a checkout without dist/, or vitest) the running loader already handles TypeScript.

/** Set on globalThis by whoever registered tsx in this thread (bin/schedcheck.js, cli/simWorkerEntry.js). */
const REGISTERED = Symbol.for('schedcheck.tsxRegistered');

/** A path whose module needs a TypeScript loader. */
export function isTypeScriptPath(path: string): boolean {
  return /\.(ts|mts|cts|tsx)$/.test(path);
}

/** Registers tsx's ESM and CommonJS hooks in this thread unless TypeScript already loads here. */
export async function ensureTypeScriptLoader(): Promise<void> {
  const flags = globalThis as Record<symbol, unknown>;
  // Running from sources means a TypeScript loader is in place already (this very file is .ts).
  const here = (import.meta as { url?: string }).url;
  if (flags[REGISTERED] === true || (here !== undefined && here.endsWith('.ts'))) return;
  flags[REGISTERED] = true;
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register();
  cjs.register();
}
