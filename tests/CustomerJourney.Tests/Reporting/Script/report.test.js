// Tests of the report page's pure helpers (node --test). REPORT_JS names the script file to test: the one embedded in
// CustomerJourney.Reporting, written out by ReportScriptTests.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const report = require(process.env.REPORT_JS);

const data = {
  all: { name: '*', journeys: 10 },
  segments: [{ name: 'all', journeys: 3 }, { name: 'toString', journeys: 2 }, { name: 'vip', journeys: 5 }],
};

test('the empty key is all journeys, a segment named all is that segment', () => {
  assert.equal(report.segmentFor(data, ''), data.all);
  assert.equal(report.segmentFor(data, 'all').journeys, 3);
});

test('names of Object.prototype members are not segments unless they exist', () => {
  const plain = { all: data.all, segments: [{ name: 'vip', journeys: 5 }] };
  assert.equal(report.segmentFor(plain, 'toString'), null);
  assert.equal(report.segmentFor(plain, '__proto__'), null);
  assert.equal(report.initialKey('#toString', plain), '');
  assert.equal(report.initialKey('#constructor', plain), '');
  assert.equal(report.segmentFor(data, 'toString').journeys, 2);
});

test('the hash picks the initial segment, decoded; anything unknown or malformed falls back to all journeys', () => {
  assert.equal(report.initialKey('', data), '');
  assert.equal(report.initialKey('#', data), '');
  assert.equal(report.initialKey('#all', data), 'all');
  assert.equal(report.initialKey('#vip', data), 'vip');
  assert.equal(report.initialKey('#nobody', data), '');
  assert.equal(report.initialKey('#%E0%A4%A', data), '');
});

test('dict has no inherited keys', () => {
  const d = report.dict();
  assert.equal(d.toString, undefined);
  d.__proto__ = 1;
  assert.equal(d.__proto__, 1);
});

test('credits are looked up per model and channel', () => {
  const credit = report.creditsByModel({ attribution: [{ model: 'markov', channels: [{ channel: 'constructor', conversions: 2, value: 5 }] }] });
  assert.equal(credit.markov.constructor.conversions, 2);
  assert.equal(credit.first, undefined);
});

test('KPI results map to the table view', () => {
  const view = report.kpiView({ kpi: { name: 'Reach', unit: 'customers', target: 10, direction: 'AtMost' }, measured: null, status: 'NotMeasured' });
  assert.deepEqual(view, { name: 'Reach', unit: 'customers', target: 10, direction: 'atMost', measured: null, status: 'not-measured' });
  assert.equal(report.kpiView(null), null);
  assert.equal(report.kpiView({ kpi: { direction: 'AtLeast' }, status: 'Met' }).status, 'met');
});

test('days below one are shown in hours, none as a dash', () => {
  const dec = (n, d) => n.toFixed(d);
  assert.equal(report.formatDays(null, dec), '\u2013');
  assert.equal(report.formatDays(0.5, dec), '12.0 h');
  assert.equal(report.formatDays(3.25, dec), '3.3 d');
});

test('a rule row names its verdict, shows its counterexample and counts the journeys breaking it', () => {
  const held = report.ruleView({ rule: 'from every stage a goal stays reachable', verdict: 'Holds', counterexample: null }, 0);
  assert.equal(held.verdict, 'holds');
  assert.equal(held.verdictText, 'holds (proved)');
  assert.equal(held.counterexample, '');
  assert.equal(held.breaks, 0);
  const broken = report.ruleView({ rule: "never 'purchase' before 'consideration'", verdict: 'Violated', counterexample: 'start awareness: store-purchase \u2192 purchase' }, 7);
  assert.equal(broken.verdict, 'violated');
  assert.equal(broken.counterexample, 'start awareness: store-purchase \u2192 purchase');
  assert.equal(broken.breaks, 7);
  assert.equal(report.ruleView({ rule: 'r', verdict: 'ViolatedIfGuardsAllow' }, undefined).verdictText, 'violated if guards allow');
  assert.equal(report.ruleView({ rule: 'r', verdict: 'Violated' }, undefined).breaks, 0);
});
