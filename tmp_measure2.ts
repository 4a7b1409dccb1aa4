import { ExecChild } from './exec/bridge.ts';
import { execScheduler } from './exec/define.ts';
import { runScenario } from './scenarios/runner.ts';
import { findScenario } from './scenarios/index.ts';
import rlfifo from './schedulers/rlfifo.ts';
const spawnMs: number[] = [];
for (let i = 0; i < 5; i++) { const t = performance.now(); const c = new ExecChild('node examples/exec/client.mjs rlfifo', 10000); c.send('{"type":"hello","protocol":1}'); c.receive(10000); spawnMs.push(performance.now() - t); c.kill(); }
console.log('spawn+hello ms:', spawnMs.map((x) => x.toFixed(0)).join(' '));
const c = new ExecChild('node /tmp/echo.mjs', 10000);
const msg = JSON.stringify({ type: 'schedule', seq: 1, now_ns: 123456789, dispatch_slots: 4096, counters: { nr_queued: 1 }, queued: [{ pid: 3, cpu: 1, nr_cpus_allowed: 4, flags: 1, start_ts: 1, stop_ts: 2, exec_runtime: 3, weight: 100, vtime: 0, enq_cnt: 4, comm: 'ui' }] });
const rt: number[] = [];
for (let r = 0; r < 8; r++) { const t = performance.now(); for (let i = 0; i < 1000; i++) { c.send(msg); c.receive(10000); } rt.push((performance.now() - t) / 1000 * 1000); }
c.kill();
console.log('echo round trip us (8 x 1000):', rt.map((x) => x.toFixed(1)).join(' '));
const sc = { ...findScenario('mixed-basic')!, durationNs: 2_000_000_000 };
const ex = execScheduler('node examples/exec/client.mjs rlfifo');
runScenario({ scenario: findScenario('mixed-basic')!, scheduler: rlfifo, seed: 1 });
for (let i = 0; i < 3; i++) {
  let t = performance.now(); runScenario({ scenario: sc, scheduler: rlfifo, seed: 1 }); const ta = performance.now() - t;
  t = performance.now(); const d = runScenario({ scenario: sc, scheduler: ex, seed: 1 }).document; const tb = performance.now() - t;
  console.log(`mixed-basic 2.2 s simulated: in-process ${ta.toFixed(0)} ms, exec ${tb.toFixed(0)} ms (ratio ${(tb / ta).toFixed(2)}), events ${d.events}`);
}
