// Canary: ops.dispatch never returns (a plain loop with no kfunc call, which the kfunc budget cannot see).
// The model cannot stop it deterministically; the command line's wall-clock guard must report
// "scheduler hung in ops.dispatch()" and exit 1 instead of hanging (DESIGN.md, The scheduler interface).
import { defineScheduler } from '../../model/kernel/ops.ts';

export default defineScheduler({
  kind: 'sched_ext',
  name: 'hang_in_dispatch',
  description: 'canary: ops.dispatch loops forever without calling a kfunc (wall-clock guard must fire)',
  canary: true,
  options: {},
  create: () => ({
    name: 'hang_in_dispatch',
    // Keep every task in custody so the CPUs run out of local and global work and call ops.dispatch.
    enqueue: () => undefined,
    dispatch() {
      let spins = 0;
      for (;;) spins++;
    },
  }),
});
