// DOM rendering of the files table and of the selected file's details. Every number
// shown carries its exact value in `data-value` (what the browser test compares).
import { distribution, entryDetail, kindLabel, MARKER_LEGEND, timeline, waterfall } from './charts.js';
import { fmtCount, fmtMoney, fmtMs, fmtMsBare } from './format.js';
import { distributionValues } from './model.js';

const $ = (id) => document.getElementById(id);

/** An HTML element with attributes and children (strings become text). */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'onclick' || k === 'onchange') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

/** A numeric cell: formatted text, exact value in `data-value`. */
const numCell = (value, text, attrs = {}) => h('td', { class: 'num', 'data-value': value, ...attrs }, text);
const msCell = (ms, attrs = {}) => numCell(ms, fmtMsBare(ms), attrs);

function errorText(err) {
  const where = [
    err.field !== undefined ? `field ${err.field}` : '',
    err.index !== undefined ? `item ${err.index}` : '',
    err.line !== undefined ? `line ${err.line}, column ${err.column}` : '',
  ].filter(Boolean).join(', ');
  return where ? `${err.message} (${where})` : err.message;
}

export function renderOverview({ state, costOf, select }) {
  const body = $('files').tBodies[0];
  body.replaceChildren(
    ...state.sessions.map((s) => {
      const selected = s.id === state.selectedId;
      const row = h('tr', { 'data-file': s.name, 'data-status': s.status, class: selected && s.status === 'ok' ? 'selected' : undefined });
      const link = h('button', {
        type: 'button',
        class: 'session-link',
        disabled: s.status !== 'ok',
        'aria-pressed': s.status === 'ok' ? String(selected) : undefined,
        onclick: () => select(s.id),
      }, s.name);
      if (s.status !== 'ok') {
        row.append(
          h('td', {}, link),
          h('td', { colspan: 7, class: 'muted' }, '—'),
          h('td', { class: 'status' }, h('span', { class: 'badge error', 'data-code': s.error.code }, `⚠ ${s.error.code}`), h('span', { class: 'err-detail' }, errorText(s.error))),
        );
        return row;
      }
      const stats = s.summary[s.defaultMetric];
      const cost = costOf(s);
      const flagged = s.turns.filter((t) => t.flagged).length;
      row.append(
        h('td', {}, link),
        h('td', { class: 'muted' }, s.kind === 'report' ? 'session report' : 'metrics-event log'),
        numCell(s.summaryTurns, fmtCount(s.summaryTurns), { 'data-col': 'turns' }),
        msCell(stats.p50, { 'data-col': 'p50' }),
        msCell(stats.p95, { 'data-col': 'p95' }),
        msCell(stats.p99, { 'data-col': 'p99' }),
        cost.result
          ? numCell(cost.result.total, `${fmtMoney(cost.result.total, cost.result.currency)}${cost.result.unpriced.length ? ' *' : ''}`, { 'data-col': 'cost' })
          : h('td', { class: 'num muted', 'data-col': 'cost' }, cost.error.code),
        numCell(flagged, fmtCount(flagged), { 'data-col': 'flagged' }),
        h('td', { class: 'status' }, h('span', { class: 'badge ok' }, 'OK')),
      );
      return row;
    }),
  );
}

export function renderDetail(ctx, s) {
  $('detail').dataset.file = s.name;
  $('detail-h').textContent = s.name;
  $('detail-sub').textContent = s.title + (s.skipped ? ` · ${s.skipped} malformed item${s.skipped === 1 ? '' : 's'} skipped` : '');
  renderWaterfall(s);
  renderDistribution(ctx, s);
  renderUsage(ctx, s);
  renderFlags(s);
  renderTimeline(s);
}

function legendItem(cls, text) {
  return h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
}

