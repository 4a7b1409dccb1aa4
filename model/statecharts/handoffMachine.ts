// The scx_rustland_core handoff (per message): kernel → queued ring → user-space tree → dispatched ring →
// DSQ, with every outcome of a decision (reference §5.4, §5.5, §5.9). One instance per message, keyed by
// (pid, enq_cnt): a task may have a live message and stale ones at once, so the chart follows messages.
//
// The reference's own description (§5.1, "Architecture in one paragraph"):
//
//   The BPF part implements `struct sched_ext_ops` "rustland" and never decides ordering on its own except
//   for a few fast paths. Every task that needs a scheduling decision is serialised into a message on the
//   BPF ring buffer `queued` […]. The single-threaded user-space process drains it, orders tasks, and
//   writes decisions into the user ring buffer `dispatched` […], which the BPF `ops.dispatch` drains and
//   turns into DSQ insertions.
//
// State transitions (lower case: trace `handoff` steps; capitals: other trace events):
//
//   enqueue ─queued─► queuedRing ─dequeued─► userspace ─submitted─► dispatchedRing
//   (congested, kernel:     │                    │                    │ ignored ───────────► ignored
//    no message)            │ DISABLING          │ DISABLING          │ cancelled ─────────► cancelled
//                           ▼                    ▼                    │ bounced ─► bounced ─┬─ cancelled ─► cancelled
//                       reclaimed            reclaimed                │                     └─ inserted ──┐
//                                                                     │ inserted, any ────────────────────┤
//                                                                     │ DISABLED ──► reclaimed            │
//                                      task QUEUED and unclaimed? ◄───────────────────────────────────────┘
//                                        yes ─► dispatchBuffer ─DISPATCHING─► dsq (→ a CPU: lifecycle machine)
//                                        no  ─► droppedByQseq
//
// State descriptions:
// - none: no such message (not queued yet, or ended and forgotten by the checker).
// - queuedRing: a `queued_task_ctx` in the `queued` ring; the task is QUEUED in BPF custody (§5.4).
// - userspace: consumed by dequeue_task(), held in the policy's tree.
// - dispatchedRing: a `dispatched_task_ctx` echoing the message's enq_cnt waits for ops.dispatch.
// - bounced: the target CPU is outside the task's cpumask; redirected to the task's CPU (§5.9), the
//   staleness check follows within the same dispatch_task.
// - dispatchBuffer: the insert sits in the dispatch buffer and finish_dispatch will claim the task.
// - dsq, droppedByQseq, cancelled, ignored, reclaimed: the ends of a message (no step may follow).
//
// The protocol, numbered:
// 1. rustland_enqueue → queue_task_to_userspace (§5.4 step 5) increments the task's enq_cnt and submits a
//    message carrying it: `queued`, with enq_cnt one above the task's previous one. The other enqueue
//    outcomes make no message and leave enq_cnt as it is: `congested` (ring full, straight to SHARED_DSQ)
//    and `kernel` (idle fast paths, per-CPU kthreads). The chart checks them per task: each must carry the
//    task's current enq_cnt (a step on the task's latest message, or on none, that changes nothing).
// 2. dequeue_task() consumes the oldest record: `dequeued`, exactly once per message.
// 3. dispatch_task() writes a decision that echoes the message's enq_cnt: `submitted`, only for a message
//    user space has dequeued, once (a failed reserve writes nothing and leaves no step).
// 4. rustland_dispatch drains the decisions (§5.5): the task no longer exists → `ignored`; RL_CPU_ANY →
//    `any` (SHARED_DSQ, no staleness check); a CPU outside the cpumask → `bounced`; then the insert and the
//    staleness check: the task's enq_cnt is ahead of the decision's → `cancelled`
//    (scx_bpf_dispatch_cancel), else `inserted`. So a stale decision is never inserted and a live one never
//    cancelled, except RL_CPU_ANY, which relies on the qseq alone (§5.9).
// 5. finish_dispatch (§2.4) claims the task only if it is still QUEUED under the qseq of the insert. The
//    trace has no step for the kernel's verdict, so the checker derives it from ops_state events: at the
//    insert (`inserted` or `any`) it knows whether the task is QUEUED and whether an earlier insert of the
//    same dispatch batch already claims it (`owned`). An owned insert waits in dispatchBuffer for the
//    task's next ops_state, which must be DISPATCHING (then the task is in the DSQ: `dsq`); any other
//    ops_state means the kernel dropped an insert it had to honour (§2.4 item 2). An insert not owned is
//    dropped silently by the qseq check (`droppedByQseq`): the task was dequeued since (a property or
//    class change) and then left sched_ext or was re-enqueued without a message (congestion, a BPF fast
//    path), or a decision for another of its messages claimed it first — a stale RL_CPU_ANY decision can
//    do that under the task's current qseq (§2.4 item 4). From the DSQ the task reaches a CPU through
//    move_to_local; the task lifecycle machine follows that part.
// 6. On unload (§4.4, §5.9 "user-space process crashes/exits") the rings die with the scheduler instance
//    and the disable work moves every task back to the fair class: `scx_state DISABLED` ends every message
//    still in a ring or in user space as `reclaimed` (the machine's event keeps the name
//    `scheduler.disabling`; during the disable walk user space may still drain the rings, while bypass keeps
//    ops.enqueue and ops.dispatch from running). ops.dispatch is one atomic step, so no message is
//    ever between a bounce and its insert, or between an owned insert and finish_dispatch, at unload.
//    The next instance starts from enq_cnt 0 (ops.exit_task frees the task storage).
//
// The checker forgets a message once it ends, so a step for an ended message is judged from `none`; that
// is illegal there too (a `queued` cannot carry the next enq_cnt of a message that has already been).
// The trace's `dropped` step is declared in model/kernel/trace.ts but never emitted; it is not in the
// alphabet, so a trace that has it fails as "not in the alphabet".
import { setup } from 'xstate';
import type { Generation, HandoffEvent } from './events.ts';

