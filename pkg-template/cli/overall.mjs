// The across-files summary (`overall` in --json): exact statistics over every
// analysed file's user turns, from the collected values (never an average of
// per-file percentiles).
//
// Session reports and metrics event logs measure different things, so they are
// summarized apart: reports give the SDK's measured wait (`e2eLatencyMs`) over their
// unflagged user turns, the population of the library's `ChatLatencySummary`; event
// logs give the `eou + llm ttft + tts ttfb` estimate (`formulaLatencyMs`) over their
// user turns, the population of `LatencySummary`. Each part has the shape of that
// library summary plus `files`, so over one file it equals the file's own summary.
import { latencyStats } from './stats.mjs';

/** The statistics of `ChatLatencySummary`, in its order. */
export const REPORT_MEASURES = [
  'e2eLatencyMs', 'endOfTurnDelayMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs',
  'llmNodeTtftMs', 'llmNodeTtfsMs', 'ttsNodeTtfbMs', 'playbackLatencyMs', 'unexplainedMs',
];
/** The statistics of `LatencySummary`, in its order. */
export const EVENT_MEASURES = [
  'formulaLatencyMs', 'eouDelayMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs', 'llmTtftMs', 'ttsTtfbMs',
];

function statsOf(measures, turns) {
  const out = {};
  for (const m of measures) out[m] = latencyStats(turns.map((t) => t[m]).filter((v) => v !== undefined));
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
