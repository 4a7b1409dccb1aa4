// Task lifecycle (per task): scx_task_state NONE → INIT → READY ⇄ ENABLED → NONE, and, while ENABLED,
// the run state in two orthogonal regions: the callback nesting and the place (reference §1.1, §1.4, §1.5).
//
// The kernel's own description (include/linux/sched/ext.h, K-cur; reference §1.1):
//
//   enum scx_task_state {
//           SCX_TASK_NONE,          /* ops.init_task() not called yet */
//           SCX_TASK_INIT,          /* ops.init_task() succeeded, but task can be cancelled */
//           SCX_TASK_READY,         /* fully initialized, but not in sched_ext */
//           SCX_TASK_ENABLED,       /* fully initialized and in sched_ext */
//   };
//
// and of the run callbacks (kernel/sched/ext_internal.h, `runnable`; reference §1.3, §1.5):
//
//   This and the following three functions can be used to track a task's execution state transitions.
//   A task becomes ->runnable() on a CPU, and then goes through one or more ->running() and ->stopping()
//   pairs as it runs on the CPU, and eventually becomes ->quiescent() when it's done running on the CPU.
//
// Allowed task-state transitions (scx_set_task_state, §1.1): INIT only from NONE; READY from INIT or
// ENABLED; ENABLED only from READY; NONE from any. init_task runs exactly once per task per scheduler
// instance, enable/disable strictly alternate, exit_task comes last, and no callback reaches a task
// before its init_task or after its exit_task.
//
// How the trace shows it: the kernel emits `task_state` on every change and `op` only for callbacks the
// scheduler implements, right before the callback runs. A callback therefore opens an `in…` state that
// only its task_state change closes (inInitTask → INIT, inEnable → ENABLED, …); a task_state change with
// no callback before it is the callback being absent. Inside `enabled`, region `callbacks` follows the
// nesting above: `idle` (not QUEUED), `queued` (after runnable, or stopping(true)), `onCpu` (after
// running), `leaving` (after stopping(false), quiescent due). A transition that skips a callback is
// guarded by that callback being absent (`skips…`, read from the event's `impl`, see events.ts), so the
// rules bind exactly the callbacks that exist. Region `run` follows the `place` events: a task runs only
// from its CPU's local DSQ (§3.1), blocks only while running (§1.4 G), and dies only asleep (§1.4 H).
// `disable` (and READY without it) needs the task off the run queue: the kernel disables a task from
// switched_from_scx() or sched_ext_dead(), after the dequeue that ends in quiescent (§1.4 H, I, §4.4).
// Any event no active state accepts is illegal: the root's wildcard sends it to `violation`.
import { setup } from 'xstate';
import {
  IMPL_ALL, IMPL_QUIESCENT, IMPL_RUNNABLE, IMPL_RUNNING, IMPL_STOPPING, type LifecycleEvent,
} from './events.ts';

/** The `impl` bits each guard reads (the table derivation enumerates exactly these). */
export const LIFECYCLE_GUARD_BITS: Readonly<Record<string, number>> = {
  skipsRunnable: IMPL_RUNNABLE,
  skipsRunning: IMPL_RUNNING,
  skipsStopping: IMPL_STOPPING,
  skipsQuiescent: IMPL_QUIESCENT,
  skipsRunnableAndRunning: IMPL_RUNNABLE | IMPL_RUNNING,
  skipsStoppingAndQuiescent: IMPL_STOPPING | IMPL_QUIESCENT,
  skipsQuiescentAndRunnable: IMPL_QUIESCENT | IMPL_RUNNABLE,
  skipsQuiescentRunnableAndRunning: IMPL_QUIESCENT | IMPL_RUNNABLE | IMPL_RUNNING,
};

/** True when none of `bits` is a callback the scheduler implements (no `impl`: all implemented). */
function skips(bits: number): (args: { event: LifecycleEvent }) => boolean {
  return ({ event }) => (('impl' in event ? event.impl ?? IMPL_ALL : IMPL_ALL) & bits) === 0;
}

