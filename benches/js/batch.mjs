// Batch workloads shared by the Node run (bench.mjs) and the Chromium page (page.mjs):
// N session reports → analysis, the library (wasm) against the plain-JS way, from JSON
// text and from bytes. `lib` is the package module (Node or web build).
import { analyzeReportJs } from './competitor.mjs';

const close = (a, b) => (a === undefined && b === undefined) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));

/** Throws unless the library and the plain-JS way give the same numbers for every report. */
export function checkReports(lib, texts) {
  let turns = 0;
  texts.forEach((text, n) => {
    const ours = lib.analyzeSessionReport(text);
    const theirs = analyzeReportJs(text);
    const where = (what) => `report ${n}: ${what}`;
    if (ours.turns.length !== theirs.turns.length) throw new Error(where(`${ours.turns.length} turns vs ${theirs.turns.length}`));
    if (ours.flags.length || ours.skipped.length) throw new Error(where('flags or skipped items: the corpus should have none'));
    ours.turns.forEach((t, i) => {
      const u = theirs.turns[i];
      for (const k of ['e2eLatencyMs', 'endOfTurnDelayMs', 'transcriptionDelayMs', 'llmNodeTtftMs', 'ttsNodeTtfbMs']) {
        if (!close(t[k], u[k])) throw new Error(where(`turn ${i} ${k}: ${t[k]} vs ${u[k]}`));
      }
      // The unexplained time is placed from epoch times (~1.8e12 ms, one ULP = 0.00024 ms),
      // which the library reads rounded to the ns: equal to within 1 µs.
      const gap = (x) => (x === undefined ? x : Math.round(x * 1e3));
      if (gap(t.unexplainedMs) !== gap(u.unexplainedMs) && !(Math.abs(t.unexplainedMs - u.unexplainedMs) <= 1e-3)) {
        throw new Error(where(`turn ${i} unexplainedMs: ${t.unexplainedMs} vs ${u.unexplainedMs}`));
      }
      if ((t.userText ?? '') !== (u.userText ?? '') || (t.agentText ?? '') !== u.agentText) throw new Error(where(`turn ${i} text`));
      if (t.toolCalls.map((c) => c.name).join() !== u.toolCalls.join()) throw new Error(where(`turn ${i} tools`));
    });
    for (const k of ['count', 'p50', 'p90', 'p95', 'p99', 'mean']) {
      if (!close(ours.summary.e2eLatencyMs[k], theirs.summary.e2eLatencyMs[k])) throw new Error(where(`summary e2e ${k}`));
    }
    const rows = ours.usage.models;
    if (rows.length !== theirs.usage.length) throw new Error(where('usage rows'));
    rows.forEach((row, i) => {
      const u = theirs.usage[i];
      if (row.type !== u.type || row.model !== u.model) throw new Error(where(`usage row ${i}`));
      const pairs = [[row.inputTokens, u.input_tokens ?? 0], [row.outputTokens, u.output_tokens ?? 0], [row.charactersCount, u.characters_count], [row.audioDurationMs, u.audio_duration]];
      for (const [a, b] of pairs) if (a !== undefined && b !== undefined && !close(a, b)) throw new Error(where(`usage row ${i}: ${a} vs ${b}`));
    });
    turns += ours.turns.length;
  });
  return turns;
}

/** The batch tasks: `[group, side, fn]`, one wasm/JS pair per input form. */
export function batchTasks(lib, texts, bytes) {
  const decoder = new TextDecoder();
  return [
    ['reports → analysis, from text', 'wasm', () => texts.forEach((t) => lib.analyzeSessionReport(t))],
    ['reports → analysis, from text', 'js', () => texts.forEach((t) => analyzeReportJs(t))],
    ['reports → analysis, from bytes', 'wasm', () => bytes.forEach((b) => lib.analyzeSessionReport(b))],
    ['reports → analysis, from bytes', 'js', () => bytes.forEach((b) => analyzeReportJs(decoder.decode(b)))],
  ];
}

/** Runs `[group, side, fn]` tasks with tinybench; returns `{ group: { wasm, js } }` medians in ms. */
export async function runTasks(Bench, tasks, { time, warmupTime, iterations }) {
  const bench = new Bench({ time, warmupTime, iterations, warmupIterations: 1 });
  for (const [group, side, fn] of tasks) bench.add(`${group} | ${side}`, fn);
  await bench.run();
  const out = {};
  for (const task of bench.tasks) {
    const [group, side] = task.name.split(' | ');
    const r = task.result;
    if (!r?.latency) throw new Error(`${task.name}: ${r?.error ?? r?.state ?? 'no result'}`);
    (out[group] ??= {})[side] = { medianMs: r.latency.p50, samples: r.latency.samplesCount ?? r.latency.samples?.length };
  }
  return out;
}
