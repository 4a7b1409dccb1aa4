// The fast-check arbitraries of generated scenarios (DESIGN.md, Public API): topologies, workloads, fault
// plans and whole scenarios, plus the registries of behaviour and fault kinds they draw from.
export { deriveBounds, type GeneratedBounds } from './bounds.ts';
export { generatorOptionsFor, schedulerCaps } from './caps.ts';
export {
  expectedFirstExit, FAULT_KIND_NAMES, FAULT_KINDS, faultDraftArb, faultKind, faultPlanArb,
  type FaultDraft, type FaultEnv, type FaultKindSpec, type SchedulerCaps,
} from './faults.ts';
export {
  buildScenario, type BuildContext, caseArb, type GeneratedCase, type GeneratorOptions, NO_CAPS, scenarioArb, scenarioDraftArb,
  type ScenarioDraft,
} from './scenario.ts';
export { biasedTopologyArb, cpuCount, GENERATED_CPUS_MAX, topologyArb } from './topology.ts';
export {
  BEHAVIOUR_KINDS, BEHAVIOURS, type BehaviourKind, type BehaviourSpec, workloadArb, workloadItemArb,
  type WorkloadItem, workloadTasks,
} from './workload.ts';
export { describeLimit, KNOWN_LIMITS, type KnownLimit, knownLimitsOf, limitRegion } from './knownLimits.ts';
