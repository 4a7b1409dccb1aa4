// Helpers for the scx_rustland_core tests (not a test file): runs of user-space schedulers with the full
// trace, a probe that sees the BpfScheduler of each instance (counters, notify_complete values, planned
// decisions), a small holding policy for the §5.9 edge cases, and checks over the trace — counters
// against `handoff` events (reference §5.8) and "no task missing".
import { expect } from 'vitest';
import {
  defineScheduler, type SchedulerOptions, type UserspaceSchedulerDefinition,
} from '../../../model/kernel/ops.ts';
import type { Kernel } from '../../../model/kernel/kernel.ts';
import type { HandoffStep, TraceEvent } from '../../../model/kernel/trace.ts';
import { prepareRun, type RunOutcome } from '../../../scenarios/runner.ts';
import type { Scenario } from '../../../scenarios/scenario.ts';
import type { BpfScheduler } from '../../../schedulers/rustland-core/bpfScheduler.ts';
import { COUNTER_NAMES, type CounterName } from '../../../schedulers/rustland-core/counters.ts';
import { defineUserspaceScheduler } from '../../../schedulers/rustland-core/define.ts';
import { type DispatchedTask, dispatchedFrom, type QueuedTask } from '../../../schedulers/rustland-core/intf.ts';
import type { UserspacePolicy } from '../../../schedulers/rustland-core/process.ts';
import { type EventOf, MS, ofType } from '../../helpers/sim.ts';

export { MS };

/** What a probe saw of one run: every BpfScheduler instance, notify_complete values, planned decisions. */
export interface Probe {
  readonly bpfs: BpfScheduler[];
  readonly notifies: { t: number; n: number }[];
  readonly planned: { t: number; record: DispatchedTask; accepted: boolean }[];
}

/**
 * Wraps a user-space scheduler so the test sees its BpfScheduler (counters are read through it, as the
 * Rust side reads them through the `*_mut()` accessors) and what the policy asked for.
 */
export function instrument(base: UserspaceSchedulerDefinition): { def: UserspaceSchedulerDefinition; probe: Probe } {
  const probe: Probe = { bpfs: [], notifies: [], planned: [] };
  const hooked = new WeakSet<BpfScheduler>();
  const hook = (bpf: BpfScheduler): void => {
    if (hooked.has(bpf)) return;
    hooked.add(bpf);
    probe.bpfs.push(bpf);
    const notify = bpf.notifyComplete.bind(bpf);
    const dispatch = bpf.dispatchTask.bind(bpf);
    bpf.notifyComplete = (n: number) => { probe.notifies.push({ t: bpf.nowNs(), n }); notify(n); };
    bpf.dispatchTask = (task: DispatchedTask) => {
      const accepted = dispatch(task);
      probe.planned.push({ t: bpf.nowNs(), record: { ...task }, accepted });
      return accepted;
    };
  };
  const def = defineScheduler({
    ...base,
    create(options: SchedulerOptions): UserspacePolicy {
      const inner = base.create(options) as UserspacePolicy;
      return {
        ...(inner.config ? { config: inner.config } : {}),
        schedule(bpf) { hook(bpf); inner.schedule(bpf); },
      };
    },
  });
  return { def, probe };
}

export interface UserRun extends RunOutcome {
  readonly events: TraceEvent[];
}

export interface RunSpec {
  readonly scenario: Scenario;
  readonly scheduler: UserspaceSchedulerDefinition;
  readonly options?: SchedulerOptions;
  readonly seed?: number;
  /** Called with the kernel and the (growing) event list before the run starts: schedule actions here. */
  readonly setup?: (kernel: Kernel, events: readonly TraceEvent[]) => void;
}

export function runUser(spec: RunSpec): UserRun {
  const events: TraceEvent[] = [];
  const run = prepareRun({ scenario: spec.scenario, scheduler: spec.scheduler, seed: spec.seed ?? 1,
    options: spec.options ?? {}, sinks: [{ event: (e) => events.push(e) }] });
  spec.setup?.(run.kernel, events);
  return { ...run.finish(), events };
}

// ---- trace queries -------------------------------------------------------------------------------------

export function handoffs(events: readonly TraceEvent[], step?: HandoffStep, pid?: number): EventOf<'handoff'>[] {
  return ofType(events, 'handoff').filter((e) => (step === undefined || e.step === step) && (pid === undefined || e.pid === pid));
}

/** pid of the user-space scheduler process (its `usersched` event). */
export function userschedPidOf(events: readonly TraceEvent[]): number {
  const e = ofType(events, 'usersched')[0];
  if (!e) throw new Error('no usersched event in the trace');
  return e.pid;
}

