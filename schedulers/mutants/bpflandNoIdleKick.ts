// Mutant of scx_bpfland — bug class: NO KICK OF AN IDLE TARGET CPU. ops.enqueue queues a task on an idle
// CPU's DSQ but never kicks that CPU: it sleeps on with work queued for it, which waits until something
// else happens to wake the CPU.
import bpfland from '../bpfland.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(bpfland, 'bpfland_no_idle_kick', {
  bugClass: 'no kick of an idle target CPU', needs: [],
}, (ops) => kfuncsIn(ops, 'enqueue', () => ({ kickCpu: () => undefined })));
