// Goal: after every exit kind, every live task the scheduler owned is back in the fair class (RT tasks keep
// theirs), in scx state NONE, none is missing, and each runs again (reference §4.3, §4.4). Method: one
// scenario per trigger — unregister, sysrq-S, an injected scx_error, scx_bpf_error, scx_bpf_exit, a
// hotplug without cpu_online/offline, and the watchdog on the stall canary — then inspect the model and
// the trace after the quiet phase.
import { describe, expect, it } from 'vitest';
import { NS_PER_MS } from '../../../model/kernel/constants.ts';
import { defineScheduler } from '../../../model/kernel/ops.ts';
import { exitKindName } from '../../../model/kernel/scxFlags.ts';
import type { TraceEvent } from '../../../model/kernel/trace.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import type { Fault, Scenario } from '../../../scenarios/scenario.ts';
import stallCustody from '../../../schedulers/broken/stallCustody.ts';
import simple, { createSimple } from '../../../schedulers/simple.ts';

function scenario(faults: Fault[], durationNs = 200 * NS_PER_MS): Scenario {
  return {
    formatVersion: 1, name: 'fallback', description: 'fallback after an exit',
    topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 2 },
    durationNs, quietNs: 200 * NS_PER_MS, faults,
    tasks: [
      ...[0, 1, 2, 3, 4].map((i) => ({ comm: `hog${i}`, program: [{ op: 'loop' as const, body: [{ op: 'run' as const, ns: 10 * NS_PER_MS }] }] })),
      { comm: 'sleeper', program: [{ op: 'loop', body: [{ op: 'run', ns: NS_PER_MS }, { op: 'sleep', ns: 3 * NS_PER_MS }] }] },
      { comm: 'waiter', program: [{ op: 'wait' }, { op: 'loop', body: [{ op: 'run', ns: NS_PER_MS }, { op: 'sleep', ns: NS_PER_MS }] }] },
      { comm: 'waker', program: [{ op: 'sleep', ns: 300 * NS_PER_MS }, { op: 'wake', target: 'waiter' }, { op: 'exit' }] },
      { comm: 'rt', policy: 'FIFO', rtPriority: 20, program: [{ op: 'loop', body: [{ op: 'run', ns: 100_000 }, { op: 'sleep', ns: 2 * NS_PER_MS }] }] },
    ],
  };
}

const bpfError = defineScheduler({
  kind: 'sched_ext', name: 'bpf_error', description: 'calls scx_bpf_error at 100 ms', options: {},
  create: () => ({ ...createSimple({ fifo: false }), name: 'bpf_error',
    tick(ctx) { if (ctx.nowNs() >= 100 * NS_PER_MS) ctx.error('bpf says no'); } }),
});
const bpfExit = defineScheduler({
  kind: 'sched_ext', name: 'bpf_exit', description: 'calls scx_bpf_exit at 100 ms', options: {},
  create: () => ({ ...createSimple({ fifo: true }), name: 'bpf_exit',
    tick(ctx) { if (ctx.nowNs() >= 100 * NS_PER_MS) ctx.exit(7, 'done'); } }),
});

const cases = [
  { name: 'unregister', scheduler: simple, faults: [{ atNs: 100 * NS_PER_MS, kind: 'unregister' }], kind: 'SCX_EXIT_UNREG' },
  { name: 'sysrq-S', scheduler: simple, faults: [{ atNs: 100 * NS_PER_MS, kind: 'sysrq' }], kind: 'SCX_EXIT_SYSRQ' },
  { name: 'scx_error', scheduler: simple, faults: [{ atNs: 100 * NS_PER_MS, kind: 'scxError' }], kind: 'SCX_EXIT_ERROR' },
  { name: 'scx_bpf_error', scheduler: bpfError, faults: [], kind: 'SCX_EXIT_ERROR_BPF' },
  { name: 'scx_bpf_exit', scheduler: bpfExit, faults: [], kind: 'SCX_EXIT_UNREG_BPF' },
  { name: 'hotplug without cpu_offline', scheduler: simple, faults: [{ atNs: 100 * NS_PER_MS, kind: 'hotplug', cpu: 1, online: false }], kind: 'SCX_EXIT_UNREG_KERN' },
  { name: 'watchdog on the stall canary', scheduler: stallCustody, faults: [], kind: 'SCX_EXIT_ERROR_STALL', durationNs: 1500 * NS_PER_MS },
] as const;

describe('fallback after every exit kind (reference §4.4)', () => {
  for (const c of cases) {
    it(`should return every owned task to fair, state NONE, after ${c.name}`, () => {
      // Arrange
      const events: TraceEvent[] = [];
      const sc = scenario(c.faults as unknown as Fault[], 'durationNs' in c ? c.durationNs : undefined);
      // Act
      const { kernel, document } = runScenario({ scenario: sc, scheduler: c.scheduler, seed: 5,
        sinks: [{ event: (e) => { events.push(e); } }] });
      // Assert: the exit kind
      expect(kernel.scx.exits.map((e) => exitKindName(e.kind))).toEqual([c.kind]);
      expect(document.exit.kind).toBe(c.kind);
      expect(kernel.scx.enableState).toBe('DISABLED');
      // Assert: every task accounted for, in the right class and state
      const exitIndex = events.findIndex((e) => e.type === 'exit');
      expect(exitIndex).toBeGreaterThan(0);
      for (const p of kernel.tasks) {
        expect(p.scx.state, `${p.comm} scx state`).toBe('NONE');
        if (p.status === 'dead') continue;
        expect(p.cls, `${p.comm} class`).toBe(p.policy === 'FIFO' || p.policy === 'RR' ? 'rt' : 'fair');
      }
      const owned = new Set(events.filter((e) => e.type === 'task_state' && e.state === 'ENABLED').map((e) => (e as { pid: number }).pid));
      expect(owned.size).toBeGreaterThan(0);
      // Assert: each owned live task runs again once the disable work started (the waiter is woken at 300 ms);
      // the walk takes time, so a task switched to fair early may run before the `exit` event at its end.
      const disablingIndex = events.findIndex((e) => e.type === 'scx_state' && e.state === 'DISABLING');
      const ranAfter = new Set(events.slice(disablingIndex).filter((e) => e.type === 'switch')
        .map((e) => (e as { next: number }).next));
      for (const p of kernel.tasks) {
        if (!owned.has(p.pid) || p.status === 'dead') continue;
        expect(ranAfter.has(p.pid), `${p.comm}[${p.pid}] ran after the exit`).toBe(true);
      }
    });
  }

  it('should eject the stall canary with SCX_EXIT_ERROR_STALL after its 1 s timeout (reference §4.6)', () => {
    // Arrange + Act
    const events: TraceEvent[] = [];
    const { kernel } = runScenario({ scenario: scenario([], 1500 * NS_PER_MS), scheduler: stallCustody, seed: 1,
      sinks: [{ event: (e) => { events.push(e); } }] });
    // Assert
    const exit = events.find((e) => e.type === 'exit');
    expect(exit?.type === 'exit' && exit.kind).toBe('SCX_EXIT_ERROR_STALL');
    expect(kernel.scx.exits[0]?.msg).toMatch(/^\w+\[\d+\] failed to run for 1\.\d{3}s$/);
    expect(exit!.t).toBeGreaterThanOrEqual(1000 * NS_PER_MS);
    expect(exit!.t).toBeLessThanOrEqual(1600 * NS_PER_MS);
  });
});
