#!/usr/bin/env python3
"""Reference client of schedcheck's exec protocol in Python (standard library only).

    schedcheck run --scheduler "exec:python3 examples/exec/client.py rlfifo" --scenario mixed-basic

Implements scx_rlfifo and scx_rustland's deadline policy (the same policies as schedulers/rlfifo.ts and
schedulers/rustland.ts) behind a small BpfScheduler with the scx_rustland_core API. See docs/protocol.md.
"""
import bisect
import json
import sys

PROTOCOL_VERSION = 1
RL_CPU_ANY = 1 << 20


def dispatched_from(task):
    """DispatchedTask::new(&QueuedTask): pid, cpu, flags, enq_cnt copied; slice 0 (keep), vtime 0."""
    return {"pid": task["pid"], "cpu": task["cpu"], "flags": task["flags"], "slice_ns": 0, "vtime": 0,
            "enq_cnt": task["enq_cnt"]}


def send(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


class BpfScheduler:
    """One iteration's view of the BPF side; records the calls the policy makes."""

    def __init__(self, message):
        self.message = message
        self.calls = []
        self.cursor = 0
        self.slots = message["dispatch_slots"]

    def dequeue_task(self):
        self.calls.append({"call": "dequeue_task"})
        queued = self.message["queued"]
        if self.cursor >= len(queued):
            self.cursor += 1
            return None
        self.cursor += 1
        return queued[self.cursor - 1]

    def dispatch_task(self, task):
        if self.slots <= 0:
            return False
        self.slots -= 1
        self.calls.append({"call": "dispatch_task", **task})
        return True

    def dispatch_on_idle_or_any(self, task):
        """cpu = select_cpu(pid, cpu, flags) or RL_CPU_ANY, then dispatch_task: no round trip."""
        if self.slots <= 0:
            self.calls.append({"call": "select_cpu", "pid": task["pid"], "cpu": task["cpu"], "flags": task["flags"]})
            return False
        self.slots -= 1
        self.calls.append({"call": "dispatch_task", "select_cpu": True, **task})
        return True

    def select_cpu(self, pid, cpu, flags):
        """An awaited select_cpu(): one round trip."""
        send({"type": "select_cpu", "seq": self.message["seq"], "calls": self.calls, "pid": pid, "cpu": cpu,
              "flags": flags})
        self.calls = []
        return json.loads(sys.stdin.readline())["ret"]

    def compute(self, ns):
        """The policy's own work since the previous call: ns of simulated CPU time."""
        if ns > 0:
            self.calls.append({"call": "compute", "ns": ns})

    def notify_complete(self, nr_pending):
        self.calls.append({"call": "notify_complete", "nr_pending": nr_pending})

    def now_ns(self):
        return self.message["now_ns"]


class Rlfifo:
    name = "rlfifo"
    options = {}
    SLICE_NS = 5_000_000

    def __init__(self, _options):
        self.fifo = []
        self.config = {"slice_ns": self.SLICE_NS, "builtin_idle": True, "partial": False}

    def schedule(self, bpf):
        task = bpf.dequeue_task()
        while task is not None:
            self.fifo.append(task)
            task = bpf.dequeue_task()
        slice_ns = self.SLICE_NS // (len(self.fifo) + 1)
        while self.fifo:
            dispatched = dict(dispatched_from(self.fifo[0]), slice_ns=slice_ns)
            if not bpf.dispatch_on_idle_or_any(dispatched):
                break
            self.fifo.pop(0)
        bpf.notify_complete(len(self.fifo))


class Rustland:
    name = "rustland"
    options = {
        "sliceUs": {"type": "number", "default": 20000, "description": "max slice"},
        "sliceUsMin": {"type": "number", "default": 1000, "description": "slice given to every dispatched task"},
        "percpuLocal": {"type": "boolean", "default": False, "description": "keep tasks on their CPU"},
        "partial": {"type": "boolean", "default": False, "description": "only SCHED_EXT tasks"},
    }

    def __init__(self, options):
        self.slice_ns = options["sliceUs"] * 1000
        self.slice_ns_min = options["sliceUsMin"] * 1000
        self.percpu_local = options["percpuLocal"]
        self.tree = []  # sorted (deadline, timestamp, pid, task): the BTreeSet
        self.vruntime_now = 0
        self.config = {"slice_ns": self.slice_ns_min, "builtin_idle": True, "partial": options["partial"]}

    def update_enqueued(self, task, now_ns):
        vtime = self.vruntime_now if task["vtime"] == 0 else max(task["vtime"], self.vruntime_now - self.slice_ns)
        used_ns = max(0, task["stop_ts"] - task["start_ts"])
        vslice = used_ns * 100 // max(1, task["weight"])
        vtime += vslice
        self.vruntime_now += vslice
        deadline = vtime + min(task["exec_runtime"], 100 * self.slice_ns)
        return (deadline, now_ns, task["pid"], task)

    def schedule(self, bpf):
        task = bpf.dequeue_task()
        while task is not None:
            bisect.insort(self.tree, self.update_enqueued(task, bpf.now_ns()), key=lambda e: e[:3])
            task = bpf.dequeue_task()
        if self.tree:
            entry = self.tree.pop(0)
            deadline, _, _, task = entry
            dispatched = dict(dispatched_from(task), slice_ns=self.slice_ns_min * task["weight"] // 100, vtime=deadline)
            ok = bpf.dispatch_task(dispatched) if self.percpu_local else bpf.dispatch_on_idle_or_any(dispatched)
            if not ok:
                bisect.insort(self.tree, entry, key=lambda e: e[:3])
        bpf.notify_complete(len(self.tree))


def serve(kind):
    policy = None
    for line in sys.stdin:
        message = json.loads(line)
        if message["type"] == "hello":
            if message["protocol"] != PROTOCOL_VERSION:
                send({"type": "error", "message": "protocol %s not supported" % message["protocol"]})
                return
            send({"type": "hello", "protocol": PROTOCOL_VERSION, "name": kind.name, "options": kind.options})
        elif message["type"] == "init":
            policy = kind(message.get("options", {}))
            send({"type": "init", **policy.config})
        elif message["type"] == "schedule":
            bpf = BpfScheduler(message)
            policy.schedule(bpf)
            send({"type": "schedule", "seq": message["seq"], "calls": bpf.calls})
        else:
            send({"type": "error", "message": "unexpected message type %s" % message["type"]})
            return


if __name__ == "__main__":
    kinds = {"rlfifo": Rlfifo, "rustland": Rustland}
    which = sys.argv[1] if len(sys.argv) > 1 else "rlfifo"
    if which not in kinds:
        sys.stderr.write("client.py: unknown policy %r (known: %s)\n" % (which, ", ".join(kinds)))
        sys.exit(2)
    serve(kinds[which])
