// scx_rlfifo over the line protocol: the same policy as schedulers/rlfifo.ts (reference §5.10). Each loop
// drains the queued tasks into a FIFO and dispatches them all in arrival order on an idle CPU or
// RL_CPU_ANY, slice = 5 ms / (queued + 1); a dispatch that does not fit stays at the head; then
// notify_complete(still queued).
import { dispatchedFrom } from './bpf.mjs';

const SLICE_NS = 5_000_000;

export default {
  name: 'rlfifo',
  options: {
    computeNs: { type: 'number', default: 0, description: 'simulated CPU time of the policy\'s own work per task it reads (compute)' },
  },
  init(options) {
    const computeNs = options.computeNs ?? 0;
    const fifo = [];
    return {
      config: { slice_ns: SLICE_NS, builtin_idle: true, partial: false },
      schedule(bpf) {
        for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) {
          fifo.push(task);
          bpf.compute(computeNs);
        }
        const sliceNs = Math.floor(SLICE_NS / (fifo.length + 1));
        while (fifo.length > 0) {
          const dispatched = { ...dispatchedFrom(fifo[0]), slice_ns: sliceNs };
          if (!bpf.dispatchOnIdleOrAny(dispatched)) break;
          fifo.shift();
        }
        bpf.notifyComplete(fifo.length);
      },
    };
  },
};
