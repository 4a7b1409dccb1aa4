// scx_rustland (reference §6.1, SCX HEAD crate 1.1.2): a deadline scheduler whose policy runs in user space.
//
// Policy, as one formula: deadline = vruntime + min(exec_runtime, 100 × slice_max), where vruntime advances
// by used × 100 / weight and a waking task's vruntime is floored at vruntime_now − slice_max (a sleeper
// banks at most one max slice of credit). exec_runtime is the CPU time since the task last woke, so
// frequent sleepers get early deadlines: interactivity without a classifier. Tasks wait in a set ordered
// by (deadline, timestamp, pid); each loop drains the queued ring, dispatches ONE task with slice =
// slice_min × weight / 100 on an idle CPU (select_cpu) or RL_CPU_ANY, then notify_complete(remaining).
// The value sent back as vtime is the deadline, so the next message starts from it (reference note).
import { NS_PER_US } from '../model/kernel/constants.ts';
import { defineUserspaceScheduler } from './rustland-core/define.ts';
import { dispatchedFrom, type QueuedTask, RL_CPU_ANY } from './rustland-core/intf.ts';
import type { UserspacePolicy } from './rustland-core/process.ts';

interface QueuedEntry {
  readonly task: QueuedTask;
  readonly deadline: number;
  readonly timestamp: number;
}

/** Total order: deadline, then timestamp, then pid (reference §6.1). */
function before(a: QueuedEntry, b: QueuedEntry): boolean {
  if (a.deadline !== b.deadline) return a.deadline < b.deadline;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.task.pid < b.task.pid;
}

/** A sorted array standing in for the BTreeSet: insertion by binary search, pop from the front. */
class TaskTree {
  private readonly entries: QueuedEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  insert(entry: QueuedEntry): void {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid] as QueuedEntry, entry)) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, entry);
  }

  popFirst(): QueuedEntry | undefined {
    return this.entries.shift();
  }
}

export interface RustlandOptions {
  readonly sliceNs: number;
  readonly sliceNsMin: number;
  readonly percpuLocal: boolean;
  readonly partial: boolean;
}

export function createRustland(options: RustlandOptions): UserspacePolicy {
  const tree = new TaskTree();
  let vruntimeNow = 0;

  function updateEnqueued(task: QueuedTask, nowNs: number): QueuedEntry {
    let vtime = task.vtime === 0 ? vruntimeNow : Math.max(task.vtime, vruntimeNow - options.sliceNs);
    const usedNs = Math.max(0, task.stopTs - task.startTs);
    const vslice = Math.floor((usedNs * 100) / Math.max(1, task.weight));
    vtime += vslice;
    vruntimeNow += vslice;
    const deadline = vtime + Math.min(task.execRuntime, 100 * options.sliceNs);
    return { task, deadline, timestamp: nowNs };
  }

  return {
    config: { sliceNs: options.sliceNsMin, builtinIdle: true, partial: options.partial },
    schedule(bpf) {
      for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) tree.insert(updateEnqueued(task, bpf.nowNs()));
      const entry = tree.popFirst();
      if (entry) {
        const { task } = entry;
        const dispatched = dispatchedFrom(task);
        dispatched.sliceNs = Math.floor((options.sliceNsMin * task.weight) / 100);
        dispatched.vtime = entry.deadline;
        if (!options.percpuLocal) {
          const cpu = bpf.selectCpu(task.pid, task.cpu, task.flags);
          dispatched.cpu = cpu >= 0 ? cpu : RL_CPU_ANY;
        }
        if (!bpf.dispatchTask(dispatched)) tree.insert(entry);
      }
      bpf.notifyComplete(tree.size);
    },
  };
}

export default defineUserspaceScheduler({
  name: 'rustland',
  description: 'scx_rustland: deadline = vruntime + exec_runtime, decided in a user-space process',
  // Not a documented design limit yet: an untriaged finding of the wider generator (issue 11), left out of
  // generated scenarios so `npm start` on a random seed does not fail on it about once in six runs, and
  // listed in every report so the gap stays visible. `check --scheduler rustland --seed 1 --runs 1000
  // --no-known-limits` finds it again (seeds 1–4 fail between runs 141 and 834).
  limits: [{
    property: 'bounded-starvation', unsupportedWorkloads: ['longSleeper', 'crowd'],
    reason: 'under triage: after a 0.3-1 s sleep a task runs 92-98 % of its CPU for longer than the bound while ' +
      'others wait in BPF custody, and a crowd of 33+ tasks overflowing a small queued ring (queuedRingSlots 8) ' +
      'waits in SHARED_DSQ while percpuLocal dispatches keep the CPU busy; whether scx_rustland_core does the ' +
      'same or the model differs is not yet decided',
    counterexample: 'counterexamples/rustland-crowd-small-ring.json',
  }],
  options: {
    sliceUs: { type: 'number', default: 20_000, min: 1000, max: 20_000, description: 'max slice (bounds sleeper credit and exec_runtime)' },
    sliceUsMin: { type: 'number', default: 1_000, min: 200, max: 5000, description: 'slice given to every dispatched task (at nice 0)' },
    percpuLocal: { type: 'boolean', default: false, description: 'keep tasks on the CPU they last ran on' },
    partial: { type: 'boolean', default: false, description: 'only SCHED_EXT tasks (SCX_OPS_SWITCH_PARTIAL)' },
  },
  create: (o) => createRustland({
    sliceNs: Number(o['sliceUs']) * NS_PER_US, sliceNsMin: Number(o['sliceUsMin']) * NS_PER_US,
    percpuLocal: o['percpuLocal'] === true, partial: o['partial'] === true,
  }),
});
