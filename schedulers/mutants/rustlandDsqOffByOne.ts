// Mutant of scx_rustland_core's BPF half (on scx_rustland) — bug class: WRONG DSQ ID ARITHMETIC. Decisions
// for CPU n go to per-CPU DSQ n + 1: CPU n + 1 cannot run a task pinned to n, CPU n never looks at DSQ n + 1,
// and for the last CPU the DSQ does not exist (a runtime error).
import rustland from '../rustland.ts';
import { MAX_CPUS } from '../rustland-core/intf.ts';
import { kfuncsIn, mutateUserspace } from './mutate.ts';

export default mutateUserspace(rustland, 'rustland_dsq_off_by_one', {
  bugClass: 'wrong DSQ id arithmetic (per-CPU DSQ cpu + 1)', needs: [],
}, { backend: (ops) => kfuncsIn(ops, 'dispatch', (ctx) => ({
  dsqInsertVtime: (p, dsqId, sliceNs, vtime, enqFlags) =>
    ctx.dsqInsertVtime(p, dsqId < MAX_CPUS ? dsqId + 1 : dsqId, sliceNs, vtime, enqFlags),
})) });
