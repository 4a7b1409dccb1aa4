// Mutant of scx_bpfland — bug class: RUNTIME CHARGED FROM A STALE STAMP. ops.running no longer records
// last_run_at, so ops.stopping charges each run as `now − 0`: every stop costs a task all the time since
// boot in vtime, so a task that stops often (a sleeper) falls hopelessly behind the hogs.
import bpfland from '../bpfland.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(bpfland, 'bpfland_stale_run_stamp', {
  bugClass: 'runtime charged from a stale stamp (last_run_at never set)', needs: [],
}, (ops) => kfuncsIn(ops, 'running', () => ({ nowNs: () => 0 })));
