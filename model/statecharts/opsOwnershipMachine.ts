// Ops ownership (per task): p->scx.ops_state NONE / QUEUEING / QUEUED(qseq) / DISPATCHING and the qseq
// handshake (reference §2). Who owns the task: the SCX core (NONE), the BPF scheduler (QUEUED), or
// neither while it is in transit (QUEUEING, DISPATCHING).
//
// The kernel's own description (kernel/sched/ext_internal.h, "Task Ownership State Machine", K-cur):
//
//         .------------> NONE (owned by SCX core)
//         |               |           ^
//         |       enqueue |           | direct dispatch
//         |               v           |
//         |           QUEUEING -------'
//         |               |
//         |       enqueue |
//         |     completes |
//         |               v
//         |            QUEUED (owned by BPF scheduler)
//         |               |
//         |      dispatch |
//         |               v
//         |          DISPATCHING
//         |               |
//         |      dispatch |
//         |     completes |
//         `---------------'
//
//   SCX_OPSS_QUEUED: Task is owned by the BPF scheduler. [...] A QSEQ (queue sequence number) is embedded
//   in this state to detect dispatch/dequeue races: if a task is dequeued and re-enqueued, the QSEQ
//   changes and any in-flight dispatch operations targeting the old QSEQ are safely ignored.
//
// Plus the dequeue edge of §2.3 (QUEUED → NONE: ops_dequeue claims the task back on sleep, property
// change, bypass or disable). The rules checked: ops.enqueue runs only in QUEUEING; QUEUED keeps the qseq
// stamped at QUEUEING; a dispatch (DISPATCHING) must carry the qseq the task is QUEUED under — a stale
// one must never move the task (§2.4); and while the BPF scheduler owns the task (QUEUED) or it is in
// transit, its place does not change (only `bpf`, the custody place, right after QUEUED). After the
// scheduler is disabled no task may still be owned by BPF (§4.4: the bypass cycle reclaims them).
// `sameQseq` is computed by the checker from the one qseq it remembers per task (events.ts).
import { setup } from 'xstate';
import type { OwnershipEvent } from './events.ts';

export const opsOwnershipMachine = setup({
  types: { events: {} as OwnershipEvent },
  guards: {
    sameQseq: ({ event }) => 'sameQseq' in event && event.sameQseq === true,
  },
}).createMachine({
  id: 'opsOwnership',
  description: 'ops_state of one task and the qseq handshake (reference §2)',
  initial: 'none',
  on: { '*': { target: '.violation', description: 'no active state accepts this event' } },
  states: {
    none: {
      description: 'SCX_OPSS_NONE: owned by the SCX core',
      on: {
        'ops_state.QUEUEING': 'queueing',
        'place.*': {},
        task_dead: {},
        'scheduler.disabled': {},
      },
    },
    queueing: {
      description: 'SCX_OPSS_QUEUEING: in transit to the BPF scheduler (ops.enqueue() runs here)',
      on: {
        'op.enqueue': {},
        'ops_state.QUEUED': { target: 'queued', guard: 'sameQseq' },
        'ops_state.NONE': 'none',
      },
    },
    queued: {
      description: 'SCX_OPSS_QUEUED: owned by the BPF scheduler, branded with its qseq',
      on: {
        'place.bpf': {},
        'ops_state.DISPATCHING': { target: 'dispatching', guard: 'sameQseq' },
        'ops_state.NONE': 'none',
      },
    },
    dispatching: {
      description: 'SCX_OPSS_DISPATCHING: in transit back to the SCX core',
      on: { 'ops_state.NONE': 'none' },
    },
    violation: { description: 'an illegal event was seen', type: 'final' },
  },
});
