// The CommonJS entry, as `require('voice-agent-metrics')` gets it in Node.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');

const lib = require('voice-agent-metrics');
const manifest = require('voice-agent-metrics/package.json');

test('require resolves to the CJS Node build', () => {
  assert.ok(require.resolve('voice-agent-metrics').endsWith('/node/index.cjs'));
  assert.deepEqual(Object.keys(lib).sort(), ['LatencyAggregator', 'SessionMetrics', 'Usage', 'analyzeSessionReport', 'computeTurnLatency', 'computeUsage', 'init', 'normalizeMetrics', 'version']);
});

test('version() is the package version (read from Cargo metadata)', () => {
  assert.equal(lib.version(), manifest.version);
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
});

test('init() is an async no-op in Node', async () => {
  const pending = lib.init();
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, undefined);
  assert.equal(await lib.init(new Uint8Array([1, 2, 3])), undefined);
  assert.equal(lib.init(), pending, 'every call returns the same promise');
});

test('normalizeMetrics converts a Python event to canonical milliseconds', () => {
  const report = lib.normalizeMetrics({
    type: 'tts_metrics',
    label: 'livekit.plugins.cartesia.tts.TTS',
    request_id: 'ct_req_1',
    timestamp: 1795280004.12,
    ttfb: 0.154,
    duration: 0.501,
    audio_duration: 2.41,
    cancelled: false,
    characters_count: 50,
    streamed: true,
    speech_id: 'speech_aaa111',
  });
  assert.equal(report.records.length, 1);
  const { dialect, metric } = report.records[0];
  assert.equal(dialect, 'python');
  assert.equal(metric.type, 'tts_metrics');
  assert.equal(metric.ttfbMs, 154);
  assert.equal(metric.durationMs, 501);
  assert.equal(metric.audioDurationMs, 2410);
  assert.equal(metric.timestampMs, 1795280004120);
  assert.equal(metric.charactersCount, 50);
  assert.equal(metric.speechId, 'speech_aaa111');
});

test('the CJS entry reads the Node fixture file as bytes', () => {
  const bytes = readFileSync(require.resolve('../../tests/fixtures/js-00-collector-catalog/input_metrics.json'));
  const report = lib.normalizeMetrics(bytes);
  assert.equal(report.records.length, 18);
  assert.ok(report.records.every((r) => r.dialect === 'node'));
});
