// The across-files summary (`overall` in --json): exact statistics over every
// analysed file's user turns, from the collected values (never an average of
// per-file percentiles).
//
// Session reports and metrics event logs measure different things, so they are
// summarized apart: reports give the SDK's measured wait (`e2eLatencyMs`) over their
// unflagged user turns, the population of the library's `ChatLatencySummary`; event
// logs give the same heard wait from the events' timestamps (`e2eLatencyMs`) and the
// documented `eou + llm ttft + tts ttfb` formula (`formulaLatencyMs`) over their user
// turns, the population of `LatencySummary`. Each part has the statistics of that
// library summary (`firstSentenceMs` is its `waterfall.firstSentenceMs`) plus `files`,
// so over one file it equals the file's own summary.
import { latencyStats } from './stats.mjs';

/** The statistics of `ChatLatencySummary`, in its order. */
export const REPORT_MEASURES = [
  'e2eLatencyMs', 'endOfTurnDelayMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs',
  'llmNodeTtftMs', 'llmNodeTtfsMs', 'ttsNodeTtfbMs', 'playbackLatencyMs', 'unexplainedMs',
];
/** The statistics of `LatencySummary`, in its order. */
export const EVENT_MEASURES = [
  'e2eLatencyMs', 'formulaLatencyMs', 'eouDelayMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs', 'llmTtftMs',
  'ttsTtfbMs',
];
/** The rows of the statistics tables: the measures and waterfall parts (`waterfall.*`). */
export const REPORT_ROWS = [
  'e2eLatencyMs', 'endOfTurnDelayMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs',
  'llmNodeTtftMs', 'llmNodeTtfsMs', 'firstSentenceMs', 'ttsNodeTtfbMs', 'playbackLatencyMs', 'unexplainedMs',
];
export const EVENT_ROWS = [
  'e2eLatencyMs', 'formulaLatencyMs', 'eouDelayMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs', 'llmTtftMs',
  'firstSentenceMs', 'ttsTtfbMs', 'unexplainedMs',
];

/** A turn's waterfall part `name` in ms (absent without a waterfall). */
export const partMs = (t, name) =>
  t.waterfall.length === 0 ? undefined : t.waterfall.reduce((s, p) => (p.part === name ? s + p.durationMs : s), 0);

/** The value of measure `m` of turn `t`, ms. */
export const measure = (t, m) => (m === 'firstSentenceMs' ? partMs(t, 'firstSentence') : t[m]);

/** The statistics of row `m` in a library summary or an `overall` part. */
export const summaryStats = (summary, m) => summary[m] ?? summary.waterfall[m];

/** The waterfall parts of the library's `WaterfallSummary`, in its order. */
const PARTS = ['endOfTurn', 'onUserTurnCompleted', 'toolStep', 'toolExecution', 'llmTtft', 'firstSentence',
  'ttsTtfb', 'realtimeTtft', 'playback', 'unexplained'];

function statsOf(measures, turns) {
  const out = {};
  for (const m of measures) {
    out[m] = latencyStats(turns.map((t) => measure(t, m)).filter((v) => v !== undefined));
  }
  const withWaterfall = turns.filter((t) => t.waterfall.length > 0);
  out.waterfall = {};
  for (const p of PARTS) out.waterfall[`${p}Ms`] = latencyStats(withWaterfall.map((t) => partMs(t, p)));
  return out;
}

/**
 * @param {any[]} files the --json `files` entries
 * @param {string | undefined} currency the price table's, when priced
 */
export function overallSummary(files, currency) {
  const ok = files.filter((f) => f.ok);
  const reports = ok.filter((f) => f.kind === 'report');
  const logs = ok.filter((f) => f.kind === 'events');
  const reportTurns = reports.flatMap((f) => f.turns.filter((t) => t.kind === 'user' && t.flags.length === 0));
  const logTurns = logs.flatMap((f) => f.turns.filter((t) => t.kind === 'user'));
  const out = {
    files: files.length,
    analysed: ok.length,
    failed: files.length - ok.length,
    reports: {
      files: reports.length,
      userTurns: reportTurns.length,
      flaggedTurns: reports.reduce((n, f) => n + f.summary.flaggedTurns, 0),
      ...statsOf(REPORT_MEASURES, reportTurns),
    },
    eventLogs: {
      files: logs.length,
      userTurns: logTurns.length,
      ...statsOf(EVENT_MEASURES, logTurns),
    },
  };
  if (currency !== undefined) {
    let total = 0;
    for (const f of ok) total += f.cost.total;
    out.cost = { currency, total, filesWithUnpriced: ok.filter((f) => f.cost.unpriced.length > 0).length };
  }
  return out;
}
