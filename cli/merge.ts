// Combining shards (issue 12, item 6): the campaign results of one scheduler from every shard of a sharded
// `check` or `gate` become the result the unsharded campaign gives, exactly. Each shard records its runs by
// global index (cli/campaign/types.ts RunRecord) and stops at its own first failure only. So:
// - the first failure of all is the failing record with the lowest index; a generated campaign stops at
//   its first failure, so only the runs before it (and it) count, as unsharded; a scenario campaign runs
//   every run and counts them all;
// - the failure itself (shrunk, with its counterexample) is that of the shard that ran that run: the search
//   ran the same case at the same index, and shrinking depends only on the case;
// - the first inconclusive run is the lowest-index inconclusive record;
// - the wait-latency sample is the first EEVDF_SAMPLE_RUNS sampled records by index: each shard samples its
//   own first passing runs, and the first ones of all are among them.
// A result without records (a shard whose scheduler hung: the guard ended the job) is taken as it is: the
// merged verdict is still a failure, but its counts are that shard's.
import { EEVDF_SAMPLE_RUNS, type CampaignResult, type RunRecord } from './campaign/index.ts';
import { Latency } from './campaign/tally.ts';
import { UsageError } from './errors.ts';
import type { ShardResult, ShardSection } from './shardDoc.ts';

/** Checks that the shards are exactly shards 1..N of one campaign, and returns them in shard order. */
export function checkShardSet(sections: readonly { file: string; section: ShardSection }[]): ShardSection[] {
  const first = sections[0];
  if (first === undefined) throw new UsageError('merge: expected the --json files of every shard');
  const count = first.section.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, section } of sections) {
    if (section.command !== first.section.command) {
      throw new UsageError(`${file}: shard.command: ${section.command}, but ${first.file} is a ${first.section.command} shard`);
    }
    if (section.shard.count !== count) throw new UsageError(`${file}: shard.shard: shard of ${section.shard.count}, but ${first.file} is one of ${count}`);
    if (JSON.stringify(section.campaign) !== JSON.stringify(first.section.campaign)) {
      const key = Object.keys(section.campaign).find((k) => JSON.stringify(section.campaign[k]) !== JSON.stringify(first.section.campaign[k])) ??
        Object.keys(first.section.campaign).find((k) => !(k in section.campaign)) ?? '?';
      throw new UsageError(`${file}: shard.campaign.${key}: differs from ${first.file} (shards of different campaigns)`);
    }
    const twin = byIndex.get(section.shard.index);
    if (twin !== undefined) throw new UsageError(`${file}: shard ${section.shard.index}/${count} given twice (also ${twin})`);
    byIndex.set(section.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new UsageError(`merge: shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
  return [...sections].sort((a, b) => a.section.shard.index - b.section.shard.index).map((s) => s.section);
}

function firstIndex(records: readonly RunRecord[] | undefined, outcome: RunRecord['outcome']): number {
  return records?.find((r) => r.outcome === outcome)?.index ?? Number.POSITIVE_INFINITY;
}

/** One scheduler's results from every shard → the unsharded result (and the counterexample path saved for it). */
export function mergeResults(parts: readonly ShardResult[]): ShardResult {
  const unrecorded = parts.find((p) => p.result.records === undefined);
  if (unrecorded !== undefined) return unrecorded;
  const first = parts[0];
  if (first === undefined) throw new UsageError('merge: no results');
  const all = parts.flatMap((p) => p.result.records ?? []).sort((a, b) => a.index - b.index);
  const failAt = Math.min(...parts.map((p) => firstIndex(p.result.records, 'fail')));
  const cutoff = first.result.mode === 'generated' ? failAt + 1 : Number.POSITIVE_INFINITY;
  const records = all.filter((r) => r.index < cutoff);
  const budgetExhausted = parts.some((p) => p.result.budgetExhausted);
  if (!budgetExhausted && records.some((r, i) => r.index !== i)) {
    throw new UsageError(`merge: ${first.result.scheduler}: run ${records.findIndex((r, i) => r.index !== i)} is in no shard's records (shards of different campaigns?)`);
  }
  const failing = parts.find((p) => p.result.failure !== null && firstIndex(p.result.records, 'fail') === failAt);
  const undecidedAt = Math.min(...records.filter((r) => r.outcome === 'inconclusive').map((r) => r.index));
  const undecided = parts.find((p) => firstIndex(p.result.records, 'inconclusive') === undecidedAt);
  const own = new Latency();
  const eevdf = new Latency();
  for (const r of records.filter((x) => x.sample !== undefined).slice(0, EEVDF_SAMPLE_RUNS)) {
    own.addSample(r.sample?.own as NonNullable<RunRecord['sample']>['own']);
    eevdf.addSample(r.sample?.eevdf as NonNullable<RunRecord['sample']>['eevdf']);
  }
  const count = (outcome: RunRecord['outcome']): number => records.filter((r) => r.outcome === outcome).length;
  const f = failing?.result.failure ?? null;
  const result: CampaignResult = {
    scheduler: first.result.scheduler, mode: first.result.mode, runsPlanned: first.result.runsPlanned, runs: records.length,
    budgetExhausted, passed: count('pass'), expectedViolations: count('expected'), failed: count('fail'), inconclusive: count('inconclusive'),
    firstInconclusive: undecided?.result.firstInconclusive ?? null,
    failure: f === null ? null : { ...f, runsBefore: failAt },
    properties: first.result.properties, latency: own.figures(), eevdf: eevdf.runs > 0 ? eevdf.figures() : null,
    ...(first.result.knownLimits !== undefined ? { knownLimits: first.result.knownLimits } : {}),
    timing: {
      elapsedMs: Math.max(...parts.map((p) => p.result.timing.elapsedMs)),
      beforeFailureMs: failing?.result.timing.beforeFailureMs ?? null, shrinkMs: failing?.result.timing.shrinkMs ?? null,
    },
    records,
  };
  return { result, saved: failing?.saved ?? null };
}

/** Every scheduler's merged result, in the shards' scheduler order. */
export function mergeShards(shards: readonly ShardSection[]): ShardResult[] {
  const schedulers = shards[0]?.results.map((r) => r.result.scheduler) ?? [];
  return schedulers.map((scheduler) => mergeResults(shards.map((s) => {
    const part = s.results.find((r) => r.result.scheduler === scheduler);
    if (part === undefined) throw new UsageError(`merge: shard ${s.shard.index}/${s.shard.count} has no result for ${scheduler}`);
    return part;
  })));
}
