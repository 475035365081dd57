// The competitor: the same computations in plain JavaScript, written the way a user
// writes them without this library (and as fast as that way goes): JSON.parse, a walk
// over the chat history for report turns, a per-`speechId` grouping for live turns, the
// real `@livekit/agents` `ModelUsageCollector` for usage (passed in: it is a Node
// package, so the browser run has no live benchmark), and sorted arrays for percentiles.
//
// It covers what the benchmark corpus contains (pipeline and realtime turns, tool calls,
// interruptions, discarded preemptive generations); it does not flag stale anchors,
// infer usage kinds, build a timeline or check units and value ranges, which the
// library does on top. The benchmark asserts both give the same numbers first.

/** Linear interpolation between closest ranks (numpy's default), on a sorted array. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return undefined;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** count, min, max, mean, p50, p90, p95, p99 of `values`. */
export function stats(values) {
  const s = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  if (s.length === 0) return { count: 0 };
  return {
    count: s.length,
    min: s[0],
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
  };
}

const ms = (s) => (typeof s === 'number' ? s * 1000 : undefined);
const at = (item) => item.created_at ?? item.createdAt ?? 0;
/** Epoch seconds or ms → ms (told apart by magnitude). */
const epochMs = (v) => (v > 1e11 ? v : v * 1000);

/** A session report (JSON text) → turns with e2e and its parts, a summary, usage rows. */
export function analyzeReportJs(text) {
  const report = JSON.parse(text);
  const history = report.chat_history ?? report.chatHistory;
  const items = (Array.isArray(history) ? history : history.items).slice().sort((a, b) => at(a) - at(b));
  const turns = [];
  let open = null;
  for (const item of items) {
    if (item.type === 'message' && item.role === 'user') {
      open = { user: item, agents: [], tools: [] };
      turns.push(open);
    } else if (item.type === 'message' && item.role === 'assistant') {
      if (!open) turns.push((open = { user: null, agents: [], tools: [] }));
      open.agents.push(item);
    } else if ((item.type === 'function_call' || item.type === 'function_call_output') && open) {
      open.tools.push(item);
    }
  }
  // Node replies carry no llm_node_ttfs: the LLM's start is the turn's speech_created.
  const created = (report.events ?? [])
    .filter((e) => e.type === 'speech_created' && (e.user_initiated ?? e.userInitiated))
    .map((e) => epochMs(e.created_at ?? e.createdAt))
    .sort((a, b) => a - b);
  const out = turns.map((t, index) => {
    const um = t.user?.metrics ?? {};
    const reply = t.agents.find((a) => a.metrics?.e2e_latency != null) ?? t.agents.find((a) => a.metrics?.started_speaking_at != null);
    const rm = reply?.metrics ?? {};
    const turn = {
      index,
      kind: t.user ? 'user' : 'agentInitiated',
      e2eLatencyMs: ms(rm.e2e_latency),
      endOfTurnDelayMs: ms(um.end_of_turn_delay),
      transcriptionDelayMs: ms(um.transcription_delay),
      onUserTurnCompletedDelayMs: ms(um.on_user_turn_completed_delay),
      llmNodeTtftMs: ms(rm.llm_node_ttft),
      ttsNodeTtfbMs: ms(rm.tts_node_ttfb),
      playbackLatencyMs: ms(rm.playback_latency),
      userText: t.user?.content?.join(' '),
      agentText: t.agents.map((a) => a.content?.join(' ')).join(' '),
      interrupted: t.agents.some((a) => a.interrupted),
      toolCalls: t.tools.filter((x) => x.type === 'function_call').map((x) => x.name),
    };
    turn.unexplainedMs = unexplained(turn, t, rm, um, created);
    return turn;
  });
  const user = out.filter((t) => t.kind === 'user');
  return {
    turns: out,
    summary: { e2eLatencyMs: stats(user.map((t) => t.e2eLatencyMs)), unexplainedMs: stats(user.map((t) => t.unexplainedMs)) },
    usage: (report.usage ?? []).map((row) => ({ ...row, audio_duration: ms(row.audio_duration) })),
  };
}

/**
 * The part of the e2e no part accounts for: the parts laid on the causal chain (end of
 * turn, hook, tools that finished before the reply, LLM ttft, first sentence, TTS ttfb,
 * playback; the chain placed back from the first audio), each counted from where the
 * previous one ended, and the gaps between them summed.
 */
