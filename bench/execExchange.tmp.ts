// throwaway: cost per exchange, A/B in one process
import { execScheduler } from '../exec/define.ts';
import { tapExec } from '../exec/bridge.ts';
import { runScenario } from '../scenarios/runner.ts';
import { findScenario } from '../scenarios/index.ts';
import rlfifo from '../schedulers/rlfifo.ts';
const sc = findScenario('mixed-basic')!;
const cmd = process.argv[2] ?? 'node examples/exec/client.mjs rlfifo';
const ex = execScheduler(cmd);
let n = 0; let bytes = 0;
tapExec((d, l) => { if (d === 'to-client' && l.startsWith('{"type":"schedule"')) n++; bytes += l.length; });
for (let i = 0; i < 3; i++) {
  n = 0; bytes = 0;
  let t = performance.now();
  const a = runScenario({ scenario: sc, scheduler: rlfifo, seed: 1 }).document;
  const ta = performance.now() - t; t = performance.now();
  const b = runScenario({ scenario: sc, scheduler: ex, seed: 1 }).document;
  const tb = performance.now() - t;
  console.log(`in-process ${ta.toFixed(0)} ms, exec ${tb.toFixed(0)} ms, ${n} exchanges, ${(bytes/n/2).toFixed(0)} B/msg avg, extra ${((tb-ta)/n*1000).toFixed(1)} us/exchange, ratio ${(tb/ta).toFixed(2)}, same=${a.traceHash===b.traceHash}`);
}
