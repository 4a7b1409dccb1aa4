// Goal: the checked-in examples/bpf/vtime.wasm (built from examples/bpf/vtime.bpf.c against bpf/include)
// works without clang: it loads, runs deterministically (fresh memory per run), and schedules mixed-basic
// exactly as TypeScript `simple` does (same events; only the scheduler's name differs), in both modes.
// Also: the shim's flag values (bpf/include/vmlinux.h) are the model's (model/kernel/scxFlags.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as flags from '../../model/kernel/scxFlags.ts';
import { PF_KCOMPACTD, PF_KSWAPD, PF_KTHREAD } from '../../model/kernel/taskFlags.ts';
import { findScenario } from '../../scenarios/index.ts';
import simple from '../../schedulers/simple.ts';
import { bpfScheduler, scheduleOf } from '../helpers/bpf.ts';

const VTIME_WASM = 'examples/bpf/vtime.wasm';

describe('prebuilt BPF scheduler (examples/bpf/vtime.wasm)', () => {
  const mixed = findScenario('mixed-basic')!;

  it('should load with its rodata as options and its DSQ names', () => {
    const def = bpfScheduler(VTIME_WASM);
    expect(def.name).toBe('vtime');
    expect(def.options['fifo_mode']).toMatchObject({ type: 'boolean', default: false });
    expect(def.dsqNames).toEqual({ QUEUE_DSQ: 0 });
  });

  it('should schedule mixed-basic exactly like TypeScript simple, in vtime and FIFO mode, run after run', () => {
    const def = bpfScheduler(VTIME_WASM);
    for (const [bpfOpts, tsOpts] of [[{}, {}], [{ fifo_mode: true }, { fifo: true }]] as const) {
      const ts = scheduleOf(mixed, simple, tsOpts);
      const first = scheduleOf(mixed, def, bpfOpts);
      // Memory is fresh per run: the second run is the same run (checked once, in the default mode).
      if (!('fifo_mode' in bpfOpts)) expect(scheduleOf(mixed, def, bpfOpts).hash).toBe(first.hash);
      expect(first.events.length).toBe(ts.events.length);
      expect(first.events).toEqual(ts.events);
    }
  });
});

describe('shim flag values', () => {
  it('should give every flag in vmlinux.h the model\'s value', () => {
    const header = readFileSync('bpf/include/vmlinux.h', 'utf8');
    const model: Record<string, number> = { ...(flags as unknown as Record<string, number>), PF_KTHREAD, PF_KSWAPD, PF_KCOMPACTD };
    const checked: string[] = [];
    for (const m of header.matchAll(/^\s*(?:#define\s+)?((?:SCX_(?:ENQ|DEQ|WAKE|KICK|OPS|EXIT)|PF)_[A-Z_]+)\s*=?\s*(1 << \d+|\d+|0x[0-9a-f]+)\s*,?\s*(?:\/\*.*)?$/gm)) {
      const [, name, raw] = m as unknown as [string, string, string];
      const value = raw.startsWith('1 << ') ? 2 ** Number(raw.slice(5)) : Number(raw);
      if (model[name] === undefined) continue;
      expect([name, value]).toEqual([name, model[name]]);
      checked.push(name);
    }
    expect(checked).toEqual(expect.arrayContaining(['SCX_ENQ_WAKEUP', 'SCX_ENQ_PREEMPT', 'SCX_KICK_IDLE', 'SCX_KICK_PREEMPT',
      'SCX_OPS_ENQ_LAST', 'SCX_EXIT_ERROR_BPF', 'SCX_DEQ_SLEEP', 'SCX_WAKE_TTWU']));
    expect(checked.length).toBeGreaterThan(25);
  });
});
