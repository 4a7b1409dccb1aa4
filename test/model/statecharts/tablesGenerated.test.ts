// Goal: the committed tables.generated.ts (what the checker steps, issue 14 item 4) is exactly what the
// machines derive today, so it can never go stale. Method: derive the tables from the XState machines in
// this process, render them as the generate script would, and compare with the committed file byte for byte
// and with machineTables() field by field. On failure: `npm run generate:tables`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveMachineTables, machineTables } from '../../../model/statecharts/machines.ts';
import { GENERATED_TABLES_URL, renderTablesModule } from '../../../scripts/generate-tables.ts';

describe('generated statechart tables', () => {
  const derived = deriveMachineTables();

  it('should equal the tables derived from the machines now (else: npm run generate:tables)', () => {
    expect(machineTables()).toEqual(derived);
  });

  it('should be the bytes the generate script writes', () => {
    expect(readFileSync(GENERATED_TABLES_URL, 'utf8')).toBe(renderTablesModule(derived));
  });
});
