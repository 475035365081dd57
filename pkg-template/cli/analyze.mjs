// One file → one result of the CLI's --json shape (documented in the README,
// "Command line"). Every number comes from the library; nothing is recomputed here.
//
// Kind detection, per file (examples/analyze does the same):
// - `*.jsonl`                                          → metrics event log (JSON lines);
// - a JSON object with `chat_history` / `chatHistory`  → session report;
// - text starting with `{` that is not JSON, whose first line is not a JSON value
//   either (so not JSON lines), and that names `chat_history` / `chatHistory`
//   → a broken session report: the report reader says where it breaks;
// - anything else (an array, one event, JSON lines, or not JSON at all) → metrics
//   event log, so a file that is neither fails with the library's own error code
//   (`InvalidJson` with line and column, `MissingField`, ...).
import { analyzeSessionReport, SessionMetrics } from '../node/index.mjs';
import { priceUsageRows } from './report-cost.mjs';

const parses = (text) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Whether `bytes` hold a session report, whole or broken (see above). */
export function isReport(path, bytes) {
  if (path.endsWith('.jsonl')) return false;
  // Only an object can be a report: skip the parse for arrays and other text.
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] !== 0x7b /* { */) return false;
  const text = bytes.toString('utf8');
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    const newline = text.indexOf('\n', i);
    const firstLine = newline === -1 ? text.slice(i) : text.slice(i, newline);
    return !parses(firstLine) && (text.includes('"chat_history"') || text.includes('"chatHistory"'));
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && ('chat_history' in value || 'chatHistory' in value);
}

function analyzeReport(bytes, options) {
  const a = analyzeSessionReport(bytes);
  const result = {
    kind: 'report',
    sdk: a.sdk,
    sdkVersion: a.sdkVersion,
    durationMs: a.durationMs,
    turns: a.turns,
    summary: a.summary,
    flags: a.flags,
    usage: a.usage.models,
    usageFlags: a.usage.flags,
    skipped: a.skipped.length,
  };
  if (options.prices) result.cost = priceUsageRows(a.usage.models, options.prices);
  options.aggregator?.addReport(bytes);
  return result;
}

function analyzeEvents(bytes, options) {
  const session = new SessionMetrics({ onInvalid: options.skipInvalid ? 'skip' : 'fail' });
  try {
    session.pushMany(bytes);
    session.flush();
    const usage = session.usage();
    try {
      const result = {
        kind: 'events',
        turns: session.turns(),
        summary: session.summary(),
        usage: usage.models,
        usageFlags: usage.flags,
        duplicatesDropped: usage.duplicatesDropped,
        skipped: session.skipped.length,
      };
      if (options.prices) result.cost = usage.cost(options.prices);
      // The session as it was read (with --skip-invalid, without the skipped events).
      options.aggregator?.addSession(session);
      return result;
    } finally {
      usage.free();
    }
  } finally {
    session.free();
  }
}

/** The library's error properties (`code`, `field`, `index`, `line`, `column`), plain. */
export function errorInfo(e) {
  const info = { code: typeof e?.code === 'string' ? e.code : 'Internal', message: String(e?.message ?? e) };
  for (const key of ['field', 'index', 'line', 'column']) if (e?.[key] !== undefined) info[key] = e[key];
  return info;
}

/**
 * Analyses one file's bytes.
 * @param {string} path as shown
 * @param {Buffer} bytes
 * @param {{ prices?: string, skipInvalid?: boolean, aggregator?: import('../node/index.mjs').LatencyAggregator }} options
 *   `prices`: a price table's JSON text; `aggregator`: also add the file to it (--prometheus)
 * @returns the file's entry of the --json `files` array
 */
export function analyzeFile(path, bytes, options) {
  try {
    const result = isReport(path, bytes) ? analyzeReport(bytes, options) : analyzeEvents(bytes, options);
    return { path, ok: true, bytes: bytes.length, ...result };
  } catch (e) {
    return { path, ok: false, error: errorInfo(e) };
  }
}
