import { runGenerated } from './cli/campaign/index.ts';
import { findScheduler } from './schedulers/index.ts';
const scheduler = findScheduler('yield_no_charge') ?? null;
const t = Date.now();
const r = runGenerated({ scheduler, schedulerRef: 'yield_no_charge', properties: null, seed: 1, runs: 1000 }, { now: () => Date.now() });
console.log(Date.now() - t, r.failure?.violation.property);
