// Scheduler lifecycle (global): the enable state DISABLED → ENABLING → ENABLED → DISABLING → DISABLED,
// with ENABLING → DISABLING when enabling fails, the load and unload callback order, the first-wins exit,
// and, orthogonally, the bypass nesting depth (reference §4.1–§4.5, §9 "SchedulerInstance").
//
// The kernel's own description (kernel/sched/ext_internal.h, K-cur; reference §4.1):
//
//   enum scx_enable_state {
//           SCX_ENABLING,
//           SCX_ENABLED,
//           SCX_DISABLING,
//           SCX_DISABLED,
//   };
//
// with these transitions (scx_root_enable_workfn / scx_root_disable, §4.1): DISABLED → ENABLING at the
// start of enable; ENABLING → ENABLED by compare-and-swap at its end, which fails if an exit was already
// claimed; ENABLING|ENABLED → DISABLING as the first step of the disable work; DISABLING → DISABLED at
// its end. Exit claiming (scx_claim_exit, §4.3): the first exit kind wins, later ones are ignored.
//
// Load order (§4.2): ops.init(), then ops.init_task() for every task (INIT, READY), then the switch loop
// enables them (ENABLED), then ENABLED. Bypass is on around the task loops (§4.2 steps 4–8), so ENABLING
// and ENABLED begin with bypass off. Unload order (§4.4): bypass on, DISABLING, per task disable →
// exit_task (READY, NONE), the exit info (the trace's `exit` event: the one kind that won), ops.exit(),
// DISABLED, bypass off. No task callback and no task-state change happens while DISABLED, and the run
// never ends half-way through an enable or a disable (each is one atomic step of the model).
//
// Region `bypass` counts the nesting depth (§4.5): each change is ±1; a jump is illegal. Guards on the
// enable region read it with `stateIn`. Any event no region accepts is illegal (the wildcard on the root).
import { not, setup, stateIn } from 'xstate';
import type { SchedulerEvent } from './events.ts';

export const schedulerMachine = setup({
  types: { events: {} as SchedulerEvent },
  guards: {
    bypassOff: stateIn('#scheduler.kernel.bypass.off'),
    bypassOn: not(stateIn('#scheduler.kernel.bypass.off')),
  },
}).createMachine({
  id: 'scheduler',
  description: 'the sched_ext enable state, exit claiming and bypass depth (reference §4)',
  initial: 'kernel',
  on: { '*': { target: '.violation', description: 'no region accepts this event' } },
  states: {
    kernel: {
      type: 'parallel',
      states: {
        enable: {
          description: 'scx_enable_state',
          initial: 'disabled',
          states: {
            disabled: {
              description: 'SCX_DISABLED: no BPF scheduler loaded',
              on: {
                'scx_state.ENABLING': { target: 'enabling', guard: 'bypassOff' },
                'trace.end': { guard: 'bypassOff' },
              },
            },
            enabling: {
              description: 'SCX_ENABLING: ops.init(), then init_task for every task, then the switch loop',
              initial: 'init',
              on: {
                'scx_state.ENABLED': { target: 'enabled', guard: 'bypassOff' },
                'scx_state.DISABLING': { target: 'disabling', guard: 'bypassOn' },
              },
              states: {
                init: {
                  description: 'ops.init() is the first callback',
                  on: { 'op.init': 'initTasks', 'op.other': 'initTasks', 'task_state.INIT': 'initTasks' },
                },
                initTasks: {
                  description: 'ops.init_task() for every existing task: INIT, then READY',
                  on: {
                    'op.other': {},
                    'task_state.INIT': {},
                    'task_state.READY': {},
                    'task_state.ENABLED': 'switchTasks',
                  },
                },
                switchTasks: {
                  description: 'the switch loop: ops.enable() for every task that joins sched_ext',
                  on: { 'op.other': {}, 'task_state.ENABLED': {} },
                },
              },
            },
            enabled: {
              description: 'SCX_ENABLED: forks, deaths and class switches change task states',
              on: {
                'scx_state.DISABLING': { target: 'disabling', guard: 'bypassOn' },
                'op.other': {},
                'task_state.INIT': {},
                'task_state.READY': {},
                'task_state.ENABLED': {},
                'task_state.NONE': {},
                'trace.end': {},
              },
            },
            disabling: {
              description: 'SCX_DISABLING: every task reverted (disable, exit_task), then the exit, then ops.exit()',
              initial: 'revertTasks',
              states: {
                revertTasks: {
                  description: 'per task: ops.disable() then ops.exit_task()',
                  on: { 'op.other': {}, 'task_state.READY': {}, 'task_state.NONE': {}, exit: 'exitRecorded' },
                },
                exitRecorded: {
                  description: 'the exit kind that won is recorded; a second one is illegal',
                  on: {
                    'op.exit': 'exitCalled',
                    'scx_state.DISABLED': { target: '#scheduler.kernel.enable.disabled', guard: 'bypassOn' },
                  },
                },
                exitCalled: {
                  description: 'ops.exit() was the last callback',
                  on: {
                    'scx_state.DISABLED': { target: '#scheduler.kernel.enable.disabled', guard: 'bypassOn' },
                  },
                },
              },
            },
          },
        },
        bypass: {
          description: 'bypass nesting depth (scx_bypass): each change is one step',
          initial: 'off',
          states: {
            off: { description: 'depth 0', on: { 'bypass.1': 'depth1' } },
            depth1: { description: 'depth 1', on: { 'bypass.0': 'off', 'bypass.2': 'depth2' } },
            depth2: { description: 'depth 2', on: { 'bypass.1': 'depth1', 'bypass.3': 'depth3' } },
            depth3: { description: 'depth 3 (enable, disable and PM suspend)', on: { 'bypass.2': 'depth2' } },
          },
        },
      },
    },
    violation: { description: 'an illegal event was seen', type: 'final' },
  },
});
