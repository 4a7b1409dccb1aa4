import fc from 'fast-check';
import { caseArb, generatorOptionsFor, cpuCount } from './scenarios/arbitraries/index.ts';
import { defineScheduler } from './model/kernel/ops.ts';
import { SCX_SLICE_DFL } from './model/kernel/constants.ts';
import { runGenerated } from './cli/campaign/index.ts';
import { mergeResults } from './cli/merge.ts';
const canary = defineScheduler({ kind: 'sched_ext', name: 'no4', description: 'x', options: {}, create: () => ({
  name: 'no4',
  init: (ctx) => { if (ctx.nrCpuIds() >= 4) ctx.error('four CPUs'); ctx.createDsq(0, -1); },
  enqueue: (ctx, p, f) => ctx.dsqInsert(p, 0, SCX_SLICE_DFL, f),
  dispatch: (ctx) => { ctx.dsqMoveToLocal(0); },
}) });
const arb = caseArb(generatorOptionsFor(canary, { knownLimits: true }));
for (let seed = 1; seed <= 12; seed++) {
  const cases = fc.sample(arb, { seed, numRuns: 12 });
  console.log(seed, cases.map((c) => cpuCount(c.scenario.topology) >= 4 ? 'F' : '.').join(''));
}
let t = Date.now();
const opts = { scheduler: canary, schedulerRef: 'no4', properties: null, seed: 3, runs: 12 };
const single = runGenerated(opts, { now: () => 0 });
console.log('single', Date.now() - t, single.runs, single.failure?.runsBefore, single.failure?.violation.property, single.failure?.shrinks);
t = Date.now();
const parts = [1,2,3,4].map((index) => ({ result: runGenerated({ ...opts, shard: { index, count: 4 } }, { now: () => 0 }), saved: null }));
console.log('shards', Date.now() - t, parts.map((p) => `${p.result.runs}/${p.result.failure?.runsBefore}`));
const m = mergeResults(parts).result;
const strip = ({ timing, ...r }: any) => JSON.stringify(r);
console.log(strip(m) === strip(single));
