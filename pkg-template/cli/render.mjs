// The human-readable output: per file a per-turn table, the session summary and the
// usage (with cost), then the across-files summary. Numbers are rounded for display
// only (ms to 0.1, cost to 6 decimals); --json has them exact.
// Input-derived text outside tables (file names, provider/model names, reasons) goes
// through `printable`; table cells are escaped by renderTable.
import { printable } from './printable.mjs';
import { renderTable } from './table.mjs';
import { EVENT_ROWS, REPORT_ROWS, partMs, summaryStats } from './overall.mjs';

const NONE = '-';
const ms = (v) => (v === undefined ? NONE : v.toFixed(1));
const int = (v) => (v === undefined || v === 0 ? NONE : String(v));
const seconds = (v) => (v === undefined || v === 0 ? NONE : (v / 1000).toFixed(1));
const money = (v) => v.toFixed(6);
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const KIND = { user: 'user', agentInitiated: 'agent', speculative: 'speculative' };

const LABELS = {
  e2eLatencyMs: 'e2e',
  endOfTurnDelayMs: 'end of turn',
  transcriptionDelayMs: 'transcription',
  onUserTurnCompletedDelayMs: 'hook',
  llmNodeTtftMs: 'llm ttft',
  llmNodeTtfsMs: 'llm ttfs',
  ttsNodeTtfbMs: 'tts ttfb',
  playbackLatencyMs: 'playback',
  unexplainedMs: 'unexplained',
  formulaLatencyMs: 'formula',
  firstSentenceMs: 'first sentence',
  eouDelayMs: 'eou',
  llmTtftMs: 'llm ttft',
  ttsTtfbMs: 'tts ttfb',
};

const left = (header) => ({ header });
const right = (header) => ({ header, align: 'right' });

/**
 * A table without the columns that are empty (`-`) in every row, but those `keep` names.
 * @param {import('./table.mjs').Column[]} columns
 * @param {string[][]} rows
 * @param {(column: number) => boolean} [keep]
 */
function compactTable(columns, rows, keep = () => false) {
  const used = columns.map((c, i) => keep(i) || rows.some((r) => r[i] !== NONE && r[i] !== ''));
  return renderTable(
    columns.filter((_, i) => used[i]),
    rows.map((r) => r.filter((_, i) => used[i])),
  );
}

function reportTurns(file) {
  const columns = [right('#'), left('kind'), right('e2e'), right('end of turn'), right('hook'), right('llm ttft'),
    right('first sentence'), right('tts ttfb'), right('playback'), right('unexplained'), left('flags'), left('notes')];
  const rows = file.turns.map((t) => {
    const notes = [];
    if (t.realtime) notes.push('realtime');
    if (t.interrupted) notes.push('interrupted');
    if (t.agentMessages === 0) notes.push('no reply');
    if (t.toolCalls.length > 0) notes.push(`tools: ${t.toolCalls.map((c) => c.name).join(', ')}`);
    if (t.handoff) notes.push('handoff');
    notes.push(...waterfallNotes(t));
    return [String(t.index), KIND[t.kind] ?? t.kind, ms(t.e2eLatencyMs), ms(t.endOfTurnDelayMs),
      ms(t.onUserTurnCompletedDelayMs), ms(t.llmNodeTtftMs), ms(partMs(t, 'firstSentence')), ms(t.ttsNodeTtfbMs),
      ms(t.playbackLatencyMs), ms(t.unexplainedMs), t.flags.join(', '), notes.join('; ')];
  });
  return compactTable(columns, rows, (i) => i <= 2);
}

const NOTES = {
  firstSentenceFromEvents: 'llm start from speech_created',
  firstSentenceUnknown: 'first sentence in unexplained',
  overlapUnplaced: 'preemptive overlap not placed',
  realtimeUnsplit: 'realtime model time unsplit',
};

