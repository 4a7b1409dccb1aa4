// `schedcheck list`: the shipped schedulers (with `eevdf`), scenarios and properties.
import { PROPERTIES } from '../../properties/index.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { SCHEDULERS } from '../../schedulers/index.ts';
import { EXIT_OK } from '../errors.ts';
import { table } from '../format.ts';
import { EEVDF } from '../resolve.ts';

export function listCommand(flags: { json?: boolean }): number {
  const schedulers = [
    { name: EEVDF, description: 'no sched_ext scheduler: the fair class (EEVDF) alone, the baseline', canary: false, options: {} },
    ...SCHEDULERS.map((s) => ({ name: s.name, description: s.description, canary: s.canary === true, options: s.options })),
  ];
  const scenarios = SCENARIOS.map((s) => ({ name: s.name, description: s.description }));
  const properties = PROPERTIES.map((p) => ({ name: p.name, kind: p.kind, appliesTo: p.appliesTo, description: p.description,
    ...(p.bound ? { bound: p.bound } : {}) }));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ schedulers, scenarios, properties }, null, 2)}\n`);
    return EXIT_OK;
  }
  const out = [
    'Schedulers',
    table(['name', 'kind', 'description'], schedulers.map((s) => [s.name, s.canary ? 'canary' : 'real', s.description])),
    '',
    'Scenarios',
    table(['name', 'description'], scenarios.map((s) => [s.name, s.description])),
    '',
    'Properties',
    table(['name', 'kind', 'judges', 'description'], properties.map((p) => [p.name, p.kind, p.appliesTo.join(','), p.description])),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT_OK;
}
