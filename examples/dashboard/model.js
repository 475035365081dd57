// A loaded file → what the dashboard shows. Every number comes from the package:
// `analyzeSessionReport` for session reports, `computeTurnLatency` / `SessionMetrics`
// / `computeUsage` for metrics-event logs. Nothing here computes a latency or a price.
import { priceUsageRows } from './usage-bridge.js';

/**
 * The parts of a turn's waterfall (`turn.waterfall[i].part`), in the library's order,
 * with the name shown, the CSS class of the bar and the key of the part's statistics in
 * `summary.waterfall`.
 */
export const WATERFALL_PARTS = [
  { part: 'endOfTurn', label: 'End of turn', cls: 'eot', stat: 'endOfTurnMs' },
  { part: 'onUserTurnCompleted', label: 'on_user_turn_completed', cls: 'outc', stat: 'onUserTurnCompletedMs' },
  { part: 'toolStep', label: 'Tool-call LLM step', cls: 'toolstep', stat: 'toolStepMs' },
  { part: 'toolExecution', label: 'Tool execution', cls: 'tool', stat: 'toolExecutionMs' },
  { part: 'llmTtft', label: 'LLM ttft', cls: 'llm', stat: 'llmTtftMs' },
  { part: 'firstSentence', label: 'First sentence', cls: 'fs', stat: 'firstSentenceMs' },
  { part: 'ttsTtfb', label: 'TTS ttfb', cls: 'tts', stat: 'ttsTtfbMs' },
  { part: 'realtimeTtft', label: 'Realtime ttft', cls: 'rt', stat: 'realtimeTtftMs' },
  { part: 'playback', label: 'Playback', cls: 'playback', stat: 'playbackMs' },
  { part: 'unexplained', label: 'Unexplained', cls: 'unexplained', stat: 'unexplainedMs' },
];
const PART = Object.fromEntries(WATERFALL_PARTS.map((p) => [p.part, p]));

/** What the bars of a part mean (tooltips and the legend's titles). */
export const PART_TEXT = {
  endOfTurn: 'end of user speech → end-of-turn decision',
  onUserTurnCompleted: 'the agent’s on_user_turn_completed hook',
  toolStep: 'an LLM step that only called tools',
  toolExecution: 'the tools running',
  llmTtft: 'the spoken LLM step’s start → its first token',
  firstSentence: 'LLM first token → first text handed to the TTS (the wait for a sentence it can speak)',
  ttsTtfb: 'text handed to the TTS → its first audio',
  realtimeTtft: 'the realtime model’s response → its first audio',
  playback: 'first audio frame → playout',
  unexplained: 'time no part accounts for (scheduling, queueing)',
};

/**
 * The metrics-event logs' formula, EOU + LLM ttft + TTS ttfb: the key of a turn's value
 * and of its summary statistics (the one place that names it).
 */
export const FORMULA_KEY = 'formulaLatencyMs';
export const FORMULA_LABEL = 'formula (EOU + LLM ttft + TTS ttfb)';

/**
 * Whether a step's work ahead of time is shown: from 0.05 ms, what one decimal shows as
 * non-zero (sub-microsecond `aheadMs` is the rounding of timestamps, not work).
 */
export function shownAhead(step) {
  return step.aheadMs >= 0.05;
}

/** The parts that occur in a file's waterfalls, in the library's order. */
export function partsIn(session) {
  const seen = new Set(session.turns.flatMap((t) => t.steps.map((w) => w.part)));
  return WATERFALL_PARTS.filter((p) => seen.has(p.part));
}

/** What a waterfall note (`turn.waterfallNotes`) means: in a few words, and in full. */
export const NOTE_TEXT = {
  firstSentenceFromEvents: {
    short: 'first sentence placed from the speech_created event (no llm_node_ttfs): within a few ms',
    long: 'first sentence placed from the turn’s speech_created event (the report has no llm_node_ttfs): to within a few ms',
  },
  firstSentenceUnknown: {
    short: 'first-sentence wait not in this report: counted as unexplained',
    long: 'first-sentence wait not in this report (no llm_node_ttfs, no speech_created event): counted as unexplained',
  },
  overlapUnplaced: {
    short: 'LLM started early (preemptive) by an amount the report does not give: ttft counted in full',
    long: 'the LLM started early (preemptive) by an amount this report does not give: its ttft is counted on the critical path, although some of it ran ahead',
  },
  realtimeUnsplit: {
    short: 'realtime model: turn detection and generation are one part',
    long: 'realtime model: the message metrics do not split turn detection from generation, so they are one part (realtime ttft)',
  },
};

/** The latencies the distribution can show, per file kind: [summary key, label]. */
export const REPORT_METRICS = [
  ['e2eLatencyMs', 'End-to-end (e2e)'],
  ['endOfTurnDelayMs', 'End of turn'],
  ['transcriptionDelayMs', 'Transcription delay'],
  ['onUserTurnCompletedDelayMs', 'on_user_turn_completed'],
  ['llmNodeTtftMs', 'LLM ttft'],
  ['llmNodeTtfsMs', 'LLM ttfs (first sentence to the TTS; Python reports)'],
  ['ttsNodeTtfbMs', 'TTS ttfb'],
  ['playbackLatencyMs', 'Playback'],
  ['unexplainedMs', 'Unexplained'],
];
export const EVENT_METRICS = [
  ['e2eLatencyMs', 'End-to-end (e2e)'],
  [FORMULA_KEY, 'Formula: EOU + LLM ttft + TTS ttfb'],
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
  partsExceedE2e: 'the parts add up to more than the measured wait without preemptive generation',
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

/** A turn's waterfall steps as the library gives them, with each part's name and class. */
function stepsOf(t) {
  return (t.waterfall ?? []).map((w) => ({ ...(PART[w.part] ?? { label: w.part, cls: 'unknown' }), ...w }));
}

function fromReport(lib, name, text) {
  const a = lib.analyzeSessionReport(text);
  const turns = a.turns.map((t) => ({
    index: t.index,
    kind: t.kind,
    raw: t,
    steps: stepsOf(t),
    e2eMs: t.e2eLatencyMs,
    formulaMs: undefined,
    unexplainedMs: t.unexplainedMs,
    notes: (t.waterfallNotes ?? []).map((code) => ({ code, ...(NOTE_TEXT[code] ?? { short: code, long: code }) })),
    flagged: t.flags.length > 0,
    reasons: t.flags.map((f) => FLAG_TEXT[f] ? `${f}: ${FLAG_TEXT[f]}` : f),
    note: t.e2eLatencyMs === undefined ? (t.realtime ? 'no e2e (realtime reply)' : t.agentMessages === 0 ? 'no reply spoken' : 'no e2e') : undefined,
    subNote: t.e2eLatencyMs === undefined && t.realtime ? 'see the metrics-event log' : undefined,
    inStats: t.kind === 'user' && t.flags.length === 0,
    text: t.userText,
  }));
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
      steps: stepsOf(t),
      e2eMs: t.e2eLatencyMs,
      formulaMs: t[FORMULA_KEY],
      unexplainedMs: t.unexplainedMs,
      notes: [],
      flagged: missing.length > 0,
      reasons: missing.length ? [`missing ${missing.join(', ')} metrics${t.cancelled ? ' (reply cancelled)' : ''}`] : [],
      note: t.kind === 'speculative'
        ? 'speculative (discarded)'
        : t.e2eLatencyMs === undefined ? `no e2e${t.missing.length ? ` (missing ${t.missing.join(', ')})` : ''}` : undefined,
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
    defaultMetric: 'e2eLatencyMs',
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
