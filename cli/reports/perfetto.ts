// The Perfetto / chrome://tracing export (`--perfetto FILE`): the schedule (schedule.ts) as Chrome
// trace-event JSON, the JSON Object Format `{ traceEvents, displayTimeUnit }` that ui.perfetto.dev
// ("Open trace file") and chrome://tracing import. Layout:
//   process 1 "CPUs": one thread track per CPU ("CPU n"), the running task as complete slices (ph X, name
//     comm[pid], category = its class); CPU hotplug as instants on the CPU's track;
//   process 2 "tasks": one thread track per task (tid = pid): "running on cpu n" slices, and "runnable"
//     slices for every wait with a nested slice per place it waited in (local DSQ of cpu 1, BPF custody …);
//     class changes as instants on the task's track;
//   process 3 "sched_ext": counters (ph C) for each DSQ's depth, BPF custody, the rustland rings and the
//     scheduler's own counters (nr_queued, nr_scheduled …), and global instants (ph i, s g) for faults,
//     scx_state changes, exits (the fallback) and property violations.
// Timestamps: the format's `ts`/`dur` are microseconds; the model's integer nanoseconds are written as
// fractional microseconds (t / 1000, at most 3 decimals, so `Math.round(ts * 1000)` gives the ns back
// exactly), and `displayTimeUnit: "ns"` asks the viewer to show nanoseconds.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { Violation } from '../../scenarios/runner.ts';
import { UsageError } from '../errors.ts';
import { SCHEDULE_EVENTS_MAX, type ScheduleSink } from './schedule.ts';

export const PID_CPUS = 1;
export const PID_TASKS = 2;
export const PID_SCX = 3;
/**
 * Thread ids are unique across the processes (viewers key threads by tid, a tid seen under a second pid
 * reads as a new thread): tasks use their pid (from PID_FIRST = 100 up), CPUs and the sched_ext events
 * thread ids far above any pid.
 */
export const TID_CPU_BASE = 10_000_000;
const TID_SCX = 20_000_000;

/** One trace event of the format (the fields this export uses). */
export interface ChromeTraceEvent {
  name: string;
  ph: 'M' | 'X' | 'i' | 'C';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: 'g' | 'p' | 't';
  args?: Record<string, string | number>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ns';
  otherData: Record<string, string | number>;
}

/** Nanoseconds as the format's microseconds (exact: at most 3 decimals). */
export function us(ns: number): number {
  return ns / 1000;
}

export const cpuTid = (cpu: number): number => TID_CPU_BASE + cpu;

function metadata(schedule: ScheduleSink): ChromeTraceEvent[] {
  const out: ChromeTraceEvent[] = [];
  const process = (pid: number, name: string): void => {
    out.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    out.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
  };
  const thread = (pid: number, tid: number, name: string, index: number): void => {
    out.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
    out.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: index } });
  };
  process(PID_CPUS, 'CPUs');
  for (let cpu = 0; cpu < schedule.cpus; cpu++) thread(PID_CPUS, cpuTid(cpu), `CPU ${cpu}`, cpu);
  process(PID_TASKS, 'tasks');
  for (const task of schedule.tasks.values()) {
    thread(PID_TASKS, task.pid, `${schedule.label(task.pid)}${task.usersched ? ' (user-space scheduler)' : ''}`, task.pid);
  }
  process(PID_SCX, 'sched_ext');
  thread(PID_SCX, TID_SCX, 'events', 0);
  return out;
}