function renderWaterfall(s) {
  const parts = s.turns[0]?.parts ?? [];
  const end = s.kind === 'report' ? 'e2e (measured by the SDK)' : 'total';
  $('wf-legend').replaceChildren(
    ...parts.map((p) => legendItem(p.cls, p.label)),
    legendItem('marker', end),
    ...(s.kind === 'report' ? [legendItem('overlap', 'overlap (parts exceed e2e: preemptive generation)')] : []),
  );
  const drawable = s.turns.some((t) => t.endMs !== undefined || t.parts.some((p) => p.ms > 0));
  $('wf-chart').replaceChildren(
    drawable
      ? waterfall(s)
      : h('p', { class: 'empty' }, s.kind === 'report'
        ? 'No turn in this report has latency parts to draw (realtime replies carry no per-message latency in Node reports): load the session’s metrics-event log for the model’s time to first token.'
        : 'No turn in this log has a latency to draw.'),
  );
  const table = $('turns');
  const cols = s.kind === 'report'
    ? [['e2eLatencyMs', 'e2e'], ['endOfTurnDelayMs', 'End of turn'], ['onUserTurnCompletedDelayMs', 'on_user_turn_completed'], ['llmNodeTtftMs', 'LLM ttft'], ['ttsNodeTtfbMs', 'TTS ttfb'], ['playbackLatencyMs', 'Playback'], ['unexplainedMs', 'Unexplained']]
    : [['formulaLatencyMs', 'Total'], ['eouDelayMs', 'EOU'], ['llmTtftMs', 'LLM ttft'], ['ttsTtfbMs', 'TTS ttfb'], ['transcriptionDelayMs', 'Transcription'], ['onUserTurnCompletedDelayMs', 'on_user_turn_completed']];
  table.tHead.rows[0].replaceChildren(
    h('th', { scope: 'col' }, 'Turn'),
    h('th', { scope: 'col' }, 'Kind'),
    h('th', { scope: 'col' }, s.kind === 'report' ? 'User said' : 'Speech id'),
    ...cols.map(([, label]) => h('th', { scope: 'col', class: 'num' }, `${label} (ms)`)),
    h('th', { scope: 'col' }, 'Flags'),
  );
  table.tBodies[0].replaceChildren(
    ...s.turns.map((t) =>
      h('tr', { 'data-turn': t.index, class: t.flagged ? 'flagged' : undefined },
        h('th', { scope: 'row' }, `${t.index + 1}`),
        h('td', {}, kindLabel(t.kind)),
        h('td', { class: 'muted' }, t.text ?? '—'),
        ...cols.map(([key]) => msCell(t.raw[key], { 'data-key': key })),
        h('td', {}, t.flagged ? h('span', { class: 'flag-mark' }, `⚑ ${t.raw.flags?.join(', ') ?? t.raw.missing.map((m) => `missing ${m}`).join(', ')}`) : t.note ? h('span', { class: 'muted' }, t.note) : ''),
      ),
    ),
  );
}

function renderDistribution({ state, setMetric }, s) {
  const metric = state.metric[s.kind] ?? s.defaultMetric;
  const label = s.metrics.find(([k]) => k === metric)?.[1] ?? metric;
  const select = $('metric');
  select.replaceChildren(...s.metrics.map(([k, l]) => h('option', { value: k, selected: k === metric }, l)));
  select.onchange = () => setMetric(s.kind, select.value);
  const stats = s.summary[metric];
  $('ptiles').replaceChildren(
    ...['p50', 'p95', 'p99'].map((q) =>
      h('div', { id: `stat-${q}`, 'data-value': stats[q] }, h('dt', {}, `${q} (ms)`), h('dd', {}, fmtMsBare(stats[q]))),
    ),
  );
  const values = distributionValues(s, metric);
  $('dist-chart').replaceChildren(
    values.length ? distribution(`dist-${s.id}`, values, stats, label) : h('p', { class: 'empty' }, `No user turn has a ${label} value.`),
  );
  $('stats').tBodies[0].replaceChildren(
    ...s.metrics.map(([k, l]) => {
      const st = s.summary[k];
      return h('tr', { 'data-key': k },
        h('th', { scope: 'row' }, l),
        numCell(st.count, fmtCount(st.count)),
        ...['min', 'p50', 'p90', 'p95', 'p99', 'max', 'mean'].map((q) => msCell(st[q])),
      );
    }),
  );
}

function usageText(r) {
  const bits = [];
  const tokens = (n, what) => n ? bits.push(`${fmtCount(n)} ${what}`) : undefined;
  switch (r.type) {
    case 'llm_usage':
      bits.push(`${fmtCount(r.inputTokens)} input tokens${r.inputCachedTokens ? ` (${fmtCount(r.inputCachedTokens)} cached)` : ''}`);
      tokens(r.inputCacheCreationTokens, 'cache-write tokens');
      tokens(r.inputAudioTokens, 'audio input tokens');
      bits.push(`${fmtCount(r.outputTokens)} output tokens`);
      tokens(r.outputAudioTokens, 'audio output tokens');
      tokens(r.outputReasoningTokens, 'reasoning tokens');
      if (r.sessionDurationMs) bits.push(`${fmtMs(r.sessionDurationMs)} connected`);
      break;
    case 'tts_usage':
      bits.push(`${fmtCount(r.charactersCount)} characters`, `${fmtMs(r.audioDurationMs)} of audio`);
      tokens(r.inputTokens, 'input tokens');
      tokens(r.outputTokens, 'output tokens');
      break;
    case 'stt_usage':
      bits.push(`${fmtMs(r.audioDurationMs)} of audio`);
      tokens(r.inputTokens, 'input tokens');
      tokens(r.outputTokens, 'output tokens');
      break;
    default:
      bits.push(`${fmtCount(r.totalRequests)} requests`);
  }
  return bits.join(' · ');
}

