// The Node agent example (examples/node-agent/), compiled with the repo's TypeScript,
// fed the events a real @livekit/agents 1.9.0 session emitted (fixture
// js-01-pipeline-3turns: metrics_collected and conversation_item_added, in capture
// order) through the same handler functions the agent registers, as SDK objects
// (`voice.createMetricsCollectedEvent`, `llm.ChatMessage` instances). No LiveKit
// server. Expected numbers are computed here from the raw events, not by the library.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { llm, voice } from '@livekit/agents';

import { buildAgent } from '../../examples/node-agent/build.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const pkgDir = dirname(createRequire(import.meta.url).resolve('voice-agent-metrics/package.json'));
const FIXTURE = 'tests/fixtures/js-01-pipeline-3turns';
const read = (p) => JSON.parse(readFileSync(join(repo, p), 'utf8'));
const prices = read('examples/prices.example.json');
const LABELS = { agent_name: 'replay' };

const out = mkdtempSync(join(tmpdir(), 'vam-node-agent-'));
test.after(() => rmSync(out, { recursive: true, force: true }));
buildAgent(out, { pkgDir });
const { createMetricsHandlers } = await import(pathToFileURL(join(out, 'handlers.js')).href);
const { startMetricsServer, CONTENT_TYPE } = await import(pathToFileURL(join(out, 'metrics-server.js')).href);

/** An SDK chat item rebuilt from its `toJSON(false)` form (checked to round-trip). */
function sdkItem(json) {
  const item =
    json.type === 'agent_handoff'
      ? llm.AgentHandoffItem.create({ id: json.id, oldAgentId: json.oldAgentId, newAgentId: json.newAgentId, createdAt: json.createdAt })
      : llm.ChatMessage.create({
          id: json.id,
          role: json.role,
          content: json.content,
          interrupted: json.interrupted,
          createdAt: json.createdAt,
          ...(json.transcriptConfidence !== undefined ? { transcriptConfidence: json.transcriptConfidence } : {}),
          metrics: json.metrics,
        });
  assert.deepEqual(item.toJSON(false), json, `item ${json.id} rebuilt exactly`);
  return item;
}

/** The recorded session, in capture order, as the SDK's event objects. */
function recordedEvents() {
  const metrics = read(`${FIXTURE}/metrics_events.json`).map((e) => ({
    at: e.capture_monotonic_ms,
    kind: 'metrics',
    ev: voice.createMetricsCollectedEvent({ metrics: e.metrics, createdAt: e.createdAt }),
  }));
  const items = read(`${FIXTURE}/conversation_items.json`).map((e) => ({
    at: e.capture_monotonic_ms,
    kind: 'item',
    ev: voice.createConversationItemAddedEvent(sdkItem(e.item), e.createdAt),
  }));
  return [...metrics, ...items].sort((a, b) => a.at - b.at);
}

/** Per speech id, from the raw metrics: EOU delay, first LLM ttft, first TTS ttfb, total. */
function expectedTurns() {
  const raw = read(`${FIXTURE}/metrics_events.json`).map((e) => e.metrics);
  const ids = [...new Set(raw.filter((m) => m.speechId).map((m) => m.speechId))];
  return ids.map((speechId) => {
    const of = (type) => raw.filter((m) => m.type === type && m.speechId === speechId).sort((a, b) => a.timestamp - b.timestamp);
    const eou = of('eou_metrics')[0].endOfUtteranceDelayMs;
    const ttft = of('llm_metrics')[0].ttftMs;
    const ttfb = of('tts_metrics')[0].ttfbMs;
    return { speechId, eou, ttft, ttfb, total: eou + ttft + ttfb };
  });
}

