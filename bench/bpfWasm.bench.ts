// Events per second of a BPF C scheduler compiled to WebAssembly (examples/bpf/vtime.wasm, scx_simple's
// policy) against the TypeScript `simple` on the reference workload, in one process, alternating A/B so
// machine load affects both alike. Reports the ratio (`npx tsx bench/bpfWasm.bench.ts [seconds]`).
import { loadBpfScheduler } from '../bpf/loader.ts';
import { NS_PER_SEC } from '../model/kernel/constants.ts';
import type { SchedulerDefinition } from '../model/kernel/ops.ts';
import { runScenario } from '../scenarios/runner.ts';
import simple from '../schedulers/simple.ts';
import { referenceWorkload } from './referenceWorkload.ts';

const seconds = Number(process.argv[2] ?? 2);
const scenario = referenceWorkload(seconds * NS_PER_SEC);
const wasm = loadBpfScheduler(new URL('../examples/bpf/vtime.wasm', import.meta.url).pathname);

function measure(def: SchedulerDefinition): { events: number; ms: number; hash: string } {
  const start = performance.now();
  const out = runScenario({ scenario, scheduler: def, seed: 1 });
  return { events: out.document.events, ms: performance.now() - start, hash: out.document.traceHash };
}

measure(simple);
measure(wasm); // warm-up
const totals = { ts: { events: 0, ms: 0 }, wasm: { events: 0, ms: 0 } };
for (let round = 0; round < 3; round++) {
  for (const [key, def] of [['ts', simple], ['wasm', wasm]] as const) {
    const r = measure(def);
    totals[key].events += r.events;
    totals[key].ms += r.ms;
  }
}
const rate = (t: { events: number; ms: number }): number => Math.round(t.events / (t.ms / 1000));
const ts = rate(totals.ts);
const bpf = rate(totals.wasm);
console.log(`reference workload, ${seconds} simulated s, 3 rounds each, one process`);
console.log(`TypeScript simple:          ${ts.toLocaleString('en')} events/s`);
console.log(`WebAssembly vtime (.bpf.c): ${bpf.toLocaleString('en')} events/s`);
console.log(`ratio wasm / TypeScript:    ${(bpf / ts).toFixed(2)}`);
