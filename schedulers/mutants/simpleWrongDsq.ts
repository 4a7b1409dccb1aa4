// Mutant of scx_simple — bug class: WRONG DSQ ID ARITHMETIC. ops.dispatch consumes DSQ `SHARED_DSQ + 1`
// (an off-by-one in an id computed from a base), a DSQ that was never created: the kernel reports the
// invalid DSQ id as a runtime error, or — had it existed — nobody would have inserted into it.
import simple from '../simple.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(simple, 'simple_wrong_dsq', {
  bugClass: 'wrong DSQ id arithmetic (dispatch consumes SHARED_DSQ + 1)', needs: [],
}, (ops) => kfuncsIn(ops, 'dispatch', (ctx) => ({ dsqMoveToLocal: (dsqId) => ctx.dsqMoveToLocal(dsqId + 1) })));
