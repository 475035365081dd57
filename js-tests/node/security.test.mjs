// Hostile strings in outputs: provider/model names and unknown-metric keys such as
// `__proto__`, `constructor` and `toString` never pollute prototypes or break outputs
// (outputs keyed by user strings are arrays of rows or own data properties), and
// label values with quotes, backslashes and newlines are escaped in the Prometheus
// exposition.
import test from 'node:test';
import assert from 'node:assert/strict';
import { LatencyAggregator, computeUsage, normalizeMetrics, SessionMetrics } from 'voice-agent-metrics';
import { fixture } from './fixtures.mjs';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];

function assertNoPollution() {
  for (const probe of [{}, [], Object.create(Object.prototype)]) {
    assert.equal(probe.polluted, undefined);
  }
  assert.equal(typeof Object.prototype.toString, 'function');
  assert.equal(typeof Object.prototype.hasOwnProperty, 'function');
  assert.equal(Object.prototype.polluted, undefined);
}

const llm = (provider, model, i) => ({
  type: 'llm_metrics', timestamp: 1795280003.62 + i, duration: 0.8, ttft: 0.3, cancelled: false,
  completion_tokens: 10, prompt_tokens: 100, speech_id: `s${i}`,
  metadata: { model_provider: provider, model_name: model },
});

test('provider and model names like __proto__ are plain values in every output', () => {
  const events = NAMES.map((n, i) => llm(n, n, i));
  const usage = computeUsage(events);
  const rows = usage.toLiveKitJs();
  assert.deepEqual(rows.map((r) => [r.provider, r.model]), NAMES.map((n) => [n, n]));
  for (const r of [...rows, ...usage.toLiveKitPython(), ...usage.models]) {
    assert.equal(Object.getPrototypeOf(r), Object.prototype);
    assert.equal(r.polluted, undefined);
  }
  const prices = {
    currency: 'USD',
    prices: NAMES.map((n) => ({ kind: 'llm', provider: n, model: n, inputPerMillion: 1, outputPerMillion: 2 })),
  };
  const cost = usage.cost(prices);
  assert.equal(cost.unpriced.length, 0);
  assert.equal(cost.models.length, NAMES.length);
  assert.ok(Math.abs(cost.total - NAMES.length * (100 + 20) / 1e6) < 1e-12);
  // The per-turn usage keeps the hostile names as values too.
  assert.deepEqual(usage.turns.map((t) => t.models[0].provider), NAMES);
  usage.free();
  assertNoPollution();
});

test('an unknown metric keeps a __proto__ key as its own data, with no prototype change', () => {
  const text = '{"type":"custom_metrics","timestamp":1795280001.0,"__proto__":{"polluted":1},"constructor":{"polluted":2}}';
  const { records, unknownTypes } = normalizeMetrics(text);
  assert.deepEqual(unknownTypes, [{ metricType: 'custom_metrics', count: 1 }]);
  const raw = records[0].metric.raw;
  assert.equal(Object.getPrototypeOf(raw), Object.prototype, 'the raw object keeps its prototype');
  assert.equal(raw.polluted, undefined);
  const own = Object.getOwnPropertyDescriptor(raw, '__proto__');
  assert.deepEqual(own?.value, { polluted: 1 }, '__proto__ is an own data property');
  assert.deepEqual(raw.constructor, { polluted: 2 });
  // The same from a JS object (JSON.parse makes __proto__ an own property).
  const again = normalizeMetrics(JSON.parse(text)).records[0].metric.raw;
  assert.deepEqual(Object.getOwnPropertyDescriptor(again, '__proto__')?.value, { polluted: 1 });
  assertNoPollution();
});

test('label values with quotes, backslashes and newlines are escaped in Prometheus text', () => {
  const agg = new LatencyAggregator({ labels: ['agent_name', 'deployment'] });
  const nasty = 'a"b\\c\nd} x{y="1"';
  agg.addEvents(fixture('py-01-pipeline-3turns/metrics_events.json'), { agent_name: nasty, deployment: '__proto__' });
  const text = agg.toPrometheus();
  assert.ok(text.includes('agent_name="a\\"b\\\\c\\nd} x{y=\\"1\\""'), text.slice(0, 400));
  // Every sample line is `name{labels} value` on one line: the newline did not split it.
  const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? [-+0-9.eE]+|NaN|[+-]Inf$/;
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
    assert.match(line, sample);
  }
  // Reserved label keys are refused, not written.
  assert.throws(() => new LatencyAggregator({ labels: ['__proto__'] }), (e) => e.code === 'InvalidLabels');
  const q = agg.quantiles();
  assert.deepEqual(q[0].labels.map((l) => l.value), [nasty, '__proto__']);
  agg.free();
  assertNoPollution();
});

test('label objects and options with __proto__ keys do not pollute', () => {
  const agg = new LatencyAggregator({ labels: ['agent_name'] });
  const events = fixture('py-01-pipeline-3turns/metrics_events.json');
  // A label that is not a string is refused; a `__proto__` label key is just a key.
  assert.throws(
    () => agg.addEvents(events, JSON.parse('{"__proto__":{"polluted":1},"agent_name":"x"}')),
    (e) => e.code === 'WrongType' && e.field === 'labels',
  );
  agg.addEvents(events, JSON.parse('{"__proto__":"y","agent_name":"x"}'));
  assert.deepEqual(agg.quantiles()[0].labels, [{ key: 'agent_name', value: 'x' }]);
  const m = new SessionMetrics(JSON.parse('{"__proto__":{"polluted":1},"dedupe":true}'));
  m.push(llm('__proto__', 'constructor', 0));
  assert.equal(m.usage().toLiveKitJs()[0].provider, '__proto__');
  m.free();
  agg.free();
  assertNoPollution();
});
