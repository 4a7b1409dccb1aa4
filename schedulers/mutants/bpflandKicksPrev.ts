// Mutant of scx_bpfland — bug class: THE WRONG CPU KICKED. When ops.enqueue moves a task to another idle
// CPU's DSQ, it kicks the task's previous CPU instead of the one it queued the task for: the target stays
// asleep with work queued.
import bpfland from '../bpfland.ts';
import { mutateSchedExt, withCtx } from './mutate.ts';

export default mutateSchedExt(bpfland, 'bpfland_kicks_prev', {
  bugClass: 'the wrong CPU kicked (previous CPU instead of the target)', needs: [],
}, (ops) => {
  const enqueue = ops.enqueue;
  if (!enqueue) return ops;
  return { ...ops, enqueue: (ctx, p, enqFlags) => enqueue(withCtx(ctx, {
    kickCpu: (_cpu, flags) => ctx.kickCpu(ctx.taskCpu(p), flags),
  }), p, enqFlags) };
});