/** Last value of each counter in the trace (0 when it never changed). */
export function lastCounterValues(events: readonly TraceEvent[]): Record<CounterName, number> {
  const out = Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Record<CounterName, number>;
  for (const e of ofType(events, 'counter')) if ((COUNTER_NAMES as readonly string[]).includes(e.name)) out[e.name as CounterName] = e.value;
  return out;
}

/** CPU time `pid` had consumed at time `t`, from `switch` events. */
export function cpuTimeAt(events: readonly TraceEvent[], pid: number): (t: number) => number {
  const intervals: [number, number][] = [];
  const open = new Map<number, number>();
  for (const e of ofType(events, 'switch')) {
    if (e.prev === pid && open.has(e.cpu)) { intervals.push([open.get(e.cpu) as number, e.t]); open.delete(e.cpu); }
    if (e.next === pid) open.set(e.cpu, e.t);
  }
  for (const from of open.values()) intervals.push([from, Number.MAX_SAFE_INTEGER]);
  return (t) => intervals.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, t) - a), 0);
}

// ---- checks ----------------------------------------------------------------------------------------------

const WAITING_OR_RUNNING = new Set(['run', 'local', 'global', 'bypass', 'user', 'bpf', 'fair', 'rt']);

/**
 * No task missing: every task alive at the end is sleeping (place `sleep`) or runnable in some place, and
 * the place the trace last gave it is the kernel's. With `ranSince`, every runnable task must also have
 * been running at some point after that time (nothing stuck where nobody looks).
 */
export function expectNoTaskMissing(run: UserRun, ranSince?: number): void {
  const lastPlace = new Map<number, string>();
  for (const e of ofType(run.events, 'place')) lastPlace.set(e.pid, e.place);
  const bad: string[] = [];
  for (const p of run.kernel.tasks) {
    if (p.status === 'dead') continue;
    const place = lastPlace.get(p.pid);
    if (place !== p.place) bad.push(`${p.comm}[${p.pid}] trace place ${place} ≠ kernel ${p.place}`);
    if (p.status === 'sleeping' && p.place !== 'sleep') bad.push(`${p.comm}[${p.pid}] sleeping in ${p.place}`);
    if (p.status === 'runnable' && !WAITING_OR_RUNNING.has(p.place)) bad.push(`${p.comm}[${p.pid}] runnable in ${p.place}`);
  }
  if (ranSince !== undefined) {
    const ran = new Set<number>();
    const curr = new Map<number, number>();
    for (const e of ofType(run.events, 'switch')) {
      if (e.t >= ranSince) { ran.add(e.next); const c = curr.get(e.cpu); if (c !== undefined) ran.add(c); }
      curr.set(e.cpu, e.next);
    }
    for (const pid of curr.values()) ran.add(pid);
    for (const p of run.kernel.tasks) {
      if (p.status === 'runnable' && !ran.has(p.pid)) bad.push(`${p.comm}[${p.pid}] runnable in ${p.place}, not run since ${ranSince}`);
    }
  }
  expect(bad).toEqual([]);
}

/**
 * Reference §5.8 on one scheduler instance (no restart in the trace): the counters' final values against
 * the `handoff` events, nr_queued and nr_running replayed event by event, nr_failed_dispatches never
 * touched; `snapshot` (the counters as the BpfScheduler reads them) must equal the last traced values.
 */
