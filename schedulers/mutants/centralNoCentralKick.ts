// Mutant of scx_central — bug class: NO KICK OF THE DECIDING CPU. ops.enqueue queues the task for the central
// CPU but never kicks it (SCX_KICK_PREEMPT) to make it dispatch: the task waits until the central CPU next
// reschedules on its own, which it never does while it runs an infinite slice.
import central from '../central.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(central, 'central_no_central_kick', {
  bugClass: 'no kick of the CPU that must dispatch (enqueue)', needs: [],
}, (ops) => kfuncsIn(ops, 'enqueue', () => ({ kickCpu: () => undefined })));
