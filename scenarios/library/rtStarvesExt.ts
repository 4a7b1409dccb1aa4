// manifest demo: a scenario that must fail (TLA+'s "fails in an interesting way"). On a kernel without the
// ext deadline server (`kernel.extServer: false`, kernels before v7.0 — reference §7 rt_stall, §8), an RT
// task that never sleeps starves every sched_ext task on its only CPU; the starvation bound catches it in
// the quiet phase long before the watchdog would. Its manifest expects exactly that violation, so
// `check --scenario rt-starves-ext` passes when bounded-starvation is caught and fails when it is not.
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { Scenario } from '../scenario.ts';

const ms = NS_PER_MS;

export const rtStarvesExt: Scenario = {
  formatVersion: 1,
  name: 'rt-starves-ext',
  description: 'an RT hog on a 1-CPU kernel without the ext deadline server starves the sched_ext tasks',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 1, threadsPerCore: 1 },
  durationNs: 20 * ms,
  quietNs: 150 * ms,
  attachAtNs: 1 * ms,
  kernel: { extServer: false },
  tasks: [
    { comm: 'worker', program: [{ op: 'loop', body: [{ op: 'run', ns: 2 * ms }, { op: 'sleep', ns: 1 * ms }] }] },
    { comm: 'rt_spin', policy: 'FIFO', rtPriority: 50, startNs: 5 * ms, program: [{ op: 'loop', body: [{ op: 'run', ns: 50 * ms }] }] },
  ],
  properties: { check: ['bounded-starvation'], bounds: { 'bounded-starvation': 100 * ms } },
  expect: { violation: 'bounded-starvation' },
};
