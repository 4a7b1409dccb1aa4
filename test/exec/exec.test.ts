// exec: a user-space scheduler as a client process over the line protocol (docs/protocol.md). The
// reference clients (examples/exec/, plain JavaScript: one cheap Node start per spawn) give the same trace
// hash as the in-process policies; a killed client falls back like the in-process crash (reference §5.9:
// the process exits → SCX_EXIT_UNREG → every task back on fair); protocol errors are one line naming the
// message and the field; a client that drops a task is caught by handoff-accounting. Few spawns, short runs.
import { describe, expect, it } from 'vitest';
import { execScheduler } from '../../exec/define.ts';
import { PolicyHang } from '../../schedulers/rustland-core/process.ts';
import { onChildPid } from '../../exec/children.ts';
import { tapExec } from '../../exec/bridge.ts';
import type { SchedulerDefinition } from '../../model/kernel/ops.ts';
import { type RunDocument, runScenario } from '../../scenarios/runner.ts';
import type { Fault, Scenario } from '../../scenarios/scenario.ts';
import rlfifo from '../../schedulers/rlfifo.ts';
import rustland from '../../schedulers/rustland.ts';
import { findScenario } from '../../scenarios/index.ts';

const MS = 1_000_000;
const client = (policy: string): string => `node examples/exec/client.mjs ${policy}`;

/** Short and busy: two CPUs, a hog, a sleeper and a ping-pong pair (unregister-sweep's workload). */
function small(faults: Fault[] = [], durationNs = 20 * MS): Scenario {
  return {
    formatVersion: 1, name: 'exec-small', description: 'exec test', durationNs, quietNs: 20 * MS,
    topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
    tasks: [
      { comm: 'hog', program: [{ op: 'loop', body: [{ op: 'run', ns: 7 * MS }] }] },
      { comm: 'ui', program: [{ op: 'loop', body: [{ op: 'run', ns: [100_000, 600_000] }, { op: 'sleep', ns: [500_000, 3 * MS] }] }] },
      { comm: 'ping', program: [{ op: 'loop', body: [{ op: 'run', ns: 150_000 }, { op: 'wake', target: 'pong', sync: true }, { op: 'wait' }] }] },
      { comm: 'pong', program: [{ op: 'loop', body: [{ op: 'wait' }, { op: 'run', ns: 150_000 }, { op: 'wake', target: 'ping' }] }] },
    ],
    faults,
  };
}

/** One handshake spawn per client for the whole file. */
const clients = new Map<string, SchedulerDefinition>();
function exec(policy: string): SchedulerDefinition {
  let def = clients.get(policy);
  if (!def) { def = execScheduler(client(policy)); clients.set(policy, def); }
  return def;
}

function run(scheduler: SchedulerDefinition, scenario: Scenario, options = {}): RunDocument {
  return runScenario({ scenario, scheduler, seed: 1, options }).document;
}

describe('exec: reference clients give the in-process trace', () => {
  it('rlfifo as a process: the same trace hash as schedulers/rlfifo.ts; a crash fault SIGKILLs it at that step', () => {
    expect(exec('rlfifo').name).toBe('rlfifo');
    const plain = run(exec('rlfifo'), small());
    expect(plain.traceHash).toBe(run(rlfifo, small()).traceHash);
    expect(plain.events).toBeGreaterThan(1000);
    // The crash plan (a userschedCrash fault): the client is killed between two messages, and the run is
    // the in-process crash's, event for event: same fallback, properties, exit.
    const pids: number[] = [];
    onChildPid((pid) => pids.push(pid));
    const crashed = run(exec('rlfifo'), small([{ atNs: 8 * MS, kind: 'userschedCrash' }]));
    onChildPid(null);
    const inProcess = run(rlfifo, small([{ atNs: 8 * MS, kind: 'userschedCrash' }]));
    expect(crashed.traceHash).toBe(inProcess.traceHash);
    expect(crashed.exit).toEqual({ kind: 'SCX_EXIT_UNREG', reason: 'unregistered from user space', msg: 'unregistered from user space' });
    expect(crashed.violations).toEqual(inProcess.violations);
    expect(crashed.properties).toContain('seamless-fallback');
    // Spawned once, gone once (killed by the crash, not at the end of the run).
    expect(pids.length).toBe(2);
    expect(pids[1]).toBe(-(pids[0] as number));
  });

  it('restarts (hotplug, restartOnExit) re-init the same client: an init per instance, the in-process trace', () => {
    const scenario = { ...(findScenario('hotplug-restart') as Scenario), quietNs: 20 * MS };
    let inits = 0;
    tapExec((direction, line) => { if (direction === 'to-client' && line.startsWith('{"type":"init"')) inits++; });
    const doc = runScenario({ scenario, scheduler: exec('rlfifo'), seed: 1 }).document;
    tapExec(null);
    expect(doc.exits.map((e) => e.kind)).toEqual(['SCX_EXIT_UNREG_KERN', 'SCX_EXIT_UNREG_KERN']);
    expect(inits).toBe(3);
    expect(doc.traceHash).toBe(runScenario({ scenario, scheduler: rlfifo, seed: 1 }).document.traceHash);
  });

  it('rustland as a process, options passed through: the same trace hash as schedulers/rustland.ts', () => {
    expect(Object.keys(exec('rustland').options)).toEqual(expect.arrayContaining(['sliceUs', 'sliceUsMin', 'percpuLocal', 'partial', 'costDequeueNs']));
    const options = { sliceUsMin: 2000 };
    const doc = run(exec('rustland'), small(), options);
    expect(doc.traceHash).toBe(run(rustland, small(), options).traceHash);
  });
});

