// The HTML report's browser code, as text (the report is one offline file). It draws the per-CPU timeline
// as SVG (one row per CPU, a rect per running slice with its task in a tooltip, markers for faults, exits,
// the fallback interval and violations; wheel zooms at the pointer, drag pans), the legend of tasks, the
// per-task wait-latency histograms and the CPU-share chart with uPlot, and preloads this run's trace into
// the statechart explorer (inflating the embedded gzip with DecompressionStream).
// The timeline is SVG rather than a uPlot chart: rows of intervals are not x/y series, and DOM rows give
// every slice a native tooltip. Expects globals: REPORT (html.ts ReportData), TRACE_GZ, uPlot, and the
// explorer's loadTrace (cli/viz/pageScript.ts).
export const REPORT_SCRIPT = String.raw`
(function () {
'use strict';
var R = REPORT;
var SVGNS = 'http://www.w3.org/2000/svg';
var ROW = 22, LABEL = 56, AXIS = 32, TOP = 36;
var LABEL_Y = { violation: 10, fault: 21, exit: 32 };
var view = { from: 0, to: Math.max(1, R.endNs) };
var PALETTE = ['#2563eb', '#16a34a', '#9333ea', '#0891b2', '#ca8a04', '#db2777', '#4f46e5', '#65a30d', '#0d9488', '#c2410c',
  '#7c3aed', '#0284c7', '#a16207', '#be123c', '#15803d', '#6d28d9'];
var taskIndex = {};
R.tasks.forEach(function (t, i) { taskIndex[t.pid] = i; });
function color(pid) { var i = taskIndex[pid]; return i === undefined ? '#64748b' : PALETTE[i % PALETTE.length]; }
function label(pid) { var i = taskIndex[pid]; return i === undefined ? 'pid ' + pid : R.tasks[i].label; }

function fmt(ns) {
  if (ns >= 1e9) return (ns / 1e9).toFixed(3) + ' s';
  if (ns >= 1e6) return (ns / 1e6).toFixed(3) + ' ms';
  if (ns >= 1e3) return (ns / 1e3).toFixed(1) + ' us';
  return Math.round(ns) + ' ns';
}

function svgEl(tag, attrs, parent) {
  var e = document.createElementNS(SVGNS, tag);
  Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
  if (parent) parent.appendChild(e);
  return e;
}

var wrap = document.getElementById('timeline-wrap');
var svg = svgEl('svg', {});
wrap.appendChild(svg);

function width() { return Math.max(200, wrap.clientWidth); }
function xOf(ns, w) { return LABEL + (ns - view.from) / (view.to - view.from) * (w - LABEL - 8); }

function drawTimeline() {
  var w = width();
  var h = TOP + R.cpus * ROW + AXIS;
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  svg.setAttribute('height', String(h));
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  var rows = [];
  for (var cpu = 0; cpu < R.cpus; cpu++) {
    var g = svgEl('g', { 'class': 'cpu-row', 'data-cpu': cpu }, svg);
    svgEl('rect', { x: LABEL, y: TOP + cpu * ROW, width: w - LABEL - 8, height: ROW - 4, fill: '#f1f5f9' }, g);
    var t = svgEl('text', { x: 4, y: TOP + cpu * ROW + 14 }, g);
    t.textContent = 'CPU ' + cpu;
    rows.push(g);
  }
  var s = R.slices;
  for (var i = 0; i < s.length; i += 5) {
    var start = s[i + 1], end = s[i + 2];
    if (end < view.from || start > view.to) continue;
    var x0 = Math.max(LABEL, xOf(start, w)), x1 = Math.min(w - 8, xOf(end, w));
    var pid = s[i + 3];
    var r = svgEl('rect', { 'class': 'slice', 'data-pid': pid, x: x0, y: TOP + s[i] * ROW, width: Math.max(0.5, x1 - x0), height: ROW - 4,
      fill: color(pid) }, rows[s[i]]);
    var title = svgEl('title', {}, r);
    title.textContent = label(pid) + ' (class ' + R.classes[s[i + 4]] + ') on CPU ' + s[i] + ': ' + fmt(start) + ' – ' + fmt(end) +
      ' (' + fmt(end - start) + ')';
  }
  R.markers.forEach(function (m) {
    if (m.endNs < view.from || m.startNs > view.to) return;
    var g = svgEl('g', { 'class': 'marker marker-' + m.kind }, svg);
    var x = xOf(Math.max(m.startNs, view.from), w);
    if (m.kind === 'fallback') {
      var x1 = xOf(Math.min(m.endNs, view.to), w);
      svgEl('rect', { x: x, y: TOP, width: Math.max(2, x1 - x), height: R.cpus * ROW }, g);
    } else {
      svgEl('line', { x1: x, x2: x, y1: LABEL_Y[m.kind] + 2, y2: TOP + R.cpus * ROW }, g);
    }
    var text = svgEl('text', { x: x + 3, y: m.kind === 'fallback' ? TOP + R.cpus * ROW + 12 : LABEL_Y[m.kind] }, g);
    text.textContent = m.label;
    svgEl('title', {}, g).textContent = m.label + ' at ' + fmt(m.startNs);
  });
  for (var k = 0; k <= 4; k++) {
    var ns = view.from + (view.to - view.from) * k / 4;
    var tx = svgEl('text', { x: Math.min(w - 60, xOf(ns, w)), y: h - 4 }, svg);
    tx.textContent = fmt(ns);
  }
  document.getElementById('window').textContent = fmt(view.from) + ' – ' + fmt(view.to);
}

function zoom(factor, centerNs) {
  var span = (view.to - view.from) * factor;
  span = Math.max(1000, Math.min(R.endNs || 1, span));
  var c = centerNs === undefined ? (view.from + view.to) / 2 : centerNs;
  var rel = (c - view.from) / (view.to - view.from);
  view.from = Math.max(0, c - span * rel);
  view.to = Math.min(Math.max(1, R.endNs), view.from + span);
  view.from = Math.max(0, view.to - span);
  drawTimeline();
}

svg.addEventListener('wheel', function (ev) {
  ev.preventDefault();
  var rect = svg.getBoundingClientRect();
  var w = width();
  var ns = view.from + (ev.clientX - rect.left - LABEL) / (w - LABEL - 8) * (view.to - view.from);
  zoom(ev.deltaY < 0 ? 0.8 : 1.25, ns);
}, { passive: false });
var drag = null;
svg.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX, from: view.from, to: view.to }; });
window.addEventListener('mouseup', function () { drag = null; });
window.addEventListener('mousemove', function (ev) {
  if (!drag) return;
  var dns = (drag.x - ev.clientX) / (width() - LABEL - 8) * (drag.to - drag.from);
  var span = drag.to - drag.from;
  view.from = Math.max(0, Math.min(R.endNs - span, drag.from + dns));
  view.to = view.from + span;
  drawTimeline();
});
document.getElementById('zoom-in').addEventListener('click', function () { zoom(0.5); });
document.getElementById('zoom-out').addEventListener('click', function () { zoom(2); });
document.getElementById('zoom-reset').addEventListener('click', function () { view.from = 0; view.to = Math.max(1, R.endNs); drawTimeline(); });
document.getElementById('zoom-mark').addEventListener('click', function () {
  var m = R.markers.filter(function (x) { return x.kind === 'violation'; })[0] ||
    R.markers.filter(function (x) { return x.kind === 'fallback' || x.kind === 'exit'; })[0] || R.markers[0];
  if (!m) return;
  var span = Math.max(2e6, (m.endNs - m.startNs) * 4);
  view.from = Math.max(0, m.startNs - span / 2);
  view.to = Math.min(Math.max(1, R.endNs), view.from + span);
  drawTimeline();
});
window.addEventListener('resize', drawTimeline);

var legend = document.getElementById('legend');
R.tasks.forEach(function (t) {
  var li = document.createElement('li');
  li.setAttribute('data-pid', String(t.pid));
  li.style.setProperty('--c', color(t.pid));
  li.textContent = t.label + (t.usersched ? ' (user-space scheduler)' : '') + ' — class at the end: ' + t.cls;
  legend.appendChild(li);
});

// ---- histograms and CPU share (uPlot) ----------------------------------------------------------------------
var edges = R.binEdgesNs;
var centersUs = [];
for (var b = 0; b + 1 < edges.length; b++) centersUs.push((edges[b] + edges[b + 1]) / 2 / 1000);
var hists = document.getElementById('hists');
R.tasks.forEach(function (t) {
  var box = document.createElement('div');
  box.className = 'hist';
  box.setAttribute('data-pid', String(t.pid));
  var h = document.createElement('h3');
  h.textContent = t.label + ': ' + t.waits + ' waits, p50 ' + fmt(t.waitP50Ns) + ', p99 ' + fmt(t.waitP99Ns) + ', max ' + fmt(t.waitMaxNs);
  box.appendChild(h);
  hists.appendChild(box);
  new uPlot({
    width: 300, height: 140, legend: { show: false }, cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
    axes: [{ label: 'wait (us)', size: 30, labelSize: 14 }, { size: 48 }],
    series: [{ label: 'wait (us)' }, { label: 'waits', fill: color(t.pid), stroke: color(t.pid), points: { show: false },
      paths: uPlot.paths.bars({ size: [0.9, 40] }) }],
  }, [centersUs, t.histogram], box);
});

var shareBox = document.getElementById('share-chart');
var xs = R.tasks.map(function (t, i) { return i; });
new uPlot({
  width: Math.max(320, Math.min(1200, 90 * R.tasks.length + 80)), height: 200, legend: { show: false },
  scales: { x: { time: false, range: [-0.5, R.tasks.length - 0.5] }, y: { range: [0, 100] } },
  axes: [{ values: function (u, splits) { return splits.map(function (v) { var t = R.tasks[Math.round(v)]; return t && v === Math.round(v) ? t.label : ''; }); },
    incrs: [1], size: 40 }, { label: 'CPU share % (of one CPU)', size: 44 }],
  series: [{}, { label: 'CPU share %', fill: '#2563eb', stroke: '#1d4ed8', points: { show: false }, paths: uPlot.paths.bars({ size: [0.7, 60] }) }],
}, [xs, R.tasks.map(function (t) { return t.cpuShare * 100; })], shareBox);

var table = document.getElementById('task-table');
var head = document.createElement('tr');
['task', 'class', 'cpu %', 'wait p50', 'wait p99', 'wait max', 'waits'].forEach(function (c) {
  var th = document.createElement('th'); th.textContent = c; head.appendChild(th);
});
table.appendChild(head);
R.tasks.forEach(function (t) {
  var tr = document.createElement('tr');
  tr.setAttribute('data-pid', String(t.pid));
  [t.label, t.cls, (t.cpuShare * 100).toFixed(1), fmt(t.waitP50Ns), fmt(t.waitP99Ns), fmt(t.waitMaxNs), String(t.waits)].forEach(function (c) {
    var td = document.createElement('td'); td.textContent = c; tr.appendChild(td);
  });
  table.appendChild(tr);
});

drawTimeline();

// ---- the explorer, preloaded with this run's trace ----------------------------------------------------------
if (TRACE_GZ) {
  var bytes = Uint8Array.from(atob(TRACE_GZ), function (c) { return c.charCodeAt(0); });
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (text) {
    loadTrace(text, 'this run\'s trace');
    document.body.setAttribute('data-trace-loaded', 'true');
  });
}
})();
`;
