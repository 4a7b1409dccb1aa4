// The HTML report (`--html FILE`): one self-contained offline file (inline CSS, JS and data; no network)
// for a run or a replayed counterexample: the verdict and the cause of a violation (the property's own
// reason and attribution, and each CPU's occupant and class at that moment), a per-CPU timeline with zoom
// and the faults, the fallback (the disable path after a scheduler exit) and violations marked, per-task
// wait-latency histograms and CPU share (uPlot, read from node_modules when the report is written and
// inlined), the scenario as data, and the statechart explorer (cli/viz) with this run's trace preloaded
// (gzip + base64 in the file; the browser inflates it with DecompressionStream); the explorer lays its charts
// out with elkjs (cli/viz/elkAsset.ts).
// The browser code is reportScript.ts; the data shapes below are all it reads.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { RunDocument, Violation } from '../../scenarios/runner.ts';
import type { Scenario } from '../../scenarios/scenario.ts';
import { formatNs } from '../format.ts';
import { explorerParts } from '../viz/page.ts';
import { buildPageData } from '../viz/pageData.ts';
import { REPORT_SCRIPT } from './reportScript.ts';
import { SCHEDULE_EVENTS_MAX, type ScheduleSink } from './schedule.ts';

/** Histogram bins per task (shared edges, so tasks compare at a glance). */
export const HISTOGRAM_BINS = 24;
/** Most timeline slices embedded; a longer run keeps the first ones and says so. */
export const TIMELINE_SLICES_MAX = 200_000;
/** Most trace events embedded for the explorer; a longer trace is left out and the report says so. */
export const EXPLORER_EVENTS_MAX = 500_000;

export interface ReportInput {
  readonly schedule: ScheduleSink;
  readonly document: RunDocument;
  readonly scenario: Scenario;
  /** The run's trace, one line per event (`--trace` format), for the explorer; null when too long to embed. */
  readonly traceLines: readonly string[] | null;
}

const CLASSES = ['ext', 'fair', 'rt'] as const;

/** A marked moment or interval on the timeline. */
export interface Marker {
  readonly kind: 'fault' | 'exit' | 'fallback' | 'violation';
  readonly startNs: number;
  readonly endNs: number;
  readonly label: string;
}

/** What the browser code reads (reportScript.ts). */
export interface ReportData {
  readonly endNs: number;
  readonly cpus: number;
  readonly tasks: readonly { pid: number; label: string; cls: string; usersched: boolean; cpuShare: number; runNs: number;
    waitP50Ns: number; waitP99Ns: number; waitMaxNs: number; waits: number; histogram: readonly number[] }[];
  /** Histogram bin edges in ns (HISTOGRAM_BINS + 1 of them). */
  readonly binEdgesNs: readonly number[];
  /** Flat: cpu, startNs, endNs, pid, class index (CLASSES) per slice. */
  readonly slices: readonly number[];
  readonly slicesTruncated: boolean;
  readonly classes: readonly string[];
  readonly markers: readonly Marker[];
}

/** Each CPU's occupant at `atNs`, as "comm[pid] (class ext)" or "idle", from the schedule's slices. */
export function occupantsAt(schedule: ScheduleSink, atNs: number): string[] {
  const out: string[] = [];
  for (let cpu = 0; cpu < schedule.cpus; cpu++) {
    const slice = schedule.slices.find((s) => s.cpu === cpu && s.startNs <= atNs && atNs < s.endNs) ??
      schedule.slices.find((s) => s.cpu === cpu && s.startNs === atNs && s.endNs === atNs);
    const task = slice ? schedule.tasks.get(slice.pid) : undefined;
    out.push(`CPU ${cpu}: ${slice ? `${schedule.label(slice.pid)} (class ${slice.cls})${task?.usersched ? ', the user-space scheduler' : ''}` : 'idle'}`);
  }
  return out;
}

