// Property campaigns in process (what a `schedcheck check` job runs inside its worker, and what the tests
// call directly): generated (fast-check), named or corpus scenarios, and the crash-point sweep.
export { runGenerated } from './generated.ts';
export { capture, type CaseOutcome, checkedProperties, LAST_EVENTS, runCase } from './runCase.ts';
export { EXPECTED_MISSING, forScheduler, judge, runScenarios, type ScenarioEntry } from './scenarios.ts';
export { runSweep, sweepPoints } from './sweep.ts';
export { EEVDF_SAMPLE_RUNS } from './tally.ts';
export * from './types.ts';
export { checkScheduler, type CheckSchedulerOptions } from './checkScheduler.ts';
export { type CampaignRun, campaignRuns, type RunSlice, sliceRuns, slicesOf } from './runList.ts';
export { type GeneratedSlice, mergeGeneratedSlices, runGeneratedSlice } from './generated.ts';
