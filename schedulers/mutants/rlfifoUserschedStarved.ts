// Mutant of scx_rustland_core's BPF half (on scx_rlfifo) — bug class: THE USER-SPACE SCHEDULER NOT
// DISPATCHED WHILE WORK IS PENDING. ops.dispatch never moves the scheduler task from SCHED_DSQ to the CPU,
// so the process that makes every decision never runs again and every queued task waits for ever.
import rlfifo from '../rlfifo.ts';
import { SCHED_DSQ } from '../rustland-core/intf.ts';
import { kfuncsIn, mutateUserspace } from './mutate.ts';

export default mutateUserspace(rlfifo, 'rlfifo_usersched_starved', {
  bugClass: 'the user-space scheduler not dispatched while work is pending', needs: [],
}, { backend: (ops) => kfuncsIn(ops, 'dispatch', (ctx) => ({
  dsqMoveToLocal: (dsqId) => (dsqId === SCHED_DSQ ? false : ctx.dsqMoveToLocal(dsqId)),
})) });
