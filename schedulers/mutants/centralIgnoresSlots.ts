// Mutant of scx_central — bug class: DISPATCH BUFFER OVERFLOW. ops.dispatch never looks at
// scx_bpf_dispatch_nr_slots(): with more tasks queued than a dispatch batch (SCX_DSP_DFL_MAX_BATCH, 32)
// that the central CPU must bounce to the fallback DSQ, the 33rd insert overflows the buffer, a runtime
// error. Found only with crowds of tasks queued on one CPU.
import { SCX_DSP_DFL_MAX_BATCH } from '../../model/kernel/constants.ts';
import central from '../central.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(central, 'central_ignores_slots', {
  bugClass: 'dispatch_nr_slots() ignored: dispatch buffer overflow', needs: ['crowd'],
}, (ops) => kfuncsIn(ops, 'dispatch', () => ({ dispatchNrSlots: () => SCX_DSP_DFL_MAX_BATCH })));
