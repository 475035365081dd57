// computeTurnLatency and SessionMetrics through the package, on the captured sessions,
// with expected numbers computed here from the raw events (never from the engine).
import test from 'node:test';
import assert from 'node:assert/strict';

import { computeTurnLatency, SessionMetrics } from 'voice-agent-metrics';
import { fixture, fixtureText } from './fixtures.mjs';

const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

/** The user turns of a plain pipeline capture, straight from the raw events. */
function oracle(events) {
  const m = events.map((e) => e.metrics);
  const py = m.some((x) => 'speech_id' in x);
  const id = (x) => (py ? x.speech_id : x.speechId);
  const ms = (x, pyKey, jsKey) => (py ? x[pyKey] * 1000 : x[jsKey]);
  return m
    .filter((x) => x.type === 'eou_metrics')
    .map((eou) => {
      const llm = m.find((x) => x.type === 'llm_metrics' && id(x) === id(eou));
      const tts = m.find((x) => x.type === 'tts_metrics' && id(x) === id(eou));
      const parts = [ms(eou, 'end_of_utterance_delay', 'endOfUtteranceDelayMs'), ms(llm, 'ttft', 'ttftMs'), ms(tts, 'ttfb', 'ttfbMs')];
      return { speechId: id(eou), parts, total: parts[0] + parts[1] + parts[2], transcription: ms(eou, 'transcription_delay', 'transcriptionDelayMs') };
    });
}

test('computeTurnLatency: Node-schema objects and Python-schema JSON text', () => {
  for (const [sdk, input] of [
    ['js', fixture('js-01-pipeline-3turns/metrics_events.json')],
    ['py', fixtureText('py-01-pipeline-3turns/metrics_events.json')],
  ]) {
    const events = typeof input === 'string' ? JSON.parse(input) : input;
    const want = oracle(events);
    const turns = computeTurnLatency(input);
    assert.equal(turns.length, 3, sdk);
    turns.forEach((t, i) => {
      assert.equal(t.kind, 'user');
      assert.equal(t.speechId, want[i].speechId);
      close(t.eouDelayMs, want[i].parts[0], `${sdk} eou`);
      close(t.llmTtftMs, want[i].parts[1], `${sdk} ttft`);
      close(t.ttsTtfbMs, want[i].parts[2], `${sdk} ttfb`);
      close(t.formulaLatencyMs, want[i].total, `${sdk} total`);
      // Transcription delay is reported, never added.
      close(t.transcriptionDelayMs, want[i].transcription, `${sdk} transcription`);
      assert.deepEqual(t.missing, []);
    });
  }
});

test('computeTurnLatency: order does not matter, dialects may be mixed', () => {
  const js = fixture('js-02-tool-call/metrics_events.json');
  const reversed = [...js].reverse();
  assert.deepEqual(computeTurnLatency(reversed), computeTurnLatency(js));
  const mixed = [...fixture('py-01-pipeline-3turns/metrics_events.json'), ...js];
  assert.equal(computeTurnLatency(mixed).length, 3 + 2);
});

test('the seed formula, both dialects: 500 + 300 + 200 = 1000', () => {
  const node = [
    { type: 'eou_metrics', timestamp: 1795280001000, endOfUtteranceDelayMs: 500, transcriptionDelayMs: 400, onUserTurnCompletedDelayMs: 0, lastSpeakingTimeMs: 1795280000500, speechId: 's' },
    { type: 'llm_metrics', timestamp: 1795280002000, durationMs: 800, ttftMs: 300, cancelled: false, completionTokens: 1, promptTokens: 1, speechId: 's' },
    { type: 'tts_metrics', timestamp: 1795280002500, ttfbMs: 200, durationMs: 400, audioDurationMs: 1000, cancelled: false, charactersCount: 3, streamed: true, speechId: 's' },
  ];
  const python = JSON.stringify([
    { type: 'eou_metrics', timestamp: 1795280001.0, end_of_utterance_delay: 0.5, transcription_delay: 0.4, on_user_turn_completed_delay: 0, speech_id: 's' },
    { type: 'llm_metrics', timestamp: 1795280002.0, duration: 0.8, ttft: 0.3, cancelled: false, completion_tokens: 1, prompt_tokens: 1, speech_id: 's' },
    { type: 'tts_metrics', timestamp: 1795280002.5, ttfb: 0.2, duration: 0.4, audio_duration: 1.0, cancelled: false, characters_count: 3, streamed: true, speech_id: 's' },
  ]);
  for (const input of [node, python]) {
    const [t] = computeTurnLatency(input);
    assert.equal(t.formulaLatencyMs, 1000, 'not 1400: the 400 ms of transcription are inside the 500');
  }
});

test('SessionMetrics: onTurn fires exactly once per turn, live, and may call back in', () => {
  for (const s of ['js-01-pipeline-3turns', 'js-02-tool-call', 'js-05a-preemptive-llm', 'js-04-realtime']) {
    const events = fixture(`${s}/metrics_events.json`);
    const fired = [];
    const m = new SessionMetrics({
      onTurn: (turn) => {
        fired.push(turn);
        m.summary(); // re-entrant read while push() is running
      },
    });
    const returned = [];
    for (const e of events) returned.push(...m.push(e));
    returned.push(...m.flush());
    assert.equal(m.flush().length, 0, `${s}: a second flush reports nothing`);
    const all = m.turns();
    assert.equal(fired.length, all.length, `${s}: one call per turn`);
    assert.deepEqual(fired, returned);
    const ids = fired.map((t) => t.speechId ?? `${t.startedAtMs}`);
    assert.equal(new Set(ids).size, ids.length, `${s}: no turn twice`);
    assert.deepEqual(m.turns(), computeTurnLatency(events), `${s}: live equals batch`);
  }
});

test('SessionMetrics: pushMany, summary, skipping bad events, and errors', () => {
  const events = fixture('js-01-pipeline-3turns/metrics_events.json');
  const m = new SessionMetrics({ onInvalid: 'skip' });
  m.pushMany(events.slice(0, 5));
  m.push({ type: 'llm_metrics', timestamp: 1795280833160, durationMs: -5, ttftMs: 1 });
  m.pushMany(JSON.stringify(events.slice(5)));
  m.flush();
  assert.equal(m.turns().length, 3);
  assert.deepEqual(m.skipped.map((s) => [s.index, s.code, s.field]), [[5, 'NegativeDuration', 'durationMs']]);
  const totals = oracle(events).map((t) => t.total).sort((a, b) => a - b);
  const sum = m.summary();
  assert.equal(sum.userTurns, 3);
  assert.equal(sum.formulaLatencyMs.count, 3);
  close(sum.formulaLatencyMs.min, totals[0], 'min');
  close(sum.formulaLatencyMs.p50, totals[1], 'p50');
  close(sum.formulaLatencyMs.max, totals[2], 'max');
  // Without 'skip', a bad event throws (nothing is half-applied) and the object keeps working.
  const strict = new SessionMetrics();
  assert.throws(() => strict.push({ type: 'llm_metrics', timestamp: 1, durationMs: 'x' }), (e) => e instanceof TypeError && e.code === 'WrongType');
  assert.throws(() => new SessionMetrics({ onTurn: 42 }), (e) => e instanceof TypeError && e.field === 'onTurn');
  strict.pushMany(events);
  assert.equal(strict.turns().length, 3);
  strict.free();
});
