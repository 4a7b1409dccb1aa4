// lifecycle-churn: every task lifecycle the statecharts know, on one scheduler instance: a task that
// sleeps through the whole instance (enabled, never runnable, disabled at unload), children that exit
// while it is loaded (dead before the unload), a task switching to SCHED_FIFO and back (ENABLED → READY
// → ENABLED), affinity and nice changes, yields, then an unregister (reference §1.1, §1.4, §4.4). Added
// so the shipped scenarios reach every statechart transition their schedulers can produce.
import { NS_PER_MS, NS_PER_SEC } from '../../model/kernel/constants.ts';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import type { Scenario } from '../scenario.ts';

const ms = NS_PER_MS;

const child: TaskSpec = {
  comm: 'child',
  program: [{ op: 'run', ns: [100_000, 1 * ms] }, { op: 'sleep', ns: [0, 2 * ms] }, { op: 'exit' }],
};

export const lifecycleChurn: Scenario = {
  formatVersion: 1,
  name: 'lifecycle-churn',
  description: 'a long sleeper, exiting children, a policy round trip, affinity/nice changes, then an unregister',
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 4, threadsPerCore: 1 },
  durationNs: 200 * ms,
  quietNs: 50 * ms,
  // Attach once the sleeper is asleep, so it is enabled without ever becoming runnable on sched_ext.
  attachAtNs: 5 * ms,
  tasks: [
    { comm: 'sleeper', program: [{ op: 'sleep', ns: 10 * NS_PER_SEC }] },
    { comm: 'forker', program: [{ op: 'loop', times: 20, body: [{ op: 'fork', child }, { op: 'run', ns: 200_000 },
      { op: 'sleep', ns: [1 * ms, 4 * ms] }] }] },
    { comm: 'hopper', program: [{ op: 'loop', body: [{ op: 'run', ns: 1 * ms }, { op: 'setPolicy', policy: 'FIFO', rtPriority: 5 },
      { op: 'run', ns: 500_000 }, { op: 'setPolicy', policy: 'NORMAL' }, { op: 'sleep', ns: 3 * ms }] }] },
    { comm: 'changer', program: [{ op: 'loop', body: [{ op: 'run', ns: 700_000 }, { op: 'setAffinity', cpus: [0, 1] },
      { op: 'setNice', nice: 3 }, { op: 'yield' }, { op: 'run', ns: 300_000 }, { op: 'setAffinity', cpus: '0-3' },
      { op: 'setNice', nice: 0 }, { op: 'sleep', ns: 2 * ms }] }] },
    ...[0, 1].map((i): TaskSpec => ({ comm: `hog${i}`, program: [{ op: 'loop', body: [{ op: 'run', ns: 15 * ms }] }] })),
  ],
  faults: [{ atNs: 150 * ms, kind: 'unregister' }],
  expect: { exit: 'SCX_EXIT_UNREG' },
};
