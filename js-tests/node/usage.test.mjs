// Usage through the package: parity with the real @livekit/agents ModelUsageCollector
// (captured outputs, and 1,000 random streams fed to the real collector), the Python
// shapes, dedupe, and cost.
import test from 'node:test';
import assert from 'node:assert/strict';

import { metrics as lk } from '@livekit/agents';
import { computeUsage, SessionMetrics, Usage } from 'voice-agent-metrics';
import { fixture, fixtureText } from './fixtures.mjs';

const SCENARIOS = [
  '01-pipeline-3turns', '02-tool-call', '03-interruption', '03b-interruption-while-thinking',
  '04-realtime', '05a-preemptive-llm', '05b-preemptive-tts',
];

test('toLiveKitJs equals what the real SDK collector wrote for every captured session', () => {
  for (const s of SCENARIOS) {
    const usage = computeUsage(fixture(`js-${s}/metrics_events.json`));
    assert.ok(usage instanceof Usage);
    assert.deepEqual(usage.toLiveKitJs(), fixture(`js-${s}/model_usage_collector_flatten.json`), s);
    assert.deepEqual(
      usage.toLiveKitJs({ filterZeroValues: true }),
      fixture(`js-${s}/model_usage_collector_flatten_filterZeroValues.json`),
      s,
    );
  }
});