/** Short notes on a turn's waterfall: work done ahead, and how it was placed. */
function waterfallNotes(t) {
  const notes = (t.waterfallNotes ?? []).map((n) => NOTES[n] ?? n);
  const ahead = t.waterfall.reduce((s, p) => s + (p.aheadMs ?? 0), 0);
  if (ahead >= 0.05) notes.push(`${ahead.toFixed(1)} ms ahead`);
  return notes;
}

function eventTurns(file) {
  const costs = file.cost?.turns;
  const columns = [right('#'), left('speech id'), left('kind'), right('e2e'), right('eou'), right('hook'),
    right('llm ttft'), right('first sentence'), right('tts ttfb'), right('unexplained'), right('formula'),
    right('llm steps'), right(`cost ${file.cost?.currency ?? ''}`.trim()), left('notes')];
  const rows = file.turns.map((t, i) => {
    const notes = [];
    if (t.missing.length > 0 && t.kind === 'user') notes.push(`missing ${t.missing.join(', ')}`);
    if (t.cancelled) notes.push('cancelled');
    if (t.realtime) notes.push('realtime');
    notes.push(...waterfallNotes(t));
    // Usage turns and latency turns are the same turns in the same order.
    const c = costs?.[i];
    const cost = c === undefined || c.speechId !== t.speechId ? NONE : `${money(c.cost)}${c.hasUnpriced ? '+' : ''}`;
    return [String(i), t.speechId ?? NONE, KIND[t.kind] ?? t.kind, ms(t.e2eLatencyMs), ms(t.eouDelayMs),
      ms(t.onUserTurnCompletedDelayMs), ms(t.llmTtftMs), ms(partMs(t, 'firstSentence')), ms(t.ttsTtfbMs),
      ms(t.unexplainedMs), ms(t.formulaLatencyMs), String(t.llmSteps), cost, notes.join('; ')];
  });
  return compactTable(columns, rows, (i) => i <= 3);
}

/** Count, min, percentiles, mean, max of each measure that has values. */
function statsTable(summary, measures) {
  const rows = measures
    .filter((m) => summaryStats(summary, m).count > 0)
    .map((m) => {
      const s = summaryStats(summary, m);
      return [LABELS[m], String(s.count), ms(s.min), ms(s.p50), ms(s.p90), ms(s.p95), ms(s.p99), ms(s.mean), ms(s.max)];
    });
  if (rows.length === 0) return '  (no values)';
  return renderTable(
    [left('ms'), right('n'), right('min'), right('p50'), right('p90'), right('p95'), right('p99'), right('mean'), right('max')],
    rows,
  );
}

function usageTable(file) {
  const cost = file.cost;
  const priced = (row) => {
    const kind = row.type.replace(/_usage$/, '');
    const match = (m) => m.kind === kind && m.provider === row.provider && m.model === row.model;
    if (cost.unpriced.some(match)) return 'unpriced';
    const m = cost.models.find(match);
    return m === undefined ? NONE : money(m.cost);
  };
  const columns = [left('usage'), left('provider'), left('model'), right('input tok'), right('cached tok'),
    right('output tok'), right('chars'), right('audio s'), right('requests')];
  if (cost) columns.push(right(`cost ${cost.currency}`));
  const rows = file.usage.map((r) => {
    const row = [r.type.replace(/_usage$/, ''), r.provider || '""', r.model || '""', int(r.inputTokens),
      int(r.inputCachedTokens), int(r.outputTokens), int(r.charactersCount), seconds(r.audioDurationMs),
      int(r.totalRequests)];
    if (cost) row.push(priced(r));
    return row;
  });
  if (rows.length === 0) return '  usage: none recorded';
  return compactTable(columns, rows, (i) => i <= 2 || (cost !== undefined && i === columns.length - 1));
}

