// Mutant of scx_rlfifo — bug class: A MISSING CALL AT THE END OF THE LOOP. The policy never calls
// notify_complete(): the BPF half never learns what user space holds and the scheduler task never yields
// (scx_rustland_core does not check it; schedcheck reports it as a scheduler error).
import rlfifo from '../rlfifo.ts';
import { mutateUserspace, withBpf } from './mutate.ts';

export default mutateUserspace(rlfifo, 'rlfifo_no_notify', {
  bugClass: 'notify_complete() never called', needs: [],
}, { bpf: (bpf) => withBpf(bpf, { notifyComplete: () => undefined }) });
