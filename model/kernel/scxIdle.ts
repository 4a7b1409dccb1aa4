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

function claimFirst(scx: Scx, p: Task, cpus: readonly number[], fullCore: boolean): number {
  for (const cpu of cpus) {
    if (!usable(scx, p, cpu)) continue;
    if (fullCore && !wholeCoreIdle(scx, cpu)) continue;
    if (testAndClearIdle(scx, cpu)) return cpu;
  }
  return -1;
}

/** scx_select_cpu_dfl: steps 0–6 of reference §3.9. */
export function selectCpuDfl(scx: Scx, p: Task, prevCpu: number, wakeFlags: number, waker: Task | null = null): IdlePick {
  const topology = scx.k.topology;
  const llcCpus = topology.llcCpus(topology.cpuLlc[prevCpu] as number);
  const nodeCpus = topology.nodeCpus(topology.cpuNode[prevCpu] as number);
  const all = scx.k.allCpuIds;
  if ((wakeFlags & SCX_WAKE_SYNC) !== 0 && waker !== null) {
    if (usable(scx, p, prevCpu) && topology.cpuLlc[prevCpu] === topology.cpuLlc[waker.cpu] &&
      testAndClearIdle(scx, prevCpu)) return { cpu: prevCpu, isIdle: true };
  }
  const smt = topology.siblings(prevCpu).length > 1;
  if (smt) {
    if (usable(scx, p, prevCpu) && wholeCoreIdle(scx, prevCpu) && testAndClearIdle(scx, prevCpu)) {
      return { cpu: prevCpu, isIdle: true };
    }
    for (const scope of [llcCpus, nodeCpus, all]) {
      const cpu = claimFirst(scx, p, scope, true);
      if (cpu >= 0) return { cpu, isIdle: true };
    }
  }
  if (usable(scx, p, prevCpu) && testAndClearIdle(scx, prevCpu)) return { cpu: prevCpu, isIdle: true };
  if (smt) {
    const cpu = claimFirst(scx, p, topology.siblings(prevCpu), false);
    if (cpu >= 0) return { cpu, isIdle: true };
  }
  for (const scope of [llcCpus, nodeCpus, all]) {
    const cpu = claimFirst(scx, p, scope, false);
    if (cpu >= 0) return { cpu, isIdle: true };
  }
  return { cpu: prevCpu, isIdle: false };
}

/** scx_bpf_pick_idle_cpu: the first idle CPU in `cpus`, claimed, or -EBUSY. */
export function pickIdleCpu(scx: Scx, cpus: readonly number[]): number {
  for (const cpu of cpus) if (testAndClearIdle(scx, cpu)) return cpu;
  return -16;
}
