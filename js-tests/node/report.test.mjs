// analyzeSessionReport and SessionMetrics.pushChatItem through the package, on the
// captured reports; expected numbers come from the raw chat items here.
import test from 'node:test';
import assert from 'node:assert/strict';

import { llm } from '@livekit/agents';
import { analyzeSessionReport, SessionMetrics } from 'voice-agent-metrics';
import { fixture, fixtureText } from './fixtures.mjs';

const SCENARIOS = [
  '01-pipeline-3turns', '02-tool-call', '03-interruption', '03b-interruption-while-thinking',
  '04-realtime', '05a-preemptive-llm', '05b-preemptive-tts',
];

/** e2e of each turn, in ms, from the raw chat history: the assistant messages that carry one. */
function e2eFromHistory(report) {
  return report.chat_history.items
    .filter((i) => i.type === 'message' && i.role === 'assistant' && i.metrics?.e2e_latency !== undefined)
    .map((i) => i.metrics.e2e_latency * 1000);
}

test('every captured report: SDK, turns and measured e2e', () => {
  for (const sdk of ['py', 'js']) {
    for (const s of SCENARIOS) {
      const raw = fixture(`${sdk}-${s}/session_report.json`);
      const a = analyzeSessionReport(fixtureText(`${sdk}-${s}/session_report.json`));
      assert.equal(a.sdk, sdk === 'py' ? 'python' : 'node', `${sdk}-${s}`);
      const userMessages = raw.chat_history.items.filter((i) => i.type === 'message' && i.role === 'user').length;
      assert.equal(a.turns.filter((t) => t.kind === 'user').length, userMessages, `${sdk}-${s}: one turn per user message`);
      const want = e2eFromHistory(raw);
      const got = a.turns.map((t) => t.e2eLatencyMs).filter((x) => x !== undefined);
      assert.equal(got.length, want.length, `${sdk}-${s}: e2e count`);
      got.forEach((x, i) => assert.ok(Math.abs(x - want[i]) < 1e-6, `${sdk}-${s} e2e[${i}]: ${x} vs ${want[i]}`));
      assert.deepEqual(a.flags, [], `${sdk}-${s}: clean captures raise no flag`);
    }
  }
});

test('the waterfall adds up to e2e and places the first-sentence wait the plain sum misses', () => {
  const raw = fixture('py-01-pipeline-3turns/session_report.json');
  const a = analyzeSessionReport(raw);
  const items = raw.chat_history.items.filter((i) => i.type === 'message');
  const t = a.turns[0];
  const user = items.find((i) => i.role === 'user').metrics;
  const agent = items.find((i) => i.role === 'assistant').metrics;
  const plainSum = user.end_of_turn_delay + (user.on_user_turn_completed_delay ?? 0) + agent.llm_node_ttft + agent.tts_node_ttfb + (agent.playback_latency ?? 0);
  assert.ok((agent.e2e_latency - plainSum) * 1000 > 400, 'the plain sum misses ~450 ms here');
  const sum = t.waterfall.reduce((s, p) => s + p.durationMs, 0);
  assert.ok(Math.abs(sum - t.e2eLatencyMs) < 0.5);
  const part = (name) => t.waterfall.filter((p) => p.part === name).reduce((s, p) => s + p.durationMs, 0);
  assert.ok(Math.abs(part('firstSentence') - (agent.llm_node_ttfs - agent.llm_node_ttft) * 1000) < 1e-6);
  assert.ok(t.unexplainedMs >= 0 && t.unexplainedMs < 5, `${t.unexplainedMs} ms left`);
  assert.deepEqual(t.waterfallNotes, []);
  assert.deepEqual(t.waterfall.map((p) => p.part), ['endOfTurn', 'onUserTurnCompleted', 'unexplained', 'llmTtft', 'firstSentence', 'ttsTtfb', 'playback']);
});

test('report input as text, bytes and object give the same analysis; usage rows in ms', () => {
  const text = fixtureText('js-02-tool-call/session_report.json');
  const a = analyzeSessionReport(text);
  assert.deepEqual(analyzeSessionReport(new TextEncoder().encode(text)), a);
  assert.deepEqual(analyzeSessionReport(JSON.parse(text)), a);
  const stt = a.usage.models.find((r) => r.type === 'stt_usage');
  const rawStt = JSON.parse(text).usage.find((r) => r.type === 'stt_usage');
  assert.equal(stt.audioDurationMs, rawStt.audio_duration * 1000, 'report seconds → ms');
});

