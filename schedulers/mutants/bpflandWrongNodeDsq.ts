// Mutant of scx_bpfland — bug class: AFFINITY CHANGE NOT FOLLOWED. ops.enqueue sends a task that may migrate
// to its previous CPU's own DSQ instead of the shared node DSQ when no CPU is idle: after its cpumask moved
// it to another LLC or node, only its old CPU looks at that DSQ and may not run it there, so it waits for
// ever. Found with domain moves into a saturated domain.
import bpfland from '../bpfland.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(bpfland, 'bpfland_prev_cpu_dsq', {
  bugClass: 'affinity change not followed (task queued on its old CPU\'s DSQ)', needs: ['moveDomain'],
}, (ops) => kfuncsIn(ops, 'enqueue', (ctx) => ({
  dsqInsertVtime: (p, dsqId, sliceNs, vtime, enqFlags) =>
    ctx.dsqInsertVtime(p, dsqId >= ctx.nrCpuIds() ? p.cpu : dsqId, sliceNs, vtime, enqFlags),
})));
