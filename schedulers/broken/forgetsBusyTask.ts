// Canary (handoff-accounting): an rlfifo whose author treats "no idle CPU" as "nothing to do" — when
// select_cpu() finds no idle CPU it drops the task instead of sending it to RL_CPU_ANY. The task stays in
// BPF custody with no decision ever coming; the policy's nr_scheduled no longer counts it.
import { dispatchedFrom, type QueuedTask } from '../rustland-core/intf.ts';
import { defineUserspaceScheduler } from '../rustland-core/define.ts';

export default defineUserspaceScheduler({
  name: 'forgets_busy_task',
  description: 'canary: a user-space FIFO that drops a task when no CPU is idle (handoff-accounting must fire)',
  canary: true,
  options: {},
  create: () => {
    const fifo: QueuedTask[] = [];
    return {
      schedule(bpf) {
        for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) fifo.push(task);
        while (fifo.length > 0) {
          const task = fifo.shift() as QueuedTask;
          const cpu = bpf.selectCpu(task.pid, task.cpu, task.flags);
          if (cpu < 0) continue; // the bug: the task is forgotten
          const dispatched = dispatchedFrom(task);
          dispatched.cpu = cpu;
          if (!bpf.dispatchTask(dispatched)) { fifo.unshift(task); break; }
        }
        bpf.notifyComplete(fifo.length);
      },
    };
  },
});
