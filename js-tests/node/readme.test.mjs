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

test('README: live SessionMetrics in a Node agent', async () => {
  const { EventEmitter } = await import('node:events');
  const { voice } = await import('@livekit/agents');
  const { SessionMetrics } = await import('voice-agent-metrics');
  const { readFileSync } = await import('node:fs');
  // A stand-in for the AgentSession: the same event name, the recorded events replayed.
  const session = new EventEmitter();
  const logged = [];
  const console = { log: (...args) => logged.push(args) };

  const metrics = new SessionMetrics({
    onTurn: (t) => console.log(`turn ${t.speechId}: ${t.e2eLatencyMs} ms heard`, t.waterfall),
  });
  session.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => metrics.push(ev));
  const recorded = JSON.parse(readFileSync(new URL('../../tests/fixtures/js-01-pipeline-3turns/metrics_events.json', import.meta.url)));
  for (const ev of recorded) session.emit('metrics_collected', { type: 'metrics_collected', metrics: ev.metrics, createdAt: ev.createdAt });
  metrics.flush();
  console.log(metrics.summary().e2eLatencyMs.p95, metrics.summary().waterfall.firstSentenceMs.p50);

  assert.equal(logged.length, 4);
  // The heard wait of turn 1 (the SDK measured 1461.8 ms) and its waterfall.
  assert.match(logged[0][0], /^turn speech_[\w-]+: 1461\.\d+ ms heard$/);
  assert.ok(Math.abs(logged[0][1].reduce((s, p) => s + p.durationMs, 0) - 1461.8) < 0.5);
  const [p95, firstSentenceP50] = logged[3];
  assert.ok(p95 > 1461 && p95 < 1984, 'p95 between the 2nd and 3rd e2e');
  assert.ok(firstSentenceP50 > 400 && firstSentenceP50 < 500, `first sentence p50 ${firstSentenceP50}`);
});

test('README: usage and cost', async () => {
  const { readFileSync } = await import('node:fs');
  const { computeUsage } = await import('voice-agent-metrics');
  const events = JSON.parse(readFileSync(new URL('../../tests/fixtures/js-01-pipeline-3turns/metrics_events.json', import.meta.url)));

  const prices = JSON.parse(readFileSync(new URL('../../examples/prices.example.json', import.meta.url), 'utf8'));
  const usage = computeUsage(events);
  const rows = usage.toLiveKitJs();
  const cost = usage.cost(prices);

  assert.deepEqual(rows.map((r) => r.type), ['llm_usage', 'tts_usage', 'stt_usage']);
  assert.equal(cost.currency, 'USD');
  assert.equal(cost.turns.length, 3);
  assert.deepEqual(cost.unpriced, []);
  assert.ok(Math.abs(cost.turns.reduce((a, t) => a + t.cost, 0) + cost.sessionLevel - cost.total) < 1e-12);
});

test('README: across sessions, Prometheus', async () => {
  const http = await import('node:http');
  const { readFileSync } = await import('node:fs');
  const { LatencyAggregator } = await import('voice-agent-metrics');
  const reportJson = readFileSync(new URL('../../tests/fixtures/py-01-pipeline-3turns/session_report.json', import.meta.url), 'utf8');

  const agg = new LatencyAggregator({ labels: ['agent_name'] });
  agg.addReport(reportJson, { agent_name: 'support' });
  const [series] = agg.quantiles([0.5, 0.95]);
  const server = http.createServer((req, res) => res.end(agg.toPrometheus())).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const text = await (await fetch(`http://127.0.0.1:${server.address().port}/metrics`)).text();
  server.close();

  assert.equal(series.turns, 3);
  assert.deepEqual(series.labels, [{ key: 'agent_name', value: 'support' }]);
  assert.match(text, /^lk_agents_turn_e2e_latency_seconds_count\{agent_name="support"\} 3$/m);
});