const generationOf = (event: HandoffEvent): Generation | null => ('gen' in event ? event.gen : null);
const ownedOf = (event: HandoffEvent): boolean => 'owned' in event && event.owned;
const goneOf = (event: HandoffEvent): boolean => 'gone' in event && event.gone;
/** The staleness check let the decision through: current enq_cnt, or RL_CPU_ANY (no `gen`, no check). */
const passesStalenessCheck = (event: HandoffEvent): boolean => {
  const generation = generationOf(event);
  return generation === null || generation === 'current';
};

export const handoffMachine = setup({
  types: { events: {} as HandoffEvent },
  guards: {
    nextGeneration: ({ event }) => generationOf(event) === 'next',
    currentGeneration: ({ event }) => generationOf(event) === 'current',
    taskGone: ({ event }) => goneOf(event),
    taskExists: ({ event }) => !goneOf(event),
    claimsTask: ({ event }) => passesStalenessCheck(event) && !goneOf(event) && ownedOf(event),
    missesTask: ({ event }) => passesStalenessCheck(event) && !goneOf(event) && !ownedOf(event),
    staleAndTaskExists: ({ event }) => generationOf(event) === 'older' && !goneOf(event),
  },
}).createMachine({
  id: 'handoff',
  description: 'one scx_rustland_core message, keyed by (pid, enq_cnt) (reference §5.4, §5.5, §5.9)',
  initial: 'message',
  on: { '*': { target: '.violation', description: 'no active state accepts this event' } },
  states: {
    message: {
      description: 'the message, from its task\'s enqueue to its end',
      initial: 'none',
      on: {
        'handoff.congested': { guard: 'currentGeneration', description: 'ring full: no message, enq_cnt unchanged' },
        'handoff.kernel': { guard: 'currentGeneration', description: 'decided in BPF: no message, enq_cnt unchanged' },
      },
      states: {
        none: {
          description: 'no such message yet (or it ended and the checker forgot it)',
          on: { 'handoff.queued': { target: 'queuedRing', guard: 'nextGeneration' } },
        },
        queuedRing: {
          description: 'queued_task_ctx in the queued ring; the task is QUEUED in BPF custody (§5.4)',
          on: { 'handoff.dequeued': 'userspace', 'scheduler.disabling': 'reclaimed' },
        },
        userspace: {
          description: 'consumed by dequeue_task(), held in the user-space tree',
          on: { 'handoff.submitted': 'dispatchedRing', 'scheduler.disabling': 'reclaimed' },
        },
        dispatchedRing: {
          description: 'dispatched_task_ctx in the dispatched ring, waiting for ops.dispatch (§5.5)',
          on: {
            'handoff.ignored': { target: 'ignored', guard: 'taskGone' },
            'handoff.any': [
              { target: 'dispatchBuffer', guard: 'claimsTask' },
              { target: 'droppedByQseq', guard: 'missesTask' },
            ],
            'handoff.bounced': { target: 'bounced', guard: 'taskExists' },
            'handoff.inserted': [
              { target: 'dispatchBuffer', guard: 'claimsTask' },
              { target: 'droppedByQseq', guard: 'missesTask' },
            ],
            'handoff.cancelled': { target: 'cancelled', guard: 'staleAndTaskExists' },
            'scheduler.disabling': 'reclaimed',
          },
        },
        bounced: {
          description: 'target CPU outside the cpumask: redirected to the task\'s CPU; the staleness check follows',
          on: {
            'handoff.inserted': [
              { target: 'dispatchBuffer', guard: 'claimsTask' },
              { target: 'droppedByQseq', guard: 'missesTask' },
            ],
            'handoff.cancelled': { target: 'cancelled', guard: 'staleAndTaskExists' },
          },
        },
        dispatchBuffer: {
          description: 'inserted while the task is QUEUED and unclaimed: finish_dispatch will claim it (§2.4)',
          on: { 'ops_state.DISPATCHING': 'dsq' },
        },
        dsq: { description: 'end: finish_dispatch moved the task into the DSQ (ops_state DISPATCHING)' },
        droppedByQseq: {
          description: 'end: inserted, but the task is not QUEUED or already claimed: finish_dispatch drops it',
        },
        cancelled: { description: 'end: stale (enq_cnt behind), undone by scx_bpf_dispatch_cancel()' },
        ignored: { description: 'end: the task no longer exists, the decision is ignored' },
        reclaimed: { description: 'end: the scheduler was unloaded with the message still in flight (§4.4, §5.9)' },
      },
    },
    violation: { description: 'an illegal event was seen', type: 'final' },
  },
});