function unexplained(turn, t, rm, um, created) {
  const e2e = turn.e2eLatencyMs;
  if (e2e === undefined || !(e2e >= 0)) return undefined;
  const eos = ms(um.stopped_speaking_at);
  const spans = [];
  let user = 0;
  if (turn.endOfTurnDelayMs !== undefined) spans.push([0, (user = turn.endOfTurnDelayMs)]);
  if (turn.onUserTurnCompletedDelayMs !== undefined) spans.push([user, (user += turn.onUserTurnCompletedDelayMs)]);
  const playback = Math.max(0, turn.playbackLatencyMs ?? 0);
  const first = e2e - playback;
  if (t.agents.some((a) => (a.metrics?.provider_request_ids ?? []).length > 0)) {
    spans.push([user, first]);
  } else {
    for (const call of t.tools.filter((x) => x.type === 'function_call')) {
      const output = t.tools.find((x) => x.type === 'function_call_output' && x.call_id === call.call_id);
      if (eos === undefined || output === undefined) continue;
      const start = epochMs(at(call)) - eos;
      const end = start + (epochMs(at(output)) - epochMs(at(call)));
      if (end <= first) spans.push([start, end]);
    }
    const ttft = turn.llmNodeTtftMs;
    const ttfb = turn.ttsNodeTtfbMs;
    if (ttft !== undefined && ttfb !== undefined) {
      const ttsStart = first - ttfb;
      const ttfs = ms(rm.llm_node_ttfs);
      const from = ms(um.started_speaking_at);
      const to = Math.min(...t.agents.map((a) => ms(a.metrics?.started_speaking_at) ?? Infinity));
      const speech = created.filter((c) => c >= from && c <= to).pop();
      const llm = ttfs !== undefined ? ttsStart - ttfs : speech !== undefined && eos !== undefined ? speech - eos : user;
      spans.push([llm, llm + ttft]);
      if (ttfs !== undefined || (speech !== undefined && eos !== undefined)) spans.push([llm + ttft, ttsStart]);
      spans.push([ttsStart, first]);
    }
  }
  if (playback > 0) spans.push([first, e2e]);
  let cursor = 0;
  let gaps = 0;
  for (const [s, e] of spans) {
    const start = Math.min(s, e2e);
    const end = Math.min(Math.max(e, s), e2e);
    if (start > cursor) {
      if (start - cursor > 1e-3) gaps += start - cursor;
      cursor = start;
    }
    cursor = Math.max(cursor, end);
  }
  if (e2e - cursor > 1e-3) gaps += e2e - cursor;
  return gaps;
}

const llmStart = (m) => m.timestamp - m.durationMs;
const ttsStart = (m) => m.timestamp - m.durationMs;

/**
 * Live: per event, the SDK collector for usage and a per-`speechId` grouping for turns
 * (`formulaLatencyMs = eou + first LLM ttft + first audible TTS ttfb`).
 */
export class LiveJs {
  constructor(ModelUsageCollector) {
    this.collector = new ModelUsageCollector();
    this.bySpeech = new Map();
  }
  push(ev) {
    const m = ev.metrics ?? ev;
    this.collector.collect(m);
    const id = m.speechId;
    if (id === undefined) return;
    let t = this.bySpeech.get(id);
    if (!t) this.bySpeech.set(id, (t = { speechId: id, eou: null, llm: null, tts: null }));
    if (m.type === 'eou_metrics') t.eou = m;
    else if (m.type === 'llm_metrics') {
      if (!t.llm || llmStart(m) < llmStart(t.llm)) t.llm = m;
    } else if (m.type === 'tts_metrics' && m.ttfbMs !== -1) {
      if (!t.tts || ttsStart(m) < ttsStart(t.tts)) t.tts = m;
    }
  }
  turns() {
    return [...this.bySpeech.values()].map((t) => ({
      speechId: t.speechId,
      formulaLatencyMs: t.eou && t.llm && t.tts ? t.eou.endOfUtteranceDelayMs + t.llm.ttftMs + t.tts.ttfbMs : undefined,
    }));
  }
  usage() {
    return this.collector.flatten();
  }
}

/** Cross-session percentiles the plain way: every value kept, sorted once. */
export function crossSessionJs(valueLists, qs) {
  const all = valueLists.flat().sort((a, b) => a - b);
  return qs.map((q) => quantile(all, q));
}
