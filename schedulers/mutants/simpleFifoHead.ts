// Mutant of scx_simple — bug class: A WRONG ENQUEUE FLAG. In FIFO mode ops.enqueue inserts with
// SCX_ENQ_HEAD (a flag copied from a preemption path): the shared queue becomes a stack, and while tasks
// keep arriving the one at the bottom never reaches the head.
import { SCX_ENQ_HEAD } from '../../model/kernel/scxFlags.ts';
import simple from '../simple.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(simple, 'simple_fifo_head', {
  bugClass: 'a wrong enqueue flag (SCX_ENQ_HEAD turns the FIFO into a stack)', needs: [],
}, (ops) => kfuncsIn(ops, 'enqueue', (ctx) => ({
  dsqInsert: (p, dsqId, sliceNs, enqFlags) => ctx.dsqInsert(p, dsqId, sliceNs, enqFlags | SCX_ENQ_HEAD),
})));