export const taskLifecycleMachine = setup({
  types: { events: {} as LifecycleEvent },
  guards: {
    skipsRunnable: skips(IMPL_RUNNABLE),
    skipsRunning: skips(IMPL_RUNNING),
    skipsStopping: skips(IMPL_STOPPING),
    skipsQuiescent: skips(IMPL_QUIESCENT),
    skipsRunnableAndRunning: skips(IMPL_RUNNABLE | IMPL_RUNNING),
    skipsStoppingAndQuiescent: skips(IMPL_STOPPING | IMPL_QUIESCENT),
    skipsQuiescentAndRunnable: skips(IMPL_QUIESCENT | IMPL_RUNNABLE),
    skipsQuiescentRunnableAndRunning: skips(IMPL_QUIESCENT | IMPL_RUNNABLE | IMPL_RUNNING),
  },
}).createMachine({
  id: 'taskLifecycle',
  description: 'scx_task_state of one task, and its run state while ENABLED (reference §1.1, §1.4, §1.5)',
  initial: 'none',
  on: { '*': { target: '.violation', description: 'no active state accepts this event' } },
  states: {
    none: {
      description: 'SCX_TASK_NONE: ops.init_task() not called yet in this scheduler instance',
      on: {
        'op.init_task': 'inInitTask',
        'task_state.INIT': 'init',
        'place.*': {},
        task_dead: 'dead',
        'scheduler.disabled': {},
      },
    },
    inInitTask: {
      description: 'inside ops.init_task(); INIT follows, or the load fails and the scheduler goes away',
      on: { 'task_state.INIT': 'init', 'scheduler.disabled': 'none', 'place.*': {} },
    },
    init: {
      description: 'SCX_TASK_INIT: ops.init_task() succeeded, but task can be cancelled',
      on: {
        'task_state.READY': 'ready',
        'op.exit_task': 'inExitTask',
        'task_state.NONE': 'exited',
        'place.*': {},
      },
    },
    ready: {
      description: 'SCX_TASK_READY: fully initialized, but not in sched_ext',
      on: {
        'op.enable': 'inEnable',
        'task_state.ENABLED': 'enabled',
        'op.exit_task': 'inExitTask',
        'task_state.NONE': 'exited',
        'place.*': {},
      },
    },
    inEnable: {
      description: 'inside ops.enable(); ENABLED follows',
      on: { 'task_state.ENABLED': 'enabled' },
    },
    enabled: {
      description: 'SCX_TASK_ENABLED: fully initialized and in sched_ext',
      type: 'parallel',
      on: {
        'op.set_weight': {},
        'op.set_cpumask': {},
        'op.select_cpu': {},
        'op.enqueue': {},
        'op.dequeue': {},
        'op.dispatch': {},
        'op.tick': {},
        'op.yield': {},
        'op.other': {},
      },
      states: {
        callbacks: {
          description: 'runnable → (running → stopping)* → quiescent, for the callbacks that exist',
          initial: 'idle',
          states: {
            idle: {
              description: 'not QUEUED: before ops.runnable(), or after ops.quiescent()',
              on: {
                'op.runnable': 'queued',
                'op.running': { target: 'onCpu', guard: 'skipsRunnable' },
                'op.stopping(true)': { target: 'queued', guard: 'skipsRunnableAndRunning' },
                'op.stopping(false)': { target: 'leaving', guard: 'skipsRunnableAndRunning' },
                'op.quiescent': { target: 'idle', guard: 'skipsRunnable' },
                'op.disable': '#taskLifecycle.inDisable',
                'task_state.READY': '#taskLifecycle.ready',
              },
            },
            queued: {
              description: 'QUEUED, not running: after ops.runnable() or ops.stopping(p, true)',
              on: {
                'op.runnable': { target: 'queued', guard: 'skipsQuiescent' },
                'op.running': 'onCpu',
                'op.stopping(true)': { target: 'queued', guard: 'skipsRunning' },
                'op.stopping(false)': { target: 'leaving', guard: 'skipsRunning' },
                'op.quiescent': 'idle',
                'op.disable': { target: '#taskLifecycle.inDisable', guard: 'skipsQuiescent' },
                'task_state.READY': { target: '#taskLifecycle.ready', guard: 'skipsQuiescent' },
              },
            },
            onCpu: {
              description: 'running on a CPU: after ops.running()',
              on: {
                'op.runnable': { target: 'queued', guard: 'skipsStoppingAndQuiescent' },
                'op.running': { target: 'onCpu', guard: 'skipsStopping' },
                'op.stopping(true)': 'queued',
                'op.stopping(false)': 'leaving',
                'op.quiescent': { target: 'idle', guard: 'skipsStopping' },
                'op.disable': { target: '#taskLifecycle.inDisable', guard: 'skipsStoppingAndQuiescent' },
                'task_state.READY': { target: '#taskLifecycle.ready', guard: 'skipsStoppingAndQuiescent' },
              },
            },
            leaving: {
              description: 'after ops.stopping(p, false): ops.quiescent() is due',
              on: {
                'op.runnable': { target: 'queued', guard: 'skipsQuiescent' },
                'op.running': { target: 'onCpu', guard: 'skipsQuiescentAndRunnable' },
                'op.stopping(true)': { target: 'queued', guard: 'skipsQuiescentRunnableAndRunning' },
                'op.stopping(false)': { target: 'leaving', guard: 'skipsQuiescentRunnableAndRunning' },
                'op.quiescent': 'idle',
                'op.disable': { target: '#taskLifecycle.inDisable', guard: 'skipsQuiescent' },
                'task_state.READY': { target: '#taskLifecycle.ready', guard: 'skipsQuiescent' },
              },
            },
          },
        },
        run: {
          description: 'where the task is, from `place` events',
          initial: 'elsewhere',
          states: {
            elsewhere: {
              description: 'still where its previous class left it (fair/rt queue, a CPU, or asleep)',
              on: {
                'place.sleep': 'sleeping',
                'place.bpf': 'runnable.inBpf',
                'place.local': 'runnable.inDsq.local',
                'place.global': 'runnable.inDsq.global',
                'place.bypass': 'runnable.inDsq.bypass',
                'place.user': 'runnable.inDsq.user',
              },
            },
            sleeping: {
              description: 'blocked',
              on: {
                'place.bpf': 'runnable.inBpf',
                'place.local': 'runnable.inDsq.local',
                'place.global': 'runnable.inDsq.global',
                'place.bypass': 'runnable.inDsq.bypass',
                'place.user': 'runnable.inDsq.user',
                'place.dead': 'gone',
              },
            },
            runnable: {
              description: 'runnable: in BPF custody, in a DSQ, or on a CPU',
              initial: 'inBpf',
              states: {
                inBpf: {
                  description: 'in BPF custody (ops_state QUEUED), on no DSQ',
                  on: {
                    'place.local': 'inDsq.local',
                    'place.global': 'inDsq.global',
                    'place.bypass': 'inDsq.bypass',
                    'place.user': 'inDsq.user',
                  },
                },
                inDsq: {
                  description: 'waiting in a DSQ',
                  initial: 'local',
                  on: {
                    'place.bpf': '#taskLifecycle.enabled.run.runnable.inBpf',
                    'place.local': '.local',
                    'place.global': '.global',
                    'place.bypass': '.bypass',
                    'place.user': '.user',
                  },
                  states: {
                    local: {
                      description: 'a local DSQ: the only place a CPU runs tasks from',
                      on: { 'place.run': '#taskLifecycle.enabled.run.runnable.onCpu' },
                    },
                    global: { description: 'the global DSQ' },
                    bypass: { description: 'the bypass DSQ' },
                    user: { description: 'a user DSQ (BPF custody)' },
                  },
                },
                onCpu: {
                  description: 'running on a CPU',
                  on: {
                    'place.sleep': '#taskLifecycle.enabled.run.sleeping',
                    'place.bpf': 'inBpf',
                    'place.local': 'inDsq.local',
                    'place.global': 'inDsq.global',
                    'place.bypass': 'inDsq.bypass',
                    'place.user': 'inDsq.user',
                  },
                },
              },
            },
            gone: { description: 'exited (place dead): ops.disable() and ops.exit_task() follow' },
          },
        },
      },
    },
    inDisable: {
      description: 'inside ops.disable(); READY follows',
      on: { 'task_state.READY': 'ready' },
    },
    inExitTask: {
      description: 'inside ops.exit_task(); NONE follows',
      on: { 'task_state.NONE': 'exited' },
    },
    exited: {
      description: 'NONE after ops.exit_task(): no callback and no init_task again in this instance',
      on: { 'place.*': {}, task_dead: 'dead', 'scheduler.disabled': 'none' },
    },
    dead: {
      description: 'the task is dead (task_dead)',
      on: { 'scheduler.disabled': {} },
    },
    violation: { description: 'an illegal event was seen', type: 'final' },
  },
});
