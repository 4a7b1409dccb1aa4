// Canary: keeps every task it is handed in BPF custody and never dispatches it (reference §3.6: "Tasks
// left in BPF custody without a dispatch are caught by the watchdog"). The watchdog must eject it with
// SCX_EXIT_ERROR_STALL after its timeout, and the fair class must then run the tasks.
import { defineScheduler } from '../../model/kernel/ops.ts';

export default defineScheduler({
  kind: 'sched_ext',
  name: 'stall_custody',
  description: 'canary: holds every task in custody and never dispatches (watchdog must fire)',
  canary: true,
  options: {},
  create: () => ({
    name: 'stall_custody',
    timeoutMs: 1000,
    selectCpu: (_ctx, _p, prevCpu) => prevCpu,
    enqueue: () => undefined,
    dispatch: () => undefined,
  }),
});
