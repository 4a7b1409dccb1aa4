// Mutant of scx_central — bug class: WRONG DSQ ID ARITHMETIC ON A LOCAL_ON TARGET. The central CPU dispatches
// the task it popped for CPU n to SCX_DSQ_LOCAL_ON | (n + 1): the wrong CPU gets it (a runtime error when
// the task may not run there or the CPU does not exist, a task on the wrong CPU otherwise).
import { dsqLocalOn, isLocalOn, localOnCpu } from '../../model/kernel/dsqId.ts';
import central from '../central.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(central, 'central_local_on_off_by_one', {
  bugClass: 'wrong DSQ id arithmetic (SCX_DSQ_LOCAL_ON | cpu + 1)', needs: [],
}, (ops) => kfuncsIn(ops, 'dispatch', (ctx) => ({
  dsqInsert: (p, dsqId, sliceNs, enqFlags) =>
    ctx.dsqInsert(p, isLocalOn(dsqId) ? dsqLocalOn(localOnCpu(dsqId) + 1) : dsqId, sliceNs, enqFlags),
})));
