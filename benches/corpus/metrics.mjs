// Metrics of a simulated session (sim.mjs), in time order, and the usage they add up
// to: SDK-neutral records (seconds), then written in the Python (snake_case, seconds,
// epoch s) or Node (camelCase, ms, epoch ms) schema exactly as tests/fixtures/*/
// metrics_events.json hold them.
import { F } from './json.mjs';

const LLM = { provider: 'openai', model: 'gpt-4.1-mini', label: ['livekit.plugins.openai.llm.LLM', 'openai.LLM'] };
const RT = { provider: 'openai', model: 'gpt-realtime', label: ['livekit.plugins.openai.realtime.RealtimeModel', 'openai.realtime.RealtimeModel'] };
const STT = { provider: 'deepgram', model: 'nova-3', label: ['livekit.plugins.deepgram.stt.STT', 'deepgram.STT'] };
const TTS = { provider: 'cartesia', model: 'sonic-2', label: ['livekit.plugins.cartesia.tts.TTS', 'cartesia.TTS'] };

/** The session's metrics as neutral records `{ kind, at, ... }`, sorted by emission time. */
export function sessionMetrics(s) {
  const out = [];
  const r = s.r;
  for (const turn of s.turns) {
    if (s.realtime) {
      const rt = turn.realtime;
      const at = turn.userStop + 0.3 + rt.duration;
      out.push({ kind: 'realtime', at, start: at - rt.duration, ...rt, requestId: turn.requestId });
      continue;
    }
    const sttAt = turn.userStop + turn.transcriptionDelay;
    out.push({ kind: 'stt', at: sttAt, audio: Math.round(turn.sttAudio * 1000) / 1000, requestId: `stt_${turn.requestId}` });
    if (turn.speculative) {
      const sp = turn.speculative;
      const start = turn.userStop + 0.15;
      out.push({ kind: 'llm', at: start + sp.duration, start, ttft: sp.ttft, duration: sp.duration, prompt: 1100, cached: 0, completion: 20, speechId: sp.speechId, requestId: `spec_${turn.requestId}`, cancelled: false });
      if (sp.tts) out.push({ kind: 'tts', at: start + sp.ttft + 0.4, start: start + sp.ttft, ttfb: 0.15, duration: 0.4, audio: 1.8, chars: 60, speechId: sp.speechId, segmentId: `seg_${turn.requestId}`, requestId: `tts_spec_${turn.requestId}` });
    }
    out.push({ kind: 'eou', at: turn.userCreated, eot: turn.eot, transcription: turn.transcriptionDelay, outc: turn.outc, lastSpeaking: turn.userStop, speechId: turn.speechId });
    turn.steps.forEach((st, i) => {
      out.push({ kind: 'llm', at: st.start + st.duration, start: st.start, ttft: st.ttft, duration: st.duration, prompt: st.prompt, cached: st.cached, completion: st.completion, speechId: turn.speechId, requestId: st.requestId, cancelled: false });
      const m = turn.messages[i];
      out.push({ kind: 'tts', at: m.ttsStart + m.ttsDuration, start: m.ttsStart, ttfb: m.ttfb, duration: m.ttsDuration, audio: Math.round(m.audio * 100) / 100, chars: m.fullChars, speechId: turn.speechId, segmentId: m.segmentId, requestId: m.ttsRequestId, cancelled: m.interrupted });
    });
  }
  if (s.sdk === 'py') {
    // Python's VAD reports about once a second for the whole session.
    for (let t = s.startedAt + 1; t < s.endedAt; t += 0.95 + r() * 0.1) {
      out.push({ kind: 'vad', at: t, idle: 0.3 + r() * 0.5, count: 31 + ((r() * 2) | 0) });
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}

/** Usage rows after each metric, as the SDK collector accumulates them (flatten order). */
export class UsageAcc {
  constructor() {
    this.llm = null;
    this.tts = null;
    this.stt = null;
  }
  add(m) {
    if (m.kind === 'llm') {
      const u = (this.llm ??= { ...LLM, input: 0, cached: 0, output: 0, audioIn: 0, audioOut: 0, cachedAudio: 0, textIn: 0, cachedText: 0, textOut: 0 });
      u.input += m.prompt;
      u.cached += m.cached;
      u.output += m.completion;
    } else if (m.kind === 'realtime') {
      const u = (this.llm ??= { ...RT, input: 0, cached: 0, output: 0, audioIn: 0, audioOut: 0, cachedAudio: 0, textIn: 0, cachedText: 0, textOut: 0 });
      u.input += m.input;
      u.cached += m.cachedIn;
      u.output += m.output;
      u.audioIn += m.audioIn;
      u.textIn += m.input - m.audioIn;
      u.cachedText += m.cachedIn;
      u.audioOut += m.audioOut;
      u.textOut += m.output - m.audioOut;
    } else if (m.kind === 'tts') {
      const u = (this.tts ??= { ...TTS, chars: 0, audio: 0 });
      u.chars += m.chars;
      u.audio += m.audio;
    } else if (m.kind === 'stt') {
      const u = (this.stt ??= { ...STT, audio: 0 });
      u.audio += m.audio;
    }
  }
  /** Python `ModelUsage.model_dump()` rows (session_usage_updated events). */
  pyRows() {
    const rows = [];
    const l = this.llm;
    if (l) rows.push({ type: 'llm_usage', provider: l.provider, model: l.model, input_tokens: l.input, input_cached_tokens: l.cached, input_cache_creation_tokens: 0, input_audio_tokens: l.audioIn, input_cached_audio_tokens: l.cachedAudio, input_text_tokens: l.textIn, input_cached_text_tokens: l.cachedText, input_image_tokens: 0, input_cached_image_tokens: 0, output_tokens: l.output, output_audio_tokens: l.audioOut, output_text_tokens: l.textOut, output_reasoning_tokens: 0, session_duration: F(0) });
    if (this.tts) rows.push({ type: 'tts_usage', provider: TTS.provider, model: TTS.model, input_tokens: 0, output_tokens: 0, characters_count: this.tts.chars, audio_duration: F(this.tts.audio) });
    if (this.stt) rows.push({ type: 'stt_usage', provider: STT.provider, model: STT.model, input_tokens: 0, input_audio_tokens: 0, output_tokens: 0, audio_duration: F(this.stt.audio) });
    return rows;
  }
  /** The report's `usage`: non-default values only (Python exclude_defaults, Node filterZeroValues). */
  reportRows(py) {
    const f = py ? F : (x) => x;
    const rows = this.pyRows().map((row) => {
      const out = {};
      for (const [k, v] of Object.entries(row)) {
        const n = typeof v === 'object' ? v.v : v;
        if (k === 'type' || k === 'provider' || k === 'model' || n !== 0) out[k] = typeof v === 'object' ? f(n) : v;
      }
      return out;
    });
    return rows;
  }
}

const meta = (py, m) =>
  py ? { model_name: m.model, model_provider: m.provider } : { modelProvider: m.provider, modelName: m.model };

/** One metrics object in the Python schema. */
export function pyMetric(m) {
  switch (m.kind) {
    case 'vad':
      return { type: 'vad_metrics', label: 'livekit.plugins.silero.vad.VAD', timestamp: m.at, idle_time: m.idle, inference_duration_total: F(0), inference_count: m.count, metadata: { model_name: 'unknown', model_provider: 'unknown' } };
    case 'stt':
      return { type: 'stt_metrics', label: STT.label[0], request_id: m.requestId, timestamp: m.at, duration: F(0), audio_duration: F(m.audio), streamed: true, input_tokens: 0, output_tokens: 0, total_tokens: 0, input_audio_tokens: 0, acquire_time: F(0), connection_reused: false, metadata: meta(true, STT) };
    case 'eou':
      return { type: 'eou_metrics', timestamp: m.at, end_of_utterance_delay: m.eot, transcription_delay: m.transcription, on_user_turn_completed_delay: m.outc, speech_id: m.speechId, metadata: null };
    case 'llm':
      return { type: 'llm_metrics', label: LLM.label[0], request_id: m.requestId, timestamp: m.at, duration: m.duration, ttft: m.ttft, cancelled: m.cancelled, completion_tokens: m.completion, prompt_tokens: m.prompt, prompt_cached_tokens: m.cached, cache_creation_tokens: 0, reasoning_tokens: 0, total_tokens: m.prompt + m.completion, tokens_per_second: m.completion / m.duration, speech_id: m.speechId, metadata: meta(true, LLM) };
    case 'tts':
      return { type: 'tts_metrics', label: TTS.label[0], request_id: m.requestId, timestamp: m.at, ttfb: m.ttfb, duration: m.duration, audio_duration: F(m.audio), cancelled: !!m.cancelled, characters_count: m.chars, input_tokens: 0, output_tokens: 0, streamed: true, acquire_time: F(0), connection_reused: false, segment_id: m.segmentId, speech_id: m.speechId, metadata: meta(true, TTS) };
    case 'realtime':
      return { type: 'realtime_model_metrics', label: RT.label[0], request_id: m.requestId, timestamp: m.start, duration: m.duration, session_duration: F(0), ttft: m.ttft, cancelled: false, input_tokens: m.input, output_tokens: m.output, total_tokens: m.input + m.output, tokens_per_second: m.output / m.duration, input_token_details: { audio_tokens: m.audioIn, text_tokens: m.input - m.audioIn, image_tokens: 0, cached_tokens: m.cachedIn, cached_tokens_details: { audio_tokens: 0, text_tokens: m.cachedIn, image_tokens: 0 } }, output_token_details: { text_tokens: m.output - m.audioOut, audio_tokens: m.audioOut, image_tokens: 0 }, acquire_time: F(0), connection_reused: false, metadata: meta(true, RT) };
    default:
      throw new Error(`unknown metric kind ${m.kind}`);
  }
}

const ms = (s) => Math.round(s * 1000);

/** One metrics object in the Node (`@livekit/agents` ≥ 1.0.11) schema. */
export function jsMetric(m) {
  switch (m.kind) {
    case 'stt':
      return { type: 'stt_metrics', timestamp: ms(m.at), requestId: m.requestId, durationMs: 0, label: STT.label[1], audioDurationMs: ms(m.audio), inputTokens: 0, outputTokens: 0, streamed: true, metadata: meta(false, STT) };
    case 'eou':
      return { type: 'eou_metrics', timestamp: ms(m.at), endOfUtteranceDelayMs: m.eot * 1000, transcriptionDelayMs: m.transcription * 1000, onUserTurnCompletedDelayMs: 0, lastSpeakingTimeMs: m.lastSpeaking * 1000, speechId: m.speechId };
    case 'llm':
      return { type: 'llm_metrics', timestamp: ms(m.at), requestId: m.requestId, ttftMs: ms(m.ttft), durationMs: ms(m.duration), cancelled: m.cancelled, label: LLM.label[1], completionTokens: m.completion, promptTokens: m.prompt, promptCachedTokens: m.cached, cacheCreationTokens: 0, totalTokens: m.prompt + m.completion, tokensPerSecond: m.completion / m.duration, metadata: meta(false, LLM), speechId: m.speechId };
    case 'tts':
      return { type: 'tts_metrics', timestamp: ms(m.at), requestId: m.requestId, ttfbMs: ms(m.ttfb), durationMs: ms(m.duration), charactersCount: m.chars, audioDurationMs: ms(m.audio), cancelled: !!m.cancelled, label: TTS.label[1], inputTokens: 0, outputTokens: 0, streamed: true, metadata: meta(false, TTS), speechId: m.speechId };
    case 'realtime':
      return { type: 'realtime_model_metrics', timestamp: ms(m.start), requestId: m.requestId, ttftMs: ms(m.ttft), durationMs: ms(m.duration), cancelled: false, label: RT.label[1], inputTokens: m.input, outputTokens: m.output, totalTokens: m.input + m.output, tokensPerSecond: m.output / m.duration, inputTokenDetails: { audioTokens: m.audioIn, textTokens: m.input - m.audioIn, imageTokens: 0, cachedTokens: m.cachedIn, cachedTokensDetails: { audioTokens: 0, textTokens: m.cachedIn, imageTokens: 0 } }, outputTokenDetails: { textTokens: m.output - m.audioOut, audioTokens: m.audioOut, imageTokens: 0 }, metadata: meta(false, RT) };
    default:
      throw new Error(`no Node metric for ${m.kind}`);
  }
}

/** The session's `metrics_events.json` capture log (the fixtures' format). */
export function eventLog(s, metrics) {
  const py = s.sdk === 'py';
  return metrics.map((m, seq) =>
    py
      ? { seq, event_type: 'metrics_collected', metrics_type: `${m.kind === 'realtime' ? 'realtime_model' : m.kind}_metrics`, created_at: m.at + 0.0004, capture_monotonic_s: m.at - s.startedAt, metrics: pyMetric(m) }
      : { seq, event_type: 'metrics_collected', metrics_type: `${m.kind === 'realtime' ? 'realtime_model' : m.kind}_metrics`, createdAt: ms(m.at) + 1, capture_monotonic_ms: (m.at - s.startedAt) * 1000, metrics: jsMetric(m) },
  );
}