export function expectCountersMatchTrace(events: readonly TraceEvent[], nrOnlineCpus: number,
  snapshot?: (name: CounterName) => number): void {
  const last = lastCounterValues(events);
  const count = (step: HandoffStep) => handoffs(events, step).length;
  expect(last.nr_sched_congested, 'nr_sched_congested = congested events').toBe(count('congested'));
  expect(last.nr_kernel_dispatches, 'nr_kernel_dispatches = kernel + congested events').toBe(count('kernel') + count('congested'));
  expect(last.nr_bounce_dispatches, 'nr_bounce_dispatches = bounced events').toBe(count('bounced'));
  expect(last.nr_cancel_dispatches, 'nr_cancel_dispatches = cancelled events').toBe(count('cancelled'));
  // Every record with a specific CPU ends as 'inserted' or 'cancelled'; it counts as a user dispatch
  // unless it was bounced.
  expect(last.nr_user_dispatches, 'nr_user_dispatches = inserted + cancelled − bounced')
    .toBe(count('inserted') + count('cancelled') - count('bounced'));
  expect(last.nr_failed_dispatches).toBe(0);
  expect(ofType(events, 'counter').filter((e) => e.name === 'nr_failed_dispatches')).toEqual([]);
  const online = ofType(events, 'counter').filter((e) => e.name === 'nr_online_cpus');
  expect(online.map((e) => e.value)).toEqual([nrOnlineCpus]);
  expect(online[0]?.t).toBe(ofType(events, 'op').find((e) => e.op === 'init')?.t);

  // nr_queued: +1 right before each 'queued', −1 right before a 'dequeued', any other change is to 0.
  let queued = 0;
  let plus = 0;
  let minus = 0;
  let resets = 0;
  events.forEach((e, i) => {
    if (e.type !== 'counter' || e.name !== 'nr_queued') return;
    const next = events[i + 1];
    if (e.value === queued + 1) {
      plus++;
      expect(next, `nr_queued +1 at ${e.t}`).toMatchObject({ type: 'handoff', step: 'queued' });
    } else if (e.value === queued - 1 && next?.type === 'handoff' && next.step === 'dequeued') {
      minus++;
    } else {
      expect(e.value, `nr_queued ${queued} → ${e.value} at ${e.t}`).toBe(0);
      resets++;
    }
    queued = e.value;
  });
  expect(plus).toBe(count('queued'));
  expect(minus).toBeLessThanOrEqual(count('dequeued'));
  expect(minus + resets).toBeGreaterThan(0);

  // nr_running: replay ops.running/ops.stopping of every task but the scheduler.
  const usersched = userschedPidOf(events);
  let running = 0;
  for (const e of events) {
    if (e.type === 'op' && e.pid !== usersched && (e.op === 'running' || e.op === 'stopping')) running += e.op === 'running' ? 1 : -1;
    if (e.type === 'counter' && e.name === 'nr_running') expect(e.value, `nr_running at ${e.t}`).toBe(running);
  }
  if (snapshot) for (const name of COUNTER_NAMES) expect(snapshot(name), `${name} read from user space`).toBe(last[name]);
}

// ---- a small policy for the edge cases -------------------------------------------------------------------

export interface HoldingOptions {
  /** How long a task is held in user space after its message was read. */
  readonly holdNs: number;
  /** The CPU (or RL_CPU_ANY) each decision names. */
  readonly target: (task: QueuedTask) => number;
  readonly builtinIdle?: boolean;
  readonly sliceNs?: number;
  /** A hold per message, overriding holdNs (messages then leave in the order their holds end). */
  readonly holdNsFor?: (task: QueuedTask) => number;
}

/**
 * A FIFO that keeps each task `holdNs` before dispatching it to `target(task)`: decisions then arrive
 * late, so the test can change the task meanwhile (kill it, change its affinity).
 */
export function holdingScheduler(name: string, opts: HoldingOptions): UserspaceSchedulerDefinition {
  return defineUserspaceScheduler({
    name, description: `test policy ${name}`, options: {},
    create: (): UserspacePolicy => {
      const held: { task: QueuedTask; at: number }[] = [];
      return {
        config: { sliceNs: opts.sliceNs ?? 5 * MS, builtinIdle: opts.builtinIdle ?? false, partial: false },
        schedule(bpf) {
          for (let task = bpf.dequeueTask(); task; task = bpf.dequeueTask()) held.push({ task, at: bpf.nowNs() });
          const holdOf = (task: QueuedTask): number => opts.holdNsFor?.(task) ?? opts.holdNs;
          for (let i = 0; i < held.length;) {
            const entry = held[i] as { task: QueuedTask; at: number };
            if (bpf.nowNs() - entry.at < holdOf(entry.task)) { i++; continue; }
            const d = dispatchedFrom(entry.task);
            d.cpu = opts.target(entry.task);
            d.sliceNs = opts.sliceNs ?? 5 * MS;
            if (!bpf.dispatchTask(d)) break;
            held.splice(i, 1);
          }
          bpf.notifyComplete(held.length);
        },
      };
    },
  });
}

/** Options that make each idle loop of a spinning policy cost 200 µs (fewer events, same semantics). */
export const SLOW_IDLE_LOOP: SchedulerOptions = { costEmptyNs: 100_000, costNotifyNs: 100_000 };

/**
 * Polls every 100 µs from `fromNs` until `ready()` holds, then runs `act()` once (inside a kernel event).
 * Returns a getter for the time it acted (-1 if never).
 */
export function actWhen(kernel: Kernel, fromNs: number, ready: () => boolean, act: () => void): () => number {
  let at = -1;
  const poll = (): void => {
    if (ready()) { at = kernel.nowNs; act(); return; }
    kernel.at(kernel.nowNs + 100_000, poll);
  };
  kernel.at(fromNs, poll);
  return () => at;
}
