// Mutant of scx_bpfland — bug class: A DSQ NO CPU CONSUMES. ops.dispatch only consumes the CPU's own DSQ
// and never the shared per-node DSQ, where enqueue puts every task that finds no idle CPU: those tasks are
// never run.
import bpfland from '../bpfland.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(bpfland, 'bpfland_skips_node_dsq', {
  bugClass: 'a DSQ no CPU consumes (node DSQ never dispatched from)', needs: [],
}, (ops) => kfuncsIn(ops, 'dispatch', (ctx) => ({
  dsqMoveToLocal: (dsqId) => (dsqId >= ctx.nrCpuIds() ? false : ctx.dsqMoveToLocal(dsqId)),
})));
