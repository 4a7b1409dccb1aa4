// Task references in a scenario: `wake` steps and fault targets name a task by pid or by comm. The kernel
// model resolves them at run time and does nothing when no task matches (`findTask`), so a misspelt comm
// would silently turn a wake-up or a fault into a no-op. Validation (scenario.ts) checks every reference
// against the tasks the scenario can create: its tasks, the children they fork at any depth, the RT hogs
// of `rtHog` faults (`rt_hog/<cpu>`) and the user-space scheduler's process (`scx_<name>`, which depends
// on the scheduler, so any `scx_` comm is accepted). Pids are checked only against the first pid the
// kernel hands out (PID_FIRST): which task gets which later pid depends on the run.
import { inputError } from '../model/kernel/assert.ts';
import type { Step, TaskSpec } from '../model/kernel/behaviour.ts';
import { PID_FIRST } from '../model/kernel/constants.ts';
import type { Fault } from './scenario.ts';

/** The prefix of the user-space scheduler process's comm (schedulers/rustland-core/process.ts). */
const USERSCHED_COMM_PREFIX = 'scx_';

function collectComms(task: TaskSpec, into: Set<string>): void {
  into.add(task.comm);
  const visit = (steps: readonly Step[]): void => {
    for (const step of steps) {
      if (step.op === 'fork') collectComms(step.child, into);
      if (step.op === 'loop') visit(step.body);
    }
  };
  visit(task.program);
}

/** Every comm a task of the scenario can have. */
export function scenarioComms(tasks: readonly TaskSpec[], faults: readonly Fault[]): Set<string> {
  const comms = new Set<string>();
  for (const task of tasks) collectComms(task, comms);
  for (const fault of faults) if (fault.kind === 'rtHog') comms.add(`rt_hog/${fault.cpu}`);
  return comms;
}

/** Fails (InputError naming `field`) when `target` can name no task of the scenario. */
export function checkTaskRef(target: number | string, field: string, comms: ReadonlySet<string>): void {
  if (typeof target === 'number') {
    if (target < PID_FIRST) inputError(`${field}: no task has pid ${target} (pids start at ${PID_FIRST})`);
    return;
  }
  if (comms.has(target) || target.startsWith(USERSCHED_COMM_PREFIX)) return;
  inputError(`${field}: no task has comm ${JSON.stringify(target)}`);
}

/** Checks the wake targets of a program (forks and loops included). */
export function checkWakeTargets(steps: readonly Step[], field: string, comms: ReadonlySet<string>): void {
  steps.forEach((step, i) => {
    const at = `${field}[${i}]`;
    if (step.op === 'wake') checkTaskRef(step.target, `${at}.target`, comms);
    if (step.op === 'fork') checkWakeTargets(step.child.program, `${at}.child.program`, comms);
    if (step.op === 'loop') checkWakeTargets(step.body, `${at}.body`, comms);
  });
}

/** Checks the task a fault targets (setAffinity/setNice/setPolicy `target`, userschedPagefault `kthread`). */
export function checkFaultTarget(fault: Fault, field: string, comms: ReadonlySet<string>): void {
  if (fault.kind === 'setAffinity' || fault.kind === 'setNice' || fault.kind === 'setPolicy') {
    checkTaskRef(fault.target, `${field}.target`, comms);
  }
  if (fault.kind === 'userschedPagefault') checkTaskRef(fault.kthread, `${field}.kthread`, comms);
}
