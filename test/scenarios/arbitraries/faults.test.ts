// Goal: the expected first exit of a fault plan mirrors the kernel: unregister/sysrq/scx_error exit at
// once, a hotplug exits only a scheduler without the matching cpu_online/cpu_offline and only when it
// takes effect (never the last online CPU), faults before attach cause nothing. Method: plans by hand.
import { describe, expect, it } from 'vitest';
import { expectedFirstExit, FAULT_KINDS } from '../../../scenarios/arbitraries/index.ts';
import type { Fault } from '../../../scenarios/scenario.ts';

const none = { cpuOnline: false, cpuOffline: false };

describe('expectedFirstExit', () => {
  it.each([
    ['an unregister', [{ atNs: 5, kind: 'unregister' }], 'SCX_EXIT_UNREG'],
    ['the earliest of two exits', [{ atNs: 9, kind: 'sysrq' }, { atNs: 5, kind: 'scxError' }], 'SCX_EXIT_ERROR'],
    ['a hotplug without cpu_offline', [{ atNs: 5, kind: 'hotplug', cpu: 1, online: false }], 'SCX_EXIT_UNREG_KERN'],
    ['a CPU brought online that is already online', [{ atNs: 5, kind: 'hotplug', cpu: 1, online: true }], 'none'],
    ['offlining the last online CPU', [{ atNs: 5, kind: 'hotplug', cpu: 0, online: false }], 'none'],
    ['a fault before attach', [{ atNs: 1, kind: 'unregister' }], 'none'],
    ['an RT hog and a nice change', [{ atNs: 5, kind: 'rtHog', cpu: 0, durationNs: 3 }, { atNs: 6, kind: 'setNice', target: 'a', nice: 1 }], 'none'],
  ] as const)('should expect %s', (_what, faults, exit) => {
    const nrCpus = faults.some((f) => 'cpu' in f && f.cpu === 0 && f.kind === 'hotplug') ? 1 : 2;
    expect(expectedFirstExit(faults as readonly Fault[], 2, nrCpus, none)).toBe(exit);
  });

  it('should not expect an exit from a scheduler that handles the hotplug', () => {
    const plan: Fault[] = [{ atNs: 5, kind: 'hotplug', cpu: 1, online: false }, { atNs: 7, kind: 'hotplug', cpu: 1, online: true }];
    expect(expectedFirstExit(plan, 0, 2, { cpuOnline: true, cpuOffline: true })).toBe('none');
    expect(expectedFirstExit(plan, 0, 2, { cpuOnline: false, cpuOffline: true })).toBe('SCX_EXIT_UNREG_KERN');
  });

  it('should register every fault kind once, with a description', () => {
    expect(new Set(FAULT_KINDS.map((f) => f.kind)).size).toBe(FAULT_KINDS.length);
    for (const kind of FAULT_KINDS) expect(kind.description.length).toBeGreaterThan(5);
  });
});
