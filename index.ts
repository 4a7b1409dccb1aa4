/**
 * schedcheck's public API: what a scheduler author imports to write a sched_ext scheduler, describe
 * scenarios and run them programmatically. Everything here is typed and semver-minded; anything not
 * exported here is internal.
 *
 * @example
 * ```ts
 * import { defineScheduler, runScenario, findScenario, SCX_SLICE_DFL } from 'schedcheck';
 *
 * const fifo = defineScheduler({
 *   kind: 'sched_ext', name: 'fifo', description: 'one shared FIFO', options: {},
 *   create: () => ({
 *     name: 'fifo',
 *     init: (ctx) => ctx.createDsq(0, -1),
 *     enqueue: (ctx, p, enqFlags) => ctx.dsqInsert(p, 0, SCX_SLICE_DFL, enqFlags),
 *     dispatch: (ctx) => { ctx.dsqMoveToLocal(0); },
 *   }),
 * });
 * const { document } = runScenario({ scenario: findScenario('mixed-basic')!, scheduler: fifo, seed: 1 });
 * console.log(document.exit.kind, document.traceHash);
 * ```
 * @packageDocumentation
 */

// ---- Writing a scheduler: struct sched_ext_ops, the kfuncs, the task view ----
export {
  defineScheduler, isSchedulerDefinition, SCX_OP_NAMES,
  type CpuReleaseArgs, type SchedExtOps, type SchedTask, type SchedulerDefinition, type SchedulerLimit, type SchedulerOption,
  type SchedulerOptions, type ScxCtx, type ScxExitInfo, type ScxOpName,
} from './model/kernel/ops.ts';

// ---- Constants, flags and exit kinds (symbolic flags renumbered to 32 bits; exit kinds are the kernel's) ----
export {
  CPUS_MAX, KFUNC_CALLS_PER_CALLBACK_MAX, NS_PER_MS, NS_PER_SEC, NS_PER_US, SCX_DSP_DFL_MAX_BATCH,
  SCX_DSP_MAX_LOOPS, SCX_SLICE_DFL, SCX_SLICE_INF, SCX_WATCHDOG_MAX_TIMEOUT_MS, TASKS_MAX,
} from './model/kernel/constants.ts';
export {
  EXIT_KIND_NAMES, EXIT_KIND_REASONS, exitKindFromName, exitKindName, SCX_DEQ_CORE_SCHED_EXEC, SCX_DEQ_SCHED_CHANGE,
  SCX_DEQ_SLEEP, SCX_ECODE_ACT_RESTART_CODE, SCX_ECODE_RSN_HOTPLUG_CODE, SCX_ENQ_CPU_SELECTED, SCX_ENQ_HEAD,
  SCX_ENQ_LAST, SCX_ENQ_PREEMPT, SCX_ENQ_REENQ, SCX_ENQ_RESTORE, SCX_ENQ_WAKEUP, SCX_EXIT_DONE, SCX_EXIT_ERROR,
  SCX_EXIT_ERROR_BPF, SCX_EXIT_ERROR_STALL, SCX_EXIT_NONE, SCX_EXIT_SYSRQ, SCX_EXIT_UNREG, SCX_EXIT_UNREG_BPF,
  SCX_EXIT_UNREG_KERN, SCX_KICK_IDLE, SCX_KICK_PREEMPT, SCX_KICK_WAIT, SCX_OPS_ALLOW_QUEUED_WAKEUP,
  SCX_OPS_BUILTIN_IDLE_PER_NODE, SCX_OPS_ENQ_EXITING, SCX_OPS_ENQ_LAST, SCX_OPS_ENQ_MIGRATION_DISABLED,
  SCX_OPS_KEEP_BUILTIN_IDLE, SCX_OPS_SWITCH_PARTIAL, SCX_WAKE_FORK, SCX_WAKE_SYNC, SCX_WAKE_TTWU,
  type OpsState, type ScxEnableState, type ScxExitCode, type ScxTaskState,
} from './model/kernel/scxFlags.ts';
export {
  dsqLocalOn, dsqName, formatDsqId, isLocalOn, isUserDsq, localOnCpu, SCX_DSQ_GLOBAL, SCX_DSQ_INVALID,
  SCX_DSQ_LOCAL,
} from './model/kernel/dsqId.ts';
export { Cpumask, parseCpulist } from './model/kernel/cpumask.ts';