function markers(schedule: ScheduleSink, violations: readonly Violation[]): Marker[] {
  const out: Marker[] = [];
  let disablingNs = -1;
  for (const i of schedule.instants) {
    if (i.kind === 'fault') out.push({ kind: 'fault', startNs: i.t, endNs: i.t, label: i.name });
    if (i.kind === 'exit') out.push({ kind: 'exit', startNs: i.t, endNs: i.t, label: `${i.name} (${String(i.args['reason'])})` });
    if (i.kind === 'scx_state' && i.args['state'] === 'DISABLING') disablingNs = i.t;
    if (i.kind === 'scx_state' && i.args['state'] === 'DISABLED' && disablingNs >= 0) {
      out.push({ kind: 'fallback', startNs: disablingNs, endNs: i.t,
        label: `fallback: scheduler disabled, tasks moved back to the fair class (${formatNs(i.t - disablingNs)})` });
      disablingNs = -1;
    }
  }
  for (const v of violations) out.push({ kind: 'violation', startNs: v.atNs, endNs: v.atNs, label: `violation ${v.property}: ${v.reason}` });
  return out;
}

function histogramEdges(schedule: ScheduleSink): number[] {
  let maxNs = 0;
  for (const w of schedule.waits) if (w.ended === 'run') maxNs = Math.max(maxNs, w.endNs - w.startNs);
  const step = Math.max(1, Math.ceil(maxNs / HISTOGRAM_BINS));
  return Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => i * step);
}

export function reportData(schedule: ScheduleSink, document: RunDocument): ReportData {
  const edges = histogramEdges(schedule);
  const step = edges[1] as number;
  const histograms = new Map<number, number[]>();
  for (const w of schedule.waits) {
    if (w.ended !== 'run') continue;
    let h = histograms.get(w.pid);
    if (!h) histograms.set(w.pid, h = new Array<number>(HISTOGRAM_BINS).fill(0));
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor((w.endNs - w.startNs) / step));
    h[bin] = (h[bin] as number) + 1;
  }
  const metrics = new Map(document.metrics.tasks.map((t) => [t.pid, t]));
  const slices: number[] = [];
  const kept = schedule.slices.slice(0, TIMELINE_SLICES_MAX);
  for (const s of kept) slices.push(s.cpu, s.startNs, s.endNs, s.pid, CLASSES.indexOf(s.cls));
  return {
    endNs: schedule.endNs, cpus: schedule.cpus,
    tasks: [...schedule.tasks.values()].map((t) => {
      const m = metrics.get(t.pid);
      const histogram = histograms.get(t.pid) ?? new Array<number>(HISTOGRAM_BINS).fill(0);
      return { pid: t.pid, label: schedule.label(t.pid), cls: m?.cls ?? t.cls, usersched: t.usersched, cpuShare: m?.cpuShare ?? 0,
        runNs: m?.runNs ?? 0, waitP50Ns: m?.waitP50Ns ?? 0, waitP99Ns: m?.waitP99Ns ?? 0, waitMaxNs: m?.waitMaxNs ?? 0,
        waits: histogram.reduce((a, b) => a + b, 0), histogram };
    }),
    binEdgesNs: edges, slices, slicesTruncated: kept.length < schedule.slices.length, classes: CLASSES,
    markers: markers(schedule, document.violations),
  };
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** uPlot's script and stylesheet, read from node_modules (a pinned dependency) to be inlined. */
function uplotAssets(): { js: string; css: string } {
  const here = import.meta.url as string | undefined;
  const require = createRequire(here ?? __filename);
  const read = (file: string): string => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
  return { js: read('uPlot.iife.min.js'), css: read('uPlot.min.css') };
}

function causeHtml(input: ReportInput): string {
  const { document, schedule } = input;
  if (document.violations.length === 0) {
    const exits = document.exits.map((e) => `<li>scheduler exit <b>${escapeHtml(e.kind)}</b> (${escapeHtml(e.reason)}): every task ` +
      'fell back to the fair class</li>').join('');
    return `<p class="verdict-ok">No property was violated (${document.properties.length} checked).</p>${exits ? `<ul>${exits}</ul>` : ''}`;
  }
  return document.violations.map((v) => `<div class="violation" data-property="${escapeHtml(v.property)}">
  <p><b>VIOLATION ${escapeHtml(v.property)}</b> at ${escapeHtml(formatNs(v.atNs))} (${v.atNs} ns): ${escapeHtml(v.reason)}</p>
  ${v.detail ? `<p class="detail">${escapeHtml(v.detail)}</p>` : ''}
  <p>Occupant of each CPU at that moment:</p>
  <ul class="occupants">${occupantsAt(schedule, v.atNs).map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>
</div>`).join('');
}

