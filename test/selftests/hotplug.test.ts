// Kernel selftest `hotplug` (tools/testing/selftests/sched_ext/hotplug.{c,bpf.c}), reference §7, §4.9 and
// §4.3. CPU 1 goes offline (or, having started offline, comes online) while a scheduler is attached; four
// runs: onlining/offlining × with/without ops.cpu_online/ops.cpu_offline. With the callbacks, they call a
// sleepable kfunc (create a DSQ) and then scx_bpf_exit(ACT_RESTART | RSN_HOTPLUG | HOTPLUG_EXIT_RSN
// [| HOTPLUG_ONLINING]) → expected SCX_EXIT_UNREG_BPF with exactly that code. Without them the kernel
// itself ejects the scheduler → SCX_EXIT_UNREG_KERN with code SCX_ECODE_ACT_RESTART | SCX_ECODE_RSN_HOTPLUG
// and msg "cpu 1 going offline/online, exiting scheduler". A fifth run has a loader that restarts on
// SCX_ECODE_ACT_RESTART (`restartOnExit`): the scheduler is attached again after the hotplug exit, so the
// trace shows two transitions to ENABLED and it ends loaded.
import { describe, it, expect } from 'vitest';
import { NS_PER_MS } from '../../model/kernel/constants.ts';
import type { SchedExtOps } from '../../model/kernel/ops.ts';
import {
  SCX_ECODE_ACT_RESTART_CODE, SCX_ECODE_RSN_HOTPLUG_CODE, SCX_EXIT_UNREG_BPF, SCX_EXIT_UNREG_KERN,
} from '../../model/kernel/scxFlags.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { expectExitClaimedAt, expectFallbackAfterExit, firstExit, runSelftest, TOPOLOGY_4CPU } from './harness.ts';

/** hotplug_test.h: user bits of the exit code. */
const HOTPLUG_EXIT_RSN = 1 << 0;
const HOTPLUG_ONLINING = 1 << 1;
const HOTPLUG_AT_NS = 200 * NS_PER_MS;

function createHotplug(cbs: boolean): () => SchedExtOps {
  const exitFromHotplug = (ctx: Parameters<NonNullable<SchedExtOps['cpuOnline']>>[0], cpu: number,
    onlining: boolean): void => {
    // A sleepable kfunc is allowed here.
    ctx.createDsq(0x1000 + cpu, -1);
    ctx.exit({ action: SCX_ECODE_ACT_RESTART_CODE, reason: SCX_ECODE_RSN_HOTPLUG_CODE,
      user: HOTPLUG_EXIT_RSN | (onlining ? HOTPLUG_ONLINING : 0) },
    `hotplug event detected (${cpu} going ${onlining ? 'online' : 'offline'})`);
  };
  return () => ({
    name: cbs ? 'hotplug_cbs' : 'hotplug_nocbs',
    ...(cbs ? {
      cpuOnline: (ctx, cpu) => exitFromHotplug(ctx, cpu, true),
      cpuOffline: (ctx, cpu) => exitFromHotplug(ctx, cpu, false),
    } : {}),
  });
}

function scenario(onlining: boolean): Partial<Scenario> {
  return {
    // For the onlining case CPU 1 starts offline (the selftest offlines it before attaching).
    topology: onlining ? { ...TOPOLOGY_4CPU, online: [0, 2, 3] } : { ...TOPOLOGY_4CPU },
    faults: [{ atNs: HOTPLUG_AT_NS, kind: 'hotplug', cpu: 1, online: onlining }],
  };
}

describe('selftest hotplug (reference §7)', () => {
  for (const onlining of [false, true]) {
    const dir = onlining ? 'online' : 'offline';
    it(`cpu 1 going ${dir} with ops.cpu_${dir}: SCX_EXIT_UNREG_BPF with the scheduler's exit code`, () => {
      const outcome = runSelftest({ name: `hotplug_cbs_${dir}`, scheduler: createHotplug(true), scenario: scenario(onlining) });
      expect(outcome.kernel.scx.exits).toHaveLength(1);
      const exit = firstExit(outcome);
      expect(exit.kind).toBe(SCX_EXIT_UNREG_BPF);
      expect(exit.exitCode).toEqual({ action: SCX_ECODE_ACT_RESTART_CODE, reason: SCX_ECODE_RSN_HOTPLUG_CODE,
        user: HOTPLUG_EXIT_RSN | (onlining ? HOTPLUG_ONLINING : 0) });
      expect(exit.msg).toBe(`hotplug event detected (1 going ${dir})`);
      expectExitClaimedAt(outcome, HOTPLUG_AT_NS);
      expectFallbackAfterExit(outcome);
    });

    it(`cpu 1 going ${dir} without callbacks: SCX_EXIT_UNREG_KERN, ACT_RESTART | RSN_HOTPLUG`, () => {
      const outcome = runSelftest({ name: `hotplug_nocbs_${dir}`, scheduler: createHotplug(false), scenario: scenario(onlining) });
      expect(outcome.kernel.scx.exits).toHaveLength(1);
      const exit = firstExit(outcome);
      expect(exit.kind).toBe(SCX_EXIT_UNREG_KERN);
      expect(exit.reason).toBe('unregistered from the main kernel');
      expect(exit.exitCode).toEqual({ action: SCX_ECODE_ACT_RESTART_CODE, reason: SCX_ECODE_RSN_HOTPLUG_CODE, user: 0 });
      expect(exit.msg).toBe(`cpu 1 going ${dir}, exiting scheduler`);
      expectExitClaimedAt(outcome, HOTPLUG_AT_NS);
      expectFallbackAfterExit(outcome);
    });
  }

  it('restartOnExit: the loader re-attaches after the hotplug exit (two transitions to ENABLED)', () => {
    const outcome = runSelftest({ name: 'hotplug_restart', scheduler: createHotplug(false),
      scenario: { ...scenario(false), restartOnExit: true } });
    expect(outcome.document.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG_KERN']);
    const enabled = outcome.recorder.scxStates.filter((s) => s.state === 'ENABLED');
    expect(enabled).toHaveLength(2);
    expect(enabled[1]?.t).toBeGreaterThan(HOTPLUG_AT_NS);
    expect(outcome.kernel.scx.enableState).toBe('ENABLED');
    // The restarted instance owns the tasks again.
    const alive = outcome.kernel.tasks.filter((p) => p.status !== 'dead');
    expect(alive.every((p) => p.cls === 'ext' && p.scx.state === 'ENABLED')).toBe(true);
  });
});
