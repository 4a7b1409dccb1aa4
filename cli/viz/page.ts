// The offline explorer page: one self-contained HTML file (inline CSS and JS, no network) that draws
// every statechart, steps it by clicking events, and replays a saved `--trace` file. The browser code
// is pageScript.ts; the stepper is the checker's own `createStepper`, embedded from its source.
import { createStepper } from '../../model/statecharts/stepper.ts';
import { elkScriptGzBase64 } from './elkAsset.ts';
import type { PageData } from './pageData.ts';
import { PAGE_SCRIPT } from './pageScript.ts';

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
body { font: 13px/1.4 system-ui, sans-serif; margin: 0; color: #111; background: #fafafa; }
header { padding: 10px 16px; background: #1e293b; color: #fff; }
header h1 { font-size: 16px; margin: 0; }
#controls { padding: 8px 16px; background: #fff; border-bottom: 1px solid #ddd; position: sticky; top: 0; z-index: 5; }
#controls > div { margin: 4px 0; }
#line { font-family: ui-monospace, monospace; color: #334155; min-height: 1.4em; }
#violation, #error { color: #b91c1c; font-weight: 600; }
.rule { color: #b91c1c; font-size: 12px; margin-top: 4px; }
section.machine { margin: 12px 16px; padding: 8px 12px; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
section.machine h2 { font-size: 15px; margin: 4px 0; }
section.machine.in-violation { border-color: #b91c1c; }
.chart { position: relative; overflow-x: auto; padding: 4px; }
svg.arrows { position: absolute; left: 0; top: 0; pointer-events: none; }
path.arrow { fill: none; stroke: #2563eb; stroke-width: 1.5; opacity: 0.7; }
.st { border: 1px solid #94a3b8; border-radius: 8px; padding: 3px 6px; margin: 3px; background: #fff; display: inline-block; vertical-align: top; }
.st-root { border: none; background: transparent; display: block; }
.chart.laid-out .st { position: absolute; margin: 0; box-sizing: border-box; display: block; }
.chart.laid-out .st-root { position: relative; }
.chart.laid-out .st-kids { display: block; }
.chart.laid-out .st-root, .chart.laid-out .st-root.active { background: transparent; border: none; }
svg.edges { position: absolute; left: 0; top: 0; pointer-events: none; z-index: 1; }
path.edge { fill: none; stroke: #94a3b8; stroke-width: 1; opacity: 0.8; }
svg.arrows { z-index: 2; }
.st-name { font-weight: 600; font-size: 12px; color: #334155; }
.st-kids { display: flex; flex-wrap: wrap; align-items: flex-start; }
.st-par > .st { border-style: dashed; }
.st.active { background: #dbeafe; border-color: #2563eb; }
.st.active > .st-name { color: #1d4ed8; }
.st-atomic.active, .st-final.active { background: #2563eb; }
.st-atomic.active > .st-name, .st-final.active > .st-name { color: #fff; }
.st[data-id$=".violation"].active { background: #b91c1c; border-color: #b91c1c; }
.events { margin-top: 6px; }
button.ev { margin: 2px; padding: 2px 6px; border: 1px solid #94a3b8; border-radius: 4px; background: #f1f5f9; cursor: pointer; font-size: 12px; }
button.ev:hover { background: #e2e8f0; }
button.ev.illegal { color: #b91c1c; border-color: #fca5a5; background: #fff; }
.state { font-family: ui-monospace, monospace; font-size: 12px; color: #475569; }
details { margin-top: 6px; }
table.tr { border-collapse: collapse; font-size: 12px; }
table.tr td { border-bottom: 1px solid #eee; padding: 1px 6px; font-family: ui-monospace, monospace; }
td.zero { color: #b91c1c; }
`;

function transitionsTable(data: PageData, index: number): string {
  const m = data.machines[index];
  if (!m) return '';
  const rows = m.transitions.map((t) => `<tr><td>${escapeHtml(t.id)}</td><td class="${t.hits === 0 ? 'zero' : ''}">` +
    `${t.hits === null ? '' : t.hits}</td></tr>`).join('');
  const head = data.coverage ? 'transitions and how often the shipped scenarios took them' : 'transitions';
  return `<details><summary>${m.transitions.length} ${head}</summary><table class="tr">${rows}</table></details>`;
}

const SCOPES: Readonly<Record<PageData['machines'][number]['scope'], string>> = {
  task: 'one per task', message: 'one per rustland message (pid, enq_cnt); replay shows the task\'s message that moved last',
  global: 'global',
};

/** The explorer's pieces, for this page and for the HTML report (cli/reports/html.ts) that embeds it. */
export function explorerParts(data: PageData): { css: string; body: string; script: string } {
  const sections = data.machines.map((m, i) => `
<section class="machine" data-machine="${m.name}">
  <h2>${escapeHtml(m.title)} <small>(${escapeHtml(SCOPES[m.scope])}, reference ${escapeHtml(m.reference)})</small></h2>
  <div class="chart"><svg class="arrows"></svg></div>
  <div class="state"></div>
  <div class="events"></div>
  <div class="rule"></div>
  ${transitionsTable(data, i)}
</section>`).join('');
  const impl = ['runnable', 'running', 'stopping', 'quiescent'].map((name) =>
    `<label><input type="checkbox" id="impl-${name}" checked> ${name}</label>`).join(' ');
  const body = `<div id="controls">
  <div>Replay a trace (<code>schedcheck run … --trace FILE</code>): <input type="file" id="file">
    task <select id="pid"></select>
    <button id="back">◀ back</button> <button id="next">step ▶</button> <button id="nextTask">next for task ▶▶</button>
    <button id="end">to end / violation</button> <button id="reset">reset</button> <span id="pos"></span></div>
  <div id="line"></div>
  <div id="violation"></div>
  <div id="error"></div>
  <div>Nesting callbacks the scheduler implements (task lifecycle buttons): ${impl}</div>
</div>
${sections}`;
  const script = `<script>
var __name = function (f) { return f; };
var DATA = ${scriptJson(data)};
var createStepper = ${createStepper.toString()};
var ELK_GZ = ${scriptJson(elkScriptGzBase64())};
${PAGE_SCRIPT}
</script>`;
  return { css: CSS, body, script };
}

export function renderPage(data: PageData): string {
  const explorer = explorerParts(data);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>schedcheck statecharts</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<style>${explorer.css}</style></head>
<body>
<header><h1>schedcheck statecharts: the specification every trace is checked against</h1></header>
${explorer.body}
${explorer.script}
</body></html>
`;
}
