// Live workloads (Node only: the competitor uses the real @livekit/agents collector):
// per-event cost of `SessionMetrics.push` from Node-schema event objects, `pushMany`
// with an array, and `pushMany` with JSON lines, against `ModelUsageCollector.collect` +
// a per-speechId grouping. Sessions are the corpus's Node event logs, as the SDK's
// `metrics_collected` events (`{ type, metrics, createdAt }`).
import { LiveJs } from './competitor.mjs';

/** The corpus event logs of Node sessions as the SDK emits them. */
export function sdkEvents(logs) {
  return logs.map((log) => log.map((e) => ({ type: 'metrics_collected', metrics: e.metrics, createdAt: e.createdAt })));
}

const close = (a, b) => (a === undefined && b === undefined) || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/** Throws unless the live session and the plain-JS way agree on turns and usage. */
export function checkLive(lib, Collector, sessions) {
  for (const [n, events] of sessions.entries()) {
    const m = new lib.SessionMetrics();
    for (const ev of events) m.push(ev);
    m.flush();
    const js = new LiveJs(Collector);
    for (const ev of events) js.push(ev);
    const theirs = new Map(js.turns().map((t) => [t.speechId, t.formulaLatencyMs]));
    const ours = m.turns().filter((t) => t.kind === 'user' && t.speechId !== undefined);
    for (const t of ours) {
      if (!close(t.formulaLatencyMs, theirs.get(t.speechId))) throw new Error(`session ${n} turn ${t.speechId}: ${t.formulaLatencyMs} vs ${theirs.get(t.speechId)}`);
    }
    const withTotal = [...theirs.values()].filter((v) => v !== undefined).length;
    if (withTotal !== ours.filter((t) => t.formulaLatencyMs !== undefined).length) throw new Error(`session ${n}: turn count`);
    const a = JSON.stringify(m.usage().toLiveKitJs());
    const b = JSON.stringify(js.usage());
    if (a !== b) throw new Error(`session ${n}: usage ${a} vs ${b}`);
    m.free();
  }
}

/** The live tasks `[group, side, fn]`. */
export function liveTasks(lib, Collector, sessions) {
  const lines = sessions.map((evs) => evs.map((e) => JSON.stringify(e)).join('\n'));
  const lineLists = sessions.map((evs) => evs.map((e) => JSON.stringify(e)));
  const ours = (feed) => () => {
    for (let i = 0; i < sessions.length; i++) {
      const m = new lib.SessionMetrics();
      feed(m, i);
      m.flush();
      m.free();
    }
  };
  const theirs = (feed) => () => {
    for (let i = 0; i < sessions.length; i++) {
      const js = new LiveJs(Collector);
      feed(js, i);
      js.turns();
    }
  };
  return [
    ['live: push(event object)', 'wasm', ours((m, i) => { for (const ev of sessions[i]) m.push(ev); })],
    ['live: push(event object)', 'js', theirs((js, i) => { for (const ev of sessions[i]) js.push(ev); })],
    ['live: pushMany(events array)', 'wasm', ours((m, i) => m.pushMany(sessions[i]))],
    ['live: pushMany(events array)', 'js', theirs((js, i) => { for (const ev of sessions[i]) js.push(ev); })],
    ['live: pushMany(JSON lines text)', 'wasm', ours((m, i) => m.pushMany(lines[i]))],
    ['live: pushMany(JSON lines text)', 'js', theirs((js, i) => { for (const l of lines[i].split('\n')) js.push(JSON.parse(l)); })],
    ['live: pushMany(one JSON string per event)', 'wasm', ours((m, i) => { for (const l of lineLists[i]) m.pushMany(l); })],
    ['live: pushMany(one JSON string per event)', 'js', theirs((js, i) => { for (const l of lineLists[i]) js.push(JSON.parse(l)); })],
  ];
}

/**
 * A Node session of `turns` pipeline turns whose user turns overlap (EOU delay 3 s,
 * EOUs 2.5 s apart: each user stopped speaking before the previous turn was committed),
 * as `metrics_collected` events in emission order.
 */
export function overlappingTurns(turns) {
  const out = [];
  const ev = (metrics) => out.push({ type: 'metrics_collected', metrics, createdAt: metrics.timestamp });
  for (let k = 0; k < turns; k++) {
    const commit = 1_795_280_000_000 + 2_500 * k;
    const speechId = `s${k}`;
    ev({ type: 'eou_metrics', timestamp: commit, endOfUtteranceDelayMs: 3000, transcriptionDelayMs: 1500, onUserTurnCompletedDelayMs: 0, lastSpeakingTimeMs: commit - 3000, speechId });
    ev({ type: 'tts_metrics', timestamp: commit + 700, requestId: `tts_${k}`, ttfbMs: 200, durationMs: 300, audioDurationMs: 1500, cancelled: false, charactersCount: 40, streamed: true, speechId });
    ev({ type: 'llm_metrics', timestamp: commit + 810, requestId: `llm_${k}`, durationMs: 800, ttftMs: 300, cancelled: false, completionTokens: 20, promptTokens: 900, totalTokens: 920, speechId });
  }
  return out;
}

/**
 * Per-event cost of push() by session length (does it grow with the session?): ns per
 * event over the first half and the second half of the longest session, pushed live.
 */
export function pushGrowth(lib, sessions) {
  const longest = sessions.reduce((a, b) => (b.length > a.length ? b : a), []);
  const half = Math.floor(longest.length / 2);
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const m = new lib.SessionMetrics();
    const t0 = performance.now();
    for (let i = 0; i < half; i++) m.push(longest[i]);
    const t1 = performance.now();
    for (let i = half; i < longest.length; i++) m.push(longest[i]);
    const t2 = performance.now();
    m.free();
    runs.push([((t1 - t0) * 1e6) / half, ((t2 - t1) * 1e6) / (longest.length - half)]);
  }
  runs.sort((a, b) => a[0] + a[1] - (b[0] + b[1]));
  const [first, second] = runs[2];
  return { events: longest.length, firstHalfNsPerEvent: first, secondHalfNsPerEvent: second };
}
