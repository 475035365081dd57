// Mirrors every JS snippet of README.md ("Use from Node and the browser"), with the
// values its comments promise asserted. Keep the two in sync. (The HTML snippet is
// examples/browser/, run in Chromium by browser.test.mjs.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import init, { normalizeMetrics } from 'voice-agent-metrics';

const require = createRequire(import.meta.url);

test('README: Node, CommonJS', () => {
  const { normalizeMetrics } = require('voice-agent-metrics');

  const { records } = normalizeMetrics([
    { type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.802, ttft: 0.353,
      cancelled: false, completion_tokens: 13, prompt_tokens: 1116, speech_id: 'speech_1' },
    { type: 'tts_metrics', timestamp: 1795280004120, ttfbMs: 154, durationMs: 501,
      audioDurationMs: 2410, requestId: 'ct_req_1', speechId: 'speech_1' },
  ]);
  assert.deepEqual([records[0].dialect, records[0].metric.ttftMs], ['python', 353]);
  assert.deepEqual([records[1].dialect, records[1].metric.ttfbMs], ['node', 154]);
});

test('README: Node, ES modules, JSON lines with onInvalid skip', async () => {
  await init(); // a no-op in Node; needed in browsers
  const jsonl = [
    '{"type":"eou_metrics","timestamp":1795280002.81,"end_of_utterance_delay":0.5124,"transcription_delay":0.2517,"speech_id":"speech_1"}',
    '{"type":"llm_metrics","timestamp":1795280003.62,"duration":-0.8,"ttft":0.353}',
    '{"type":"decision_metrics","timestamp":1795280021.0,"duration":0.07}',
  ].join('\n');
  const { records, skipped, unknownTypes } = normalizeMetrics(jsonl, { onInvalid: 'skip' });
  assert.equal(records[0].metric.endOfUtteranceDelayMs, 512.4);
  assert.deepEqual([skipped[0].index, skipped[0].code, skipped[0].field], [1, 'NegativeDuration', 'duration']);
  assert.deepEqual(unknownTypes, [{ metricType: 'decision_metrics', count: 1 }]);
});

test('README: errors', () => {
  let seen;
  try {
    normalizeMetrics([{ type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.8 }]);
  } catch (e) {
    seen = [e instanceof TypeError, e.code, e.field, e.index];
  }
  assert.deepEqual(seen, [true, 'MissingField', 'ttft', 0]);
});