function renderUsage({ costOf }, s) {
  const cost = costOf(s);
  const same = (r) => (m) => m.kind === r.type.replace(/_usage$/, '') && m.provider === r.provider && m.model === r.model;
  $('usage-table').tBodies[0].replaceChildren(
    ...s.usageRows.map((r) => {
      const kind = r.type.replace(/_usage$/, '');
      let cell;
      const priced = cost.result?.models.find(same(r));
      const unpriced = cost.result?.unpriced.find(same(r));
      if (priced) cell = numCell(priced.cost, fmtMoney(priced.cost, cost.result.currency), { 'data-col': 'cost' });
      else if (unpriced) cell = h('td', { class: 'num error-text', 'data-col': 'cost', 'data-unpriced': unpriced.missing.join(',') }, `no price (${unpriced.missing.join(', ')})`);
      else cell = h('td', { class: 'num muted', 'data-col': 'cost' }, cost.error ? cost.error.code : '—');
      return h('tr', { 'data-kind': kind, 'data-model': `${r.provider}/${r.model}` },
        h('td', {}, kind.toUpperCase()),
        h('td', {}, `${r.provider || '(no provider)'} / ${r.model || '(no model)'}`),
        h('td', {}, usageText(r)),
        cell,
      );
    }),
  );
  const total = $('cost-total');
  if (cost.result) {
    total.dataset.value = String(cost.result.total);
    total.textContent = fmtMoney(cost.result.total, cost.result.currency) + (cost.result.unpriced.length ? ' + unpriced' : '');
  } else {
    delete total.dataset.value;
    total.textContent = cost.error.code;
  }
  const notes = [];
  if (s.usageRows.length === 0) notes.push('No usage in this file.');
  if (cost.result?.unpriced.length) notes.push('Models without a price are listed, never counted as 0.');
  for (const f of s.usageFlags) notes.push(`${f.kind} ${f.provider}/${f.model}: ${f.reason === 'fallbackAdapter' ? 'attributed to a FallbackAdapter' : 'unknown model'}.`);
  if (cost.error) notes.push(`Not priced: ${cost.error.code}${cost.error.message ? ` (${cost.error.message})` : ''}.`);
  $('usage-note').textContent = notes.join(' ');
}

function renderFlags(s) {
  const flagged = s.turns.filter((t) => t.flagged);
  $('flag-list').replaceChildren(
    ...(flagged.length
      ? flagged.map((t) => h('li', { 'data-turn': t.index }, h('strong', {}, `Turn ${t.index + 1}`), ` (${kindLabel(t.kind)}): ${t.reasons.join('; ')}`))
      : [h('li', { class: 'empty' }, s.kind === 'report' ? 'No flagged turns: every turn’s numbers can be trusted.' : 'No user turn is missing a latency component.')]),
  );
}

function renderTimeline(s) {
  const details = $('tl-details');
  if (!s.timeline) {
    $('tl-legend').replaceChildren();
    $('tl-chart').replaceChildren(h('p', { class: 'empty' }, 'Metrics-event logs carry no session timeline: load the session report for it.'));
    details.hidden = true;
    return;
  }
  details.hidden = false;
  $('tl-legend').replaceChildren(
    legendItem('st-speaking-agent', 'agent speaking'),
    legendItem('st-speaking-user', 'user speaking'),
    legendItem('st-thinking', 'thinking'),
    legendItem('st-listening', 'listening'),
    legendItem('wait', 'turn wait (user stopped → agent spoke)'),
    ...MARKER_LEGEND.map(([, [letter, text]]) => h('li', {}, h('strong', {}, letter), ` ${text}`)),
  );
  $('tl-chart').replaceChildren(timeline(s));
  const t0 = s.startedAtMs ?? 0;
  $('tl-table').tBodies[0].replaceChildren(
    ...[...s.timeline].sort((a, b) => a.atMs - b.atMs).map((e) =>
      h('tr', {}, msCell(e.atMs - t0), h('td', {}, e.type), h('td', {}, entryDetail(e))),
    ),
  );
}
