/* The journey map's script: renders the report model (the JSON in #report-data) as SVG charts and tables.
   Loads nothing; in Node (tests) it exports its pure helpers instead of rendering. */
(function (factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    api.start(window, document);
  }
})(function () {
'use strict';

/** A map without inherited keys: stage ids, channels and segment names such as 'toString' or '__proto__' are plain keys. */
function dict() { return Object.create(null); }

/** The segment a selector key names: '' is all journeys, anything else the segment of that exact name (or null). */
function segmentFor(data, key) {
  if (key === '') { return data.all; }
  for (var i = 0; i < data.segments.length; i++) {
    if (data.segments[i].name === key) { return data.segments[i]; }
  }
  return null;
}

/** The selector key a location hash names: '#name' is that segment when it exists, otherwise all journeys (''). */
function initialKey(hash, data) {
  if (!hash || hash.length < 2) { return ''; }
  var key;
  try { key = decodeURIComponent(hash.substring(1)); } catch (e) { return ''; }
  return segmentFor(data, key) ? key : '';
}

/** Per model, per channel: the credit { conversions, value }. */
function creditsByModel(s) {
  var credit = dict();
  s.attribution.forEach(function (m) {
    var byChannel = dict();
    m.channels.forEach(function (c) { byChannel[c.channel] = c; });
    credit[m.model] = byChannel;
  });
  return credit;
}

var statusNames = { Met: 'met', Missed: 'missed', NotMeasured: 'not-measured' };

/** A KPI result as the table shows it, or null for a touchpoint without KPIs. */
function kpiView(result) {
  if (!result) { return null; }
  return {
    name: result.kpi.name, unit: result.kpi.unit, target: result.kpi.target,
    direction: result.kpi.direction === 'AtMost' ? 'atMost' : 'atLeast',
    measured: result.measured, status: statusNames[result.status] || 'not-measured'
  };
}

var verdictNames = { Holds: 'holds', Violated: 'violated', ViolatedIfGuardsAllow: 'violated-if-guards-allow' };
var verdictText = { holds: 'holds (proved)', violated: 'violated', 'violated-if-guards-allow': 'violated if guards allow' };

/** A rule row as the table shows it: its verdict key and words, counterexample and the journeys of the segment that break it. */
function ruleView(rule, breaks) {
  var verdict = verdictNames[rule.verdict] || 'violated';
  return { rule: rule.rule, verdict: verdict, verdictText: verdictText[verdict], counterexample: rule.counterexample || '', breaks: breaks == null ? 0 : breaks };
}

/** Days as the charts label them: hours below a day, '–' for none. */
function formatDays(d, dec) { return d == null ? '\u2013' : d < 1 ? dec(d * 24, 1) + ' h' : dec(d, 1) + ' d'; }

function start(window, document) {
var errorBox = document.getElementById('report-errors');
function fail(message) {
  errorBox.hidden = false;
  errorBox.textContent += message + '\n';
  document.body.setAttribute('data-status', 'error');
}
window.addEventListener('error', function (e) { fail('error: ' + e.message); });
try {
var data = JSON.parse(document.getElementById('report-data').textContent);
var NS = 'http://www.w3.org/2000/svg';
var names = dict(), order = dict(), goal = dict();
data.stages.forEach(function (s, i) { names[s.id] = s.name; order[s.id] = i; goal[s.id] = s.goal; });
var modelColors = ['#8da0cb', '#66c2a5', '#fc8d62', '#e78ac3', '#a6d854', '#2f6fde', '#b3822b'];
var locale = data.culture;
function num(n) { return Math.round(n).toLocaleString(locale); }
function dec(n, d) { return n.toLocaleString(locale, { maximumFractionDigits: d, minimumFractionDigits: d }); }
function pct(x) { return dec(x * 100, 1) + '%'; }
function days(d) { return formatDays(d, dec); }
function el(name, attrs, parent, text) {
  var e = document.createElementNS(NS, name);
  for (var k in attrs) { e.setAttribute(k, attrs[k]); }
  if (text != null) { e.textContent = text; }
  if (parent) { parent.appendChild(e); }
  return e;
}
function h(name, attrs, parent, text) {
  var e = document.createElement(name);
  for (var k in attrs) { e.setAttribute(k, attrs[k]); }
  if (text != null) { e.textContent = text; }
  if (parent) { parent.appendChild(e); }
  return e;
}
function svg(container, w, hgt, label) {
  container.textContent = '';
  return el('svg', { viewBox: '0 0 ' + w + ' ' + hgt, width: w, height: hgt, role: 'img', 'aria-label': label }, container);
}
function chart(section, index) { return document.querySelectorAll('#' + section + ' .chart')[index || 0]; }

function summary(s) {
  var box = document.querySelector('#summary .cards');
  box.textContent = '';
  [['Journeys', num(s.journeys), 'journeys'], ['Bought at least once', num(s.converted) + ' (' + pct(s.journeys ? s.converted / s.journeys : 0) + ')', 'converted'],
   ['Purchases', num(s.conversions), 'conversions'], ['Repeat buyers', num(s.repeatBuyers), 'repeat-buyers'], ['Revenue', dec(s.revenue, 2), 'revenue']]
    .forEach(function (c) { var d = h('div', { 'class': 'card', 'data-card': c[2] }, box); h('b', {}, d, c[1]); h('span', { 'class': 'muted' }, d, c[0]); });
}

function graph(s) {
  var n = data.stages.length, W = 1100, H = 460, cy = 230;
  var g = svg(chart('graph'), W, H, 'Stage graph');
  el('defs', {}, g).innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker>';
  var reached = dict(), maxReached = 1;
  s.stages.forEach(function (x) { reached[x.stage] = x; maxReached = Math.max(maxReached, x.reached); });
  var maxFlow = 1;
  s.flows.forEach(function (f) { maxFlow = Math.max(maxFlow, f.count); });
  function X(id) { return 80 + order[id] * (W - 160) / Math.max(1, n - 1); }
  function R(id) { return 8 + 40 * Math.sqrt((reached[id] ? reached[id].reached : 0) / maxReached); }
  s.flows.forEach(function (f) {
    var i = order[f.from], j = order[f.to], x1 = X(f.from), x2 = X(f.to);
    var forward = j > i, span = Math.abs(j - i), lift = 45 + 38 * span;
    var y = forward ? cy - lift : cy + lift;
    var sy = forward ? cy - R(f.from) * 0.6 : cy + R(f.from) * 0.6, ey = forward ? cy - R(f.to) * 0.6 : cy + R(f.to) * 0.6;
    el('path', { d: 'M' + x1 + ',' + sy + ' Q' + (x1 + x2) / 2 + ',' + y + ' ' + x2 + ',' + ey, fill: 'none', stroke: forward ? '#2f6fde' : '#e0772b',
      'stroke-opacity': 0.55, 'stroke-width': 1 + 16 * f.count / maxFlow, 'marker-end': 'url(#arrow)', 'class': 'edge',
      'data-from': f.from, 'data-to': f.to, 'data-count': f.count }, g);
    el('text', { x: (x1 + x2) / 2, y: (sy + ey) / 4 + y / 2 + (forward ? -3 : 11), 'text-anchor': 'middle', 'class': 'count' }, g, num(f.count));
  });
  data.stages.forEach(function (st) {
    var x = X(st.id), r = R(st.id), rc = reached[st.id] || { stage: st.id, reached: 0, current: 0 };
    el('circle', { cx: x, cy: cy, r: r, fill: st.goal ? '#1f9d6b' : '#2f6fde', 'fill-opacity': 0.85, stroke: '#fff', 'stroke-width': 2, 'class': 'node',
      'data-stage': st.id, 'data-reached': rc.reached, 'data-current': rc.current }, g);
    el('text', { x: x, y: cy + 4, 'text-anchor': 'middle', fill: '#fff', style: 'fill:#fff;font-weight:600' }, g, num(rc.reached));
    var label = el('text', { x: x, y: cy + r + 16, 'text-anchor': 'middle', style: 'font-weight:600', 'class': 'stage-name', 'data-stage': st.id }, g, st.name);
    label.setAttribute('direction', data.rtl ? 'rtl' : 'ltr');
    el('text', { x: x, y: cy + r + 29, 'text-anchor': 'middle', 'class': 'count' }, g, 'now ' + num(rc.current));
  });
}

function funnel(s) {
  var steps = s.funnel.steps, W = 900, row = 34, H = steps.length * row + 10;
  var g = svg(chart('funnel'), W, H, 'Funnel');
  var first = steps.length ? Math.max(1, steps[0].customers) : 1;
  steps.forEach(function (st, i) {
    var w = 560 * st.customers / first, y = 5 + i * row;
    el('text', { x: 150, y: y + 19, 'text-anchor': 'end' }, g, names[st.stage]);
    el('rect', { x: 160 + (560 - w) / 2, y: y, width: Math.max(1, w), height: row - 8, rx: 3, fill: goal[st.stage] ? '#1f9d6b' : '#2f6fde',
      'class': 'funnel-bar', 'data-stage': st.stage, 'data-customers': st.customers }, g);
    el('text', { x: 730, y: y + 19 }, g, num(st.customers) + (i ? '  (' + pct(st.conversionFromPrevious) + ' of previous)' : ''));
  });
  var box = document.querySelector('#funnel .passes');
  box.textContent = '';
  var t = h('table', {}, box), head = h('tr', {}, h('thead', {}, t));
  h('th', {}, head, 'Pass');
  steps.forEach(function (st) { h('th', { 'class': 'num' }, head, names[st.stage]); });
  h('th', { 'class': 'num' }, head, 'Conversion');
  var body = h('tbody', {}, t);
  s.funnel.passes.forEach(function (p) {
    var tr = h('tr', { 'data-pass': p.pass, 'data-conversion': p.conversion }, body);
    h('td', {}, tr, String(p.pass));
    p.customers.forEach(function (c) { h('td', { 'class': 'num' }, tr, num(c)); });
    h('td', { 'class': 'num' }, tr, pct(p.conversion));
  });
}

function time(s) {
  var rows = s.time.stages, W = 900, row = 30, H = rows.length * row + 40, left = 150, right = 660;
  var g = svg(chart('time'), W, H, 'Time in stage');
  var max = 1;
  rows.forEach(function (r) { r.quantileDays.forEach(function (v) { if (v != null) { max = Math.max(max, v); } }); });
  function X(d) { return left + (right - left) * Math.min(d, max) / max; }
  for (var k = 0; k <= 4; k++) {
    var d = max * k / 4;
    el('line', { x1: X(d), x2: X(d), y1: 0, y2: H - 25, stroke: '#eee' }, g);
    el('text', { x: X(d), y: H - 10, 'text-anchor': 'middle', 'class': 'count' }, g, days(d));
  }
  rows.forEach(function (r, i) {
    var y = 8 + i * row, q = r.quantileDays, mid = y + 10;
    el('text', { x: left - 8, y: mid + 4, 'text-anchor': 'end' }, g, names[r.stage]);
    var grp = el('g', { 'class': 'box', 'data-stage': r.stage, 'data-median-days': q[2] == null ? '' : q[2], 'data-observations': r.observations }, g);
    if (q[0] != null) {
      var hi = q[4] != null ? q[4] : max;
      el('line', { x1: X(q[0]), x2: X(hi), y1: mid, y2: mid, stroke: '#555', 'stroke-dasharray': q[4] != null ? '' : '3,3' }, grp);
    }
    if (q[1] != null) {
      var top = q[3] != null ? q[3] : max;
      el('rect', { x: X(q[1]), y: y, width: Math.max(2, X(top) - X(q[1])), height: 20, fill: goal[r.stage] ? '#bfe6d4' : '#cfe0fb', stroke: '#2f6fde' }, grp);
    }
    if (q[2] != null) { el('line', { x1: X(q[2]), x2: X(q[2]), y1: y - 2, y2: y + 22, stroke: '#1d2433', 'stroke-width': 2.5 }, grp); }
    el('text', { x: right + 12, y: mid + 4 }, g, 'median ' + days(q[2]) + ' \u00b7 n ' + num(r.observations) + ', ' + num(r.censored) + ' still there');
  });
  var c = s.time.convert, cq = c.quantileDays, W2 = 900, H2 = 230, L = 60, R2 = 640, T = 20, B = 190;
  var g2 = svg(chart('time', 1), W2, H2, 'Time to convert');
  var maxDay = 1;
  c.curve.forEach(function (p) { maxDay = Math.max(maxDay, p.days); });
  function cx(d) { return L + (R2 - L) * d / maxDay; }
  function cyy(v) { return T + (B - T) * (1 - v); }
  el('text', { x: L, y: 12 }, g2, 'Time to first purchase: share of customers who have not bought yet');
  [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
    el('line', { x1: L, x2: R2, y1: cyy(v), y2: cyy(v), stroke: '#eee' }, g2);
    el('text', { x: L - 6, y: cyy(v) + 4, 'text-anchor': 'end', 'class': 'count' }, g2, pct(v));
  });
  for (var m = 0; m <= 4; m++) { el('text', { x: cx(maxDay * m / 4), y: B + 16, 'text-anchor': 'middle', 'class': 'count' }, g2, days(maxDay * m / 4)); }
  var d = 'M' + cx(0) + ',' + cyy(1), prev = 1;
  c.curve.forEach(function (p) { d += ' L' + cx(p.days) + ',' + cyy(prev) + ' L' + cx(p.days) + ',' + cyy(p.survival); prev = p.survival; });
  el('path', { d: d, fill: 'none', stroke: '#1f9d6b', 'stroke-width': 2, 'class': 'survival', 'data-median-days': cq[2] == null ? '' : cq[2], 'data-p25-days': cq[1] == null ? '' : cq[1], 'data-events': c.events }, g2);
  if (cq[2] != null) {
    el('line', { x1: cx(cq[2]), x2: cx(cq[2]), y1: T, y2: B, stroke: '#1d2433', 'stroke-dasharray': '4,3' }, g2);
  }
  el('text', { x: R2 + 14, y: 60 }, g2, 'median ' + days(cq[2]));
  el('text', { x: R2 + 14, y: 78 }, g2, '25% by ' + days(cq[1]) + ', 75% by ' + days(cq[3]));
  el('text', { x: R2 + 14, y: 96 }, g2, num(c.events) + ' bought, ' + num(c.censored) + ' not (yet)');
}

function flows(s) {
  var n = data.stages.length, W = 1100, nodeW = 16, top = 30;
  var inflow = dict(), outflow = dict();
  data.stages.forEach(function (st) { inflow[st.id] = 0; outflow[st.id] = 0; });
  inflow[data.stages.length ? s.funnel.steps.length ? s.funnel.steps[0].stage : data.stages[0].id : ''] += s.journeys;
  s.flows.forEach(function (f) { outflow[f.from] += f.count; inflow[f.to] += f.count; });
  var max = 1;
  data.stages.forEach(function (st) { max = Math.max(max, inflow[st.id], outflow[st.id]); });
  var back = s.flows.filter(function (f) { return order[f.to] < order[f.from]; });
  var backTotal = 0;
  back.forEach(function (f) { backTotal += f.count; });
  var k = 420 / (max + backTotal), span = max * k;
  var backDepth = 0;
  back.forEach(function (f) { backDepth += f.count * k + 8; });
  var H = top + span + 40 + backDepth + 10;
  var g = svg(chart('flows'), W, H, 'Flows between stages');
  function X(id) { return 40 + order[id] * (W - 120) / Math.max(1, n - 1); }
  var outUsed = dict(), inUsed = dict();
  data.stages.forEach(function (st) { outUsed[st.id] = 0; inUsed[st.id] = 0; });
  var sorted = s.flows.slice().sort(function (a, b) { return order[a.to] - order[b.to] || order[a.from] - order[b.from]; });
  var bottom = top + span + 30;
  sorted.forEach(function (f) {
    var t = Math.max(1, f.count * k), x1 = X(f.from) + nodeW, x2 = X(f.to);
    var y1 = top + outUsed[f.from] + t / 2, y2 = top + inUsed[f.to] + t / 2;
    outUsed[f.from] += f.count * k; inUsed[f.to] += f.count * k;
    var d, forward = order[f.to] > order[f.from];
    if (forward) {
      var xm = (x1 + x2) / 2;
      d = 'M' + x1 + ',' + y1 + ' C' + xm + ',' + y1 + ' ' + xm + ',' + y2 + ' ' + x2 + ',' + y2;
    } else {
      var yb = bottom + t / 2;
      bottom += t + 8;
      d = 'M' + x1 + ',' + y1 + ' C' + (x1 + 50) + ',' + y1 + ' ' + (x1 + 50) + ',' + yb + ' ' + x1 + ',' + yb +
        ' L' + x2 + ',' + yb + ' C' + (x2 - 50) + ',' + yb + ' ' + (x2 - 50) + ',' + y2 + ' ' + x2 + ',' + y2;
    }
    var band = el('path', { d: d, fill: 'none', stroke: forward ? '#2f6fde' : '#e0772b', 'stroke-opacity': forward ? 0.35 : 0.25, 'stroke-width': t,
      'class': 'band', 'data-from': f.from, 'data-to': f.to, 'data-count': f.count }, g);
    el('title', {}, band, names[f.from] + ' \u2192 ' + names[f.to] + ': ' + num(f.count));
  });
  data.stages.forEach(function (st) {
    var v = Math.max(inflow[st.id], outflow[st.id]);
    el('rect', { x: X(st.id), y: top, width: nodeW, height: Math.max(1, v * k), fill: st.goal ? '#1f9d6b' : '#1d2433', 'class': 'sankey-node', 'data-stage': st.id, 'data-in': inflow[st.id], 'data-out': outflow[st.id] }, g);
    el('text', { x: X(st.id) + nodeW / 2, y: top - 16, 'text-anchor': 'middle', style: 'font-weight:600' }, g, st.name);
    el('text', { x: X(st.id) + nodeW / 2, y: top - 4, 'text-anchor': 'middle', 'class': 'count' }, g, 'in ' + num(inflow[st.id]) + ' / out ' + num(outflow[st.id]));
  });
  var box = document.querySelector('#flows .paths');
  box.textContent = '';
  h('h3', { style: 'font-size:14px;margin:8px 0 4px' }, box, 'Most common stage paths');
  var ol = h('ol', {}, box);
  s.topPaths.forEach(function (p) {
    h('li', { 'data-count': p.count }, ol, p.path.map(function (id) { return names[id] || id; }).join(' \u2192 ') + ' \u2014 ' + num(p.count));
  });
}

function attribution(s) {
  var models = data.models, channels = s.channels.slice(), W = 1100, group = models.length * 7 + 14, L = 110;
  var credit = creditsByModel(s);
  function of(m, c) { return (credit[m] && credit[m][c]) || { conversions: 0, value: 0 }; }
  channels.sort(function (a, b) { return of('markov', b).conversions - of('markov', a).conversions || (a < b ? -1 : 1); });
  var H = channels.length * group + 40;
  var g = svg(chart('attribution'), W, H, 'Attribution by channel');
  var max = 1;
  s.attribution.forEach(function (m) { m.channels.forEach(function (x) { max = Math.max(max, x.conversions); }); });
  channels.forEach(function (c, i) {
    var y = 10 + i * group;
    el('text', { x: L - 8, y: y + group / 2, 'text-anchor': 'end' }, g, c);
    models.forEach(function (m, j) {
      var v = of(m, c);
      var r = el('rect', { x: L, y: y + j * 7, width: Math.max(0.5, (W - L - 200) * v.conversions / max), height: 6, fill: modelColors[j % modelColors.length],
        'class': 'credit', 'data-channel': c, 'data-model': m, 'data-conversions': v.conversions }, g);
      el('title', {}, r, m + ': ' + dec(v.conversions, 1) + ' purchases, ' + dec(v.value, 2) + ' revenue');
    });
    el('text', { x: W - 190, y: y + group / 2, 'class': 'count' }, g, 'markov ' + dec(of('markov', c).conversions, 1));
  });
  var legend = el('g', {}, g);
  models.forEach(function (m, j) {
    el('rect', { x: L + j * 120, y: H - 20, width: 10, height: 10, fill: modelColors[j % modelColors.length] }, legend);
    el('text', { x: L + j * 120 + 14, y: H - 11 }, legend, m);
  });
  var box = document.querySelector('#attribution .table');
  box.textContent = '';
  var t = h('table', {}, box), head = h('tr', {}, h('thead', {}, t));
  h('th', {}, head, 'Channel');
  models.forEach(function (m) { h('th', { 'class': 'num' }, head, m); });
  var body = h('tbody', {}, t);
  channels.forEach(function (c) {
    var tr = h('tr', { 'data-channel': c }, body);
    h('td', {}, tr, c);
    models.forEach(function (m) { var v = of(m, c); h('td', { 'class': 'num', 'data-model': m, title: dec(v.value, 2) + ' revenue' }, tr, dec(v.conversions, 1)); });
  });
}

function touchpoints(s) {
  var box = document.querySelector('#touchpoints .table');
  box.textContent = '';
  var t = h('table', {}, box), head = h('tr', {}, h('thead', {}, t));
  ['Touchpoint', 'Channel', 'Owner', 'Task', 'Touches', 'Customers', 'KPI', 'Target', 'Measured', 'Status'].forEach(function (c, i) { h('th', { 'class': i === 4 || i === 5 || i === 7 || i === 8 ? 'num' : '' }, head, c); });
  var body = h('tbody', {}, t);
  s.kpis.forEach(function (tp) {
    var kpis = tp.kpis.length ? tp.kpis : [null];
    kpis.forEach(function (result, i) {
      var k = kpiView(result);
      var tr = h('tr', { 'class': 'kpi', 'data-touchpoint': tp.touchpoint, 'data-status': k ? k.status : 'none' }, body);
      h('td', {}, tr, i ? '' : tp.touchpoint);
      h('td', {}, tr, i ? '' : tp.channel);
      h('td', {}, tr, i ? '' : tp.owner || '');
      h('td', {}, tr, i ? '' : tp.task || '');
      h('td', { 'class': 'num' }, tr, i ? '' : num(tp.touches));
      h('td', { 'class': 'num' }, tr, i ? '' : num(tp.customersReached));
      h('td', {}, tr, k ? k.name : '\u2013');
      var fraction = k && k.unit === 'fraction';
      function show(v) { return v == null ? '\u2013' : fraction ? pct(v) : dec(v, v % 1 === 0 ? 0 : 1); }
      h('td', { 'class': 'num' }, tr, k ? (k.direction === 'atLeast' ? '\u2265 ' : '\u2264 ') + show(k.target) + (fraction ? '' : ' ' + k.unit) : '');
      h('td', { 'class': 'num', 'data-measured': k && k.measured != null ? k.measured : '' }, tr, k ? show(k.measured) : '');
      var st = h('td', {}, tr);
      if (k) { h('span', { 'class': k.status }, st, k.status === 'not-measured' ? 'not measured' : k.status); }
    });
  });
}

function rules(s) {
  var box = document.querySelector('#rules .table');
  box.textContent = '';
  if (!data.rules || !data.rules.length) {
    h('p', { 'class': 'muted' }, box, 'This definition states no rules (add a "rules" section to its JSON, or StageRule values in C#).');
    return;
  }
  var t = h('table', {}, box), head = h('tr', {}, h('thead', {}, t));
  ['Rule', 'Verdict', 'Shortest counterexample', 'Journeys breaking it'].forEach(function (c, i) { h('th', { 'class': i === 3 ? 'num' : '' }, head, c); });
  var body = h('tbody', {}, t);
  data.rules.forEach(function (rule, i) {
    var v = ruleView(rule, s.ruleBreaks ? s.ruleBreaks[i] : 0);
    var tr = h('tr', { 'class': 'rule', 'data-verdict': v.verdict, 'data-breaks': v.breaks }, body);
    h('td', {}, tr, v.rule);
    h('td', {}, tr).appendChild(h('span', { 'class': v.verdict === 'holds' ? 'met' : 'missed' }, null, v.verdictText));
    h('td', { 'class': 'counterexample' }, tr, v.counterexample || '\u2013');
    h('td', { 'class': 'num' }, tr, num(v.breaks));
  });
}

function render(key) {
  var s = segmentFor(data, key);
  if (!s) { fail('no segment ' + key); return; }
  summary(s); graph(s); funnel(s); time(s); flows(s); attribution(s); touchpoints(s); rules(s);
  document.body.setAttribute('data-segment', key === '' ? '*' : key);
  document.getElementById('funnel').setAttribute('data-rendered-first', s.funnel.steps.length ? s.funnel.steps[0].customers : 0);
  document.getElementById('funnel').setAttribute('data-rendered-conversion', s.funnel.conversion);
  document.getElementById('summary').setAttribute('data-rendered-journeys', s.journeys);
  if (document.body.getAttribute('data-status') !== 'error') { document.body.setAttribute('data-status', 'rendered'); }
}
var select = document.getElementById('segment-select');
select.addEventListener('change', function () {
  try {
    render(select.value);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', select.value === '' ? window.location.pathname + window.location.search : '#' + encodeURIComponent(select.value));
    }
  } catch (e) { fail('error: ' + e.message); }
});
window.addEventListener('hashchange', function () {
  try { var key = initialKey(window.location.hash, data); select.value = key; render(key); } catch (e) { fail('error: ' + e.message); }
});
var initial = initialKey(window.location.hash, data);
select.value = initial;
var started = window.performance.now();
render(initial);
document.body.setAttribute('data-render-ms', Math.round(window.performance.now() - started));
} catch (e) { fail('error: ' + (e && e.stack ? e.stack : e)); }
}

return { dict: dict, segmentFor: segmentFor, initialKey: initialKey, creditsByModel: creditsByModel, kpiView: kpiView, ruleView: ruleView, formatDays: formatDays, start: start };
});
