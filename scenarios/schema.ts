// The scenario schema (zod): structure, types and ranges of every field of a Scenario, and the JSON Schema
// published from it (`schedcheck schema`) so editors can check scenario files as they are written.
// Semantic checks that need the topology (CPU ids in cpumasks, faults on CPUs that exist) follow in
// scenario.ts, after this structural pass.
import { z } from 'zod';
import { BEHAVIOUR_NESTING_MAX, CPUS_MAX } from '../model/kernel/constants.ts';
import { TASK_FLAG_NAMES } from '../model/kernel/taskFlags.ts';

const nonNegInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const positiveInt = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const durationNs = z.union([nonNegInt, z.tuple([nonNegInt, nonNegInt])],
  { error: 'expected nanoseconds (a non-negative integer) or a [min, max] range' })
  .describe('nanoseconds, or an inclusive [min, max] range drawn from the seed');
const cpulist = z.union([z.string(), z.array(z.number().int().min(0).max(CPUS_MAX - 1))],
  { error: 'expected a cpulist string such as "0-3,6" or an array of CPU ids' })
  .describe('a kernel cpulist such as "0-3,6", or an array of CPU ids');
const policy = z.enum(['NORMAL', 'BATCH', 'IDLE', 'EXT', 'FIFO', 'RR']);
const nice = z.number().int().min(-20).max(19);
const taskRef = z.union([z.number().int().min(0), z.string().min(1)], { error: 'expected a pid or a comm' })
  .describe('a pid, or a comm');

/** One behaviour step. `fork` and `loop` nest, so the schema is recursive. */
export const stepSchema: z.ZodType<unknown> = z.lazy(() => z.discriminatedUnion('op', [
  z.object({ op: z.literal('run'), ns: durationNs }).strict(),
  z.object({ op: z.literal('sleep'), ns: durationNs }).strict(),
  z.object({ op: z.literal('yield') }).strict(),
  z.object({ op: z.literal('fork'), child: taskSchema }).strict(),
  z.object({ op: z.literal('exit') }).strict(),
  z.object({ op: z.literal('wake'), target: taskRef, sync: z.boolean().optional() }).strict(),
  z.object({ op: z.literal('wait') }).strict(),
  z.object({ op: z.literal('setAffinity'), cpus: cpulist }).strict(),
  z.object({ op: z.literal('setNice'), nice }).strict(),
  z.object({ op: z.literal('setPolicy'), policy, rtPriority: z.number().int().min(1).max(99).optional() }).strict(),
  z.object({ op: z.literal('loop'), times: positiveInt.optional(), body: z.array(stepSchema).min(1) }).strict(),
], { error: 'unknown step: op must be run, sleep, yield, fork, exit, wake, wait, setAffinity, setNice, setPolicy or loop' }));

export const taskSchema: z.ZodType<unknown> = z.lazy(() => z.object({
  comm: z.string().min(1).max(15).describe('task name (TASK_COMM_LEN - 1 characters at most)'),
  policy: policy.optional(),
  nice: nice.optional(),
  rtPriority: z.number().int().min(1).max(99).optional().describe('SCHED_FIFO/RR priority, higher runs first'),
  cpumask: cpulist.optional(),
  migrationDisabled: z.boolean().optional(),
  kthread: z.boolean().optional(),
  flags: z.array(z.enum(TASK_FLAG_NAMES)).optional().describe('task flags (p->flags) by name; they make it a kthread'),
  startNs: nonNegInt.optional(),
  program: z.array(stepSchema),
}).strict());

const topologyShape = z.object({
  nodes: positiveInt, llcsPerNode: positiveInt, coresPerLlc: positiveInt, threadsPerCore: positiveInt,
  online: cpulist.optional(),
}).strict();
const topologyExplicit = z.object({
  cpus: z.array(z.object({ id: nonNegInt, core: nonNegInt, llc: nonNegInt, node: nonNegInt }).strict()).min(1),
  online: cpulist.optional(),
}).strict();

