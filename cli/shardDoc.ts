// What a sharded `check` or `gate` adds to its --json document (key `shard`), and what `schedcheck merge`
// reads back: which shard of how many, the campaign's key (every shard of one campaign must agree on it),
// and per scheduler the raw campaign result with its run records by global index (cli/campaign/types.ts
// RunRecord) and the path of the counterexample the shard saved. From the records alone merge rebuilds the
// unsharded counts, first failure, first inconclusive run and latency sample exactly (cli/merge.ts).
import { readFileSync } from 'node:fs';
import type { CampaignResult } from './campaign/index.ts';
import { UsageError } from './errors.ts';
import type { Shard } from './shard.ts';

export const SHARD_DOC_KIND = 'schedcheck-shard';
export const SHARD_FORMAT_VERSION = 1;

export type ShardedCommand = 'check' | 'gate' | 'mutants';

export interface ShardResult {
  readonly result: CampaignResult;
  /** The counterexample this shard saved for its failure (null: none). */
  readonly saved: string | null;
}

export interface ShardSection {
  readonly kind: typeof SHARD_DOC_KIND;
  readonly formatVersion: number;
  readonly command: ShardedCommand;
  readonly shard: Shard;
  /** The campaign (seed, schedulers, mode, runs, …): equal in every shard of one campaign. */
  readonly campaign: Record<string, unknown>;
  readonly results: readonly ShardResult[];
  /** Command-specific data (gate: the regressions against the baseline found in this shard's runs). */
  readonly extra?: Record<string, unknown>;
}

export function shardSection(command: ShardedCommand, shard: Shard, campaign: Record<string, unknown>,
  rows: readonly { result: CampaignResult; saved: { path: string } | null }[], extra?: Record<string, unknown>): ShardSection {
  return {
    kind: SHARD_DOC_KIND, formatVersion: SHARD_FORMAT_VERSION, command, shard, campaign,
    results: rows.map((r) => ({ result: r.result, saved: r.saved?.path ?? null })), ...(extra ? { extra } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one shard's --json file (one line naming the file and the field otherwise: exit 2). */
export function readShardFile(path: string): ShardSection {
  const fail = (message: string): never => { throw new UsageError(`${path}: ${message}`); };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return fail((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read as JSON: ${text}`);
  }
  const section = isObject(raw) ? raw['shard'] : undefined;
  if (!isObject(section)) return fail('shard: missing (not the --json output of check, gate or mutants with --shard K/N)');
  if (section['kind'] !== SHARD_DOC_KIND) return fail(`shard.kind: expected "${SHARD_DOC_KIND}"`);
  if (section['formatVersion'] !== SHARD_FORMAT_VERSION) {
    return fail(`shard.formatVersion: expected ${SHARD_FORMAT_VERSION}, got ${JSON.stringify(section['formatVersion'])}`);
  }
  if (section['command'] !== 'check' && section['command'] !== 'gate' && section['command'] !== 'mutants') {
    return fail('shard.command: expected "check", "gate" or "mutants"');
  }
  const shard = section['shard'];
  if (!isObject(shard) || !Number.isSafeInteger(shard['index']) || !Number.isSafeInteger(shard['count']) ||
    (shard['count'] as number) < 1 || (shard['index'] as number) < 1 || (shard['index'] as number) > (shard['count'] as number)) {
    return fail('shard.shard: expected {index, count} with 1 <= index <= count');
  }
  if (!isObject(section['campaign'])) return fail('shard.campaign: expected an object');
  const results = section['results'];
  const wellFormed = (r: unknown): boolean => {
    const result = isObject(r) ? r['result'] : undefined;
    return isObject(result) && typeof result['scheduler'] === 'string' && typeof result['mode'] === 'string' &&
      (result['records'] === undefined || Array.isArray(result['records']));
  };
  if (!Array.isArray(results) || !results.every(wellFormed)) return fail('shard.results: expected [{result: {scheduler, mode, records, …}, saved}]');
  return section as unknown as ShardSection;
}
