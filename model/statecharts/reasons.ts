// Why an event was illegal, in words: the rule of the reference that the refused event breaks, chosen by
// the machine, the event and the state it arrived in. Only the wording lives here; legality is decided
// by the machines alone.
import type { StepperMachine } from './stepper.ts';

type Rule = readonly [test: (event: string, state: string) => boolean, hint: string];

const type = (event: string): string => event.split('|')[0] ?? event;
const is = (...types: string[]) => (event: string): boolean => types.includes(type(event));
const inState = (fragment: string) => (state: string): boolean => state.includes(fragment);

const LIFECYCLE: readonly Rule[] = [
  [(e, s) => e.startsWith('op.') && /^"(none|exited|dead|inInitTask)"$/.test(s) && !is('op.init_task')(e), 'a callback on a task before ops.init_task() or after ops.exit_task() (§1.1)'],
  [(e, s) => is('op.enable')(e) && inState('enabled')(s), 'ops.enable() twice: enable and disable strictly alternate (§1.1, §1.5)'],
  [(e, s) => is('op.exit_task', 'task_state.NONE')(e) && inState('enabled')(s), 'ops.exit_task() before ops.disable(): exit_task comes last (§1.1, §1.4 H)'],
  [(e, s) => is('op.init_task', 'task_state.INIT')(e) && !inState('none')(s), 'ops.init_task() is called exactly once per task per scheduler instance (§1.1)'],
  [(e) => is('op.running')(e), 'ops.running() without ops.runnable() (or twice): runnable → (running → stopping)* → quiescent (§1.5)'],
  [(e) => is('op.stopping(true)', 'op.stopping(false)')(e), 'ops.stopping() without ops.running(): running/stopping come in pairs (§1.5)'],
  [(e) => is('op.runnable')(e), 'ops.runnable() while already runnable: quiescent must come first (§1.5)'],
  [(e) => is('op.quiescent')(e), 'ops.quiescent() out of order: only after runnable, and after stopping(p, false) when running (§1.4 G, §1.5)'],
  [(e, s) => is('op.disable', 'task_state.READY')(e) && inState('enabled')(s), 'ops.disable() while the task is still on the run queue: it is dequeued (quiescent) first (§1.4 H, I, §4.4)'],
  [(e, s) => is('scheduler.disabled')(e) && !inState('violation')(s), 'the scheduler was disabled while the task was not back to NONE: every task is disabled and exited on unload (§4.4)'],
  [(e) => e.startsWith('place.run'), 'a task runs only from its CPU\'s local DSQ (§3.1)'],
  [(e) => e.startsWith('place.'), 'an impossible move for an ENABLED task: blocks only while running, dies only asleep, fair/rt only after disable (§1.4)'],
  [() => true, 'the kernel never makes this transition (§1.1)'],
];

const OWNERSHIP: readonly Rule[] = [
  [(e) => e === 'ops_state.DISPATCHING|staleQseq', 'a dispatch under a stale qseq must never move the task (§2.4)'],
  [(e) => e === 'ops_state.QUEUED|staleQseq', 'QUEUED must carry the qseq stamped at QUEUEING (§2.1, §2.3)'],
  [(e, s) => e.startsWith('place.') && s === '"queued"', 'the task moved while owned by the BPF scheduler (QUEUED): only a dispatch under its qseq or a dequeue may move it (§2.3, §2.4)'],
  [(e) => e.startsWith('place.'), 'the task moved while in transit (QUEUEING or DISPATCHING) (§2.2)'],
  [(e) => e === 'op.enqueue', 'ops.enqueue() runs only while the task is QUEUEING (§2.3)'],
  [(e) => e === 'scheduler.disabled', 'the scheduler was disabled while BPF still owned the task: the bypass cycle reclaims every task (§4.4)'],
  [() => true, 'not an ops_state transition of the kernel (§2.3)'],
];

const SCHEDULER: readonly Rule[] = [
  [(e, s) => e === 'exit' && /exitRecorded|exitCalled/.test(s), 'a second exit kind claimed after the first: the first exit wins (§4.3)'],
  [(e) => e === 'exit', 'an exit is recorded only by the disable path, after DISABLING (§4.3, §4.4)'],
  [(e) => e.startsWith('bypass.'), 'the bypass depth changes by one step at a time (§4.5)'],
  [(e) => e === 'scx_state.ENABLING' || e === 'scx_state.ENABLED', 'enabling needs the scheduler DISABLED (then ENABLING) and ends with bypass off (§4.1, §4.2)'],
  [(e) => e === 'scx_state.DISABLING', 'disabling starts from ENABLING or ENABLED with bypass on (§4.1, §4.4)'],
  [(e) => e === 'scx_state.DISABLED', 'DISABLED comes at the end of the disable path, after the exit is recorded, with bypass on (§4.4)'],
  [(e) => e === 'op.init', 'ops.init() is the first callback of a scheduler instance (§4.2)'],
  [(e) => e === 'op.exit', 'ops.exit() is the last callback, after the exit is recorded (§4.4)'],
  [(e) => e === 'trace.end', 'the run ended half-way through an enable or a disable, or with bypass left on (§4.2, §4.4)'],
  [(_e, s) => s.includes('"disabled"'), 'a callback or task-state change while no scheduler is loaded (§4.1)'],
  [() => true, 'out of the load/unload order (§4.2, §4.4)'],
];

