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
    if ([turn.e2eLatencyMs, turn.endOfTurnDelayMs, turn.llmNodeTtftMs, turn.ttsNodeTtfbMs].every((v) => v !== undefined)) {
      turn.unexplainedMs = turn.e2eLatencyMs - (turn.endOfTurnDelayMs + (turn.onUserTurnCompletedDelayMs ?? 0) + turn.llmNodeTtftMs + turn.ttsNodeTtfbMs + (turn.playbackLatencyMs ?? 0));
    }
    return turn;
  });
  const user = out.filter((t) => t.kind === 'user');
  return {
    turns: out,
    summary: { e2eLatencyMs: stats(user.map((t) => t.e2eLatencyMs)), unexplainedMs: stats(user.map((t) => t.unexplainedMs)) },
    usage: (report.usage ?? []).map((row) => ({ ...row, audio_duration: ms(row.audio_duration) })),
  };
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