test('toLiveKitPython equals the Python collector and the Python session report', () => {
  for (const s of ['01-pipeline-3turns', '04-realtime']) {
    const usage = computeUsage(fixtureText(`py-${s}/metrics_events.json`));
    const want = fixture(`py-${s}/model_usage_collector_flatten.json`);
    const got = usage.toLiveKitPython();
    assert.equal(got.length, want.length);
    got.forEach((row, i) => {
      assert.deepEqual(Object.keys(row), Object.keys(want[i]), `${s}[${i}] keys, in order`);
      for (const [k, v] of Object.entries(want[i])) {
        if (typeof v === 'number') assert.ok(Math.abs(row[k] - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${s}[${i}].${k}`);
        else assert.equal(row[k], v);
      }
    });
    const report = fixture(`py-${s}/session_report.json`).usage;
    assert.deepEqual(usage.toLiveKitPython({ report: true }).map((r) => Object.keys(r)), report.map((r) => Object.keys(r)));
  }
});

// A small seeded PRNG (mulberry32) so every run feeds the same 1,000 streams.
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  ['openai', 'gpt-4.1-mini'], ['openai', 'gpt-realtime'], ['anthropic', 'claude-sonnet-4'],
  ['deepgram', 'nova-3'], ['cartesia', 'sonic-2'], ['livekit', 'turn-detector-v1'], ['', ''],
  ['openai', ''], ['__proto__', 'constructor'], ['toString', 'hasOwnProperty'],
];

function randomStream(r) {
  const int = (hi) => (r() < 0.2 ? 0 : Math.floor(r() * hi));
  const ms = (hi) => (r() < 0.5 ? Math.floor(r() * hi) : Math.round(r() * hi * 1000) / 1000);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const metadata = () => {
    const x = r();
    if (x < 0.1) return undefined;
    const [modelProvider, modelName] = pick(MODELS);
    return x < 0.15 ? { modelProvider } : { modelProvider, modelName };
  };
  let t = 1795280000000;
  const out = [];
  for (let n = Math.floor(r() * 60); n > 0; n--) {
    t += Math.floor(r() * 2000) + 1;
    const base = { timestamp: t, metadata: metadata() };
    if (base.metadata === undefined) delete base.metadata;
    const kind = pick(['llm', 'llm', 'tts', 'tts', 'stt', 'realtime', 'interruption', 'eot', 'vad', 'eou', 'avatar']);
    let m;
    if (kind === 'llm') {
      const prompt = int(5000);
      m = { type: 'llm_metrics', label: 'l', requestId: `r${t}`, durationMs: ms(3000), ttftMs: r() < 0.2 ? -1 : ms(900),
        cancelled: r() < 0.2, completionTokens: int(500), promptTokens: prompt, promptCachedTokens: Math.floor(r() * prompt),
        totalTokens: prompt, tokensPerSecond: 1.5 };
      if (r() < 0.7) m.cacheCreationTokens = int(300);
      if (r() < 0.7) m.speechId = pick(['speech_a', 'speech_b']);
    } else if (kind === 'tts') {
      m = { type: 'tts_metrics', label: 't', requestId: `t${t}`, ttfbMs: r() < 0.1 ? -1 : ms(500), durationMs: ms(3000),
        audioDurationMs: Math.round(r() * 10000), cancelled: r() < 0.1, charactersCount: int(400), streamed: true };
      if (r() < 0.5) m.inputTokens = int(50);
      if (r() < 0.5) m.outputTokens = int(900);
    } else if (kind === 'stt') {
      m = { type: 'stt_metrics', label: 's', requestId: '', durationMs: 0, audioDurationMs: Math.round(r() * 8000), streamed: true };
      if (r() < 0.5) m.inputTokens = int(90);
      if (r() < 0.5) m.outputTokens = int(20);
    } else if (kind === 'realtime') {
      const details = { audioTokens: int(300), textTokens: int(300), imageTokens: int(10), cachedTokens: int(100) };
      if (r() < 0.6) details.cachedTokensDetails = { audioTokens: int(50), textTokens: int(50), imageTokens: int(5) };
      m = { type: 'realtime_model_metrics', label: 'rt', requestId: `resp${t}`, durationMs: ms(2000), ttftMs: r() < 0.2 ? -1 : ms(900),
        cancelled: false, inputTokens: int(5000), outputTokens: int(800), totalTokens: 0, tokensPerSecond: 0,
        inputTokenDetails: details, outputTokenDetails: { textTokens: int(100), audioTokens: int(300), imageTokens: int(3) } };
      if (r() < 0.5) m.sessionDurationMs = ms(60000);
    } else if (kind === 'interruption') {
      m = { type: 'interruption_metrics', totalDuration: ms(100), predictionDuration: ms(50), detectionDelay: ms(500),
        numInterruptions: int(2), numBackchannels: int(2), numRequests: int(12) };
    } else if (kind === 'eot') {
      m = { type: 'eot_inference_metrics', totalDuration: ms(100), predictionDuration: ms(50), detectionDelay: ms(100), numRequests: 1 + int(3) };
    } else if (kind === 'vad') {
      m = { type: 'vad_metrics', label: 'v', idleTimeMs: ms(3000), inferenceDurationTotalMs: ms(100), inferenceCount: 1 + int(40) };
    } else if (kind === 'eou') {
      m = { type: 'eou_metrics', endOfUtteranceDelayMs: ms(900), transcriptionDelayMs: ms(400), onUserTurnCompletedDelayMs: ms(10),
        lastSpeakingTimeMs: t - 500, speechId: 'speech_a' };
    } else {
      m = { type: 'avatar_metrics', playbackLatencyMs: ms(200) };
    }
    out.push({ ...base, ...m });
  }
  return out;
}

test('1,000 random streams: usage equals the real @livekit/agents ModelUsageCollector', () => {
  const r = rng(20261121);
  let events = 0;
  for (let i = 0; i < 1000; i++) {
    const stream = randomStream(r);
    events += stream.length;
    const collector = new lk.ModelUsageCollector();
    for (const m of stream) collector.collect(m);
    // Wrapped as the agent sees them: metrics_collected events.
    const wrapped = stream.map((metrics) => ({ type: 'metrics_collected', metrics, createdAt: metrics.timestamp }));
    const usage = computeUsage(wrapped, { dedupe: false });
    assert.deepEqual(usage.toLiveKitJs(), collector.flatten(), `stream ${i}`);
    assert.deepEqual(
      usage.toLiveKitJs({ filterZeroValues: true }),
      collector.flatten().map(lk.filterZeroValues),
      `stream ${i} (filterZeroValues)`,
    );
    usage.free();
  }
  assert.ok(events > 20000, `${events} events`);
});

test('a payload delivered twice is counted once (dedupe on by default)', () => {
  const events = fixture('js-02-tool-call/metrics_events.json');
  const doubled = events.flatMap((e) => [e, e]);
  const once = computeUsage(events);
  const twice = computeUsage(doubled);
  assert.deepEqual(twice.toLiveKitJs(), once.toLiveKitJs());
  assert.equal(twice.duplicatesDropped, events.length);
  const sdk = new lk.ModelUsageCollector();
  for (const e of doubled) sdk.collect(e.metrics);
  assert.deepEqual(computeUsage(doubled, { dedupe: false }).toLiveKitJs(), sdk.flatten());
});

test('SessionMetrics.usage() is the same Usage as computeUsage, live', () => {
  const events = fixture('js-05b-preemptive-tts/metrics_events.json');
  const m = new SessionMetrics();
  for (const e of events) m.push(e);
  const live = m.usage();
  const batch = computeUsage(events);
  assert.deepEqual(live.toJSON(), batch.toJSON());
  // The discarded preemptive generation was billed: it is in `speculative`.
  assert.equal(live.speculative.length, 2, 'an LLM and a TTS row');
  assert.ok(live.turns.some((t) => t.kind === 'speculative'));
});

test('cost per model, turn and session, with unpriced models listed', () => {
  const prices = {
    currency: 'EUR',
    prices: [
      { kind: 'llm', provider: 'fake-openai', model: 'fake-gpt-4.1-mini', inputPerMillion: 0.4, cachedInputPerMillion: 0.1, outputPerMillion: 1.6 },
      { kind: 'tts', provider: 'fake-cartesia', model: '*', perMillionCharacters: 65 },
    ],
  };
  const events = fixture('js-01-pipeline-3turns/metrics_events.json');
  const usage = computeUsage(events);
  const cost = usage.cost(prices);
  // By hand from the captured totals: 3416 input of which 2048 cached, 34 output, 131 characters.
  const llm = (3416 - 2048) * 0.4e-6 + 2048 * 0.1e-6 + 34 * 1.6e-6;
  const tts = 131 * 65e-6;
  assert.equal(cost.currency, 'EUR');
  assert.ok(Math.abs(cost.total - (llm + tts)) < 1e-12);
  assert.deepEqual(cost.unpriced, [{ kind: 'stt', provider: 'fake-deepgram', model: 'fake-nova-3', missing: ['entry'] }]);
  assert.equal(cost.turns.length, 3);
  const turns = cost.turns.reduce((a, t) => a + t.cost, 0);
  assert.ok(Math.abs(turns + cost.sessionLevel - cost.total) < 1e-12);
  // The same table as JSON text; a bad table throws with a code.
  assert.equal(usage.cost(JSON.stringify(prices)).total, cost.total);
  assert.throws(() => usage.cost({ currency: 'EUR', prices: [{ kind: 'llm', provider: 'a', model: 'b', inputPerMillion: -1 }] }),
    (e) => e instanceof RangeError && e.code === 'OutOfRange' && e.field === 'inputPerMillion');
});
