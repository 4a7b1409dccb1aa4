// scx_rlfifo written exactly as the Rust loop is — `cpu = bpf.selectCpu(...)`, then dispatch — with the
// select_cpu answer awaited: one round trip per task instead of the batched dispatchOnIdleOrAny(). The
// same decisions, so the same trace; it exercises the protocol's select_cpu exchange.
import { dispatchedFrom, RL_CPU_ANY } from './bpf.mjs';

const SLICE_NS = 5_000_000;

export default {
  name: 'rlfifo',
  options: {},
  init() {
    const fifo = [];
    return {
      config: { slice_ns: SLICE_NS, builtin_idle: true, partial: false },
      schedule(bpf) {
        for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) fifo.push(task);
        const sliceNs = Math.floor(SLICE_NS / (fifo.length + 1));
        while (fifo.length > 0) {
          const task = fifo[0];
          const cpu = bpf.selectCpu(task.pid, task.cpu, task.flags);
          const dispatched = { ...dispatchedFrom(task), cpu: cpu >= 0 ? cpu : RL_CPU_ANY, slice_ns: sliceNs };
          if (!bpf.dispatchTask(dispatched)) break;
          fifo.shift();
        }
        bpf.notifyComplete(fifo.length);
      },
    };
  },
};
