// Mutant of scx_simple — bug class: UNBOUNDED SLEEPER CREDIT. enqueue inserts at the task's own dsq_vtime,
// without the floor vtime_now − SCX_SLICE_DFL (reference §6.2): a task that slept for a long time wakes with
// a vtime far behind everyone else's and keeps the CPU until it has caught up, starving the others for
// about its sleep time. Found only with long sleepers (a sleep worth more than a starvation bound).
import { SCX_SLICE_DFL } from '../../model/kernel/constants.ts';
import simple from '../simple.ts';
import { mutateSchedExt } from './mutate.ts';

const SHARED_DSQ = 0;

export default mutateSchedExt(simple, 'simple_unbounded_credit', {
  bugClass: 'unbounded sleeper credit: no vtime floor on enqueue', needs: ['longSleeper'],
}, (ops, options) => (options['fifo'] === true ? ops : {
  ...ops,
  enqueue: (ctx, p, enqFlags) => ctx.dsqInsertVtime(p, SHARED_DSQ, SCX_SLICE_DFL, p.dsqVtime, enqFlags),
}));
