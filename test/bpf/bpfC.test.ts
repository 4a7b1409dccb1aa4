// Goal (issue 13): BPF C schedulers compiled to WebAssembly run inside the model. The example .bpf.c
// compiles (once, then from the content-hash cache) to the same program as the checked-in .wasm; a fault
// in the C code is contained like a kernel scheduler error (a trap is SCX_EXIT_ERROR_BPF naming the
// callback; an endless loop runs out of the per-callback loop budget, standing in for the verifier's
// bounded loops); an unsupported kfunc is a load or compile error naming it. The other examples (central
// dispatch with a queue map, task storage and a timer; per-CPU DSQs with a hash map) run clean.
import { expect, it } from 'vitest';
import { compileBpfC } from '../../bpf/compile.ts';
import { findScenario } from '../../scenarios/index.ts';
import { BPF_LOOP_ITERATIONS_PER_CALLBACK_MAX } from '../../model/kernel/constants.ts';
import { smpTopology } from '../../model/kernel/topology.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { bpfScheduler, describeWithClang, scheduleOf } from '../helpers/bpf.ts';
import { MS, scenario } from '../helpers/sim.ts';

const FAULTS = 'test/bpf/fixtures/faults.bpf.c';

/** One CPU, three sleepers: ops.enqueue runs often (nothing is ever idle-dispatched). */
const BUSY_ONE_CPU: Scenario = scenario({
  topology: smpTopology(1), durationNs: 20 * MS,
  tasks: ['a', 'b', 'c'].map((comm) => ({ comm, program: [{ op: 'loop' as const,
    body: [{ op: 'run' as const, ns: 1 * MS }, { op: 'sleep' as const, ns: 1 * MS }] }] })),
});

describeWithClang('BPF C schedulers compiled with clang', () => {
  it('should compile examples/bpf/vtime.bpf.c to a program that schedules like the checked-in .wasm', () => {
    const mixed = findScenario('mixed-basic')!;
    const run = (path: string): { traceHash: string; exit: { kind: string } } =>
      runScenario({ scenario: mixed, scheduler: bpfScheduler(path), seed: 1, properties: [] }).document;
    const fromC = run('examples/bpf/vtime.bpf.c');
    expect(fromC.traceHash).toBe(run('examples/bpf/vtime.wasm').traceHash);
    expect(fromC.exit.kind).toBe('SCX_EXIT_NONE');
  });

  it('should run the central-dispatch and per-CPU examples on mixed-basic with every property holding', () => {
    const mixed = findScenario('mixed-basic')!;
    for (const path of ['examples/bpf/relay.bpf.c', 'examples/bpf/pcpu.bpf.c']) {
      const out = runScenario({ scenario: mixed, scheduler: bpfScheduler(path), seed: 1 });
      expect([path, out.document.exit.kind, out.document.violations]).toEqual([path, 'SCX_EXIT_NONE', []]);
    }
  });

  it('should give BPF arena pages from the program\'s own memory, zeroed', () => {
    const exit = scheduleOf(BUSY_ONE_CPU, bpfScheduler('test/bpf/fixtures/arena.bpf.c')).exit;
    expect(exit.kind).toBe('SCX_EXIT_NONE');
  });

  it('should serve a second compile from the cache without running clang', () => {
    compileBpfC(FAULTS);
    const saved = process.env['SCHEDCHECK_CLANG'];
    process.env['SCHEDCHECK_CLANG'] = '/nonexistent/clang';
    try {
      expect(compileBpfC(FAULTS).length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env['SCHEDCHECK_CLANG'];
      else process.env['SCHEDCHECK_CLANG'] = saved;
    }
  });

  it('should contain traps, errors and endless loops in a callback as scheduler errors naming it', () => {
    const def = bpfScheduler(FAULTS);
    const exitOf = (fault: number): { kind: string; msg: string } => scheduleOf(BUSY_ONE_CPU, def, { fault }).exit;
    expect(exitOf(0).kind).toBe('SCX_EXIT_NONE');
    expect(exitOf(1)).toMatchObject({ kind: 'SCX_EXIT_ERROR_BPF', msg: 'ops.enqueue() trapped: memory access out of bounds (WebAssembly)' });
    expect(exitOf(2)).toMatchObject({ kind: 'SCX_EXIT_ERROR_BPF', msg: 'ops.enqueue() trapped: unreachable (WebAssembly)' });
    expect(exitOf(3)).toMatchObject({ kind: 'SCX_EXIT_ERROR_BPF', msg: 'ops.enqueue() trapped: divide by zero (WebAssembly)' });
    const loop = exitOf(4);
    expect(loop.kind).toBe('SCX_EXIT_ERROR');
    expect(loop.msg).toContain(`ops.enqueue() threw: exceeded its budget of ${BPF_LOOP_ITERATIONS_PER_CALLBACK_MAX} loop iterations`);
    // scx_bpf_error(fmt, args...) formats like the kernel's bstr printf.
    expect(exitOf(5)).toMatchObject({ kind: 'SCX_EXIT_ERROR_BPF', msg: 'fault 5 injected for a[100]' });
    expect(exitOf(6).msg).toMatch(/^ops\.enqueue\(\) threw: invalid task pointer 0x[0-9a-f]+ passed to a kfunc$/);
  });

  it('should name an unsupported kfunc at load and an unavailable one at compile time', () => {
    expect(() => bpfScheduler('test/bpf/fixtures/unsupported.bpf.c')).toThrow(
      'test/bpf/fixtures/unsupported.bpf.c: unsupported kfunc or helper "scx_bpf_made_up_kfunc"');
    expect(() => bpfScheduler('test/bpf/fixtures/idlemask.bpf.c')).toThrow(
      /^test\/bpf\/fixtures\/idlemask\.bpf\.c:\d+:\d+: error: 'scx_bpf_get_idle_cpumask' is unavailable: not supported/);
  });
});
