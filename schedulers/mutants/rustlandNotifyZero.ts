// Mutant of scx_rustland — bug class: notify_complete() WITH A WRONG COUNT. The policy always reports 0
// tasks still queued in user space: the BPF half then believes the scheduler has nothing to do, stops
// running it for pending work, and the tasks it holds wait (handoff accounting flags the count itself).
import rustland from '../rustland.ts';
import { mutateUserspace, withBpf } from './mutate.ts';

export default mutateUserspace(rustland, 'rustland_notify_zero', {
  bugClass: 'notify_complete() with a wrong count (always 0)', needs: [],
}, { bpf: (bpf) => withBpf(bpf, { notifyComplete: () => bpf.notifyComplete(0) }) });
