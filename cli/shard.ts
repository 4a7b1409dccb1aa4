// `--shard K/N` (issue 12, item 6): how a campaign is split across CI runners. Every run of a campaign has a
// global index (its place in the unsharded campaign: fast-check's run number, or the position in the
// scenario list); run i belongs to shard (i mod N) + 1, so every run is in exactly one shard, the shards
// are balanced to within one run, and which shard runs what never depends on the machine. Reusable by any
// command whose work is a list of numbered jobs (`check`, `gate`, `mutants`): parse the flag with
// `parseShard`, keep job i when `inShard(i, shard)`.
import { UsageError } from './errors.ts';

/** Shard K of N (1 ≤ K ≤ N). */
export interface Shard {
  /** K: which shard, counted from 1. */
  readonly index: number;
  /** N: how many shards. */
  readonly count: number;
}

/** Most shards (a CI matrix bigger than this is surely a typo). */
export const SHARDS_MAX = 1024;

/** Parses `K/N` (one line naming the option and the value otherwise: exit 2). */
export function parseShard(text: string, option = '--shard'): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match === null) throw new UsageError(`${option}: expected K/N (shard K of N, e.g. 1/4), got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > SHARDS_MAX) throw new UsageError(`${option}: N must be between 1 and ${SHARDS_MAX}, got "${text}"`);
  if (index < 1 || index > count) throw new UsageError(`${option}: K must be between 1 and N (${count}), got "${text}"`);
  return { index, count };
}

/** Whether job `jobIndex` (0-based, its place in the unsharded order) belongs to `shard` (null: no sharding). */
export function inShard(jobIndex: number, shard: Shard | null | undefined): boolean {
  return shard == null || jobIndex % shard.count === shard.index - 1;
}

/** `K/N`, as the flag takes it. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
