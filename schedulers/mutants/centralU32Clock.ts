// Mutant of scx_central — bug class: 32-BIT TIMESTAMP TRUNCATION. The timer reads the clock into a u32 (as
// `u32 now = bpf_ktime_get_ns()` would): once the machine has been up for more than 2^32 ns (4.3 s), `now`
// is always far below the 64-bit started_at stamps, so no CPU ever looks expired, the timer never preempts,
// and tasks queued behind a CPU hog starve. Found only with emulated uptime.
import central from '../central.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

const U32 = 2 ** 32;

export default mutateSchedExt(central, 'central_u32_clock', {
  bugClass: '32-bit timestamp truncation in the slice-expiry timer', needs: ['uptime'],
}, (ops) => kfuncsIn(ops, 'timer', (ctx) => ({ nowNs: () => ctx.nowNs() % U32 })));