/** Usage summed from the raw metrics, and its cost priced by hand from the price table. */
function expectedUsage() {
  const raw = read(`${FIXTURE}/metrics_events.json`).map((e) => e.metrics);
  const sum = (type, key) => raw.filter((m) => m.type === type).reduce((a, m) => a + (m[key] ?? 0), 0);
  const u = {
    input: sum('llm_metrics', 'promptTokens'),
    cached: sum('llm_metrics', 'promptCachedTokens'),
    output: sum('llm_metrics', 'completionTokens'),
    characters: sum('tts_metrics', 'charactersCount'),
    ttsAudioMs: sum('tts_metrics', 'audioDurationMs'),
    sttAudioMs: sum('stt_metrics', 'audioDurationMs'),
  };
  const price = (kind, provider) => prices.prices.find((p) => p.kind === kind && p.provider === provider);
  const l = price('llm', 'fake-openai');
  const cost = {
    llm: ((u.input - u.cached) * l.inputPerMillion + u.cached * l.cachedInputPerMillion + u.output * l.outputPerMillion) / 1e6,
    tts: (u.characters * price('tts', 'fake-cartesia').perMillionCharacters) / 1e6,
    stt: (u.sttAudioMs / 60_000) * price('stt', 'fake-deepgram').perAudioMinute,
  };
  return { ...u, cost };
}

