// Fidelity: scx_rustland_core's BPF half (sched-ext/scx rust/scx_rustland_core/assets/bpf/main.bpf.c).
// Issue 9 item 4 (fidelity review rule 20): dispatch_task sends an RL_CPU_ANY decision to SHARED_DSQ and
// calls kick_task_cpu(p, prev_cpu), which wakes prev_cpu only; it picks and wakes another idle CPU only
// when prev_cpu is outside the task's cpumask. Item 12 (rule 19): rustland_enqueue dispatches per-CPU
// kthreads, kswapd/kcompactd (is_kswapd: PF_KSWAPD | PF_KCOMPACTD) and khugepaged straight to their CPU's
// DSQ (nr_kernel_dispatches) instead of queueing them to user space.
import { describe, expect, it } from 'vitest';
import { Cpumask } from '../../model/kernel/cpumask.ts';
import type { ScxCtx, SchedTask } from '../../model/kernel/ops.ts';
import { SCX_KICK_IDLE } from '../../model/kernel/scxFlags.ts';
import type { TraceEvent } from '../../model/kernel/trace.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import rustland from '../../schedulers/rustland.ts';
import { createBackend } from '../../schedulers/rustland-core/backend.ts';
import { RL_CPU_ANY } from '../../schedulers/rustland-core/intf.ts';
import { RustlandShared } from '../../schedulers/rustland-core/shared.ts';
import { hog, MS, ofType, pidOf, sim } from '../helpers/sim.ts';

function trace(sc: Scenario, seed: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  runScenario({ scenario: sc, scheduler: rustland, seed, sinks: [{ event: (e) => events.push(e) }] });
  return events;
}

describe('scx_rustland_core RL_CPU_ANY: kick_task_cpu(p, prev_cpu)', () => {
  it('a task whose prev CPU is in its cpumask: only prev_cpu is kicked, no other idle CPU is claimed', () => {
    const base = findScenario('mixed-basic');
    expect(base).toBeDefined();
    // On this horizon (seed 3) the old always-pick-another-idle-CPU model kicked twice at 12.0 and 16.0 ms.
    const events = trace({ ...(base as Scenario), durationNs: 20 * MS, quietNs: 0, faults: [] }, 3);
    let anyDecisions = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as TraceEvent;
      if (e.type !== 'handoff' || e.step !== 'any') continue;
      anyDecisions++;
      let kicks = 0;
      for (let j = i + 1; j < events.length; j++) {
        const next = events[j] as TraceEvent;
        if (next.t !== e.t || next.type !== 'kick') break;
        kicks++;
      }
      expect(kicks, `kicks after the RL_CPU_ANY decision at ${e.t}`).toBeLessThanOrEqual(1);
    }
    expect(anyDecisions).toBeGreaterThan(10);
  });
});

/**
 * Applies one RL_CPU_ANY decision through the backend's ops.dispatch with a recording kfunc context: the
 * task last ran on `prevCpu`, may run on `allowed`, and CPU 3 is the idle one scx_bpf_pick_idle_cpu finds.
 */
function anyDecision(prevCpu: number, allowed: number[]): { kicks: number[]; picked: boolean } {
  const shared = new RustlandShared({ userschedPid: 1, sliceNs: MS, builtinIdle: true, partial: false,
    queuedRingSlots: 16, dispatchedRingSlots: 16 });
  const ops = createBackend(shared, 'rustland');
  const task = { pid: 200, cpumask: Cpumask.of(4, allowed) } as unknown as SchedTask;
  let storage: object | undefined;
  const kicks: number[] = [];
  let picked = false;
  const impl: Partial<Record<keyof ScxCtx, (...args: never[]) => unknown>> = {
    taskFromPid: () => task, taskCpu: () => prevCpu, dispatchNrSlots: () => 16, dsqMoveToLocal: () => false,
    nowNs: () => 0, taskStorage: (_p: SchedTask, init: () => object) => (storage ??= init()),
    pickIdleCpu: () => { picked = true; return 3; },
    kickCpu: (cpu: number, flags: number) => { expect(flags).toBe(SCX_KICK_IDLE); kicks.push(cpu); },
  };
  const ctx = new Proxy({}, { get: (_t, name) => impl[name as keyof ScxCtx] ?? (() => undefined) }) as ScxCtx;
  shared.dispatchedRing.push({ pid: 200, cpu: RL_CPU_ANY, flags: 0, sliceNs: 0, vtime: 0, enqCnt: 0 });
  ops.dispatch?.(ctx, 1, null);
  return { kicks, picked };
}

describe('scx_rustland_core kick_task_cpu, both branches', () => {
  it('prev_cpu in the cpumask: kick prev_cpu only, no idle CPU picked', () => {
    expect(anyDecision(1, [1, 2])).toEqual({ kicks: [1], picked: false });
  });

  it('prev_cpu outside the cpumask: kick prev_cpu anyway, then pick and kick an idle CPU the task may use', () => {
    expect(anyDecision(0, [1, 2, 3])).toEqual({ kicks: [0, 3], picked: true });
  });
});

describe('scx_rustland_core kthread short-cut: per-CPU kthreads, kswapd/kcompactd, khugepaged', () => {
  const topology = { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 };
  // Two hogs keep both CPUs busy, so select_cpu's idle fast path does not apply.
  const periodic = [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 300_000 }, { op: 'sleep' as const, ns: 3 * MS }] }];

  it('PF_KSWAPD and PF_KCOMPACTD tasks (any cpumask) go to their CPU\'s DSQ, never to user space', () => {
    const r = sim({
      topology, durationNs: 40 * MS, quietNs: 0, attachAtNs: MS,
      tasks: [hog('busy0', {}, 5 * MS), hog('busy1', {}, 5 * MS), { comm: 'kswapd0', flags: ['PF_KSWAPD'], program: periodic },
        { comm: 'kcompactd0', flags: ['PF_KCOMPACTD'], program: periodic }],
    }, rustland);
    expect(r.kernel.scx.exits.map((e) => e.msg)).toEqual([]);
    for (const comm of ['kswapd0', 'kcompactd0']) {
      const pid = pidOf(r.events, comm);
      const steps = ofType(r.events, 'handoff').filter((e) => e.pid === pid && e.t > 2 * MS).map((e) => e.step);
      expect(steps.length, comm).toBeGreaterThan(5);
      expect(steps.filter((s) => s === 'queued'), comm).toEqual([]);
      expect(steps.every((s) => s === 'kernel'), comm).toBe(true);
    }
    // The flags are visible in the trace (task_new flags=…) and make the task a kthread.
    const created = ofType(r.events, 'task_new').find((e) => e.comm === 'kswapd0');
    expect(created?.flags).toBe('PF_KSWAPD');
    expect(created?.kthread).toBe(true);
  });

  it('an ordinary task with the same program (no idle CPU for the fast path) is queued to user space', () => {
    const r = sim({
      topology, durationNs: 40 * MS, quietNs: 0, attachAtNs: MS,
      tasks: [hog('busy0', {}, 5 * MS), hog('busy1', {}, 5 * MS), { comm: 'worker', program: periodic }],
    }, rustland);
    const pid = pidOf(r.events, 'worker');
    expect(ofType(r.events, 'handoff').filter((e) => e.pid === pid && e.step === 'queued').length).toBeGreaterThan(0);
  });
});
