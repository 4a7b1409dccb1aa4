// Mutant of scx_rustland — bug class: UNIT MIX-UP (µs read as ms) IN THE SLEEPER-CREDIT BOUND. --slice-us
// is converted as milliseconds, so a waking task's vruntime floor (vruntime_now − slice_max) lets it bank
// 1000× the intended credit: a task that slept for long runs ahead of everyone until it has caught up.
// Found only with long sleepers.
import rustland from '../rustland.ts';
import { mutateUserspace } from './mutate.ts';

export default mutateUserspace(rustland, 'rustland_slice_ms', {
  bugClass: 'unit mix-up (µs as ms) in the sleeper-credit bound', needs: ['longSleeper'],
}, { options: (o) => ({ ...o, sliceUs: Number(o['sliceUs']) * 1000 }) });
