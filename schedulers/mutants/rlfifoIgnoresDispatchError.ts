// Mutant of scx_rlfifo — bug class: AN ERROR RETURN IGNORED (the task dropped). The policy treats every
// dispatch_task() as a success, so a decision that did not fit the dispatched ring is lost with the task in
// it. Found only with a small dispatched ring (a number option; the default holds 4096 decisions) and more
// tasks queued at once than it holds (a crowd makes that likely).
import rlfifo from '../rlfifo.ts';
import { mutateUserspace, withBpf } from './mutate.ts';

export default mutateUserspace(rlfifo, 'rlfifo_ignores_dispatch_error', {
  bugClass: 'dispatch_task() error ignored: the task is dropped', needs: ['numericOptions'],
}, { bpf: (bpf) => withBpf(bpf, { dispatchTask: (task) => { bpf.dispatchTask(task); return true; } }) });