test('malformed reports: a code, never a crash', () => {
  const cases = [
    ['not json', 'InvalidJson'],
    ['[]', 'NotAnObject'],
    ['{"chat_history": 7}', 'WrongType'],
  ];
  for (const [input, code] of cases) {
    assert.throws(() => analyzeSessionReport(input), (e) => (e instanceof TypeError || e instanceof RangeError) && e.code === code, input);
  }
  assert.throws(() => analyzeSessionReport('{}', { maxPlausibleDelayMs: -1 }), (e) => e instanceof RangeError && e.field === 'maxPlausibleDelayMs');
});

test('pushChatItem builds the report\'s turns live, from plain items and from SDK ChatMessage instances', () => {
  for (const sdk of ['py', 'js']) {
    for (const s of ['01-pipeline-3turns', '03-interruption', '05a-preemptive-llm']) {
      const m = new SessionMetrics({ preemptiveGeneration: s.startsWith('05') });
      for (const ev of fixture(`${sdk}-${s}/conversation_items.json`)) m.pushChatItem(ev.item);
      const raw = fixture(`${sdk}-${s}/session_report.json`);
      // speech_created places the LLM's start for Node replies (no llm_node_ttfs).
      for (const ev of raw.events.filter((e) => e.type === 'speech_created')) m.pushChatItem(ev);
      const report = analyzeSessionReport(raw);
      assert.deepEqual(m.chatTurns(), report.turns, `${sdk}-${s}: live equals report`);
    }
  }
  // A real @livekit/agents ChatMessage (a class instance: read through its toJSON()).
  const m = new SessionMetrics();
  m.pushChatItem(llm.ChatMessage.create({ role: 'user', content: ['hi'], createdAt: 1795280002100,
    metrics: { startedSpeakingAt: 1795280000.5, stoppedSpeakingAt: 1795280002.0, endOfTurnDelay: 0.5, transcriptionDelay: 0.2, onUserTurnCompletedDelay: 0.001 } }));
  m.pushChatItem(llm.ChatMessage.create({ role: 'assistant', content: ['hello'], createdAt: 1795280002600,
    metrics: { llmNodeTtft: 0.3, ttsNodeTtfb: 0.2, startedSpeakingAt: 1795280003.3, e2eLatency: 1.3 } }));
  const [turn] = m.chatTurns();
  assert.equal(turn.e2eLatencyMs, 1300);
  // No ttfs and no speech_created: the LLM is assumed to start after the hook, and the
  // first-sentence wait stays unexplained (and is said so).
  assert.ok(Math.abs(turn.unexplainedMs - (1300 - 500 - 1 - 300 - 200)) < 1e-6);
  assert.deepEqual(turn.waterfallNotes, ['firstSentenceUnknown']);
});

test('joinedTurns: chat turns carry the metrics breakdown of the same turn', () => {
  const m = new SessionMetrics();
  m.pushMany(fixture('js-01-pipeline-3turns/metrics_events.json'));
  for (const ev of fixture('js-01-pipeline-3turns/conversation_items.json')) m.pushChatItem(ev.item);
  const joined = m.joinedTurns();
  assert.equal(joined.turns.length, 3);
  assert.deepEqual(joined.unmatched, []);
  for (const j of joined.turns) {
    assert.ok(Math.abs(j.anchorGapMs) < 5, 'same end of user speech on both sides');
    assert.ok(j.latency.formulaLatencyMs < j.chat.e2eLatencyMs, 'the metrics formula misses part of the wait');
  }
});

test("a report's usage is priced through Usage.fromJSON, the same as from its events", async () => {
  const { Usage, computeUsage } = await import('voice-agent-metrics');
  const prices = fixture('../../examples/prices.example.json');
  for (const sdk of ['py', 'js']) {
    const a = analyzeSessionReport(fixtureText(`${sdk}-01-pipeline-3turns/session_report.json`));
    const fromReport = Usage.fromJSON(a.usage).cost(prices);
    const fromRows = Usage.fromJSON(a.usage.models).cost(prices);
    const fromEvents = computeUsage(fixture(`${sdk}-01-pipeline-3turns/metrics_events.json`)).cost(prices);
    assert.deepEqual(fromRows.models, fromReport.models);
    assert.ok(Math.abs(fromReport.total - fromEvents.total) < 1e-12, `${sdk}: ${fromReport.total} vs ${fromEvents.total}`);
  }
  assert.throws(() => Usage.fromJSON([{ type: 'llm_usage', provider: 'a' }]), (e) => e instanceof TypeError && e.code === 'WrongType');
  assert.throws(() => analyzeSessionReport('{\n  "chat_history": ,\n}'), (e) => e.code === 'InvalidJson' && e.line === 2);
});
