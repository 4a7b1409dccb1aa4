// `schedcheck merge` of gate shards: the campaign results merged as for `check` (cli/merge.ts), each
// scheduler's regressions gathered from the shards that ran the regressing runs (each shard compared its
// own runs with the baseline), in run order; then the gate's verdict, summary, document and JUnit file.
import type { MergeFlags } from '../commands/merge.ts';
import { counterexampleOf, CHECK_OUT_DEFAULT, verdictOf } from '../commands/check.ts';
import { report } from '../commands/gate.ts';
import { writeCounterexample } from '../counterexample.ts';
import { mergeShards } from '../merge.ts';
import type { ShardSection } from '../shardDoc.ts';
import type { Regression } from './baseline.ts';
import { type GateRow, gateExitCode } from './report.ts';

export function mergeGateShards(shards: readonly ShardSection[], flags: MergeFlags): number {
  const first = shards[0] as ShardSection;
  const extra = (s: ShardSection): { regressions: Regression[][]; baselines: string[] } =>
    (s.extra ?? { regressions: [], baselines: [] }) as { regressions: Regression[][]; baselines: string[] };
  const rows = mergeShards(shards).map(({ result }, i): GateRow => {
    const ce = counterexampleOf(result, null);
    const regressions = shards.flatMap((s) => extra(s).regressions[i] ?? []).sort((a, b) => a.index - b.index);
    return { result, verdict: verdictOf(result), baselineFile: extra(first).baselines[i] ?? '', regressions,
      saved: ce === null ? null : { path: writeCounterexample(flags.out ?? CHECK_OUT_DEFAULT, ce), ce } };
  });
  const totalMs = Math.max(0, ...rows.map((r) => r.result.timing.elapsedMs));
  return report(rows, gateExitCode(rows), [], flags, (first.campaign as { corpusVersion: number }).corpusVersion, totalMs, null);
}