/** Prometheus text → samples `{ name, labels, value }`, checking the format on the way. */
function parseExposition(text) {
  const samples = [];
  const typed = new Map();
  let helped;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m;
    if ((m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$/.exec(line))) {
      helped = m[1];
      continue;
    }
    if ((m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
      assert.equal(m[1], helped, `# TYPE ${m[1]} right after its # HELP`);
      assert.ok(!typed.has(m[1]), `${m[1]} declared once`);
      typed.set(m[1], m[2]);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    const [, name, body = '', value] = m;
    const labels = {};
    for (const [, k, v] of body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    const family = [...typed.keys()].find((f) => name === f || (/_(bucket|sum|count)$/.test(name) && name.replace(/_(bucket|sum|count)$/, '') === f));
    assert.ok(family, `${name} belongs to a declared family`);
    samples.push({ name, labels, value: Number(value), family, type: typed.get(family) });
  }
  return samples;
}

const find = (samples, name, labels = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const one = (samples, name, labels) => {
  const found = find(samples, name, labels);
  assert.equal(found.length, 1, `one ${name} ${JSON.stringify(labels)}`);
  return found[0].value;
};
const near = (a, b, tol, what) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('replay of a recorded session: turn lines, /metrics, the analysis file', async (t) => {
  const lines = [];
  const outFile = join(out, 'sessions', 'RM_replay-AJ_replay.json');
  const h = createMetricsHandlers({ outFile, prices, labels: LABELS, log: (l) => lines.push(l), preemptiveGeneration: false });
  const server = await startMetricsServer({ render: h.renderMetrics, port: 0, host: '127.0.0.1' });
  t.after(() => server.close());
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const scrape = async () => {
    const res = await fetch(server.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), CONTENT_TYPE);
    return res.text();
  };

  const expected = expectedTurns();
  assert.equal(expected.length, 3);
  const events = recordedEvents();
  let before;
  for (const { kind, ev } of events) {
    if (kind === 'metrics') h.onMetricsCollected(ev);
    else h.onConversationItemAdded(ev);
    if (before === undefined && lines.length === 1) before = parseExposition(await scrape());
  }

  // One line per turn, as each turn completed, with the totals of the raw events.
  const turnLines = lines.filter((l) => l.startsWith('vam_turn '));
  assert.equal(turnLines.length, 3, lines.join('\n'));
  turnLines.forEach((line, i) => {
    const f = Object.fromEntries(line.slice('vam_turn '.length).split(' ').map((kv) => kv.split('=')));
    const e = expected[i];
    assert.equal(f.n, String(i + 1));
    assert.equal(f.speech_id, e.speechId);
    assert.equal(f.kind, 'user');
    near(Number(f.total_ms), e.total, 0.05, `turn ${i + 1} total`);
    near(Number(f.eou_ms), e.eou, 0.05, `turn ${i + 1} eou`);
    near(Number(f.llm_ttft_ms), e.ttft, 0.05, `turn ${i + 1} llm ttft`);
    near(Number(f.tts_ttfb_ms), e.ttfb, 0.05, `turn ${i + 1} tts ttfb`);
    assert.equal(f.missing, undefined);
  });
  assert.deepEqual(lines.filter((l) => l.startsWith('vam_error')), []);

  // /metrics: the aggregator's exposition of this session, checked against the raw events.
  const text = await scrape();
  const samples = parseExposition(text);
  const usage = expectedUsage();
  const totals = expected.map((e) => e.total);
  const e2e = read(`${FIXTURE}/conversation_items.json`).map((e) => e.item.metrics?.e2eLatency).filter((x) => x !== undefined);
  assert.equal(e2e.length, 3);
  assert.equal(one(samples, 'voice_agent_turn_formula_latency_seconds_count', LABELS), 3);
  near(one(samples, 'voice_agent_turn_formula_latency_seconds_sum', LABELS), totals.reduce((a, b) => a + b) / 1000, 1e-6, 'total latency sum');
  assert.equal(one(samples, 'lk_agents_turn_e2e_latency_seconds_count', LABELS), 3, 'e2e from the chat items');
  near(one(samples, 'lk_agents_turn_e2e_latency_seconds_sum', LABELS), e2e.reduce((a, b) => a + b), 1e-6, 'e2e sum');
  for (const family of ['voice_agent_turn_formula_latency_seconds', 'lk_agents_turn_e2e_latency_seconds', 'lk_agents_turn_llm_ttft_seconds']) {
    const buckets = find(samples, `${family}_bucket`, LABELS);
    assert.ok(buckets.length > 2 && buckets[0].type === 'histogram', family);
    buckets.forEach((b, i) => i && assert.ok(b.value >= buckets[i - 1].value, `${family} buckets are cumulative`));
    assert.equal(buckets.at(-1).labels.le, '+Inf');
    assert.equal(buckets.at(-1).value, one(samples, `${family}_count`, LABELS));
  }
  // Where the true total latencies fall in the buckets, counted here.
  for (const b of find(samples, 'voice_agent_turn_formula_latency_seconds_bucket', LABELS)) {
    const le = b.labels.le === '+Inf' ? Infinity : Number(b.labels.le);
    assert.equal(b.value, totals.filter((v) => v / 1000 <= le).length, `le=${b.labels.le}`);
  }
  const llmKey = { ...LABELS, model_provider: 'fake-openai', model_name: 'fake-gpt-4.1-mini' };
  assert.equal(one(samples, 'lk_agents_usage_llm_input_tokens_total', llmKey), usage.input);
  assert.equal(one(samples, 'lk_agents_usage_llm_input_cached_tokens_total', llmKey), usage.cached);
  assert.equal(one(samples, 'lk_agents_usage_llm_output_tokens_total', llmKey), usage.output);
  assert.equal(one(samples, 'lk_agents_usage_tts_characters_total', { model_name: 'fake-sonic-2' }), usage.characters);
  near(one(samples, 'lk_agents_usage_tts_audio_duration_seconds_total', { model_name: 'fake-sonic-2' }), usage.ttsAudioMs / 1000, 1e-9, 'tts audio');
  near(one(samples, 'lk_agents_usage_stt_audio_duration_seconds_total', { model_name: 'fake-nova-3' }), usage.sttAudioMs / 1000, 1e-9, 'stt audio');
  for (const [kind, model] of [['llm', 'fake-gpt-4.1-mini'], ['tts', 'fake-sonic-2'], ['stt', 'fake-nova-3']]) {
    near(one(samples, 'voice_agent_cost_total', { ...LABELS, usage_kind: kind, model_name: model, currency: 'USD' }), usage.cost[kind], 1e-12, `${kind} cost`);
  }
  assert.equal(one(samples, 'voice_agent_user_turns_total', LABELS), 3);
  // Counters only grow between scrapes.
  assert.ok(before, 'scraped after the first turn');
  for (const s of before.filter((x) => x.type === 'counter' || x.name.endsWith('_count'))) {
    const now = find(samples, s.name, s.labels).find((x) => JSON.stringify(x.labels) === JSON.stringify(s.labels));
    assert.ok(now && now.value >= s.value, `${s.name} did not go down`);
  }
  let promtool = true;
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
  } catch {
    promtool = false;
  }
  if (promtool) {
    // Exit code 0: valid exposition (lint warnings are printed, not failures).
    execFileSync('promtool', ['check', 'metrics'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
  } else {
    t.diagnostic('promtool not installed (scripts/setup/40-prometheus.sh): exposition checked by the parser above only');
  }
  assert.equal((await fetch(server.url.replace('/metrics', '/'))).status, 404);

  // Session end: the shutdown callback flushes (no line twice) and writes the analysis.
  await h.onShutdown();
  assert.equal(lines.filter((l) => l.startsWith('vam_turn ')).length, 3, 'flush logged no turn twice');
  assert.match(lines.at(-1), new RegExp(`^vam_session turns=3 user_turns=3 total_p95_ms=[0-9.]+ cost=[0-9.e-]+ currency=USD file=${outFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  const file = JSON.parse(readFileSync(outFile, 'utf8'));
  assert.deepEqual(file, JSON.parse(JSON.stringify(h.analysis)));
  assert.match(file.generator, /^voice-agent-metrics \d+\.\d+\.\d+/);
  assert.equal(file.turns.length, 3);
  file.turns.forEach((turn, i) => {
    assert.equal(turn.speechId, expected[i].speechId);
    near(turn.formulaLatencyMs, expected[i].total, 1e-9, `file turn ${i + 1} total`);
  });
  assert.equal(file.chatTurns.length, 3);
  file.chatTurns.forEach((turn, i) => near(turn.e2eLatencyMs, e2e[i] * 1000, 1e-6, `file chat turn ${i + 1} e2e`));
  assert.equal(file.joined.turns.length, 3);
  assert.deepEqual(file.joined.unmatched, []);
  const sorted = [...totals].sort((a, b) => a - b);
  assert.equal(file.summary.formulaLatencyMs.count, 3);
  near(file.summary.formulaLatencyMs.p50, sorted[1], 1e-9, 'p50 = the median of three');
  near(file.summary.formulaLatencyMs.max, sorted[2], 1e-9, 'max');
  const llmRow = file.usage.models.find((r) => r.type === 'llm_usage');
  assert.equal(llmRow.inputTokens, usage.input);
  assert.equal(llmRow.outputTokens, usage.output);
  assert.equal(file.cost.currency, 'USD');
  assert.deepEqual(file.cost.unpriced, []);
  near(file.cost.total, usage.cost.llm + usage.cost.tts + usage.cost.stt, 1e-12, 'cost total');
  assert.deepEqual(file.skipped, []);
  assert.equal(file.duplicatesDropped, 0);
});

test('a bad event is counted and logged, never thrown into the SDK', async () => {
  const lines = [];
  const outFile = join(out, 'sessions', 'bad.json');
  const h = createMetricsHandlers({ outFile, log: (l) => lines.push(l) });
  const good = read(`${FIXTURE}/metrics_events.json`)[2].metrics; // an llm_metrics
  assert.doesNotThrow(() => h.onMetricsCollected(voice.createMetricsCollectedEvent({ metrics: { ...good, durationMs: -5 }, createdAt: 1 })));
  assert.doesNotThrow(() => h.onMetricsCollected(null));
  assert.doesNotThrow(() => h.onConversationItemAdded({ type: 'conversation_item_added', item: 42, createdAt: 1 }));
  // Bad metrics are skipped by the library (onInvalid: 'skip'); a bad chat item throws
  // inside the handler, which logs it and carries on.
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /^vam_error what=conversation_item_added code=NotAnObject count=1 message=".+"$/);
  h.onMetricsCollected(voice.createMetricsCollectedEvent({ metrics: good, createdAt: 2 }));
  await h.onShutdown();
  const file = JSON.parse(readFileSync(outFile, 'utf8'));
  assert.deepEqual(file.skipped.map((x) => [x.index, x.code]), [[0, 'NegativeDuration'], [1, 'NotAnObject']]);
  assert.equal(file.turns.length, 1, 'the good event still counts');
  assert.equal(file.usage.models.find((r) => r.type === 'llm_usage').inputTokens, good.promptTokens);
  assert.equal(file.cost, undefined, 'no price table, no cost');
});
