// scx_rlfifo (reference §5.10): the minimal user of the scx_rustland_core API, a FIFO in user space.
//
// Policy: each loop drains every queued message into a FIFO, then dispatches them all in arrival order:
// CPU = select_cpu() (an idle CPU), else RL_CPU_ANY; slice = 5 ms / (queued + 1); a dispatch that does not
// fit the ring puts the task back at the head for the next loop. Then notify_complete(still queued).
import { NS_PER_MS } from '../model/kernel/constants.ts';
import { defineUserspaceScheduler } from './rustland-core/define.ts';
import { dispatchedFrom, type QueuedTask, RL_CPU_ANY } from './rustland-core/intf.ts';
import type { UserspacePolicy } from './rustland-core/process.ts';

const SLICE_NS = 5 * NS_PER_MS;

export function createRlfifo(): UserspacePolicy {
  const fifo: QueuedTask[] = [];
  return {
    config: { sliceNs: SLICE_NS, builtinIdle: true, partial: false },
    schedule(bpf) {
      for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) fifo.push(task);
      const sliceNs = Math.floor(SLICE_NS / (fifo.length + 1));
      while (fifo.length > 0) {
        const task = fifo[0] as QueuedTask;
        const dispatched = dispatchedFrom(task);
        const cpu = bpf.selectCpu(task.pid, task.cpu, task.flags);
        dispatched.cpu = cpu >= 0 ? cpu : RL_CPU_ANY;
        dispatched.sliceNs = sliceNs;
        if (!bpf.dispatchTask(dispatched)) break;
        fifo.shift();
      }
      bpf.notifyComplete(fifo.length);
    },
  };
}

export default defineUserspaceScheduler({
  name: 'rlfifo',
  description: 'scx_rlfifo: FIFO scheduling in a user-space process (scx_rustland_core)',
  options: {},
  create: () => createRlfifo(),
});
