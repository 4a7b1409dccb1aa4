// The explorer page's browser code, as text (the page is one offline file: no fetch, no modules). It
// draws each statechart as nested boxes (parallel regions side by side), highlights the active states,
// offers the events of the machine's alphabet as buttons (legal ones plain, illegal ones red: a click
// shows the violation and the rule it breaks, in the checker's words: DATA.hints), draws arrows for the transitions enabled now, and replays a saved `--trace` file
// step by step with `createStepper` — the checker's own code, embedded by page.ts. Once elkjs is loaded
// (ELK_GZ, inflated in the page) each chart is laid out as Stately's visualizer does: ELK's layered
// algorithm over the state hierarchy and every transition, the boxes then placed where ELK put them; until
// then (or if it fails) the boxes flow as nested flex boxes.
// Expects globals: DATA (pageData.ts), createStepper (model/statecharts/stepper.ts) and ELK_GZ.
export const PAGE_SCRIPT = String.raw`
'use strict';
var machines = DATA.machines;
var tables = {};
machines.forEach(function (m) { tables[m.name] = m.table; });
var manual = {};
machines.forEach(function (m) { manual[m.name] = m.table.initial; });
var trace = { events: [], lines: [], i: 0, stepper: null, pid: 0, active: false, error: '' };
/** Per machine: the rule the last clicked illegal event broke ('' after a legal one). */
var rules = {};
var implBits = DATA.implAll;
var NEST = ['runnable', 'running', 'stopping', 'quiescent'];

function el(tag, attrs, text) {
  var e = document.createElement(tag);
  if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (text !== undefined) e.textContent = text;
  return e;
}

function drawNode(node, depth) {
  var box = el('div', { 'class': 'st st-' + node.type + (depth === 0 ? ' st-root' : ''), 'data-id': node.id });
  if (depth > 0) {
    var title = el('div', { 'class': 'st-name', title: node.description }, node.key);
    box.appendChild(title);
  }
  if (node.children.length > 0) {
    var kids = el('div', { 'class': 'st-kids' + (node.type === 'parallel' ? ' st-par' : '') });
    node.children.forEach(function (c) { kids.appendChild(drawNode(c, depth + 1)); });
    box.appendChild(kids);
  }
  return box;
}

function typeOf(key) { return key.split('|')[0]; }

function implMask(table, type) {
  var mask = 0;
  table.events.forEach(function (k) {
    if (k.indexOf(type + '|impl=') === 0) mask |= Number(k.slice(type.length + 6));
  });
  return mask;
}

/** The alphabet keys to offer as buttons: one impl variant per type (from the checkboxes). */
function offered(m) {
  var t = m.table;
  var out = [];
  t.events.forEach(function (key, index) {
    var parts = key.split('|');
    if (parts.length > 1 && parts[1].indexOf('impl=') === 0) {
      var mask = implMask(t, parts[0]);
      if (Number(parts[1].slice(5)) !== (implBits & mask)) return;
    }
    out.push({ key: key, index: index });
  });
  return out;
}

var FIELD_LABELS = { sameQseq: 'same qseq', staleQseq: 'stale qseq', owned: 'task QUEUED', notOwned: 'task not QUEUED',
  gone: 'task gone', alive: 'task exists' };

/** The event type, with its alphabet fields in words (impl comes from the checkboxes). */
function buttonLabel(key) {
  var parts = key.split('|');
  var fields = parts.slice(1).filter(function (f) { return f.indexOf('impl=') !== 0; }).map(function (f) {
    return f.indexOf('gen=') === 0 ? f.slice(4) + ' enq_cnt' : (FIELD_LABELS[f] || f);
  });
  return fields.length > 0 ? parts[0] + ' (' + fields.join(', ') + ')' : parts[0];
}

function currentState(m) {
  if (!trace.active) return manual[m.name];
  if (m.name === 'scheduler') return trace.stepper.schedulerState();
  if (m.name === 'taskLifecycle') return trace.stepper.lifecycleOf(trace.pid);
  if (m.name === 'handoff') return trace.stepper.handoffOf(trace.pid);
  return trace.stepper.ownershipOf(trace.pid);
}

function render() {
  machines.forEach(function (m) {
    var section = document.querySelector('section[data-machine="' + m.name + '"]');
    var s = currentState(m);
    var ids = {};
    m.active[s].forEach(function (id) { ids[id] = true; });
    section.querySelectorAll('.st').forEach(function (box) {
      box.classList.toggle('active', ids[box.getAttribute('data-id')] === true);
    });
    section.querySelector('.state').textContent = m.table.states[s];
    section.classList.toggle('in-violation', s === m.table.violation);
    section.querySelector('.rule').textContent = rules[m.name] || '';
    var bar = section.querySelector('.events');
    bar.innerHTML = '';
    var n = m.table.events.length;
    var enabled = [];
    offered(m).forEach(function (o) {
      var next = m.table.next[s * n + o.index];
      var legal = next !== m.table.violation;
      var b = el('button', { 'class': legal ? 'ev' : 'ev illegal', 'data-event': o.key,
        title: legal ? ('→ ' + m.table.states[next]) : 'illegal here: ' + ruleText(m, s, o.index) }, buttonLabel(o.key));
      b.addEventListener('click', function () { fire(m, o.index); });
      bar.appendChild(b);
      if (legal && s !== m.table.violation) enabled.push(o.index);
    });
    drawArrows(m, section, s, enabled);
  });
  renderTrace();
}

/** The rule an illegal event breaks, as the checker words it (reasons.ts), or '' when it is legal. */
function ruleText(m, s, eventIndex) {
  var hint = m.illegal[s * m.table.events.length + eventIndex];
  return hint >= 0 ? DATA.hints[hint] : '';
}

function fire(m, eventIndex) {
  if (trace.active) {
    machines.forEach(function (x) { manual[x.name] = currentState(x); });
    trace.active = false;
  }
  var s = manual[m.name];
  var rule = ruleText(m, s, eventIndex);
  rules[m.name] = rule ? typeOf(m.table.events[eventIndex]) + ' is illegal in ' + m.name + ' state ' + m.table.states[s] +
    ': ' + rule : '';
  manual[m.name] = m.table.next[s * m.table.events.length + eventIndex];
  render();
}

function center(box, origin) {
  var r = box.getBoundingClientRect();
  return { x: r.left - origin.left + Math.min(r.width / 2, 60), y: r.top - origin.top + 10 };
}

function drawArrows(m, section, s, enabled) {
  var svg = section.querySelector('svg.arrows');
  var chart = section.querySelector('.chart');
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  var origin = chart.getBoundingClientRect();
  svg.setAttribute('width', String(chart.scrollWidth));
  svg.setAttribute('height', String(chart.scrollHeight));
  var n = m.table.events.length;
  var drawn = {};
  enabled.forEach(function (e) {
    (m.cells[s * n + e] || []).forEach(function (ti) {
      var t = m.transitions[ti];
      if (drawn[ti] || t.targets.length === 0) return;
      drawn[ti] = true;
      var from = chart.querySelector('[data-id="' + t.source + '"]');
      t.targets.forEach(function (target) {
        var to = chart.querySelector('[data-id="' + target + '"]');
        if (!from || !to || from === to) return;
        var a = center(from, origin);
        var b = center(to, origin);
        var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        var mx = (a.x + b.x) / 2 + (b.y - a.y) / 4;
        var my = (a.y + b.y) / 2 - (b.x - a.x) / 4;
        path.setAttribute('d', 'M' + a.x + ',' + a.y + ' Q' + mx + ',' + my + ' ' + b.x + ',' + b.y);
        path.setAttribute('class', 'arrow');
        path.setAttribute('marker-end', 'url(#head)');
        var title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        title.textContent = t.event + (t.guard ? ' [' + t.guard + ']' : '');
        path.appendChild(title);
        svg.appendChild(path);
      });
    });
  });
  if (!svg.querySelector('defs')) {
    var defs = document.createElementNS('http://www.w3.org/2000/svg', 'defs');
    defs.innerHTML = '<marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#2563eb"/></marker>';
    svg.insertBefore(defs, svg.firstChild);
  }
}

// ---- trace replay ------------------------------------------------------------------------------------

var STRING_KEYS = { comm: 1, state: 1, op: 1, place: 1, kind: 1, reason: 1, msg: 1, scheduler: 1, cpumask: 1,
  policy: 1, cls: 1, why: 1, fault: 1, step: 1, name: 1 };

function parseLine(line) {
  var tokens = line.split(' ');
  if (tokens.length < 2 || !/^\d+$/.test(tokens[0])) return null;
  var e = { t: Number(tokens[0]), type: tokens[1] };
  var key = null;
  for (var i = 2; i < tokens.length; i++) {
    var m = /^([A-Za-z]+)=(.*)$/.exec(tokens[i]);
    if (m) { key = m[1]; e[key] = m[2]; } else if (key) { e[key] += ' ' + tokens[i]; }
  }
  Object.keys(e).forEach(function (k) {
    if (k === 't' || k === 'type' || STRING_KEYS[k]) return;
    if (/^-?\d+$/.test(e[k])) e[k] = Number(e[k]);
    else if (e[k] === 'true' || e[k] === 'false') e[k] = e[k] === 'true';
  });
  return e;
}

/** A file is a trace when it has events and at least half its non-empty lines are events. */
function loadTrace(text, name) {
  trace.lines = [];
  trace.events = [];
  var lines = 0;
  text.split('\n').forEach(function (line) {
    if (line.trim() === '') return;
    lines++;
    var e = parseLine(line.trim());
    if (e) { trace.events.push(e); trace.lines.push(line.trim()); }
  });
  if (trace.events.length === 0 || trace.events.length * 2 < lines) {
    trace.error = (name || 'the file') + ' is not a schedcheck trace: expected lines "<time ns> <event> key=value …" ' +
      'as written by schedcheck run … --trace FILE (' + trace.events.length + ' of ' + lines + ' lines are events)';
    trace.events = [];
    trace.lines = [];
    trace.stepper = null;
    trace.active = false;
    document.getElementById('pid').innerHTML = '';
    render();
    return;
  }
  trace.error = '';
  var select = document.getElementById('pid');
  select.innerHTML = '';
  var seen = {};
  trace.events.forEach(function (e) {
    if (e.type === 'task_new' && !seen[e.pid]) {
      seen[e.pid] = true;
      select.appendChild(el('option', { value: String(e.pid) }, e.pid + ' ' + e.comm));
    }
  });
  trace.pid = select.options.length > 0 ? Number(select.options[0].value) : 0;
  restart();
}

function restart() {
  trace.stepper = createStepper(tables);
  trace.i = 0;
  trace.active = trace.events.length > 0;
  render();
}

function stepOnce() {
  if (trace.i >= trace.events.length) return false;
  trace.stepper.step(trace.events[trace.i]);
  trace.i++;
  return true;
}

function concerns(e) {
  return e.pid === trace.pid || e.type === 'scx_state' || e.type === 'bypass' || e.type === 'exit';
}

function renderTrace() {
  var pos = document.getElementById('pos');
  var line = document.getElementById('line');
  var banner = document.getElementById('violation');
  document.getElementById('error').textContent = trace.error;
  if (!trace.stepper) { pos.textContent = 'no trace loaded'; line.textContent = ''; banner.textContent = ''; return; }
  pos.textContent = trace.i + ' / ' + trace.events.length + (trace.active ? '' : ' (manual stepping)');
  line.textContent = trace.i > 0 ? trace.lines[trace.i - 1] : '';
  var v = trace.stepper.violation();
  banner.textContent = v ? ('violation at ' + v.t + ' ns, ' + v.machine + (v.pid ? ' task ' + v.pid : '') +
    (v.enqCnt >= 0 ? ' message enq_cnt=' + v.enqCnt : '') +
    ': ' + (v.event >= 0 ? tables[v.machine].events[v.event] : v.unknown) + ' in ' + tables[v.machine].states[v.state] +
    (v.event >= 0 ? ': ' + ruleText(machineNamed(v.machine), v.state, v.event) : ' (not in the alphabet)')) : '';
}

function machineNamed(name) {
  for (var i = 0; i < machines.length; i++) if (machines[i].name === name) return machines[i];
  return null;
}

function wire() {
  document.getElementById('file').addEventListener('change', function (ev) {
    var file = ev.target.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { loadTrace(String(reader.result), file.name); };
    reader.readAsText(file);
  });
  document.getElementById('pid').addEventListener('change', function (ev) {
    trace.pid = Number(ev.target.value);
    render();
  });
  document.getElementById('next').addEventListener('click', function () {
    if (!trace.stepper) return;
    trace.active = true; stepOnce(); render(); });
  document.getElementById('nextTask').addEventListener('click', function () {
    if (!trace.stepper) return;
    trace.active = true;
    while (stepOnce()) { if (concerns(trace.events[trace.i - 1])) break; }
    render();
  });
  document.getElementById('back').addEventListener('click', function () {
    if (!trace.stepper) return;
    var target = Math.max(0, trace.i - 1);
    trace.stepper = createStepper(tables);
    trace.i = 0;
    while (trace.i < target) stepOnce();
    trace.active = true;
    render();
  });
  document.getElementById('end').addEventListener('click', function () {
    if (!trace.stepper) return;
    trace.active = true;
    while (!trace.stepper.violation() && stepOnce()) { /* replay */ }
    render();
  });
  document.getElementById('reset').addEventListener('click', function () {
    machines.forEach(function (m) { manual[m.name] = m.table.initial; });
    if (trace.events.length > 0) restart(); else { trace.active = false; render(); }
  });
  NEST.forEach(function (name, i) {
    var box = document.getElementById('impl-' + name);
    box.addEventListener('change', function () {
      implBits = box.checked ? (implBits | (1 << i)) : (implBits & ~(1 << i));
      render();
    });
  });
}

// ---- layout with elkjs --------------------------------------------------------------------------------

function loadElk() {
  if (typeof ELK_GZ !== 'string' || ELK_GZ === '' || typeof DecompressionStream === 'undefined') return Promise.resolve(null);
  var bytes = Uint8Array.from(atob(ELK_GZ), function (c) { return c.charCodeAt(0); });
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (code) {
    var script = document.createElement('script');
    script.textContent = code;
    document.head.appendChild(script);
    return typeof ELK === 'function' ? new ELK() : null;
  });
}

/** The ELK graph of a state node: leaves sized by their label, compound states by ELK around their children. */
function elkNode(node, chart) {
  var out = { id: node.id };
  if (node.children.length === 0) {
    var box = chart.querySelector('[data-id="' + node.id + '"]');
    var name = box ? box.querySelector('.st-name') : null;
    out.width = Math.ceil((name ? name.scrollWidth : 40) + 16);
    out.height = 26;
  } else {
    out.children = node.children.map(function (c) { return elkNode(c, chart); });
    out.layoutOptions = { 'elk.padding': '[top=24,left=8,bottom=8,right=8]' };
  }
  return out;
}

/** Edges for ELK: every transition between two distinct states, neither inside the other (ELK needs that). */
function elkEdges(m) {
  var edges = [];
  var byPair = {};
  m.transitions.forEach(function (t) {
    t.targets.forEach(function (target) {
      var a = t.source, b = target;
      if (a === b || b.indexOf(a + '.') === 0 || a.indexOf(b + '.') === 0) return;
      var label = t.event + (t.guard ? ' [' + t.guard + ']' : '');
      if (byPair[a + '>' + b]) { byPair[a + '>' + b].events.push(label); return; }
      var edge = { id: 'e' + edges.length, sources: [a], targets: [b], events: [label] };
      byPair[a + '>' + b] = edge;
      edges.push(edge);
    });
  });
  return edges;
}

/** Every transition as ELK routed it (root coordinates), faint, under the highlighted enabled ones. */
function drawEdges(chart, laid, edges) {
  var root = chart.querySelector('.st-root');
  var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'edges');
  svg.setAttribute('width', String(laid.width));
  svg.setAttribute('height', String(laid.height));
  svg.innerHTML = '<defs><marker id="edge-head-' + laid.id + '" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto">' +
    '<path d="M0,0 L10,5 L0,10 z" fill="#94a3b8"/></marker></defs>';
  var events = {};
  edges.forEach(function (e) { events[e.id] = e.events; });
  (laid.edges || []).forEach(function (e) {
    (e.sections || []).forEach(function (sec) {
      var pts = [sec.startPoint].concat(sec.bendPoints || [], [sec.endPoint]);
      var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('d', pts.map(function (p, i) { return (i === 0 ? 'M' : 'L') + p.x + ',' + p.y; }).join(' '));
      path.setAttribute('class', 'edge');
      path.setAttribute('marker-end', 'url(#edge-head-' + laid.id + ')');
      var title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = (events[e.id] || []).join(', ');
      path.appendChild(title);
      svg.appendChild(path);
    });
  });
  root.insertBefore(svg, root.firstChild);
}

function place(chart, laid, depth) {
  var box = chart.querySelector('[data-id="' + laid.id + '"]');
  if (box) {
    if (depth > 0) { box.style.left = laid.x + 'px'; box.style.top = laid.y + 'px'; }
    box.style.width = laid.width + 'px';
    box.style.height = laid.height + 'px';
  }
  (laid.children || []).forEach(function (c) { place(chart, c, depth + 1); });
}

function layoutCharts() {
  return loadElk().then(function (elk) {
    if (!elk) return;
    return Promise.all(machines.map(function (m) {
      var chart = document.querySelector('section[data-machine="' + m.name + '"] .chart');
      var graph = elkNode(m.root, chart);
      graph.layoutOptions = { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
        'elk.spacing.nodeNode': '14', 'elk.layered.spacing.nodeNodeBetweenLayers': '28', 'elk.padding': '[top=4,left=4,bottom=4,right=4]',
        'elk.json.edgeCoords': 'ROOT', 'elk.edgeRouting': 'ORTHOGONAL' };
      var edges = elkEdges(m);
      graph.edges = edges.map(function (e) { return { id: e.id, sources: e.sources, targets: e.targets }; });
      return elk.layout(graph).then(function (laid) {
        chart.classList.add('laid-out');
        place(chart, laid, 0);
        drawEdges(chart, laid, edges);
      });
    })).then(function () { document.body.setAttribute('data-layout', 'elk'); render(); });
  }).catch(function (e) {
    document.body.setAttribute('data-layout', 'flex');
    document.getElementById('error').textContent = 'statechart layout failed (boxes shown unlaid): ' + e;
  });
}

function main() {
  machines.forEach(function (m) {
    var section = document.querySelector('section[data-machine="' + m.name + '"]');
    var chart = section.querySelector('.chart');
    chart.insertBefore(drawNode(m.root, 0), chart.firstChild);
  });
  wire();
  trace.stepper = null;
  render();
  window.addEventListener('resize', render);
  layoutCharts();
}

main();
`;
