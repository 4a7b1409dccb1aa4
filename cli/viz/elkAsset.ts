// elkjs (the Eclipse Layout Kernel, as Stately's visualizer uses it) for the explorer page's statechart
// layout, read from node_modules (a pinned dependency) when a page is written, gzipped and base64-encoded
// (1.6 MB of script becomes about 0.64 MB); the page inflates it with DecompressionStream and runs it as an
// inline script (allowed by the page's Content-Security-Policy, which forbids only the network and eval).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

let cached: string | null = null;

/** elk.bundled.js (defines the global `ELK`), gzip then base64. */
export function elkScriptGzBase64(): string {
  if (cached !== null) return cached;
  const here = import.meta.url as string | undefined;
  const require = createRequire(here ?? __filename);
  const source = readFileSync(require.resolve('elkjs/lib/elk.bundled.js'));
  cached = gzipSync(source, { level: 9 }).toString('base64');
  return cached;
}
