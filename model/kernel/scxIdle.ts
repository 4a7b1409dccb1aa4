// Built-in idle tracking and scx_select_cpu_dfl (reference §3.9, K-idle). Claiming a CPU clears its idle
// bit (test-and-clear), so two wake-ups at the same instant never pick the same idle CPU.
import type { Cpu } from './cpu.ts';
import type { Scx } from './scx.ts';
import { SCX_WAKE_SYNC } from './scxFlags.ts';
import type { Task } from './task.ts';

export interface IdlePick {
  readonly cpu: number;
  readonly isIdle: boolean;
}

function usable(scx: Scx, p: Task, cpu: number): boolean {
  return p.cpumask.has(cpu) && (scx.k.cpus[cpu] as Cpu).online;
}

export function testAndClearIdle(scx: Scx, cpu: number): boolean {
  const c = scx.k.cpus[cpu] as Cpu | undefined;
  if (!c || !c.online || !c.scxIdle) return false;
  c.scxIdle = false;
  return true;
}

function wholeCoreIdle(scx: Scx, cpu: number): boolean {
  for (const sibling of scx.k.topology.siblings(cpu)) if (!(scx.k.cpus[sibling] as Cpu).scxIdle) return false;
  return true;
}

/** The built-in idle mask is not empty (the kernel keeps the count as CPUs change idle state). */
function anyIdle(scx: Scx): boolean {
  return scx.k.scxIdleCpus.n > 0;
}

/** The first CPU of `cpus` that is idle, usable by p (and with an idle core if `fullCore`), claimed; else -1. */
function claimFirst(scx: Scx, p: Task, cpus: readonly number[], fullCore: boolean): number {
  const all = scx.k.cpus;
  for (const cpu of cpus) {
    // The idle bit first: it rules out most CPUs before the cpumask is consulted (same answer).
    const c = all[cpu] as Cpu;
    if (!c.scxIdle || !c.online || !p.cpumask.has(cpu)) continue;
    if (fullCore && !wholeCoreIdle(scx, cpu)) continue;
    if (testAndClearIdle(scx, cpu)) return cpu;
  }
  return -1;
}

/** claimFirst over the LLC, then the node, then every CPU (the kernel's widening scopes). */
function claimWidening(scx: Scx, p: Task, llcCpus: readonly number[], nodeCpus: readonly number[], fullCore: boolean): number {
  let cpu = claimFirst(scx, p, llcCpus, fullCore);
  if (cpu < 0) cpu = claimFirst(scx, p, nodeCpus, fullCore);
  if (cpu < 0) cpu = claimFirst(scx, p, scx.k.allCpuIds, fullCore);
  return cpu;
}

/** scx_select_cpu_dfl: steps 0–6 of reference §3.9. */
export function selectCpuDfl(scx: Scx, p: Task, prevCpu: number, wakeFlags: number, waker: Task | null = null): IdlePick {
  // No idle CPU at all: every step below would find nothing (and claims nothing), so the answer is prev, busy.
  if (!anyIdle(scx)) return { cpu: prevCpu, isIdle: false };
  const topology = scx.k.topology;
  const llcCpus = topology.llcCpus(topology.cpuLlc[prevCpu] as number);
  const nodeCpus = topology.nodeCpus(topology.cpuNode[prevCpu] as number);
  // SCX_WAKE_SYNC (K-idle scx_select_cpu_dfl): `waker` is current on the CPU running the wake-up
  // (smp_processor_id()). Prev if it shares the waker's LLC and is idle; else the waker's own CPU when the
  // waker is not exiting, its local DSQ is empty and some CPU is idle (the global idle mask: per-node idle
  // masks are not modelled, as in the fixed kernel that reads scx_cpu_node_if_enabled()) — returned as
  // "idle" (cpu >= 0) although it is busy, so the wakee is direct-dispatched behind the waker.
  if ((wakeFlags & SCX_WAKE_SYNC) !== 0 && waker !== null) {
    if (usable(scx, p, prevCpu) && topology.cpuLlc[prevCpu] === topology.cpuLlc[waker.cpu] &&
      testAndClearIdle(scx, prevCpu)) return { cpu: prevCpu, isIdle: true };
    const wakerCpu = scx.k.cpus[waker.cpu] as Cpu;
    if (!waker.exiting && wakerCpu.localDsq.nrQueued === 0 && anyIdle(scx) && p.cpumask.has(wakerCpu.id)) {
      return { cpu: wakerCpu.id, isIdle: true };
    }
  }
  const smt = topology.siblings(prevCpu).length > 1;
  if (smt) {
    if (usable(scx, p, prevCpu) && wholeCoreIdle(scx, prevCpu) && testAndClearIdle(scx, prevCpu)) {
      return { cpu: prevCpu, isIdle: true };
    }
    const cpu = claimWidening(scx, p, llcCpus, nodeCpus, true);
    if (cpu >= 0) return { cpu, isIdle: true };
  }
  if (usable(scx, p, prevCpu) && testAndClearIdle(scx, prevCpu)) return { cpu: prevCpu, isIdle: true };
  if (smt) {
    const cpu = claimFirst(scx, p, topology.siblings(prevCpu), false);
    if (cpu >= 0) return { cpu, isIdle: true };
  }
  const cpu = claimWidening(scx, p, llcCpus, nodeCpus, false);
  if (cpu >= 0) return { cpu, isIdle: true };
  return { cpu: prevCpu, isIdle: false };
}

/** scx_bpf_pick_idle_cpu: the first idle CPU in `cpus`, claimed, or -EBUSY. */
export function pickIdleCpu(scx: Scx, cpus: readonly number[]): number {
  for (const cpu of cpus) if (testAndClearIdle(scx, cpu)) return cpu;
  return -16;
}
