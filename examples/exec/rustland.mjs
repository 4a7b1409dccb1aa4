// scx_rustland's deadline policy over the line protocol: the same policy as schedulers/rustland.ts
// (reference §6.1): deadline = vruntime + min(exec_runtime, 100 × slice_max); tasks ordered by (deadline,
// timestamp, pid); each loop drains the queue, dispatches ONE task with slice = slice_min × weight / 100
// on an idle CPU or RL_CPU_ANY (or its own CPU with percpuLocal), then notify_complete(remaining).
import { dispatchedFrom } from './bpf.mjs';

function before(a, b) {
  if (a.deadline !== b.deadline) return a.deadline < b.deadline;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.task.pid < b.task.pid;
}

export default {
  name: 'rustland',
  options: {
    sliceUs: { type: 'number', default: 20_000, description: 'max slice (bounds sleeper credit and exec_runtime)' },
    sliceUsMin: { type: 'number', default: 1_000, description: 'slice given to every dispatched task (at nice 0)' },
    percpuLocal: { type: 'boolean', default: false, description: 'keep tasks on the CPU they last ran on' },
    partial: { type: 'boolean', default: false, description: 'only SCHED_EXT tasks (SCX_OPS_SWITCH_PARTIAL)' },
  },
  init(options) {
    const sliceNs = options.sliceUs * 1000;
    const sliceNsMin = options.sliceUsMin * 1000;
    const tree = []; // sorted by before(): the BTreeSet
    let vruntimeNow = 0;
    const insert = (entry) => {
      let lo = 0;
      let hi = tree.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(tree[mid], entry)) lo = mid + 1;
        else hi = mid;
      }
      tree.splice(lo, 0, entry);
    };
    const updateEnqueued = (task, nowNs) => {
      let vtime = task.vtime === 0 ? vruntimeNow : Math.max(task.vtime, vruntimeNow - sliceNs);
      const usedNs = Math.max(0, task.stop_ts - task.start_ts);
      const vslice = Math.floor((usedNs * 100) / Math.max(1, task.weight));
      vtime += vslice;
      vruntimeNow += vslice;
      return { task, deadline: vtime + Math.min(task.exec_runtime, 100 * sliceNs), timestamp: nowNs };
    };
    return {
      config: { slice_ns: sliceNsMin, builtin_idle: true, partial: options.partial === true },
      schedule(bpf) {
        for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) insert(updateEnqueued(task, bpf.nowNs()));
        const entry = tree.shift();
        if (entry) {
          const dispatched = { ...dispatchedFrom(entry.task), slice_ns: Math.floor((sliceNsMin * entry.task.weight) / 100),
            vtime: entry.deadline };
          const ok = options.percpuLocal ? bpf.dispatchTask(dispatched) : bpf.dispatchOnIdleOrAny(dispatched);
          if (!ok) insert(entry);
        }
        bpf.notifyComplete(tree.length);
      },
    };
  },
};
