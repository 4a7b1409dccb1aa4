// Mutant of scx_simple — bug class: INFINITE SLICE WITHOUT PREEMPTION. Every insert asks for SCX_SLICE_INF
// (as a tickless design would) but nothing ever preempts a running task (no timer, no kick): a CPU hog keeps
// its CPU until it blocks, and whatever waits for that CPU starves.
import { SCX_SLICE_INF } from '../../model/kernel/constants.ts';
import simple from '../simple.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(simple, 'simple_slice_inf', {
  bugClass: 'infinite slice without preemption', needs: [],
}, (ops) => {
  const infinite = kfuncsIn(ops, 'enqueue', (ctx) => ({
    dsqInsert: (p, dsqId, _sliceNs, enqFlags) => ctx.dsqInsert(p, dsqId, SCX_SLICE_INF, enqFlags),
    dsqInsertVtime: (p, dsqId, _sliceNs, vtime, enqFlags) => ctx.dsqInsertVtime(p, dsqId, SCX_SLICE_INF, vtime, enqFlags),
  }));
  return kfuncsIn(infinite, 'selectCpu', (ctx) => ({
    dsqInsert: (p, dsqId, _sliceNs, enqFlags) => ctx.dsqInsert(p, dsqId, SCX_SLICE_INF, enqFlags),
  }));
});
