// LatencyAggregator through the package: exact merge, bytes/JSON round trips, exports.
import test from 'node:test';
import assert from 'node:assert/strict';

import { analyzeSessionReport, computeTurnLatency, LatencyAggregator, SessionMetrics } from 'voice-agent-metrics';
import { fixture, fixtureText, JS_CATALOG, PY_CATALOG } from './fixtures.mjs';

const SESSIONS = ['01-pipeline-3turns', '02-tool-call', '03-interruption', '05a-preemptive-llm', '05b-preemptive-tts'];
const metric = (series, name) => series.metrics.find((m) => m.metric === name);

test('per-session aggregators merged equal one aggregator of every session', () => {
  const all = new LatencyAggregator({ labels: ['sdk'] });
  const merged = new LatencyAggregator({ labels: ['sdk'] });
  for (const sdk of ['py', 'js']) {
    for (const s of SESSIONS) {
      all.addReport(fixtureText(`${sdk}-${s}/session_report.json`), { sdk });
      const one = new LatencyAggregator({ labels: ['sdk'] });
      one.addReport(fixture(`${sdk}-${s}/session_report.json`), { sdk });
      merged.merge(one);
    }
  }
  assert.deepEqual(merged.toBytes(), all.toBytes());
  assert.equal(all.seriesCount, 2);
  const [js, py] = all.quantiles([0.5, 0.95]);
  assert.deepEqual([js.labels, py.labels], [[{ key: 'sdk', value: 'js' }], [{ key: 'sdk', value: 'py' }]]);
  // The e2e values the reports hold, exactly: count, min and max are exact in the sketch.
  const e2e = SESSIONS.flatMap((s) => analyzeSessionReport(fixtureText(`py-${s}/session_report.json`)).turns)
    .filter((t) => t.kind === 'user' && t.flags.length === 0 && t.e2eLatencyMs !== undefined)
    .map((t) => t.e2eLatencyMs);
  const q = metric(py, 'e2eLatencyMs');
  assert.equal(q.count, e2e.length);
  assert.ok(Math.abs(q.minMs - Math.min(...e2e)) < 1e-6 && Math.abs(q.maxMs - Math.max(...e2e)) < 1e-6);
  // Quantiles within 1 % of the exact ones (linear interpolation between ranks, as the sketch does).
  const sorted = [...e2e].sort((a, b) => a - b);
  const exact = (p) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]) - sorted[lo]);
  };
  [0.5, 0.95].forEach((p, i) => assert.ok(Math.abs(q.valuesMs[i] - exact(p)) <= 0.01 * exact(p), `p${p * 100}: ${q.valuesMs[i]} vs ${exact(p)}`));
  assert.throws(() => merged.merge(new LatencyAggregator({ labels: ['other'] })), (e) => e.code === 'IncompatibleMerge');
});

test('bytes and JSON round trips; bad bytes throw with a code', () => {
  const agg = new LatencyAggregator({ labels: ['agent_name'] });
  agg.addEvents(fixture('js-01-pipeline-3turns/metrics_events.json'), { agent_name: 'say "hi"\n' });
  const bytes = agg.toBytes();
  assert.ok(bytes instanceof Uint8Array && bytes.length > 16);
  assert.deepEqual(LatencyAggregator.fromBytes(bytes).quantiles(), agg.quantiles());
  assert.deepEqual(LatencyAggregator.fromJsonText(agg.toJsonText()).toBytes(), bytes);
  assert.throws(() => LatencyAggregator.fromBytes(bytes.subarray(0, 10)), (e) => typeof e.code === 'string');
  assert.throws(() => LatencyAggregator.fromBytes(new Uint8Array([1, 2, 3, 4, 5])), (e) => typeof e.code === 'string');
  // The totals of the three turns, exactly as computeTurnLatency has them.
  const totals = computeTurnLatency(fixture('js-01-pipeline-3turns/metrics_events.json')).map((t) => t.formulaLatencyMs);
  const q = metric(agg.quantiles([0, 1])[0], 'formulaLatencyMs');
  assert.equal(q.count, 3);
  assert.ok(Math.abs(q.minMs - Math.min(...totals)) < 1e-6);
});

