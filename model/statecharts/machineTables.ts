// The statecharts' transition tables as the checker steps them, without loading XState: the tables are
// derived from the machines at build time (scripts/generate-tables.ts, `npm run generate:tables`) and
// committed as tables.generated.ts, so a process (the CLI, every check worker) skips the 0.8–1.9 s
// derivation (performance review §4, "Start-up"). test/model/statecharts/tablesGenerated.test.ts
// re-derives them from the machines and fails when the committed file is stale.
import type { MachineTable } from './table.ts';
import { GENERATED_TABLES } from './tables.generated.ts';

/** The tables the checker steps. */
export interface MachineTables {
  readonly taskLifecycle: MachineTable;
  readonly opsOwnership: MachineTable;
  readonly scheduler: MachineTable;
  readonly handoff: MachineTable;
}

/** The tables, as derived from the machines at build time (one shared object per process). */
export function machineTables(): MachineTables {
  return GENERATED_TABLES;
}
