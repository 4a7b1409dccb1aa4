// The exec protocol's documented JSON Schema (docs/protocol.schema.json) against real traffic: every line
// of a short run of the reference clients — batched calls, awaited select_cpu round trips, hello and init
// with options — validates; malformed messages the simulator rejects are rejected by the schema too. And
// the Python reference client gives the in-process trace (skipped, saying why, without python3).
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { tapExec } from '../../exec/bridge.ts';
import { execScheduler } from '../../exec/define.ts';
import { parseCalls, parseHello, parseMessage } from '../../exec/protocol.ts';
import { runScenario } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import rlfifo from '../../schedulers/rlfifo.ts';

const MS = 1_000_000;
const schema = JSON.parse(readFileSync(new URL('../../docs/protocol.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
ajv.addSchema(schema, 'protocol');
const toClient = ajv.getSchema('protocol#/definitions/toClient');
const fromClient = ajv.getSchema('protocol#/definitions/fromClient');

const scenario: Scenario = {
  formatVersion: 1, name: 'exec-protocol', description: 'exec protocol test', durationNs: 10 * MS, quietNs: 5 * MS,
  topology: { nodes: 1, llcsPerNode: 1, coresPerLlc: 2, threadsPerCore: 1 },
  tasks: [
    { comm: 'hog', program: [{ op: 'loop', body: [{ op: 'run', ns: 3 * MS }] }] },
    { comm: 'ui', program: [{ op: 'loop', body: [{ op: 'run', ns: [100_000, 600_000] }, { op: 'sleep', ns: [200_000, 2 * MS] }] }] },
    { comm: 'ui2', program: [{ op: 'loop', body: [{ op: 'run', ns: [100_000, 300_000] }, { op: 'sleep', ns: [100_000, 1 * MS] }] }] },
  ],
};
const hashOf = (scheduler: Parameters<typeof runScenario>[0]['scheduler']): string =>
  runScenario({ scenario, scheduler, seed: 3 }).document.traceHash;

describe('exec protocol: docs/protocol.schema.json', () => {
  it('every message of a run validates (awaited select_cpu included), and the awaited client gives the same trace', () => {
    expect(toClient).toBeTypeOf('function');
    const lines: { direction: string; line: string }[] = [];
    tapExec((direction, line) => lines.push({ direction, line }));
    const awaited = hashOf(execScheduler('node examples/exec/client.mjs rlfifo-await'));
    const rustland = execScheduler('node examples/exec/client.mjs rustland');
    runScenario({ scenario, scheduler: rustland, seed: 3, options: { sliceUsMin: 500 } });
    tapExec(null);
    expect(awaited).toBe(hashOf(rlfifo));
    const types = new Set<string>();
    for (const { direction, line } of lines) {
      const validate = (direction === 'to-client' ? toClient : fromClient) as NonNullable<typeof toClient>;
      const message = JSON.parse(line) as { type: string };
      types.add(`${direction}:${message.type}`);
      expect(validate(message), `${direction} ${line.slice(0, 200)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect([...types].sort()).toEqual(['from-client:hello', 'from-client:init', 'from-client:schedule', 'from-client:select_cpu',
      'to-client:hello', 'to-client:init', 'to-client:schedule', 'to-client:select_cpu']);
  });

  it('malformed client messages are rejected by the schema and by the simulator alike', () => {
    const bad = [
      { type: 'schedule', seq: 1, calls: [{ call: 'dispatch_task', pid: 1, cpu: 0, flags: 0, vtime: 0, enq_cnt: 1 }] },
      { type: 'schedule', seq: 1, calls: [{ call: 'dispatch_task', pid: -1, cpu: 0, flags: 0, slice_ns: 0, vtime: 0, enq_cnt: 1 }] },
      { type: 'schedule', seq: 1, calls: [{ call: 'yield' }] },
      { type: 'schedule', seq: 1 },
      { type: 'schedule', seq: 1, calls: [{ call: 'compute', ns: 20_000_000_000 }] },
      { type: 'hello', protocol: 2, name: 'x' },
      { type: 'hello', protocol: 1, name: 'has space' },
    ];
    for (const message of bad) {
      expect(fromClient?.(message), JSON.stringify(message)).toBe(false);
      const parsed = parseMessage('test', JSON.stringify(message));
      expect(() => (message.type === 'hello' ? parseHello('test', parsed) : parseCalls('test', parsed))).toThrow(/^protocol error in test: /);
    }
  });
});

const python = spawnSync('python3', ['--version']).status === 0;
describe('exec: the Python reference client', () => {
  it.skipIf(!python)(`rlfifo in Python gives the in-process trace${python ? '' : ' (SKIPPED: python3 not found on PATH)'}`, () => {
    expect(hashOf(execScheduler('python3 examples/exec/client.py rlfifo'))).toBe(hashOf(rlfifo));
  });
});
