// DOM rendering of the files table and of the selected file's details. Every number
// shown carries its exact value in `data-value` (what the browser test compares).
import { distribution, entryDetail, kindLabel, MARKER_LEGEND, meanBar, timeline, waterfall } from './charts.js';
import { fmtCount, fmtMoney, fmtMs, fmtMsBare } from './format.js';
import { distributionValues, FORMULA_LABEL, PART_TEXT, partsIn, shownAhead, WATERFALL_PARTS } from './model.js';

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
  renderParts(s);
  renderDistribution(ctx, s);
  renderUsage(ctx, s);
  renderFlags(s);
  renderTimeline(s);
}

function legendItem(cls, text, tip) {
  return h('li', { title: tip }, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
}

function renderWaterfall(s) {
  const parts = partsIn(s);
  const anyAhead = s.turns.some((t) => t.steps.some(shownAhead));
  $('wf-legend').replaceChildren(
    ...parts.map((p) => legendItem(p.cls, p.label, PART_TEXT[p.part])),
    ...(anyAhead ? [legendItem('ahead', 'ahead (preemptive): done before the previous part ended, off the critical path')] : []),
    legendItem('marker', 'e2e (measured: end of user speech → first agent audio)'),
    ...(s.kind === 'events' ? [legendItem('formula', FORMULA_LABEL)] : []),
  );
  const drawable = s.turns.some((t) => t.e2eMs !== undefined || t.steps.length > 0);
  $('wf-chart').replaceChildren(
    drawable
      ? waterfall(s)
      : h('p', { class: 'empty' }, s.kind === 'report'
        ? 'No turn in this report has an e2e to draw (realtime replies carry no per-message latency in Node reports): load the session’s metrics-event log for the model’s time to first token.'
        : 'No turn in this log has an e2e to draw.'),
  );
  const table = $('turns');
  table.tHead.rows[0].replaceChildren(
    h('th', { scope: 'col' }, 'Turn'),
    h('th', { scope: 'col' }, 'Kind'),
    h('th', { scope: 'col', class: 'said' }, s.kind === 'report' ? 'User said' : 'Speech id'),
    h('th', { scope: 'col', class: 'num' }, 'e2e (ms)'),
    ...(s.kind === 'events' ? [h('th', { scope: 'col', class: 'num', title: FORMULA_LABEL }, 'Formula (ms)')] : []),
    // Break opportunities after the underscores, so that on_user_turn_completed can wrap.
    ...parts.map((p) => h('th', { scope: 'col', class: 'num', title: PART_TEXT[p.part] }, `${p.label.replaceAll('_', '_\u200b')} (ms)`)),
    h('th', { scope: 'col' }, 'Notes and flags'),
  );
  table.tBodies[0].replaceChildren(
    ...s.turns.map((t) =>
      h('tr', { 'data-turn': t.index, class: t.flagged ? 'flagged' : undefined },
        h('th', { scope: 'row' }, `${t.index + 1}`),
        h('td', {}, kindLabel(t.kind)),
        h('td', { class: 'muted' }, t.text ?? '—'),
        msCell(t.e2eMs, { 'data-key': 'e2e' }),
        ...(s.kind === 'events' ? [msCell(t.formulaMs, { 'data-key': 'formula' })] : []),
        ...parts.map((p) => partCell(t, p)),
        h('td', { class: 'turn-notes' }, ...turnNotes(t)),
      ),
    ),
  );
}

/**
 * A turn's part in the table: the duration of each of its steps of that part (several
 * when a part occurs more than once, e.g. two unexplained gaps), and the work done ahead.
 */
function partCell(t, p) {
  const steps = t.steps.filter((w) => w.part === p.part);
  if (!steps.length) return h('td', { class: 'num muted', 'data-part': p.part }, '—');
  const ahead = steps.filter(shownAhead);
  return h('td', { class: 'num', 'data-part': p.part, 'data-duration-ms': steps.map((w) => w.durationMs).join(',') },
    h('span', { class: 'dur' }, steps.map((w) => fmtMsBare(w.durationMs)).join(' + ')),
    ahead.length
      ? h('span', { class: 'ahead-note', 'data-ahead-ms': ahead.map((w) => w.aheadMs).join(','), title: 'done ahead of time (preemptive), off the critical path' },
        `+ ${ahead.map((w) => fmtMsBare(w.aheadMs)).join(' + ')} ahead`)
      : undefined,
  );
}

function turnNotes(t) {
  const out = [];
  if (t.flagged) out.push(h('span', { class: 'flag-mark' }, `⚑ ${t.raw.flags?.join(', ') ?? t.raw.missing.map((m) => `missing ${m}`).join(', ')}`));
  else if (t.note) out.push(h('span', { class: 'muted' }, t.note));
  for (const n of t.notes) out.push(h('span', { class: 'wf-note', 'data-note': n.code }, n.long));
  return out;
}

/** The headline (e2e) and where the wait goes: the summary's statistics of every part. */
function renderParts(s) {
  const e2e = s.summary.e2eLatencyMs;
  const wf = s.summary.waterfall;
  $('parts-n').textContent = `over ${fmtCount(e2e.count)} user turn${e2e.count === 1 ? '' : 's'} with an e2e`;
  $('headline').replaceChildren(
    ...['p50', 'p95', 'p99'].map((q) =>
      h('div', { id: `e2e-${q}`, 'data-value': e2e[q] }, h('dt', {}, `e2e ${q} (ms)`), h('dd', {}, fmtMsBare(e2e[q]))),
    ),
  );
  // Parts that occur in this file, and always the first sentence and the unexplained rest.
  const present = new Set(partsIn(s).map((p) => p.part));
  const rows = WATERFALL_PARTS.filter((p) => present.has(p.part) || p.part === 'firstSentence' || p.part === 'unexplained');
  const qs = ['p50', 'p95', 'p99', 'mean'];
  $('parts-table').tBodies[0].replaceChildren(
    h('tr', { 'data-key': 'e2e', class: 'headline-row' },
      h('th', { scope: 'row' }, 'e2e (the wait heard)'), numCell(e2e.count, fmtCount(e2e.count)), ...qs.map((q) => msCell(e2e[q], { 'data-q': q }))),
    ...rows.map((p) => {
      const st = wf[p.stat];
      return h('tr', { 'data-key': p.stat, 'data-part': p.part },
        h('th', { scope: 'row' }, h('span', { class: `swatch ${p.cls}`, 'aria-hidden': 'true' }), ` ${p.label}`),
        numCell(st.count, fmtCount(st.count)),
        ...qs.map((q) => msCell(st[q], { 'data-q': q })),
      );
    }),
  );
  const means = rows.map((p) => ({ ...p, ms: wf[p.stat].mean })).filter((p) => p.ms > 0);
  $('parts-chart').replaceChildren(means.length && e2e.mean !== undefined ? meanBar(`mb-${s.id}`, means, e2e.mean) : '');
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
