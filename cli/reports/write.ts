// The report files a run can leave behind (`--perfetto FILE`, `--html FILE`), built inside the simulation
// worker from sinks on the trace, written once the run is over: the run document (violations, metrics)
// is known only then.
import { formatEvent, type DsqNames, type TraceEvent, type TraceSink } from '../../model/kernel/trace.ts';
import type { RunDocument } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { EXPLORER_EVENTS_MAX, renderReport } from './html.ts';
import { chromeTrace, writeChromeTrace } from './perfetto.ts';
import { ScheduleSink } from './schedule.ts';
import { writeFileSync } from 'node:fs';

export interface ReportPaths {
  readonly perfettoPath?: string;
  readonly htmlPath?: string;
}

/** Keeps every event as its trace line (`--trace` format), for the explorer the HTML report embeds. */
class LinesSink implements TraceSink {
  readonly lines: string[] = [];
  /** More events than the report embeds: the explorer gets none (a partial trace would replay wrongly). */
  overflow = false;
  constructor(private readonly dsqNames: DsqNames) {}
  event(e: TraceEvent): void {
    if (this.overflow) return;
    if (this.lines.length >= EXPLORER_EVENTS_MAX) {
      this.overflow = true;
      this.lines.length = 0;
      return;
    }
    this.lines.push(formatEvent(e, this.dsqNames));
  }
}

export interface Reports {
  readonly sinks: readonly TraceSink[];
  write(document: RunDocument, scenario: Scenario): void;
}

/** Sinks for the requested reports (none when none is asked for), and the writer to call at the end. */
export function reportsFor(paths: ReportPaths, dsqNames: DsqNames): Reports {
  if (!paths.perfettoPath && !paths.htmlPath) return { sinks: [], write() { /* nothing asked */ } };
  const schedule = new ScheduleSink(dsqNames);
  const lines = paths.htmlPath ? new LinesSink(dsqNames) : null;
  return {
    sinks: [schedule, ...(lines ? [lines] : [])],
    write(document, scenario) {
      const info = { scheduler: document.scheduler, scenario: document.scenario, seed: document.seed };
      if (paths.perfettoPath) writeChromeTrace(paths.perfettoPath, chromeTrace(schedule, info, document.violations));
      if (paths.htmlPath && lines) writeFileSync(paths.htmlPath, renderReport({ schedule, document, scenario, traceLines: lines.overflow ? null : lines.lines }));
    },
  };
}
