// A deliberately broken rlfifo (a canary): the 20th task it dequeues is forgotten — never dispatched and
// not counted in notify_complete — so the task sits in BPF custody until the watchdog. handoff-accounting
// must catch it (a message dequeued but neither dispatched nor held).
import { dispatchedFrom } from './bpf.mjs';

const SLICE_NS = 5_000_000;
const DROP_AT = 20;

export default {
  name: 'drops_task',
  options: {},
  init() {
    const fifo = [];
    let seen = 0;
    return {
      config: { slice_ns: SLICE_NS, builtin_idle: true, partial: false },
      schedule(bpf) {
        for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) {
          if (++seen !== DROP_AT) fifo.push(task);
        }
        const sliceNs = Math.floor(SLICE_NS / (fifo.length + 1));
        while (fifo.length > 0) {
          if (!bpf.dispatchOnIdleOrAny({ ...dispatchedFrom(fifo[0]), slice_ns: sliceNs })) break;
          fifo.shift();
        }
        bpf.notifyComplete(fifo.length);
      },
    };
  },
};