const has = (field: string) => (event: string): boolean => event.split('|').includes(field);
const DECISIONS = ['handoff.ignored', 'handoff.any', 'handoff.bounced', 'handoff.inserted', 'handoff.cancelled'];
const notYetAtBpf = (state: string): boolean => /"(none|queuedRing|userspace)"/.test(state);
const decided = (state: string): boolean => /"(dispatchBuffer|dsq|droppedByQseq|cancelled|ignored|reclaimed)"/.test(state);

const HANDOFF: readonly Rule[] = [
  [(e) => is('handoff.congested', 'handoff.kernel')(e), 'an enqueue decided without a message (ring full, or a BPF fast path) leaves enq_cnt as it is: it must carry the task\'s current one (§5.4 steps 2, 4, 5)'],
  [(e, s) => is('handoff.queued')(e) && !inState('"none"')(s), 'a second `queued` for the same (pid, enq_cnt): every message bumps enq_cnt (§5.4 step 5)'],
  [(e) => is('handoff.queued')(e), 'a new message carries the task\'s enq_cnt plus one: queue_task_to_userspace bumps it for every message, and nothing else does (§5.4 step 5)'],
  [(e, s) => is('handoff.dequeued')(e) && inState('"none"')(s), 'dequeued a message that was never queued, or has already ended (§5.4, §5.10)'],
  [(e) => is('handoff.dequeued')(e), 'dequeued twice: dequeue_task() consumes each record of the queued ring once (§5.10)'],
  [(e, s) => is('handoff.submitted')(e) && notYetAtBpf(s), 'a decision for a message user space never dequeued: DispatchedTask::new copies a dequeued QueuedTask (§5.10)'],
  [(e) => is('handoff.submitted')(e), 'submitted twice: one decision per message (§5.5, §5.10)'],
  [(e, s) => is(...DECISIONS)(e) && notYetAtBpf(s), 'ops.dispatch applied a decision user space never submitted: the message is still in the queued ring or in user space, or unknown (§5.5)'],
  [(e, s) => is(...DECISIONS)(e) && decided(s), 'a second outcome for a message: dispatch_task drains each decision once (§5.5)'],
  [(e) => is('handoff.ignored')(e), 'a decision ignored although its task exists: only a failed bpf_task_from_pid() ignores one (§5.5)'],
  [(e) => is(...DECISIONS)(e) && has('gone')(e), 'a decision applied to a task that no longer exists: bpf_task_from_pid() fails, so it must be ignored (§5.5, §5.9)'],
  [(e, s) => is('handoff.bounced')(e) && inState('"bounced"')(s), 'bounced twice: the bounce is decided once, then the insert (§5.5)'],
  [(e, s) => is('handoff.any')(e) && inState('"bounced"')(s), 'a bounced decision named a CPU, not RL_CPU_ANY (§5.5)'],
  [(e) => is('handoff.inserted')(e) && has('gen=older')(e), 'a stale decision was inserted: the task was queued again since (enq_cnt ahead), so it must be cancelled (§5.5, §5.9)'],
  [(e) => is('handoff.cancelled')(e) && !has('gen=older')(e), 'a live decision was cancelled: only one whose enq_cnt is behind the task\'s is stale (§5.5)'],
  [(e, s) => is('ops_state.other')(e) && inState('"dispatchBuffer"')(s), 'finish_dispatch did not claim a task inserted while QUEUED under its current qseq: the task\'s next ops_state must be DISPATCHING (§2.4)'],
  [(e) => is('scheduler.disabling')(e), 'the scheduler was unloaded halfway through ops.dispatch: a bounce and its insert, and an insert and finish_dispatch, happen in one dispatch round (§2.4, §5.5)'],
  [() => true, 'not a step of the handoff protocol (§5.4, §5.5)'],
];

const RULES: Readonly<Record<StepperMachine, readonly Rule[]>> = {
  taskLifecycle: LIFECYCLE, opsOwnership: OWNERSHIP, scheduler: SCHEDULER, handoff: HANDOFF,
};

/** The rule an illegal `event` (alphabet key) in `state` (state key) breaks. */
export function hintFor(machine: StepperMachine, event: string, state: string): string {
  for (const [test, hint] of RULES[machine]) if (test(event, state)) return hint;
  return 'illegal';
}
