// fork-storm: a parent forks short-lived children in bursts on 8 CPUs; exercises init_task/exit_task
// pairing, fork placement (SCX_WAKE_FORK) and task churn.
import { NS_PER_MS, NS_PER_US } from '../../model/kernel/constants.ts';
import type { TaskSpec } from '../../model/kernel/behaviour.ts';
import type { Scenario } from '../scenario.ts';

const child: TaskSpec = {
  comm: 'child',
  program: [{ op: 'run', ns: [50 * NS_PER_US, 2 * NS_PER_MS] }, { op: 'sleep', ns: [0, NS_PER_MS] },
    { op: 'run', ns: [50 * NS_PER_US, 500 * NS_PER_US] }, { op: 'exit' }],
};

export const forkStorm: Scenario = {
  formatVersion: 1,
  name: 'fork-storm',
  description: 'bursts of short-lived children forked on 8 CPUs',
  topology: { nodes: 1, llcsPerNode: 2, coresPerLlc: 4, threadsPerCore: 1 },
  durationNs: 300 * NS_PER_MS,
  quietNs: 100 * NS_PER_MS,
  tasks: [0, 1].map((i) => ({
    comm: `forker${i}`,
    program: [{ op: 'loop', times: 40, body: [
      { op: 'loop', times: 8, body: [{ op: 'fork', child }, { op: 'run', ns: 20 * NS_PER_US }] },
      { op: 'sleep', ns: [2 * NS_PER_MS, 5 * NS_PER_MS] },
    ] }],
  })),
  expect: { exit: 'none' },
};