// ---- Scenarios: the data a run is made of, its schema, and the shipped ones ----
export type { DurationNs, Policy, Step, TaskRef, TaskSpec } from './model/kernel/behaviour.ts';
export {
  buildTopology, numaTopology, smpTopology, smtTopology, Topology,
  type TopologyExplicit, type TopologyShape, type TopologySpec,
} from './model/kernel/topology.ts';
export { type Fault, type FaultKind, type Scenario, SCENARIO_FORMAT_VERSION, validateScenario } from './scenarios/scenario.ts';
export { scenarioJsonSchema } from './scenarios/schema.ts';
export { findScenario, SCENARIOS, STARTER_SCENARIOS } from './scenarios/index.ts';

// ---- Running: one scenario, one scheduler, one seed → a run document and a trace ----
export {
  prepareRun, resolveOptions, runScenario,
  type PreparedRun, type RunDocument, type RunOptions, type RunOutcome, type Violation,
} from './scenarios/runner.ts';
export { type GuardedRunOptions, runScenarioGuarded, SchedulerFault } from './cli/guardedRun.ts';
export type { RunMetrics, TaskMetrics } from './scenarios/metrics.ts';
export {
  type DsqNames, formatEvent, formatTraceDsq, type PlaceKind, type TaskClass, type TraceEvent, type TraceEventType, type TraceSink,
} from './model/kernel/trace.ts';
export { TraceHasher } from './model/kernel/traceHash.ts';
export { InputError } from './model/kernel/assert.ts';

// ---- Properties, generated scenarios and campaigns ----
export {
  findProperty, PROPERTIES, propertiesFor, PropertySuite,
  type Monitor, type MonitorContext, type PropertyDefinition, type PropertyInconclusive, type PropertyKind,
  type PropertyViolation, type SchedulerKind,
} from './properties/index.ts';
export {
  BEHAVIOUR_KINDS, caseArb, describeLimit, FAULT_KIND_NAMES, FAULT_KINDS, generatorOptionsFor, KNOWN_LIMITS, scenarioArb,
  topologyArb, workloadArb, faultPlanArb, type GeneratedCase, type GeneratorOptions,
} from './scenarios/arbitraries/index.ts';
export { checkScheduler, type CampaignResult, type CheckSchedulerOptions, type Failure } from './cli/campaign/index.ts';

// ---- User-space schedulers on scx_rustland_core (reference §5): the BpfScheduler API for policies ----
export { defineUserspaceScheduler, type UserspaceSchedulerSpec } from './schedulers/rustland-core/define.ts';
export { BpfScheduler } from './schedulers/rustland-core/bpfScheduler.ts';
export type { UserspaceConfig, UserspacePolicy } from './schedulers/rustland-core/process.ts';
export {
  dispatchedFrom, RL_CPU_ANY, SCHED_DSQ, SHARED_DSQ, type DispatchedTask, type QueuedTask, type UserspaceCosts,
} from './schedulers/rustland-core/intf.ts';
export type { UserspaceSchedulerDefinition, SchedExtSchedulerDefinition } from './model/kernel/ops.ts';

// ---- exec: a user-space policy as a separate process over the line protocol (docs/protocol.md) ----
export { EXEC_OPTIONS, execScheduler, isExecRef } from './exec/define.ts';
export { EXEC_PROTOCOL_VERSION, ProtocolError } from './exec/protocol.ts';
export {
  PolicyFault, PolicyHang, PolicyProcessExit, type UserspaceRuntime,
} from './schedulers/rustland-core/process.ts';

// ---- Shipped schedulers ----
export {
  bpflandScheduler, centralScheduler, findScheduler, realSchedulers, rlfifoScheduler, rustlandScheduler, SCHEDULERS,
  simpleScheduler,
} from './schedulers/index.ts';
// Their factories and option readers, for variants and mutants written outside this repository.
export { createSimple } from './schedulers/simple.ts';
export { CENTRAL_LIMITS, centralOptions, createCentral, type CentralOptions } from './schedulers/central.ts';
export { BPFLAND_LIMITS, bpflandOptions, createBpfland, type BpflandOptions } from './schedulers/bpfland.ts';
export { createRustland, type RustlandOptions } from './schedulers/rustland.ts';
export { createRlfifo } from './schedulers/rlfifo.ts';
export type { UserspacePolicyDefinition } from './schedulers/rustland-core/define.ts';

// ---- Mutation testing: the mutant catalogue and the toolkit to write mutants ----
export {
  type Dimension, findMutant, kfuncsIn, type MutantDefinition, type MutantInfo, MUTANTS, mutateSchedExt, mutateUserspace,
  type UserspaceChange, withBpf, withCtx,
} from './schedulers/mutants/index.ts';
