// Mutant of scx_rustland_core's BPF half (on scx_rustland) — bug class: NO KICK AFTER A REMOTE DISPATCH.
// ops.dispatch applies user space's decision for CPU n (inserting into its DSQ) but does not kick n: an
// idle CPU n sleeps on with the task queued for it.
import rustland from '../rustland.ts';
import { kfuncsIn, mutateUserspace } from './mutate.ts';

export default mutateUserspace(rustland, 'rustland_no_dispatch_kick', {
  bugClass: 'no kick of an idle target CPU after a dispatch decision', needs: [],
}, { backend: (ops) => kfuncsIn(ops, 'dispatch', () => ({ kickCpu: () => undefined })) });