const CSS = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; color: #111; background: #fafafa; }
.report header { padding: 10px 16px; background: #1e293b; color: #fff; }
.report header h1 { font-size: 16px; margin: 0; }
.report section { margin: 12px 16px; padding: 8px 12px; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
.report h2 { font-size: 15px; margin: 4px 0 8px; }
.verdict-ok { color: #15803d; font-weight: 600; }
.violation { color: #b91c1c; }
.detail { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; }
#timeline-wrap { position: relative; user-select: none; }
#timeline svg { display: block; width: 100%; cursor: grab; }
#timeline text { font-size: 11px; fill: #334155; }
.marker-fault line, .marker-exit line { stroke: #d97706; stroke-width: 1.5; }
.marker-violation line { stroke: #b91c1c; stroke-width: 2; }
.marker-fallback rect { fill: #f59e0b; opacity: 0.25; }
#timeline .marker-violation text { fill: #b91c1c; font-weight: 600; }
#timeline-controls button { margin-right: 4px; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
ul.legend li::before { content: ''; display: inline-block; width: 10px; height: 10px; margin-right: 4px; background: var(--c); }
.hists { display: flex; flex-wrap: wrap; gap: 8px; }
.hist { width: 310px; }
.hist h3 { font-size: 12px; margin: 0; min-height: 2.8em; }
table.tasks { border-collapse: collapse; font-size: 12px; }
table.tasks td, table.tasks th { border-bottom: 1px solid #eee; padding: 1px 8px; text-align: right; }
table.tasks td:first-child, table.tasks th:first-child { text-align: left; }
pre.scenario { max-height: 320px; overflow: auto; font-size: 12px; background: #f8fafc; padding: 6px; }
#explorer-note { color: #475569; }
`;

export function renderReport(input: ReportInput): string {
  const { document, scenario, traceLines } = input;
  const data = reportData(input.schedule, document);
  const uplot = uplotAssets();
  const explorer = explorerParts(buildPageData(null));
  const embedTrace = traceLines !== null;
  const traceGz = traceLines !== null ? gzipSync(Buffer.from(`${traceLines.join('\n')}\n`), { level: 9 }).toString('base64') : '';
  const title = `schedcheck report: ${document.scheduler} on ${document.scenario}, seed ${document.seed}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<style>${uplot.css}</style>
<style>${CSS}${explorer.css}</style></head>
<body>
<div class="report">
<header><h1>${escapeHtml(title)}</h1>
<div>simulated ${escapeHtml(formatNs(document.simulatedNs))}, ${document.events} events, trace hash ${escapeHtml(document.traceHash)}</div></header>
<section id="cause"><h2>Verdict and cause</h2>${causeHtml(input)}</section>
<section id="timeline"><h2>Timeline: what ran on each CPU</h2>
  <div id="timeline-controls"><button id="zoom-in">zoom in</button><button id="zoom-out">zoom out</button><button id="zoom-reset">whole run</button><button id="zoom-mark">zoom to the violation / fallback</button>
    <span id="window"></span> <small>(wheel: zoom at the pointer; drag: pan; hover a slice for its task)</small></div>
  <div id="timeline-wrap"></div>
  <ul class="legend" id="legend"></ul>
  ${data.slicesTruncated ? `<p>Only the first ${TIMELINE_SLICES_MAX} slices are drawn.</p>` : ''}
  ${input.schedule.truncatedAtNs >= 0 ? `<p>The run had more than ${SCHEDULE_EVENTS_MAX} events: the report stops at ${input.schedule.truncatedAtNs} ns.</p>` : ''}
</section>
<section id="latency"><h2>Wait latency per task (runnable until running)</h2><div class="hists" id="hists"></div></section>
<section id="share"><h2>CPU share per task</h2><div id="share-chart"></div><table class="tasks" id="task-table"></table></section>
<section id="scenario"><h2>Scenario</h2><pre class="scenario">${escapeHtml(JSON.stringify(scenario, null, 2))}</pre></section>
<section id="explorer"><h2>Statechart explorer (this run's trace, preloaded)</h2>
  <p id="explorer-note">${embedTrace ? 'Step the trace below, or jump to its end / first conformance violation.' : `The trace (${document.events} events, over ${EXPLORER_EVENTS_MAX}) is too long to embed; load one written with --trace.`}</p>
</section>
</div>
${explorer.body}
<script>${uplot.js}</script>
<script>
var REPORT = ${scriptJson(data)};
var TRACE_GZ = ${scriptJson(traceGz)};
${REPORT_SCRIPT}
</script>
${explorer.script}
</body></html>
`;
}
