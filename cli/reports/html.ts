// placeholder, replaced below
import type { RunDocument } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import type { ScheduleSink } from './schedule.ts';
export interface ReportInput { schedule: ScheduleSink; document: RunDocument; scenario: Scenario; traceLines: readonly string[] }
export function renderReport(input: ReportInput): string { return `<!doctype html>${input.document.scheduler}`; }
