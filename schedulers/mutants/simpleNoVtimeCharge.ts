// Mutant of scx_simple — bug class: VTIME NOT ADVANCED ON STOP. ops.stopping is gone, so a task's vtime
// never grows with the CPU time it used: ordering falls back to the vtime each task got when it was
// enabled or last woke (the floor vtime_now − slice), so whoever is behind stays behind.
import simple from '../simple.ts';
import { mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(simple, 'simple_no_vtime_charge', {
  bugClass: 'vtime not advanced on stop (ops.stopping missing)', needs: [],
}, (ops) => {
  const { stopping: _charged, ...rest } = ops;
  return rest;
});
