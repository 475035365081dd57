// The three charts, as plain SVG: the per-turn waterfall, the latency distribution and
// the session timeline. Inputs are the view models of model.js; no numbers are derived
// here beyond positions on the page.
import { fmtMs, fmtMsBare, fmtSeconds, niceTicks, rangeTicks } from './format.js';
import { FORMULA_LABEL as FORMULA_TEXT, shownAhead } from './model.js';

const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children (strings become text). */
export function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

const title = (text) => s('title', {}, text);

/** An accessible chart root: `role="img"` with a title and a description. */
function chart(id, width, height, label, desc) {
  const root = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-labelledby': `${id}-t ${id}-d`,
    class: 'chart-svg',
  });
  root.append(s('title', { id: `${id}-t` }, label), s('desc', { id: `${id}-d` }, desc));
  return root;
}

/** Vertical grid lines and labels of an ms axis (`x` maps ms to the page; labels at `labelY`). */
function msAxis(root, { x, ticks, top, bottom, labelY }) {
  ticks.forEach((v, i) => {
    root.append(s('line', { x1: x(v), x2: x(v), y1: top, y2: bottom, class: v === 0 ? 'axis' : 'grid' }));
    const last = i === ticks.length - 1;
    root.append(s('text', { x: x(v), y: labelY, class: 'tick', 'text-anchor': last ? 'end' : 'middle' }, `${fmtMsBare(v).replace(/\.0$/, '')}${last ? ' ms' : ''}`));
  });
}

const WF = { width: 1000, left: 128, right: 226, top: 30, bar: 20, gap: 3, lane: 13, note: 16, pad: 12 };

/**
 * Where each step's ahead-of-time work goes in the ahead lane, ms after the end of user
 * speech: `[startMs, endMs]` per step index (none without ahead work shown).
 *
 * The library gives how much of a part ran before the previous part ended (`aheadMs`),
 * not where. It ended where the part joins the critical path (`startMs`), unless the
 * part did not delay the audio at all (`durationMs` 0: it ended before its predecessor
 * did): then it ended where the next part's work began, as the parts of the reply's
 * chain run one after the other. So the lane is laid out back to back, backwards from
 * the critical path.
 */
export function aheadSpans(steps) {
  const spans = new Map();
  let nextWorkStart;
  let nextJoin;
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    const st = steps[i];
    let workStart = st.startMs;
    if (shownAhead(st)) {
      const end = st.durationMs === 0 && nextJoin !== undefined && Math.abs(nextJoin - st.startMs) < 1e-6 ? nextWorkStart : st.startMs;
      workStart = end - st.aheadMs;
      spans.set(i, [workStart, end]);
    }
    nextWorkStart = workStart;
    nextJoin = st.startMs;
  }
  return new Map([...spans].reverse());
}

/**
 * The waterfall: one row per turn, its critical path drawn from the library's
 * `waterfall` steps (each at its `startMs`, `durationMs` long; the bars reach the
 * measured e2e), a marker at the e2e and, for event logs, a dashed marker at the formula
 * (EOU + LLM ttft + TTS ttfb). Work a part did ahead of time (preemptive generation) is
 * drawn faded in a lane under the bar, off the critical path.
 */
