// Mutant of scx_central — bug class: A TASK LEFT IN A DSQ NO CPU CONSUMES. The other CPUs no longer consume
// the fallback DSQ in ops.dispatch; only the central CPU does. A task the central CPU bounced there because
// its cpumask excludes the CPU it was popped for, and which the central CPU may not run either, stays there.
import { CENTRAL_FALLBACK_DSQ } from '../central.ts';
import central from '../central.ts';
import { kfuncsIn, mutateSchedExt } from './mutate.ts';

export default mutateSchedExt(central, 'central_fallback_not_consumed', {
  bugClass: 'a task left in a DSQ no CPU consumes (fallback DSQ only read by the central CPU)', needs: [],
}, (ops, options) => {
  const centralCpu = typeof options['centralCpu'] === 'number' ? options['centralCpu'] : 0;
  const dispatch = ops.dispatch;
  if (!dispatch) return ops;
  const other = kfuncsIn(ops, 'dispatch', (ctx) => ({
    dsqMoveToLocal: (dsqId) => (dsqId === CENTRAL_FALLBACK_DSQ ? false : ctx.dsqMoveToLocal(dsqId)),
  })).dispatch;
  return { ...ops, dispatch: (ctx, cpu, prev) => (cpu === centralCpu ? dispatch(ctx, cpu, prev) : other?.(ctx, cpu, prev)) };
});