describe('exec: faults of the real process', () => {
  it('the policy\'s own computation it reports (compute) is CPU time of the scheduler task', () => {
    const share = (d: RunDocument): number => d.metrics.tasks.find((t) => t.comm === 'scx_rlfifo')?.cpuShare ?? -1;
    const base = run(rlfifo, small());
    const slow = run(exec('rlfifo'), small(), { computeNs: 50_000 });
    expect(share(base)).toBeGreaterThan(0);
    expect(share(slow)).toBeGreaterThan(share(base) * 2);
  });

  it('a client SIGKILLed between a schedule message and its answer falls back like the in-process crash', () => {
    // The simulated time of the 20th schedule message: the in-process crash is placed at that step.
    let stepNs = -1;
    tapExec((direction, line) => {
      if (direction === 'to-client' && line.startsWith('{"type":"schedule","seq":20,')) stepNs = (JSON.parse(line) as { now_ns: number }).now_ns;
    });
    const killed = run(exec('rlfifo'), small(), { execKillAtStep: 20 });
    tapExec(null);
    expect(stepNs).toBeGreaterThan(0);
    const inProcess = run(rlfifo, small([{ atNs: stepNs, kind: 'userschedCrash' }]));
    expect(killed.exit).toEqual(inProcess.exit);
    expect(killed.exit.kind).toBe('SCX_EXIT_UNREG');
    expect(killed.violations).toEqual(inProcess.violations);
    expect(killed.violations).toEqual([]);
    expect(killed.properties).toEqual(inProcess.properties);
    expect(killed.metrics.fallbackWaitMaxNs).toBeGreaterThan(0);
    // Every task is back on the fair class (seamless-fallback held), and the run went on to its end.
    expect(killed.simulatedNs).toBe(40 * MS);
  });

  it('a protocol error (bad JSON, unknown pid, missing field) is one line naming the message and the field', () => {
    const cases: [string, RegExp][] = [
      ['json', /^rlfifo: protocol error in the reply to schedule #3: invalid JSON \(.*\): \{"type":"schedule", oops$/],
      ['pid', /^rlfifo: protocol error in the reply to schedule #3: calls\[1\]\.pid: unknown pid 99999 \(never dequeued by this scheduler instance\)$/],
      ['field', /^rlfifo: protocol error in the reply to schedule #3: calls\[1\]\.slice_ns: missing$/],
    ];
    for (const [kind, message] of cases) {
      const doc = run(exec('bad'), small(), { breakWith: kind });
      // As the BPF half sees a broken user-space scheduler: scx_error, the scheduler exits, tasks fall back.
      expect(doc.exit.kind).toBe('SCX_EXIT_ERROR');
      expect(doc.exit.msg).toMatch(message);
      expect(doc.violations.map((v) => v.property)).toEqual(['no-scheduler-error']);
    }
  });

  it('a client that exits mid-run is a crash of the scheduler process (SCX_EXIT_UNREG)', () => {
    const doc = run(exec('bad'), small(), { breakWith: 'exit' });
    expect(doc.exit.kind).toBe('SCX_EXIT_UNREG');
  });

  it('no answer within execTimeoutMs ends the run as hung, and the client is killed', () => {
    const pids: number[] = [];
    onChildPid((pid) => pids.push(pid));
    expect(() => run(exec('bad'), small(), { breakWith: 'hang', execTimeoutMs: 1000 }))
      .toThrow(PolicyHang);
    onChildPid(null);
    expect(pids.slice(-2)).toEqual([pids[pids.length - 2], -(pids[pids.length - 2] as number)]);
  });

  it('a client that drops a task is caught by handoff-accounting, the same way on every replay', () => {
    const first = run(exec('drops-task'), small());
    expect(first.violations[0]?.property).toBe('handoff-accounting');
    const again = run(exec('drops-task'), small());
    expect(again.violations[0]).toEqual(first.violations[0]);
    expect(again.traceHash).toBe(first.traceHash);
  });

  it('a command that does not start, or does not speak the protocol, is bad input in one line', () => {
    expect(() => execScheduler('no-such-command-xyz')).toThrow(/^exec:no-such-command-xyz: cannot start: spawn no-such-command-xyz ENOENT$/);
    expect(() => execScheduler('node -e 1')).toThrow(/^exec:node -e 1: the client exited with status 0 before answering hello$/);
  });
});
