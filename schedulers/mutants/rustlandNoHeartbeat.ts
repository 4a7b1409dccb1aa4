// Mutant of scx_rustland_core's BPF half (on scx_rustland) — bug class: HEARTBEAT REMOVED. The usersched
// timer is never armed: a scheduler task preempted before it published nr_scheduled is never pulled again
// by the timer, so the tasks it holds wait until some unrelated event runs it.
import rustland from '../rustland.ts';
import { kfuncsIn, mutateUserspace } from './mutate.ts';

export default mutateUserspace(rustland, 'rustland_no_heartbeat', {
  bugClass: 'heartbeat timer removed', needs: [],
}, { backend: (ops) => kfuncsIn(ops, 'init', () => ({ timerStart: () => undefined })) });
