// A BpfScheduler for policies written in JavaScript that run as a separate process over schedcheck's
// line protocol (docs/protocol.md): plain Node, no dependencies, so each spawn costs only Node's start-up.
// The API mirrors scx_rustland_core's: dequeueTask(), dispatchTask(), selectCpu(), notifyComplete(),
// counters. Calls are recorded and sent back in one message at the end of the iteration; only an awaited
// selectCpu() makes a round trip (the simulator answers it against the kernel's idle CPUs at that point).
import { readSync, writeSync } from 'node:fs';

export const PROTOCOL_VERSION = 1;
/** DispatchedTask.cpu meaning "any CPU" (RL_CPU_ANY = 1 << 20). */
export const RL_CPU_ANY = 1 << 20;

/** DispatchedTask::new(&QueuedTask): pid, cpu, flags, enq_cnt copied; slice 0 (keep), vtime 0. */
export function dispatchedFrom(task) {
  return { pid: task.pid, cpu: task.cpu, flags: task.flags, slice_ns: 0, vtime: 0, enq_cnt: task.enq_cnt };
}

// ---- blocking line I/O on stdin/stdout: the simulator waits for each answer anyway ----
const chunk = Buffer.alloc(1 << 16);
let pending = '';

function readLine() {
  for (;;) {
    const nl = pending.indexOf('\n');
    if (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      return line;
    }
    let n;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      if (error.code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); continue; }
      if (error.code === 'EOF') return null;
      throw error;
    }
    if (n === 0) return null;
    pending += chunk.toString('utf8', 0, n);
  }
}

function send(message) {
  const text = `${JSON.stringify(message)}\n`;
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    const n = writeSync(1, buf);
    buf = buf.subarray(n);
  }
}

/** One iteration's view of the BPF side, and the calls the policy makes. */
export class BpfScheduler {
  constructor(message) {
    this.message = message;
    this.calls = [];
    this.cursor = 0;
    this.slots = message.dispatch_slots;
  }

  /** dequeue_task(): the next queued task, or null when the ring is empty. */
  dequeueTask() {
    this.calls.push({ call: 'dequeue_task' });
    return this.message.queued[this.cursor++] ?? null;
  }

  /** dispatch_task(): false (Err) when the dispatched ring is full. */
  dispatchTask(task) {
    if (this.slots <= 0) return false;
    this.slots--;
    this.calls.push({ call: 'dispatch_task', pid: task.pid, cpu: task.cpu, flags: task.flags, slice_ns: task.slice_ns,
      vtime: task.vtime, enq_cnt: task.enq_cnt });
    return true;
  }

  /**
   * The idiom of scx_rlfifo and scx_rustland in one call, without a round trip: cpu = select_cpu(pid,
   * task.cpu, flags), RL_CPU_ANY when it fails, then dispatch_task. Charged as both calls. When the ring is
   * full the select_cpu still happens (as in the Rust loop) and false is returned.
   */
  dispatchOnIdleOrAny(task) {
    if (this.slots <= 0) {
      this.calls.push({ call: 'select_cpu', pid: task.pid, cpu: task.cpu, flags: task.flags });
      return false;
    }
    this.slots--;
    this.calls.push({ call: 'dispatch_task', select_cpu: true, pid: task.pid, cpu: task.cpu, flags: task.flags,
      slice_ns: task.slice_ns, vtime: task.vtime, enq_cnt: task.enq_cnt });
    return true;
  }

  /** select_cpu(): an idle CPU (claimed) or a negative errno; one round trip to the simulator. */
  selectCpu(pid, cpu, flags) {
    send({ type: 'select_cpu', seq: this.message.seq, calls: this.calls, pid, cpu, flags });
    this.calls = [];
    const answer = JSON.parse(readLine());
    return answer.ret;
  }

  /** The policy's own work since the previous call: `ns` of simulated CPU time (0: nothing sent). */
  compute(ns) {
    if (ns > 0) this.calls.push({ call: 'compute', ns });
  }

  /** notify_complete(): publishes nr_scheduled and ends the iteration. */
  notifyComplete(nrPending) {
    this.calls.push({ call: 'notify_complete', nr_pending: nrPending });
  }

  nowNs() { return this.message.now_ns; }
  get nrQueued() { return this.message.counters.nr_queued; }
  get nrScheduled() { return this.message.counters.nr_scheduled; }
  get nrRunning() { return this.message.counters.nr_running; }
  get nrOnlineCpus() { return this.message.counters.nr_online_cpus; }
}

/**
 * Serves the protocol until stdin ends. `scheduler` = { name, options: {key: {type, default, description}},
 * init(options) → { config: {slice_ns, builtin_idle, partial}, schedule(bpf) } } — init runs once per
 * scheduler instance (each attach, restarts included), so no policy state outlives one.
 */
export function serve(scheduler) {
  let policy = null;
  for (let line = readLine(); line !== null; line = readLine()) {
    const message = JSON.parse(line);
    switch (message.type) {
      case 'hello':
        if (message.protocol !== PROTOCOL_VERSION) {
          send({ type: 'error', message: `protocol ${message.protocol} not supported (this client speaks ${PROTOCOL_VERSION})` });
          return;
        }
        send({ type: 'hello', protocol: PROTOCOL_VERSION, name: scheduler.name, options: scheduler.options ?? {} });
        break;
      case 'init': {
        policy = scheduler.init(message.options ?? {});
        send({ type: 'init', ...policy.config });
        break;
      }
      case 'schedule': {
        const bpf = new BpfScheduler(message);
        policy.schedule(bpf);
        send({ type: 'schedule', seq: message.seq, calls: bpf.calls });
        break;
      }
      default:
        send({ type: 'error', message: `unexpected message type ${message.type}` });
        return;
    }
  }
}
