// Mutant of scx_rustland_core's BPF half (on scx_rlfifo) — bug class: THE RING-FULL PATH DROPPING THE TASK.
// When the queued ring is full, ops.enqueue returns without the congestion fallback to SHARED_DSQ: the
// task stays in BPF custody, queued nowhere, and never runs (the watchdog would end it after 5 s).
import rlfifo from '../rlfifo.ts';
import { SHARED_DSQ } from '../rustland-core/intf.ts';
import { kfuncsIn, mutateUserspace } from './mutate.ts';

export default mutateUserspace(rlfifo, 'rlfifo_ring_full_drop', {
  bugClass: 'ring-full path dropping the task', needs: [],
}, { backend: (ops) => kfuncsIn(ops, 'enqueue', (ctx) => ({
  dsqInsertVtime: (p, dsqId, sliceNs, vtime, enqFlags) => {
    if (dsqId !== SHARED_DSQ) ctx.dsqInsertVtime(p, dsqId, sliceNs, vtime, enqFlags);
  },
})) });
