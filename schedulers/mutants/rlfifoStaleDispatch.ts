// Mutant of scx_rustland_core's BPF half (on scx_rlfifo) — bug class: A STALE USER-SPACE DECISION APPLIED
// WITHOUT THE enq_cnt CHECK. ops.dispatch no longer cancels a decision about a task that was re-enqueued
// since user space read it (scx_bpf_dispatch_cancel on a newer enq_cnt): the old decision is applied as
// well as the new one, a second copy of the same task in flight.
import rlfifo from '../rlfifo.ts';
import { kfuncsIn, mutateUserspace } from './mutate.ts';

export default mutateUserspace(rlfifo, 'rlfifo_stale_dispatch', {
  bugClass: 'stale decision applied without the enq_cnt check', needs: [],
}, { backend: (ops) => kfuncsIn(ops, 'dispatch', () => ({ dispatchCancel: () => undefined })) });