const at = { atNs: nonNegInt };
const faultSchema = z.discriminatedUnion('kind', [
  z.object({ ...at, kind: z.literal('unregister') }).strict(),
  z.object({ ...at, kind: z.literal('sysrq') }).strict(),
  z.object({ ...at, kind: z.literal('scxError'), msg: z.string().optional() }).strict(),
  z.object({ ...at, kind: z.literal('hotplug'), cpu: nonNegInt, online: z.boolean() }).strict(),
  z.object({ ...at, kind: z.literal('rtHog'), cpu: nonNegInt, durationNs: nonNegInt }).strict(),
  z.object({ ...at, kind: z.literal('setAffinity'), target: taskRef, cpus: cpulist }).strict(),
  z.object({ ...at, kind: z.literal('setNice'), target: taskRef, nice }).strict(),
  z.object({ ...at, kind: z.literal('setPolicy'), target: taskRef, policy }).strict(),
  z.object({ ...at, kind: z.literal('lostWakeup'), durationNs: nonNegInt }).strict(),
  z.object({ ...at, kind: z.literal('userschedCrash') }).strict(),
  z.object({ ...at, kind: z.literal('userschedHang') }).strict(),
  z.object({ ...at, kind: z.literal('userschedSlow'), factor: positiveInt, durationNs: nonNegInt }).strict(),
  z.object({ ...at, kind: z.literal('userschedPagefault'), kthread: taskRef }).strict(),
  z.object({ ...at, kind: z.literal('ringFull'), durationNs: nonNegInt }).strict(),
], { error: 'unknown fault: kind must be unregister, sysrq, scxError, hotplug, rtHog, setAffinity, setNice, ' +
  'setPolicy, lostWakeup, userschedCrash, userschedHang, userschedSlow, userschedPagefault or ringFull' });

export const scenarioSchema = z.object({
  $schema: z.string().optional().describe('path or URL of this JSON Schema, for editors'),
  formatVersion: z.literal(1),
  name: z.string().min(1),
  description: z.string(),
  topology: z.union([topologyShape, topologyExplicit],
    { error: 'expected {nodes, llcsPerNode, coresPerLlc, threadsPerCore} or {cpus: [{id, core, llc, node}]}' }),
  hz: z.number().int().min(100).max(10_000).optional(),
  durationNs: positiveInt.describe('length of the fault phase'),
  quietNs: nonNegInt.optional().describe('length of the quiet (liveness) phase after it'),
  attachAtNs: nonNegInt.optional(),
  schedulerOptions: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).optional(),
  kernel: z.object({ extServer: z.boolean().optional(), fairServer: z.boolean().optional(),
    uptimeNs: nonNegInt.optional().describe('the clock schedulers read (scx_bpf_now) at the start of the run: emulated uptime') })
    .strict().optional(),
  restartOnExit: z.boolean().optional(),
  restartDelayNs: nonNegInt.optional(),
  tasks: z.array(taskSchema),
  faults: z.array(faultSchema).optional(),
  properties: z.object({
    check: z.array(z.string().min(1)).optional().describe('the properties this scenario checks (default: all that apply)'),
    bounds: z.record(z.string(), positiveInt).optional().describe('per-property bounds in ns, by property name'),
  }).strict().optional().describe('the manifest: properties checked and their bounds'),
  schedulerKinds: z.array(z.enum(['sched_ext', 'userspace'])).min(1).optional()
    .describe('the kinds of scheduler this scenario is meant for (default: all)'),
  expect: z.object({
    exit: z.string().optional().describe('the first exit kind, or none'),
    userspaceExit: z.string().optional().describe('the first exit kind for user-space (rustland-family) schedulers'),
    violation: z.string().optional().describe('a property this scenario is expected to violate'),
  }).strict().optional(),
}).strict();

/**
 * The JSON Schema of scenario files (draft 2020-12), as `schedcheck schema` prints it.
 *
 * @example
 * ```ts
 * writeFileSync('scenario.schema.json', JSON.stringify(scenarioJsonSchema(), null, 2));
 * ```
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { cycles: 'ref', reused: 'inline' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://schedcheck.dev/scenario.schema.json', title: 'schedcheck scenario',
    description: `A schedcheck scenario (formatVersion 1). Loops nest at most ${BEHAVIOUR_NESTING_MAX} deep.` };
}

/** `tasks[3].cpumask` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
  return text || 'scenario';
}
