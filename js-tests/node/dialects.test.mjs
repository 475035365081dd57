// Both SDK dialects through normalizeMetrics, on the captured fixtures, with known answers.
import test from 'node:test';
import assert from 'node:assert/strict';

import { normalizeMetrics } from 'voice-agent-metrics';
import { ANTHROPIC_LLM, assertIncludes, fixture, JS_CATALOG, PY_CATALOG } from './fixtures.mjs';

const python = normalizeMetrics(fixture(PY_CATALOG));
const node = normalizeMetrics(fixture(JS_CATALOG));

test('Python catalog: seconds and snake_case become ms and camelCase', () => {
  assert.equal(python.records.length, 19);
  assert.ok(python.records.every((r) => r.dialect === 'python'));
  const llm = python.records[5].metric;
  assertIncludes(assert, llm, ANTHROPIC_LLM);
  assert.equal(llm.reasoningTokens, 16);
  assert.equal(llm.speechId, 'speech_bbb222');
  assert.deepEqual(llm.metadata, { modelName: 'claude-sonnet-4', modelProvider: 'anthropic' });
  assert.equal(typeof llm.promptTokens, 'number', 'u64 counts are JS numbers');
  assert.equal(python.records[0].createdAtMs, undefined, 'bare metrics have no createdAtMs');
  assert.deepEqual(python.skipped, []);
});

test('Node catalog: the same canonical values as Python', () => {
  assert.equal(node.records.length, 18);
  assert.ok(node.records.every((r) => r.dialect === 'node'));
  assertIncludes(assert, node.records[5].metric, ANTHROPIC_LLM);
  assert.equal(node.records[5].metric.speechId, 'speech_bbb222');
  // Same request, two SDKs: every timing and count agrees.
  for (const i of [3, 4, 5, 6, 8, 9]) {
    const py = python.records[i].metric;
    const js = node.records[i].metric;
    assert.equal(js.type, py.type, `record ${i}`);
    for (const key of ['timestampMs', 'durationMs', 'ttftMs', 'ttfbMs', 'audioDurationMs', 'promptTokens', 'completionTokens', 'charactersCount']) {
      assert.equal(js[key], py[key], `record ${i} ${key}`);
    }
  }
});

test('the cancelled LLM request (ttft -1) has no ttftMs property at all', () => {
  for (const report of [python, node]) {
    const cancelled = report.records[6].metric;
    assert.equal(cancelled.type, 'llm_metrics');
    assert.equal(cancelled.cancelled, true);
    assert.equal(cancelled.durationMs, 110);
    assert.equal('ttftMs' in cancelled, false);
  }
});

test('unknown metrics types are kept and counted, not errors', () => {
  assert.deepEqual(python.unknownTypes, [{ metricType: 'decision_metrics', count: 1 }]);
  const unknown = python.records[18];
  assert.equal(unknown.metric.type, 'unknown');
  assert.equal(unknown.metric.metricType, 'decision_metrics');
  // The raw object is a plain object (not a Map), in the input's own keys and units.
  assert.equal(Object.getPrototypeOf(unknown.metric.raw), Object.prototype);
  assert.equal(unknown.metric.raw.request_id, 'dec_1');
  assert.equal(unknown.metric.raw.duration, 0.07);
  assert.deepEqual(unknown.metric.raw.metadata, { model_name: 'decision-model', model_provider: 'livekit' });
  assert.deepEqual(node.unknownTypes, []);
});

test('one batch may mix dialects; each record says which it was read as', () => {
  const mixed = normalizeMetrics([fixture(PY_CATALOG)[3], fixture(JS_CATALOG)[3]]);
  assert.deepEqual(mixed.records.map((r) => r.dialect), ['python', 'node']);
  assert.equal(mixed.records[0].metric.ttftMs, 353);
  assert.equal(mixed.records[1].metric.ttftMs, 353);
});

test('an explicit dialect is checked against the keys', () => {
  const one = fixture(PY_CATALOG)[3];
  assert.equal(normalizeMetrics(one, { dialect: 'python' }).records[0].dialect, 'python');
  assert.throws(() => normalizeMetrics(one, { dialect: 'node' }), (e) => e instanceof TypeError && e.code === 'DialectMismatch');
});

test('Node 1.0.0-1.0.10 (nodeLegacy) keys without Ms suffixes', () => {
  const report = normalizeMetrics({
    type: 'tts_metrics',
    label: 'cartesia.TTS',
    requestId: 'r1',
    timestamp: 1795280004120,
    ttfb: 154,
    duration: 501,
    audioDuration: 2.41,
    cancelled: false,
    charactersCount: 50,
    streamed: true,
  });
  const { dialect, metric } = report.records[0];
  assert.equal(dialect, 'nodeLegacy');
  assert.equal(metric.ttfbMs, 154);
  assert.equal(metric.audioDurationMs, 2410, 'legacy audioDuration is in seconds');
});

test('metrics_collected capture logs: createdAtMs from created_at (s) and createdAt (ms)', () => {
  const py = normalizeMetrics(fixture('py-01-pipeline-3turns/metrics_events.json'));
  const js = normalizeMetrics(fixture('js-01-pipeline-3turns/metrics_events.json'));
  assert.equal(py.records.length, 24);
  assert.equal(js.records.length, 12);
  assert.ok(Math.abs(py.records[0].createdAtMs - 1795280698579.4737) < 0.01);
  assert.equal(py.records[0].metric.type, 'vad_metrics');
  assert.equal(js.records[0].createdAtMs, 1795280832101);
  assert.equal(js.records[2].metric.type, 'llm_metrics');
  assert.equal(js.records[2].metric.ttftMs, 352);
});
