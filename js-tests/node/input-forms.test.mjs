// Every input form normalizeMetrics accepts: objects, arrays, JSON text, JSON lines, bytes.
import test from 'node:test';
import assert from 'node:assert/strict';

import { normalizeMetrics } from 'voice-agent-metrics';
import { fixture, fixtureText, JS_CATALOG, PY_CATALOG } from './fixtures.mjs';

const events = fixture(PY_CATALOG);
const summary = (report) => report.records.map((r) => `${r.metric.type}@${r.metric.timestampMs ?? '-'}`);
const expected = summary(normalizeMetrics(events));

test('a JSON string gives the same records as the parsed objects', () => {
  assert.deepEqual(summary(normalizeMetrics(fixtureText(PY_CATALOG))), expected);
  assert.deepEqual(normalizeMetrics(fixtureText(PY_CATALOG)), normalizeMetrics(events));
});

test('one JSON object (string) is a batch of one', () => {
  const report = normalizeMetrics(JSON.stringify(events[3]));
  assert.deepEqual(summary(report), ['llm_metrics@1795280003620']);
});

test('JSON lines, with blank lines ignored', () => {
  const lines = `${events.map((e) => JSON.stringify(e)).join('\n\n')}\n`;
  assert.deepEqual(summary(normalizeMetrics(lines)), expected);
});

test('UTF-8 bytes: Uint8Array, Buffer and ArrayBuffer', () => {
  const bytes = new TextEncoder().encode(fixtureText(JS_CATALOG));
  const fromBytes = normalizeMetrics(bytes);
  assert.equal(fromBytes.records.length, 18);
  assert.deepEqual(normalizeMetrics(Buffer.from(bytes)), fromBytes);
  assert.deepEqual(normalizeMetrics(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)), fromBytes);
});

test('an empty array is an empty report', () => {
  assert.deepEqual(normalizeMetrics([]), { records: [], skipped: [], unknownTypes: [] });
});

test("onInvalid: 'skip' lists the bad items and keeps the good ones", () => {
  const batch = [
    events[3],
    { type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.8 }, // no ttft
    'not an event',
    { ...events[4], duration: -2 },
    events[5],
  ];
  const report = normalizeMetrics(batch, { onInvalid: 'skip' });
  assert.deepEqual(report.records.map((r) => r.metric.requestId), ['chatcmpl_1', 'msg_2']);
  assert.deepEqual(
    report.skipped.map(({ index, code, field }) => ({ index, code, field })),
    [
      { index: 1, code: 'MissingField', field: 'ttft' },
      { index: 2, code: 'NotAnObject', field: undefined },
      { index: 3, code: 'NegativeDuration', field: 'duration' },
    ],
  );
  assert.equal('field' in report.skipped[1], false, 'absent field is omitted, not undefined/null');
  assert.ok(report.skipped.every((s) => typeof s.message === 'string' && s.message.length > 0));
});

test("onInvalid: 'skip' on JSON lines indexes the non-empty lines", () => {
  const text = [JSON.stringify(events[3]), '', '{"type": "llm_metrics", oops', JSON.stringify(events[5])].join('\n');
  const report = normalizeMetrics(text, { onInvalid: 'skip' });
  assert.equal(report.records.length, 2);
  assert.deepEqual(report.skipped.map(({ index, code }) => ({ index, code })), [{ index: 1, code: 'InvalidJson' }]);
});

test("onInvalid: 'fail' (the default) stops at the first bad item", () => {
  assert.throws(() => normalizeMetrics([events[3], {}, 'x']), { code: 'MissingField', index: 1 });
  assert.throws(() => normalizeMetrics([events[3], {}, 'x'], { onInvalid: 'fail' }), { code: 'MissingField', index: 1 });
});

test('options may be omitted, undefined, null or {}', () => {
  for (const options of [undefined, null, {}, { dialect: undefined, onInvalid: null }]) {
    assert.deepEqual(summary(normalizeMetrics(events, options)), expected);
  }
});

test('dialect names and aliases', () => {
  assert.equal(normalizeMetrics(events[3], { dialect: 'py' }).records[0].dialect, 'python');
  assert.equal(normalizeMetrics(fixture(JS_CATALOG)[3], { dialect: 'js' }).records[0].dialect, 'node');
  const legacy = { type: 'llm_metrics', timestamp: 1795280003620, duration: 802, ttft: 353, requestId: 'r', promptTokens: 5 };
  const { dialect, metric } = normalizeMetrics(legacy, { dialect: 'nodeLegacy' }).records[0];
  assert.equal(dialect, 'nodeLegacy');
  assert.equal(metric.durationMs, 802);
  assert.equal(metric.ttftMs, 353);
});
