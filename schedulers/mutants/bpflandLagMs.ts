// Mutant of scx_bpfland — bug class: UNIT MIX-UP (µs read as ms) IN THE SLEEPER-CREDIT BOUND. --slice-us-lag
// is converted with NS_PER_MS instead of NS_PER_US, so the vtime floor lets a waking task bank 1000× the
// intended credit (40 s instead of 40 ms): in effect unbounded sleeper credit. Found only with long sleepers.
import { NS_PER_MS, NS_PER_US } from '../../model/kernel/constants.ts';
import bpfland, { bpflandOptions, createBpfland } from '../bpfland.ts';
import { mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(bpfland, 'bpfland_lag_ms', {
  bugClass: 'unit mix-up (µs as ms) in the sleeper-credit bound', needs: ['longSleeper'],
}, (_ops, options) => {
  const parsed = bpflandOptions(options);
  return createBpfland({ ...parsed, sliceLagNs: (parsed.sliceLagNs / NS_PER_US) * NS_PER_MS });
});
