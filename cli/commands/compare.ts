// `schedcheck compare`: every starter scenario on `eevdf` and every shipped real
// scheduler, one comparison table. Exit 1 if any run broke its scenario's expectation.
import { STARTER_SCENARIOS } from '../../scenarios/index.ts';
import { realSchedulers } from '../../schedulers/index.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_VIOLATION } from '../errors.ts';
import { formatNs, table } from '../format.ts';
import { runGuarded, wallClockLimitMs } from '../guard.ts';
import { EEVDF, parseSeed } from '../resolve.ts';
import { unexpectedExit } from './run.ts';

export async function compareCommand(flags: { seed: string; json?: boolean }): Promise<number> {
  const seed = parseSeed(flags.seed);
  const schedulers = [EEVDF, ...realSchedulers().map((s) => s.name)];
  const rows: string[][] = [];
  const documents = [];
  let failed = false;
  for (const scenario of STARTER_SCENARIOS) {
    for (const scheduler of schedulers) {
      const reply = await runGuarded({ scheduler, scenario, seed, options: {} }, wallClockLimitMs());
      if (!reply.ok) {
        process.stderr.write(`schedcheck: ${scheduler} on ${scenario.name}: ${reply.message}\n`);
        return reply.kind === 'scheduler' ? EXIT_VIOLATION : EXIT_INTERNAL;
      }
      const d = reply.document;
      const bad = d.violations.length > 0 || unexpectedExit(d, scenario.expect?.exit);
      failed ||= bad;
      documents.push(d);
      rows.push([scenario.name, d.scheduler, d.exits[0]?.kind ?? '-', formatNs(d.metrics.waitP50Ns),
        formatNs(d.metrics.waitP99Ns), formatNs(d.metrics.waitMaxNs), String(d.metrics.switches),
        String(d.metrics.migrations), `${(d.metrics.utilisationPermille / 10).toFixed(1)}%`, bad ? 'FAIL' : 'ok']);
    }
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
  } else {
    process.stdout.write(`schedcheck compare  seed=${seed}  (starter scenarios × eevdf and every shipped scheduler)\n\n`);
    process.stdout.write(`${table(['scenario', 'scheduler', 'exit', 'wait p50', 'wait p99', 'wait max', 'switches',
      'migrations', 'cpu busy', 'verdict'], rows)}\n`);
  }
  return failed ? EXIT_VIOLATION : EXIT_OK;
}
