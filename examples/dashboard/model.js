// A loaded file → what the dashboard shows. Every number comes from the package:
// `analyzeSessionReport` for session reports, `computeTurnLatency` / `SessionMetrics`
// / `computeUsage` for metrics-event logs. Nothing here computes a latency or a price.
import { priceUsageRows } from './usage-bridge.js';

/** The parts of a chat turn's e2e latency, in stacking order (report files). */
export const REPORT_PARTS = [
  { key: 'endOfTurnDelayMs', label: 'End of turn', cls: 'eot' },
  { key: 'onUserTurnCompletedDelayMs', label: 'on_user_turn_completed', cls: 'outc' },
  { key: 'llmNodeTtftMs', label: 'LLM ttft', cls: 'llm' },
  { key: 'ttsNodeTtfbMs', label: 'TTS ttfb', cls: 'tts' },
  { key: 'playbackLatencyMs', label: 'Playback', cls: 'playback' },
  { key: 'unexplainedMs', label: 'Unexplained', cls: 'unexplained' },
];

/** The parts of a metrics turn's total latency (metrics-event logs). */
export const EVENT_PARTS = [
  { key: 'eouDelayMs', label: 'End of utterance', cls: 'eot' },
  { key: 'llmTtftMs', label: 'LLM ttft', cls: 'llm' },
  { key: 'ttsTtfbMs', label: 'TTS ttfb', cls: 'tts' },
];

/** The latencies the distribution can show, per file kind: [summary key, label]. */
export const REPORT_METRICS = [
  ['e2eLatencyMs', 'End-to-end (e2e)'],
  ['endOfTurnDelayMs', 'End of turn'],
  ['transcriptionDelayMs', 'Transcription delay'],
  ['onUserTurnCompletedDelayMs', 'on_user_turn_completed'],
  ['llmNodeTtftMs', 'LLM ttft'],
  ['ttsNodeTtfbMs', 'TTS ttfb'],
  ['playbackLatencyMs', 'Playback'],
  ['unexplainedMs', 'Unexplained'],
];
export const EVENT_METRICS = [
  ['formulaLatencyMs', 'Total (EOU + LLM ttft + TTS ttfb)'],
  ['eouDelayMs', 'End of utterance'],
  ['transcriptionDelayMs', 'Transcription delay'],
  ['onUserTurnCompletedDelayMs', 'on_user_turn_completed'],
  ['llmTtftMs', 'LLM ttft'],
  ['ttsTtfbMs', 'TTS ttfb'],
];

/** What a turn flag means, for people. */
export const FLAG_TEXT = {
  staleAnchor: 'the end-of-speech anchor is stale (older than this turn), so e2e is not this turn’s wait',
  implausibleLatency: 'a latency above the plausible maximum',
  missingMetrics: 'the reply message has no latency metrics',
  missingE2e: 'the SDK wrote no e2e latency for this reply',
  e2eMissingAfterHandoff: 'e2e lost after an agent handoff',
  negativeUnexplained: 'the parts add up to more than e2e without preemptive generation',
};

/**
 * Whether `text` is a session report (else a metrics-event log). Reports are one JSON
 * object with a chat history; a metrics event has `type` or `metrics`.
 */
export function isSessionReport(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    // Not one JSON value: JSON lines (a metrics log) or broken JSON. A broken report
    // still names its chat history, and then gets the report parser's error.
    return /"chat_?[hH]istory"\s*:/.test(text.slice(0, 200_000));
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !('type' in value) && !('metrics' in value);
}

/** An error thrown by the package as plain data (`code`, `field`, `line`, ...). */
export function errorInfo(e) {
  return {
    code: typeof e?.code === 'string' ? e.code : 'Error',
    message: String(e?.message ?? e),
    field: e?.field,
    index: e?.index,
    line: e?.line,
    column: e?.column,
  };
}

/** Analyses one file; never throws: a bad file becomes `{ status: 'error', error }`. */
export function analyzeFile(lib, name, text) {
  try {
    return isSessionReport(text) ? fromReport(lib, name, text) : fromEvents(lib, name, text);
  } catch (e) {
    return { name, status: 'error', error: errorInfo(e) };
  }
}

