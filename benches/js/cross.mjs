// Cross-session workloads: percentiles of e2e latency over many sessions, per agent.
//  - reports → p50/p95/p99: `LatencyAggregator.addReport` per session against the
//    plain way (analyze, keep every value, sort);
//  - merge: 10,000 per-session aggregators (as a fleet of workers would send them,
//    `fromBytes`) merged into one against concatenating per-session arrays and sorting.
import { analyzeReportJs, quantile } from './competitor.mjs';

const QS = [0.5, 0.95, 0.99];
const AGENTS = ['support', 'booking', 'sales', 'triage'];

function e2eValues(text) {
  return analyzeReportJs(text)
    .turns.filter((t) => t.kind === 'user' && t.e2eLatencyMs !== undefined)
    .map((t) => t.e2eLatencyMs);
}

function oursQuantiles(agg) {
  const out = {};
  for (const s of agg.quantiles(QS)) {
    const e2e = s.metrics.find((m) => m.metric === 'e2eLatencyMs');
    out[s.labels[0].value] = e2e.valuesMs;
  }
  return out;
}

/** The per-session inputs: `n` sessions cycled from `texts`. */
export function crossInputs(lib, texts, n) {
  const perText = texts.map((t) => {
    const agg = new lib.LatencyAggregator({ labels: ['agent_name'] });
    agg.addReport(t, { agent_name: 'x' });
    const bytes = agg.toBytes();
    agg.free();
    return { values: e2eValues(t), bytes };
  });
  const sessions = [];
  for (let i = 0; i < n; i++) sessions.push({ ...perText[i % texts.length], agent: AGENTS[i % AGENTS.length], text: texts[i % texts.length] });
  return sessions;
}

/** Exact per-agent quantiles, the plain way. */
function exact(sessions) {
  const by = new Map();
  for (const s of sessions) {
    if (!by.has(s.agent)) by.set(s.agent, []);
    by.get(s.agent).push(s.values);
  }
  const out = {};
  for (const [agent, lists] of by) {
    const all = lists.flat().sort((a, b) => a - b);
    out[agent] = QS.map((q) => quantile(all, q));
  }
  return out;
}

/** Throws unless the sketches' quantiles are within their 0.55 % bound of the exact ones. */
export function checkCross(lib, sessions) {
  const agg = new lib.LatencyAggregator({ labels: ['agent_name'] });
  for (const s of sessions) agg.addReport(s.text, { agent_name: s.agent });
  const ours = oursQuantiles(agg);
  agg.free();
  const want = exact(sessions);
  for (const [agent, values] of Object.entries(want)) {
    values.forEach((v, i) => {
      const got = ours[agent]?.[i];
      if (!(Math.abs(got - v) <= 0.0056 * v)) throw new Error(`cross-session ${agent} q${QS[i]}: ${got} vs exact ${v}`);
    });
  }
}

/** The cross-session tasks `[group, side, fn]`; `merged` sessions for the merge pair. */
export function crossTasks(lib, reportSessions, mergeSessions) {
  const parts = mergeSessions.map((s) => ({ agent: s.agent, agg: lib.LatencyAggregator.fromBytes(s.bytes) }));
  const relabel = new Map(AGENTS.map((a) => [a, null]));
  // fromBytes keeps the label the session was recorded with ('x'); record each
  // session under its agent by merging into one aggregator per agent, then merging.
  return [
    [`cross-session: ${reportSessions.length} reports → p50/p95/p99`, 'wasm', () => {
      const agg = new lib.LatencyAggregator({ labels: ['agent_name'] });
      for (const s of reportSessions) agg.addReport(s.text, { agent_name: s.agent });
      oursQuantiles(agg);
      agg.free();
    }],
    [`cross-session: ${reportSessions.length} reports → p50/p95/p99`, 'js', () => {
      const by = new Map();
      for (const s of reportSessions) {
        if (!by.has(s.agent)) by.set(s.agent, []);
        by.get(s.agent).push(...e2eValues(s.text));
      }
      for (const values of by.values()) {
        values.sort((a, b) => a - b);
        QS.map((q) => quantile(values, q));
      }
    }],
    [`cross-session: merge ${mergeSessions.length} per-session sketches → p50/p95/p99`, 'wasm', () => {
      for (const a of AGENTS) relabel.set(a, new lib.LatencyAggregator({ labels: ['agent_name'] }));
      for (const p of parts) relabel.get(p.agent).merge(p.agg);
      for (const agg of relabel.values()) {
        oursQuantiles(agg);
        agg.free();
      }
    }],
    [`cross-session: merge ${mergeSessions.length} per-session sketches → p50/p95/p99`, 'js', () => {
      const by = new Map();
      for (const s of mergeSessions) {
        if (!by.has(s.agent)) by.set(s.agent, []);
        by.get(s.agent).push(s.values);
      }
      for (const lists of by.values()) {
        const all = lists.flat().sort((a, b) => a - b);
        QS.map((q) => quantile(all, q));
      }
    }],
  ];
}
