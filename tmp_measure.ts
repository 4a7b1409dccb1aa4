import { ExecChild } from './exec/bridge.ts';
import { execScheduler } from './exec/define.ts';
import { tapExec } from './exec/bridge.ts';
import { runScenario } from './scenarios/runner.ts';
import { findScenario } from './scenarios/index.ts';
import rlfifo from './schedulers/rlfifo.ts';
const c = new ExecChild('node /tmp/echo.mjs', 10000);
const msg = JSON.stringify({ type: 'schedule', seq: 1, now_ns: 123456789, dispatch_slots: 4096, counters: { nr_queued: 1 }, queued: [{ pid: 3, cpu: 1, nr_cpus_allowed: 4, flags: 1, start_ts: 1, stop_ts: 2, exec_runtime: 3, weight: 100, vtime: 0, enq_cnt: 4, comm: 'ui' }] });
const rt: number[] = [];
for (let r = 0; r < 5; r++) { const t = performance.now(); for (let i = 0; i < 2000; i++) { c.send(msg); c.receive(10000); } rt.push((performance.now() - t) / 2000 * 1000); }
c.kill();
console.log('raw round trip us (5 x 2000):', rt.map((x) => x.toFixed(1)).join(' '));
const sc = findScenario('mixed-basic')!;
const ex = execScheduler('node examples/exec/client.mjs rlfifo');
let n = 0; tapExec((d, l) => { if (d === 'to-client' && l.startsWith('{"type":"schedule"')) n++; });
const per: string[] = []; const ratios: string[] = [];
runScenario({ scenario: sc, scheduler: rlfifo, seed: 1 });
for (let i = 0; i < 4; i++) {
  n = 0;
  let t = performance.now(); runScenario({ scenario: sc, scheduler: rlfifo, seed: 1 }); const ta = performance.now() - t;
  t = performance.now(); runScenario({ scenario: sc, scheduler: ex, seed: 1 }); const tb = performance.now() - t;
  per.push(((tb - ta) / n * 1000).toFixed(0)); ratios.push((tb / ta).toFixed(2));
}
console.log(`mixed-basic: ${n} exchanges; extra us/exchange: ${per.join(' ')}; exec/in-process wall ratio: ${ratios.join(' ')}`);