/** The trace-event document of a schedule, with the run's violations as global instants. */
export function chromeTrace(schedule: ScheduleSink, info: { scheduler: string; scenario: string; seed: number },
  violations: readonly Violation[]): ChromeTrace {
  const timed: ChromeTraceEvent[] = [];
  for (const s of schedule.slices) {
    const task = schedule.tasks.get(s.pid);
    timed.push({ name: schedule.label(s.pid), cat: s.cls, ph: 'X', pid: PID_CPUS, tid: cpuTid(s.cpu), ts: us(s.startNs),
      dur: us(s.endNs - s.startNs), args: { pid: s.pid, comm: task?.comm ?? '', class: s.cls } });
    timed.push({ name: `running on cpu ${s.cpu}`, cat: 'running', ph: 'X', pid: PID_TASKS, tid: s.pid, ts: us(s.startNs),
      dur: us(s.endNs - s.startNs), args: { cpu: s.cpu, class: s.cls } });
  }
  for (const w of schedule.waits) {
    if (w.endNs === w.startNs) continue;
    timed.push({ name: 'runnable', cat: 'wait', ph: 'X', pid: PID_TASKS, tid: w.pid, ts: us(w.startNs), dur: us(w.endNs - w.startNs),
      args: { waitNs: w.endNs - w.startNs, ended: w.ended } });
    for (const step of w.steps) {
      if (step.endNs === step.startNs) continue;
      timed.push({ name: step.where, cat: 'wait.place', ph: 'X', pid: PID_TASKS, tid: w.pid, ts: us(step.startNs),
        dur: us(step.endNs - step.startNs), args: { place: step.place } });
    }
  }
  for (const i of schedule.instants) {
    const base = { name: i.name, cat: i.kind, ph: 'i' as const, ts: us(i.t), args: { ...i.args } };
    if (i.scope === 'cpu') timed.push({ ...base, pid: PID_CPUS, tid: cpuTid(i.cpu), s: 't' });
    else if (i.scope === 'task') timed.push({ ...base, pid: PID_TASKS, tid: i.pid, s: 't' });
    else timed.push({ ...base, pid: PID_SCX, tid: TID_SCX, s: 'g' });
  }
  for (const v of violations) {
    timed.push({ name: `violation ${v.property}`, cat: 'violation', ph: 'i', s: 'g', pid: PID_SCX, tid: TID_SCX, ts: us(v.atNs),
      args: { property: v.property, reason: v.reason, detail: v.detail ?? '' } });
  }
  for (const [name, samples] of schedule.counters) {
    const key = name.startsWith('DSQ ') || name === 'BPF custody' ? 'depth' : 'value';
    for (const sample of samples) {
      timed.push({ name, cat: 'counter', ph: 'C', pid: PID_SCX, tid: TID_SCX, ts: us(sample.t), args: { [key]: sample.value } });
    }
  }
  timed.sort((a, b) => (a.ts as number) - (b.ts as number) || (b.dur ?? 0) - (a.dur ?? 0));
  return {
    traceEvents: [...metadata(schedule), ...timed],
    displayTimeUnit: 'ns',
    otherData: { generator: 'schedcheck', scheduler: info.scheduler, scenario: info.scenario, seed: info.seed,
      timeUnit: 'ts and dur are microseconds with 3 decimals: integer nanoseconds / 1000',
      ...(schedule.truncatedAtNs >= 0 ? { truncatedAtNs: schedule.truncatedAtNs, truncatedAfterEvents: SCHEDULE_EVENTS_MAX } : {}) },
  };
}

/** Writes the document one event per line (temporary file, then renamed into place). */
export function writeChromeTrace(path: string, trace: ChromeTrace): void {
  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (error) {
    throw new UsageError(`--perfetto: ${path}: cannot write: ${(error as Error).message.split(':')[0]}`);
  }
  try {
    writeSync(fd, `{"displayTimeUnit":"ns","otherData":${JSON.stringify(trace.otherData)},"traceEvents":[\n`);
    const lines: string[] = [];
    trace.traceEvents.forEach((e, i) => {
      lines.push(`${JSON.stringify(e)}${i + 1 < trace.traceEvents.length ? ',' : ''}`);
      if (lines.length >= 4096) { writeSync(fd, `${lines.join('\n')}\n`); lines.length = 0; }
    });
    writeSync(fd, `${lines.join('\n')}\n]}\n`);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
}