function fromReport(lib, name, text) {
  const a = lib.analyzeSessionReport(text);
  const turns = a.turns.map((t) => {
    const parts = REPORT_PARTS.map((p) => ({ ...p, ms: t[p.key] }));
    return {
      index: t.index,
      kind: t.kind,
      raw: t,
      parts,
      endMs: t.e2eLatencyMs,
      endLabel: 'e2e',
      unexplainedMs: t.unexplainedMs,
      flagged: t.flags.length > 0,
      reasons: t.flags.map((f) => FLAG_TEXT[f] ? `${f}: ${FLAG_TEXT[f]}` : f),
      note: t.e2eLatencyMs === undefined ? (t.realtime ? 'no e2e (realtime reply)' : t.agentMessages === 0 ? 'no reply spoken' : 'no e2e') : undefined,
      subNote: t.e2eLatencyMs === undefined && t.realtime ? 'see the metrics-event log' : undefined,
      inStats: t.kind === 'user' && t.flags.length === 0,
      text: t.userText,
    };
  });
  return {
    name,
    status: 'ok',
    kind: 'report',
    title: describeReport(a),
    analysis: a,
    turns,
    summary: a.summary,
    summaryTurns: a.summary.userTurns,
    metrics: REPORT_METRICS,
    defaultMetric: 'e2eLatencyMs',
    usageRows: a.usage.models,
    usageFlags: a.usage.flags,
    price: (prices) => priceUsageRows(lib, a.usage.models, prices),
    timeline: a.timeline,
    startedAtMs: a.startedAtMs,
    skipped: a.skipped.length,
  };
}

function describeReport(a) {
  const sdk = a.sdk === 'python' ? 'Python' : a.sdk === 'node' ? 'Node' : 'unknown';
  const bits = [`session report, ${sdk} SDK${a.sdkVersion ? ` ${a.sdkVersion}` : ''}`];
  if (a.room) bits.push(`room ${a.room}`);
  if (a.durationMs !== undefined) bits.push(`${(a.durationMs / 1000).toFixed(1)} s`);
  if (a.closeReason) bits.push(`closed: ${a.closeReason}`);
  return bits.join(' · ');
}

function fromEvents(lib, name, text) {
  const raw = lib.computeTurnLatency(text);
  const session = new lib.SessionMetrics();
  let summary;
  try {
    session.pushMany(text);
    session.flush();
    summary = session.summary();
  } finally {
    session.free();
  }
  const usage = lib.computeUsage(text);
  const dialects = new Set(lib.normalizeMetrics(text).records.map((r) => r.dialect));
  const turns = raw.map((t, i) => {
    const missing = t.kind === 'user' ? t.missing : [];
    return {
      index: i,
      kind: t.kind,
      raw: t,
      parts: EVENT_PARTS.map((p) => ({ ...p, ms: t[p.key] })),
      endMs: t.formulaLatencyMs,
      endLabel: 'total',
      flagged: missing.length > 0,
      reasons: missing.length ? [`missing ${missing.join(', ')} metrics${t.cancelled ? ' (reply cancelled)' : ''}`] : [],
      note: t.kind === 'speculative' ? 'speculative (discarded)' : t.formulaLatencyMs === undefined ? `no total (missing ${t.missing.join(', ')})` : undefined,
      subNote: t.kind === 'speculative' ? 'billed; not in the statistics' : undefined,
      inStats: t.kind === 'user',
      text: t.speechId,
    };
  });
  return {
    name,
    status: 'ok',
    kind: 'events',
    title: `metrics-event log · ${[...dialects].join(' + ') || 'no events'} · ${raw.length} turns`,
    turns,
    summary,
    summaryTurns: summary.userTurns,
    metrics: EVENT_METRICS,
    defaultMetric: 'formulaLatencyMs',
    usageRows: usage.models,
    usageFlags: usage.flags,
    price: (prices) => usage.cost(prices),
    timeline: undefined,
    startedAtMs: raw[0]?.startedAtMs,
    skipped: 0,
    dispose: () => usage.free(),
  };
}

/** The values behind a distribution: the turns the summary counts, with the value. */
export function distributionValues(session, metric) {
  return session.turns
    .filter((t) => t.inStats && t.raw[metric] !== undefined)
    .map((t) => ({ turn: t.index, ms: t.raw[metric] }));
}