export function waterfall(session) {
  const turns = session.turns;
  const laid = turns.map((t) => aheadSpans(t.steps));
  const ends = turns.flatMap((t) => [t.e2eMs ?? 0, t.formulaMs ?? 0, ...t.steps.map((w) => w.startMs + w.durationMs)]);
  const starts = laid.flatMap((m) => [...m.values()].map(([a]) => a));
  const ticks = rangeTicks(Math.min(0, ...starts), Math.max(1, ...ends), 6);
  const lo = ticks[0];
  const plotWidth = WF.width - WF.left - WF.right;
  const scale = plotWidth / (ticks[ticks.length - 1] - lo);
  const x = (ms) => WF.left + (ms - lo) * scale;
  const withNotes = turns.some((t) => t.notes.length > 0);
  const rowH = WF.bar + WF.gap + WF.lane + (withNotes ? WF.note : 0) + WF.pad;
  const height = WF.top + turns.length * rowH + 4;
  const root = chart(`wf-${session.id}`, WF.width, height, 'Per-turn e2e latency (end of user speech to first agent audio), ms',
    `${turns.length} turns; each bar is the turn’s critical path, its parts one after the other up to the measured e2e, in milliseconds; work done ahead of time is in a faded lane under it.`);
  root.append(s('defs', {},
    s('pattern', { id: 'wf-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('rect', { width: 6, height: 6, fill: '#e7e9ee' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#aab2bf', 'stroke-width': 3 })),
    s('pattern', { id: 'wf-ahead', width: 5, height: 5, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      s('line', { x1: 0, y1: 0, x2: 0, y2: 5, stroke: '#ffffff', 'stroke-width': 2, 'stroke-opacity': 0.8 }))));
  msAxis(root, { x, ticks, top: WF.top - 6, bottom: height - 4, labelY: WF.top - 12 });

  turns.forEach((t, row) => {
    const y = WF.top + row * rowH + WF.pad / 2;
    const g = s('g', {
      class: `wf-row kind-${t.kind}${t.flagged ? ' flagged' : ''}`,
      'data-turn': t.index,
      'data-e2e': t.e2eMs,
      'data-formula': t.formulaMs,
      'data-unexplained': t.unexplainedMs,
    });
    g.append(
      s('text', { x: 8, y: y + 9, class: 'row-label' }, `Turn ${t.index + 1}${t.flagged ? ' ⚑' : ''}`),
      s('text', { x: 8, y: y + 23, class: 'row-kind' }, kindLabel(t.kind)),
    );
    const name = `Turn ${t.index + 1}`;
    t.steps.forEach((w) => {
      const xs = x(w.startMs);
      const width = w.durationMs * scale;
      const seg = s('rect', {
        x: xs, y, width: w.durationMs > 0 ? Math.max(width, 0.5) : 0, height: WF.bar,
        class: `seg seg-${w.cls}`, 'data-part': w.part, 'data-start-ms': w.startMs, 'data-duration-ms': w.durationMs,
      });
      seg.append(title(`${name} · ${w.label}: ${fmtMs(w.durationMs)}, from ${fmtMs(w.startMs)} after the end of user speech${shownAhead(w) ? ` (and ${fmtMs(w.aheadMs)} done ahead)` : ''}`));
      g.append(seg);
      const label = fmtMsBare(w.durationMs).replace(/\.\d$/, '');
      if (width > 10 + 7 * label.length) {
        g.append(s('text', { x: xs + width / 2, y: y + 14, class: `seg-label on-${w.cls}`, 'text-anchor': 'middle', 'aria-hidden': 'true' }, label));
      }
    });
    const ly = y + WF.bar + WF.gap;
    for (const [i, [a, b]] of laid[row]) {
      const w = t.steps[i];
      const width = Math.max((b - a) * scale, 0.5);
      const r = s('rect', { x: x(a), y: ly, width, height: WF.lane, class: `ahead ahead-${w.cls}`, 'data-part': w.part, 'data-ahead-ms': w.aheadMs });
      r.append(title(`${name} · ${w.label} ahead (preemptive): ${fmtMs(w.aheadMs)} done before the previous part ended, off the critical path`));
      g.append(r, s('rect', { x: x(a), y: ly, width, height: WF.lane, class: 'ahead-hatch', 'aria-hidden': 'true' }));
      const text = [`${w.label} ahead (preemptive) ${fmtMsBare(w.aheadMs)}`, `${w.label} ahead ${fmtMsBare(w.aheadMs)}`, 'ahead']
        .find((l) => width > 12 + 5.6 * l.length);
      if (text) {
        g.append(s('text', { x: x(a) + width / 2, y: ly + 10, class: 'ahead-label', 'text-anchor': 'middle', 'aria-hidden': 'true' }, text));
      }
    }
    if (t.formulaMs !== undefined) {
      const xf = x(t.formulaMs);
      const f = s('g', { class: 'formula-marker' });
      f.append(
        s('line', { x1: xf, x2: xf, y1: y - 5, y2: ly + WF.lane }),
        s('path', { d: `M${xf - 4},${y - 9} h8 l-4,5 z` }),
        title(`${name} · ${FORMULA_TEXT} ${fmtMs(t.formulaMs)} (leaves out the first-sentence wait and gaps)`),
      );
      g.append(f);
    }
    if (t.e2eMs !== undefined) {
      const marker = s('line', { x1: x(t.e2eMs), x2: x(t.e2eMs), y1: y - 5, y2: y + WF.bar + 5, class: 'end-marker' });
      marker.append(title(`${name} · e2e ${fmtMs(t.e2eMs)} (end of user speech → first agent audio)`));
      g.append(marker);
    }
    if (t.notes.length) {
      g.append(s('text', { x: WF.left, y: ly + WF.lane + 14, class: 'row-wf-note', 'data-role': 'note', 'data-notes': t.notes.map((n) => n.code).join(',') },
        `note: ${t.notes.map((n) => n.short).join('; ')}`, title(t.notes.map((n) => n.long).join('; '))));
    }
    const ax = WF.width - WF.right + 14;
    const lines = t.e2eMs !== undefined
      ? [['end-label', 'row-end', `e2e ${fmtMs(t.e2eMs)}`], ['sub-label', 'row-sub', t.unexplainedMs !== undefined ? `unexplained ${fmtMs(t.unexplainedMs)}` : t.note]]
      : [['end-label', 'row-note', t.note ?? 'no e2e'], ['sub-label', 'row-sub', t.subNote]];
    if (t.formulaMs !== undefined) lines.push(['formula-label', 'row-sub', `formula ${fmtMs(t.formulaMs)}`]);
    lines.filter(([, , text]) => text).forEach(([role, cls, text], i) => {
      g.append(s('text', { x: ax, y: y + 9 + 14 * i, class: cls, 'data-role': role }, text));
    });
    root.append(g);
  });
  return root;
}

const MB = { width: 1000, left: 8, right: 8, top: 6, bar: 22 };

/**
 * The mean wait by part: the summary's mean of each part side by side (a turn without
 * a part counts 0, so the means add up to the mean e2e, marked at the end).
 */
export function meanBar(id, parts, meanE2e) {
  const plotWidth = MB.width - MB.left - MB.right;
  const total = Math.max(meanE2e, parts.reduce((a, p) => a + p.ms, 0));
  const scale = plotWidth / total;
  const height = MB.top + MB.bar + 22;
  const root = chart(id, MB.width, height, 'Mean wait by part, ms',
    `Mean e2e ${fmtMs(meanE2e)}: ${parts.map((p) => `${p.label} ${fmtMs(p.ms)}`).join(', ')}.`);
  root.append(s('defs', {}, s('pattern', { id: `${id}-hatch`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    s('rect', { width: 6, height: 6, fill: '#e7e9ee' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#aab2bf', 'stroke-width': 3 }))));
  let at = MB.left;
  for (const p of parts) {
    const w = p.ms * scale;
    const r = s('rect', { x: at, y: MB.top, width: w, height: MB.bar, class: `seg seg-${p.cls}`, 'data-part': p.part, 'data-mean-ms': p.ms,
      style: p.cls === 'unexplained' ? `fill: url(#${id}-hatch)` : undefined });
    r.append(title(`${p.label}: mean ${fmtMs(p.ms)}`));
    root.append(r);
    const label = `${p.label} ${fmtMsBare(p.ms).replace(/\.\d$/, '')}`;
    if (w > 12 + 6.2 * label.length) {
      root.append(s('text', { x: at + w / 2, y: MB.top + 15, class: `seg-label on-${p.cls}`, 'text-anchor': 'middle', 'aria-hidden': 'true' }, label));
    }
    at += w;
  }
  const xe = MB.left + meanE2e * scale;
  root.append(s('line', { x1: xe, x2: xe, y1: MB.top - 4, y2: MB.top + MB.bar + 4, class: 'end-marker' }));
  root.append(s('text', { x: xe, y: MB.top + MB.bar + 18, class: 'tick', 'text-anchor': 'end' }, `mean e2e ${fmtMs(meanE2e)}`));
  return root;
}

export function kindLabel(kind) {
  return { user: 'user', agentInitiated: 'agent-initiated', speculative: 'speculative' }[kind] ?? kind;
}

const DIST = { width: 560, height: 138, left: 16, right: 16, axisY: 108 };

/**
 * The distribution of one latency over the turns the summary counts: a dot per turn on
 * an ms axis, with the summary's p50, p95 and p99 as labelled lines.
 */
export function distribution(id, values, stats, label) {
  const plotWidth = DIST.width - DIST.left - DIST.right;
  const max = Math.max(1, ...values.map((v) => v.ms), stats.p99 ?? 0, stats.max ?? 0);
  const min = Math.min(0, ...values.map((v) => v.ms), stats.min ?? 0);
  const ticks = rangeTicks(min, max, 5);
  const lo = ticks[0];
  const span = ticks[ticks.length - 1] - lo;
  const x = (ms) => DIST.left + ((ms - lo) / span) * plotWidth;
  const root = chart(id, DIST.width, DIST.height, `Distribution of ${label}, ms`,
    `${values.length} turns; p50 ${fmtMs(stats.p50)}, p95 ${fmtMs(stats.p95)}, p99 ${fmtMs(stats.p99)}.`);
  ticks.forEach((v, i) => {
    root.append(s('line', { x1: x(v), x2: x(v), y1: 60, y2: DIST.axisY, class: v === 0 ? 'axis' : 'grid' }));
    const last = i === ticks.length - 1;
    root.append(s('text', { x: x(v), y: DIST.axisY + 18, class: 'tick', 'text-anchor': last ? 'end' : i === 0 ? 'start' : 'middle' }, `${fmtMsBare(v).replace(/\.0$/, '')}${last ? ' ms' : ''}`));
  });
  root.append(s('line', { x1: DIST.left, x2: DIST.width - DIST.right, y1: DIST.axisY, y2: DIST.axisY, class: 'axis' }));
  const marks = [['p50', 14], ['p95', 32], ['p99', 50]];
  for (const [q, ly] of marks) {
    const v = stats[q];
    if (v === undefined) continue;
    const xv = x(v);
    const anchorEnd = xv > DIST.left + plotWidth * 0.75;
    const g = s('g', { class: `pmark pmark-${q}`, 'data-q': q, 'data-value': v });
    g.append(
      s('line', { x1: xv, x2: xv, y1: ly + 4, y2: DIST.axisY, class: 'pline' }),
      s('text', { x: anchorEnd ? xv - 5 : xv + 5, y: ly + 10, 'text-anchor': anchorEnd ? 'end' : 'start', class: 'plabel' }, `${q} ${fmtMs(v)}`),
    );
    g.append(title(`${q} of ${label}: ${fmtMs(v)}`));
    root.append(g);
  }
  // Dots on the axis line; one that would touch the previous one moves up a row.
  const rowsX = [];
  [...values].sort((a, b) => a.ms - b.ms).forEach((v) => {
    const xv = x(v.ms);
    let row = rowsX.findIndex((last) => xv - last >= 14);
    if (row === -1) row = rowsX.length;
    rowsX[row] = xv;
    const dot = s('circle', { cx: xv, cy: DIST.axisY - 10 - row * 14, r: 6.5, class: 'dot', 'data-value': v.ms });
    dot.append(title(`Turn ${v.turn + 1}: ${fmtMs(v.ms)}`));
    root.append(dot);
  });
  return root;
}

const TL = { width: 1000, left: 84, right: 16, top: 26, lane: 32 };
const STATE_LANES = [
  ['agentState', 'Agent'],
  ['userState', 'User'],
];
const MARKERS = {
  transcript: ['T', 'Final transcript'],
  speechCreated: ['S', 'Speech created'],
  toolsExecuted: ['F', 'Function tools executed'],
  handoff: ['H', 'Agent handoff'],
  falseInterruption: ['!', 'False interruption'],
  error: ['E', 'Error'],
  close: ['×', 'Session closed'],
};

/** Plain-language details of a timeline entry, for tooltips and the entry list. */
export function entryDetail(e) {
  switch (e.type) {
    case 'userState':
    case 'agentState':
      return `${e.oldState} → ${e.newState}`;
    case 'transcript':
      return `“${e.transcript}”${e.language ? ` (${e.language})` : ''}`;
    case 'speechCreated':
      return `${e.source}${e.userInitiated ? ', user-initiated' : ''}`;
    case 'toolsExecuted':
      return e.tools.map((t) => `${t.name}${t.durationMs !== undefined ? ` (${fmtMs(t.durationMs)})` : ''}${t.isError ? ' failed' : ''}`).join(', ');
    case 'handoff':
      return `${e.oldAgentId ?? '—'} → ${e.newAgentId ?? '—'}`;
    case 'falseInterruption':
      return e.resumed ? 'resumed' : 'not resumed';
    case 'error':
      return [e.source, e.errorType, e.message, e.recoverable ? '(recoverable)' : ''].filter(Boolean).join(' ');
    case 'close':
      return [e.reason, e.error].filter(Boolean).join(': ');
    default:
      return '';
  }
}

/**
 * The session timeline: agent and user state lanes, each turn's wait (end of user
 * speech → agent speech), and the other events as labelled markers. Time runs in
 * seconds from the session start.
 */
export function timeline(session) {
  const entries = [...session.timeline].sort((a, b) => a.atMs - b.atMs);
  const t0 = session.startedAtMs ?? entries[0]?.atMs ?? 0;
  const ends = entries.map((e) => e.atMs);
  const endAt = Math.max(session.analysis?.endedAtMs ?? 0, ...ends, t0 + 1);
  const ticks = niceTicks((endAt - t0) / 1000, 10);
  const spanMs = ticks[ticks.length - 1] * 1000;
  const plotWidth = TL.width - TL.left - TL.right;
  const x = (at) => TL.left + ((at - t0) / spanMs) * plotWidth;
  const lanes = 4;
  const height = TL.top + lanes * TL.lane + 18;
  const root = chart(`tl-${session.id}`, TL.width, height, 'Session timeline, seconds from the session start',
    `${entries.length} entries over ${fmtSeconds(endAt - t0)}: agent and user states, turn waits and events.`);
  ticks.forEach((v, i) => {
    const xv = TL.left + (v / ticks[ticks.length - 1]) * plotWidth;
    root.append(s('line', { x1: xv, x2: xv, y1: TL.top - 4, y2: height - 6, class: v === 0 ? 'axis' : 'grid' }));
    root.append(s('text', { x: xv, y: TL.top - 10, class: 'tick', 'text-anchor': i === ticks.length - 1 ? 'end' : 'middle' }, `${v}${i === ticks.length - 1 ? ' s' : ''}`));
  });
  const laneY = (i) => TL.top + i * TL.lane + 4;
  const laneH = TL.lane - 10;
  STATE_LANES.forEach(([type, label], i) => {
    root.append(s('text', { x: 8, y: laneY(i) + laneH / 2 + 4, class: 'lane-label' }, label));
    const changes = entries.filter((e) => e.type === type);
    let state = changes[0]?.oldState;
    let from = t0;
    const spans = [];
    for (const c of changes) {
      spans.push([from, c.atMs, state]);
      state = c.newState;
      from = c.atMs;
    }
    if (state !== undefined) spans.push([from, endAt, state]);
    for (const [a, b, st] of spans) {
      if (b <= a || st === undefined) continue;
      const r = s('rect', { x: x(a), y: laneY(i), width: Math.max(x(b) - x(a), 0.5), height: laneH, class: `state st-${st} lane-${type}` });
      r.append(title(`${label} ${st}: ${fmtSeconds(a - t0)} – ${fmtSeconds(b - t0)} (${fmtMs(b - a)})`));
      root.append(r);
      if (x(b) - x(a) > 62) root.append(s('text', { x: x(a) + 5, y: laneY(i) + laneH / 2 + 4, class: `state-label on-st-${st}`, 'aria-hidden': 'true' }, st));
    }
  });
  root.append(s('text', { x: 8, y: laneY(2) + laneH / 2 + 4, class: 'lane-label' }, 'Turn wait'));
  for (const t of session.turns) {
    const a = t.raw.userStoppedSpeakingAtMs;
    const b = t.raw.agentStartedSpeakingAtMs;
    if (a === undefined || b === undefined || b < a) continue;
    const r = s('rect', { x: x(a), y: laneY(2) + 3, width: Math.max(x(b) - x(a), 1), height: laneH - 6, class: 'wait' });
    r.append(title(`Turn ${t.index + 1}: user stopped at ${fmtSeconds(a - t0)}, agent spoke at ${fmtSeconds(b - t0)} (${fmtMs(b - a)})`));
    root.append(r, s('text', { x: x(b) + 4, y: laneY(2) + laneH / 2 + 4, class: 'wait-label', 'aria-hidden': 'true' }, `T${t.index + 1}`));
  }
  root.append(s('text', { x: 8, y: laneY(3) + laneH / 2 + 4, class: 'lane-label' }, 'Events'));
  // Markers closer than their width go on the second row of the lane.
  const lastX = [-Infinity, -Infinity];
  for (const e of entries) {
    const m = MARKERS[e.type];
    if (!m) continue;
    const xm = x(e.atMs);
    const row = xm - lastX[0] >= 18 || xm - lastX[1] < 18 ? 0 : 1;
    lastX[row] = xm;
    const cy = laneY(3) + 7 + row * 18;
    const g = s('g', { class: `marker mk-${e.type}` });
    g.append(s('circle', { cx: xm, cy, r: 8 }), s('text', { x: xm, y: cy + 3.5, 'text-anchor': 'middle', 'aria-hidden': 'true' }, m[0]));
    g.append(title(`${m[1]} at ${fmtSeconds(e.atMs - t0)}: ${entryDetail(e)}`));
    root.append(g);
  }
  return root;
}

/** The legend of the event markers (HTML). */
export const MARKER_LEGEND = Object.entries(MARKERS);