test('Prometheus and OTLP exports', () => {
  const agg = new LatencyAggregator({ labels: ['agent_name'] });
  agg.addReport(fixtureText('py-01-pipeline-3turns/session_report.json'), { agent_name: 'say "hi"' });
  const text = agg.toPrometheus(fixtureText('../../examples/prices.example.json'));
  assert.match(text, /^# TYPE lk_agents_turn_e2e_latency_seconds histogram$/m);
  assert.match(text, /^lk_agents_turn_e2e_latency_seconds_count\{agent_name="say \\"hi\\""\} 3$/m);
  assert.match(text, /^voice_agent_cost_total\{/m);
  const otlp = JSON.parse(agg.toOtlpJson({ startTimeMs: 1795280000000, timeMs: 1795280060000, resource: { 'service.name': 'agent' } }));
  const names = otlp.resourceMetrics[0].scopeMetrics[0].metrics.map((m) => m.name);
  assert.ok(names.includes('lk.agents.turn.e2e_latency'));
  assert.equal(otlp.resourceMetrics[0].scopeMetrics[0].scope.name, 'voice-agent-metrics');
});

test('addSession: a live session with chat items records e2e and the eou/llm/tts total', () => {
  const m = new SessionMetrics();
  m.pushMany(fixture('js-01-pipeline-3turns/metrics_events.json'));
  for (const ev of fixture('js-01-pipeline-3turns/conversation_items.json')) m.pushChatItem(ev.item);
  const agg = new LatencyAggregator();
  agg.addSession(m);
  const [series] = agg.quantiles();
  assert.equal(series.sessions, 1);
  assert.equal(metric(series, 'e2eLatencyMs').count, 3);
  assert.equal(metric(series, 'formulaLatencyMs').count, 3);
  assert.ok(series.usage.some((r) => r.type === 'llm_usage'));
});

test('connection acquire times: lk_agents_connection_acquire_time_seconds per provider, model and reuse', () => {
  // Both catalogs hold one measured acquire: the xai grok-voice realtime metric, 0.085 s
  // (Python `acquire_time`) = 85 ms (Node `acquireTimeMs`), not reused.
  const agg = new LatencyAggregator({ labels: ['sdk'] });
  agg.addEvents(fixture(PY_CATALOG), { sdk: 'py' });
  agg.addEvents(fixture(JS_CATALOG), { sdk: 'js' });
  // A Python STT connection metric (request_id "", no usage) on a reused connection.
  const stt = (acquire, ts) => ({
    type: 'stt_metrics', label: 'livekit.plugins.deepgram.STT', request_id: '', timestamp: ts, duration: 0,
    audio_duration: 0, streamed: true, acquire_time: acquire, connection_reused: true,
    metadata: { model_provider: 'deepgram', model_name: 'nova-3' },
  });
  const live = new SessionMetrics();
  live.pushMany([stt(0.002, 1795280001), stt(0.006, 1795280002), stt(0, 1795280003)]);
  agg.addSession(live, { sdk: 'py' });
  const text = agg.toPrometheus();
  assert.match(text, /^# TYPE lk_agents_connection_acquire_time_seconds histogram$/m);
  for (const sdk of ['py', 'js']) {
    const labels = `sdk="${sdk}",model_provider="xai",model_name="grok-voice",connection_reused="false"`;
    assert.ok(text.includes(`\nlk_agents_connection_acquire_time_seconds_count{${labels}} 1\n`), sdk);
    assert.ok(text.includes(`\nlk_agents_connection_acquire_time_seconds_sum{${labels}} 0.085\n`), sdk);
    assert.ok(text.includes(`\nlk_agents_connection_acquire_time_seconds_bucket{${labels},le="0.075"} 0\n`), sdk);
    assert.ok(text.includes(`\nlk_agents_connection_acquire_time_seconds_bucket{${labels},le="0.1"} 1\n`), sdk);
  }
  const reused = 'sdk="py",model_provider="deepgram",model_name="nova-3",connection_reused="true"';
  assert.ok(text.includes(`\nlk_agents_connection_acquire_time_seconds_count{${reused}} 2\n`), 'the 0 s one is not recorded');
  assert.ok(text.includes(`\nlk_agents_connection_acquire_time_seconds_sum{${reused}} 0.008\n`));

  const [js, py] = agg.quantiles([0.5]);
  assert.deepEqual(js.acquireTime, [{ provider: 'xai', model: 'grok-voice', connectionReused: false, count: 1, sumMs: 85, minMs: 85, maxMs: 85, meanMs: 85, valuesMs: [85] }]);
  assert.deepEqual(py.acquireTime.map((a) => [a.provider, a.model, a.connectionReused, a.count, a.sumMs]), [
    ['deepgram', 'nova-3', true, 2, 8],
    ['xai', 'grok-voice', false, 1, 85],
  ]);
  assert.equal(py.sessions, 2, 'addEvents and addSession each count a session');

  const otlp = JSON.parse(agg.toOtlpJson({ startTimeMs: 1795280000000, timeMs: 1795280060000 }));
  const m = otlp.resourceMetrics[0].scopeMetrics[0].metrics.find((x) => x.name === 'lk.agents.connection.acquire_time');
  assert.equal(m.unit, 's');
  assert.equal(m.exponentialHistogram.dataPoints.length, 3);
  // Bytes and JSON carry them; merging halves gives the same.
  assert.deepEqual(LatencyAggregator.fromBytes(agg.toBytes()).quantiles([0.5]), agg.quantiles([0.5]));
  assert.deepEqual(LatencyAggregator.fromJsonText(agg.toJsonText()).toBytes(), agg.toBytes());
  const a = new LatencyAggregator({ labels: ['sdk'] });
  a.addEvents(fixture(PY_CATALOG), { sdk: 'py' });
  const b = new LatencyAggregator({ labels: ['sdk'] });
  b.addEvents(fixture(JS_CATALOG), { sdk: 'js' });
  b.addSession(live, { sdk: 'py' });
  a.merge(b);
  assert.deepEqual(a.toBytes(), agg.toBytes());
  assert.throws(() => new LatencyAggregator({ labels: ['connection_reused'] }), (e) => e.code === 'InvalidLabels');
});
