// Mutant of scx_central — bug class: PERIODIC TIMER NOT RE-ARMED (a heartbeat removed). The timer callback
// does its work but forgets bpf_timer_start() for the next period: after the first millisecond nothing
// preempts the infinite slices of the other CPUs, and tasks waiting behind their hogs starve.
import central from '../central.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(central, 'central_timer_not_rearmed', {
  bugClass: 'periodic timer not re-armed (heartbeat removed)', needs: [],
}, (ops) => kfuncsIn(ops, 'timer', () => ({ timerStart: () => undefined })));
