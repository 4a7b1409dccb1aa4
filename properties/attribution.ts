// Cause attribution for liveness violations (issue: "what held the CPUs the task could run on while it
// waited, and where the task was when the bound was crossed"). Read from the world's occupancy and wait
// logs (occupancy.ts), i.e. from the trace alone (DESIGN.md: properties never read the kernel model). A
// report names the task's place and class at the moment the bound was crossed — not at the event that
// revealed the violation, which can come much later and in another class — and the share of the allowed
// CPUs' time each holder had over the wait: which tasks, in which class (RT, fair, ext, the user-space
// scheduler, a fair/ext task run by its deadline server), idle or offline.
import { formatTraceDsq } from '../model/kernel/trace.ts';
import { formatCpulist } from './cpulist.ts';
import type { Holder, WaitStep } from './occupancy.ts';
import type { TaskView, World } from './world.ts';

/** Holders named in a report; the rest are summed as "others". */
const HOLDERS_SHOWN_MAX = 4;

/** Where a task was at `atNs`, from its wait log (its current place when that wait does not cover atNs). */
export function stepAt(p: TaskView, atNs: number): WaitStep {
  let found: WaitStep | undefined;
  const covers = p.waitEndedNs < 0 || p.waitEndedNs > atNs;
  for (const step of covers ? p.waitLog : []) {
    if (step.t > atNs) break;
    found = step;
  }
  return found ?? { t: atNs, place: p.place, cls: p.cls, cpu: p.cpu, dsq: p.dsq };
}

/** "user dsq 0x0 (class ext)", "fair on cpu 1 (class fair)". */
export function describeStep(step: WaitStep): string {
  const where = step.cpu >= 0 ? ` on cpu ${step.cpu}` : step.dsq >= 0 ? ` dsq ${formatTraceDsq(step.dsq)}` : '';
  return `${step.place}${where} (class ${step.cls})`;
}

function holderText(world: World, pid: number, holder: Holder): string {
  if (holder === 'idle' || holder === 'offline') return holder;
  const p = world.task(pid);
  const name = p ? `${p.comm}[${pid}]` : `pid ${pid}`;
  if (pid === world.userschedPid) return `${name} user-space scheduler`;
  if (holder === 'fair-server' || holder === 'ext-server') return `${name} ${holder.slice(0, -7)} via deadline server`;
  return `${name} ${holder}`;
}

/**
 * Who held the CPUs in `cpus` during [fromNs, toNs], as shares of their time: "hog1[101] ext 62.5%,
 * rt_hog/0[104] rt 25.0%, idle 12.5%". Says so when the logs reach back only part of the way.
 */
export function cpuHolders(world: World, cpus: readonly number[], fromNs: number, toNs: number): string {
  const shares = new Map<string, number>();
  let totalNs = 0;
  let coveredFromNs = fromNs;
  for (const cpu of cpus) {
    const log = world.cpuLogs[cpu];
    if (!log) continue;
    coveredFromNs = Math.max(coveredFromNs, Math.min(log.sinceNs, toNs));
    for (let i = 0; i < log.t.length; i++) {
      const start = Math.max(log.t[i] as number, fromNs);
      const end = Math.min(log.t[i + 1] ?? toNs, toNs);
      if (end <= start) continue;
      const key = holderText(world, log.pid[i] as number, log.holder[i] as Holder);
      shares.set(key, (shares.get(key) ?? 0) + end - start);
      totalNs += end - start;
    }
  }
  if (totalNs === 0) return 'nothing recorded';
  const ranked = [...shares].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const shown = ranked.slice(0, HOLDERS_SHOWN_MAX);
  const othersNs = ranked.slice(HOLDERS_SHOWN_MAX).reduce((sum, [, ns]) => sum + ns, 0);
  const pct = (ns: number): string => `${((ns * 100) / totalNs).toFixed(1)}%`;
  const parts = shown.map(([key, ns]) => `${key} ${pct(ns)}`);
  if (othersNs > 0) parts.push(`others ${pct(othersNs)}`);
  const partial = coveredFromNs > fromNs ? ` (logs reach back to ${coveredFromNs} ns only)` : '';
  return `${parts.join(', ')}${partial}`;
}

/**
 * The cause line for task `p` that waited over [fromNs, atNs] (atNs: when the bound was crossed): its
 * place and class at atNs, and who held the CPUs it could run on meanwhile.
 */
export function waitCause(world: World, p: TaskView, fromNs: number, atNs: number): string {
  const cpus: number[] = [];
  p.cpumask.forEach((allowed, cpu) => { if (allowed) cpus.push(cpu); });
  return `at ${atNs} ns it was in ${describeStep(stepAt(p, atNs))}; from ${fromNs} ns its CPUs ` +
    `${formatCpulist(p.cpumask)} ran: ${cpuHolders(world, cpus, fromNs, atNs)}`;
}