function costLine(cost) {
  let line = `  cost: ${money(cost.total)} ${cost.currency}`;
  if (cost.speculative > 0) line += ` (speculative generations: ${money(cost.speculative)})`;
  if (cost.unpriced.length > 0) {
    const what = cost.unpriced.map((u) => `${u.kind} ${u.provider}/${u.model} (no ${u.missing.join(', ')})`);
    line += `, a lower bound: not priced: ${printable(what.join('; '))}`;
  }
  return line;
}

function heading(file) {
  const users = file.turns.filter((t) => t.kind === 'user').length;
  const parts = [];
  if (file.kind === 'report') {
    const sdk = { python: 'Python SDK', node: 'Node SDK' }[file.sdk];
    parts.push(sdk ? `session report (${[sdk, file.sdkVersion].filter(Boolean).join(' ')})` : 'session report');
    if (file.durationMs !== undefined) parts.push(`${(file.durationMs / 1000).toFixed(1)} s`);
  } else {
    parts.push('metrics event log');
  }
  parts.push(`${plural(file.turns.length, 'turn')} (${users} user)`);
  if (file.skipped > 0) parts.push(`${file.skipped} ${file.kind === 'report' ? 'malformed items' : 'invalid events'} skipped`);
  if (file.duplicatesDropped > 0) parts.push(`${plural(file.duplicatesDropped, 'duplicate')} dropped`);
  return `── ${printable(file.path)}: ${printable(parts.join(', '))}`;
}

/** One analysed file: heading, turns, summary, usage and cost. */
export function renderFile(file) {
  const out = [heading(file), ''];
  if (file.turns.length === 0 && file.usage.length === 0) {
    out.push('  no LiveKit metrics in this file', '');
    return out.join('\n');
  }
  if (file.turns.length > 0) {
    out.push('  turns, ms', file.kind === 'report' ? reportTurns(file) : eventTurns(file), '');
  }
  const s = file.summary;
  out.push(file.kind === 'report'
    ? `  latency over ${plural(s.userTurns, 'unflagged user turn')}${s.flaggedTurns > 0 ? ` (${s.flaggedTurns} flagged, left out)` : ''}`
    : `  latency over ${plural(s.userTurns, 'user turn')} (formula = eou + llm ttft + tts ttfb)`);
  out.push(statsTable(s, file.kind === 'report' ? REPORT_ROWS : EVENT_ROWS), '');
  out.push(usageTable(file));
  if (file.cost) out.push(costLine(file.cost));
  for (const f of file.usageFlags) out.push(`  usage note: ${printable(`${f.kind} ${f.provider}/${f.model}: ${f.reason}`)}`);
  out.push('');
  return out.join('\n');
}

/** The across-files summary. */
export function renderOverall(overall, files) {
  const out = [`══ all files: ${overall.analysed} analysed, ${overall.failed} failed`, ''];
  const r = overall.reports;
  if (r.files > 0) {
    out.push(`  session reports: ${plural(r.files, 'file')}, latency over ${plural(r.userTurns, 'unflagged user turn')}${r.flaggedTurns > 0 ? ` (${r.flaggedTurns} flagged, left out)` : ''}`);
    out.push(statsTable(r, REPORT_ROWS), '');
  }
  const e = overall.eventLogs;
  if (e.files > 0) {
    out.push(`  metrics event logs: ${plural(e.files, 'file')}, latency over ${plural(e.userTurns, 'user turn')}`);
    out.push(statsTable(e, EVENT_ROWS), '');
  }
  if (overall.cost) {
    const unpriced = overall.cost.filesWithUnpriced > 0 ? ` (a lower bound: ${plural(overall.cost.filesWithUnpriced, 'file')} with unpriced usage)` : '';
    out.push(`  total cost: ${money(overall.cost.total)} ${overall.cost.currency}${unpriced}`, '');
  }
  const failed = files.filter((f) => !f.ok);
  if (failed.length > 0) {
    out.push('  failed (details on stderr):');
    for (const f of failed) out.push(`    ${printable(f.path)} [${printable(f.error.code)}]`);
    out.push('');
  }
  return out.join('\n');
}
