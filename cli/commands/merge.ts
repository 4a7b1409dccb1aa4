// `schedcheck merge FILE… [--json] [--junit FILE]`: the --json documents of every shard of one sharded
// `check` or `gate` (`--shard K/N`, cli/shard.ts) combined into the verdict, counts, exit code, summary and
// JUnit file of the unsharded run (cli/merge.ts says how, exactly). The shards must be 1..N of one campaign
// (same seed, schedulers, mode, runs…), each exactly once: otherwise exit 2, one line naming the file.
// Counterexamples are written into --out (default schedcheck-out) as the unsharded check writes them.
import type { CampaignResult } from '../campaign/index.ts';
import { checkJUnitCases } from '../checkJUnit.ts';
import { writeJUnit } from '../junit.ts';
import { checkShardSet, mergeShards } from '../merge.ts';
import { checkOutputFile } from '../outputPath.ts';
import { readShardFile, type ShardSection } from '../shardDoc.ts';
import { writeCounterexample } from '../counterexample.ts';
import { CHECK_OUT_DEFAULT, counterexampleOf, exitCodeOf, jsonDocument, type PlanFacts, type Row, summaryText, verdictOf } from './check.ts';

export interface MergeFlags {
  json?: boolean;
  junit?: string;
  out?: string;
}

/** The plan facts the reports need, from the shards' campaign key (cli/commands/check.ts planKey). */
function planFacts(section: ShardSection, shards: number): PlanFacts {
  const c = section.campaign as { seed: number; seedGiven: boolean; budgetMs: number | null; properties: string[] | null; mode: CampaignResult['mode'] };
  return { seed: c.seed, seedGiven: c.seedGiven, budgetMs: c.budgetMs, properties: c.properties, workers: shards, jobs: [{ mode: c.mode }] };
}

/**
 * The merged rows of check shards. Each failure's counterexample is written again into `out` (where the
 * unsharded check writes it, under the same name): shards run side by side in one folder may have
 * overwritten it with a later failure of theirs, and in CI each shard's folder is on another runner.
 */
export function mergedCheckRows(shards: readonly ShardSection[], out: string): { facts: PlanFacts; rows: Row[] } {
  const facts = planFacts(shards[0] as ShardSection, shards.length);
  const rows = mergeShards(shards).map(({ result }): Row => {
    const ce = counterexampleOf(result, facts.properties);
    return { result, verdict: verdictOf(result), saved: ce === null ? null : { path: writeCounterexample(out, ce), ce } };
  });
  return { facts, rows };
}

/** Mutant shards hold whole mutants' campaigns: the merged matrix is their rows in catalogue order. */
async function mergeMutantShards(shards: readonly ShardSection[], flags: MergeFlags): Promise<number> {
  const { mutantRows, reportMutants } = await import('./mutants.ts');
  const { rows, internal } = mutantRows(shards.flatMap((s) => s.results.map((r) => r.result)));
  const c = (shards[0] as ShardSection).campaign as { seed: number; runs: number };
  if (!flags.json) process.stdout.write(`schedcheck merge: ${shards.length} shards of mutants, seed ${c.seed}\n`);
  return reportMutants(rows, internal, { seed: c.seed, runs: c.runs, mutants: rows.length }, flags, {});
}

export async function mergeCommand(files: readonly string[], flags: MergeFlags): Promise<number> {
  if (flags.junit !== undefined) checkOutputFile('--junit', flags.junit);
  const shards = checkShardSet(files.map((file) => ({ file, section: readShardFile(file) })));
  if ((shards[0] as ShardSection).command === 'gate') return (await import('../gate/merge.ts')).mergeGateShards(shards, flags);
  if ((shards[0] as ShardSection).command === 'mutants') return mergeMutantShards(shards, flags);
  const { facts, rows } = mergedCheckRows(shards, flags.out ?? CHECK_OUT_DEFAULT);
  const code = exitCodeOf(rows);
  if (flags.junit !== undefined) writeJUnit(flags.junit, 'schedcheck check', checkJUnitCases(rows));
  const totalMs = Math.max(0, ...rows.map((r) => r.result.timing.elapsedMs));
  if (flags.json) process.stdout.write(`${JSON.stringify(jsonDocument(facts, rows, code, totalMs), null, 2)}\n`);
  else process.stdout.write(`schedcheck merge: ${shards.length} shards of check, seed ${facts.seed}\n${summaryText(facts, rows)}\n`);
  return code;
}
