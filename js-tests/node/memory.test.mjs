// Bounded memory of a live SessionMetrics over a long session: 1,000,000 metrics
// events (Node dialect) over ~40 simulated hours, measured as the size of the module's
// WebAssembly.Memory. The package exports nothing for this: the test instantiates the
// installed web build's own glue (its init returns the wasm exports, memory included),
// which runs the same Rust code as the Node build.
//
// VAM_MEMORY_EVENTS sets the event count (default 1,000,000).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { webBuild } from './web-build.mjs';

const EVENTS = Number(process.env.VAM_MEMORY_EVENTS ?? 1_000_000);

/** xorshift32, seeded. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** The events of one turn (Node dialect: camelCase, ms), in emission order. */
function turnEvents(k, t, r) {
  const id = `s${k}`;
  const end = t + 2000 + Math.floor(r() * 7000);
  const delay = 300 + Math.floor(r() * 600);
  const commit = end + delay;
  const out = [
    { type: 'vad_metrics', timestamp: t + 1000, idleTimeMs: 1000, inferenceDurationTotalMs: 12, inferenceCount: 32, label: 'silero.VAD' },
    { type: 'stt_metrics', timestamp: end + 50, requestId: `stt_${k}`, durationMs: 0, audioDurationMs: 3000, streamed: true, label: 'deepgram.STT' },
  ];
  if (r() < 0.1) {
    out.push({ type: 'tts_metrics', timestamp: end + 300, requestId: `say_${k}`, ttfbMs: 150, durationMs: 300, audioDurationMs: 1500, cancelled: false, charactersCount: 30, streamed: true, speechId: `say${k}` });
  } else {
    out.push({ type: 'eou_metrics', timestamp: commit, endOfUtteranceDelayMs: delay, transcriptionDelayMs: delay - 100, onUserTurnCompletedDelayMs: 0, lastSpeakingTimeMs: end, speechId: id });
    out.push({ type: 'llm_metrics', timestamp: commit + 810, requestId: `llm_${k}`, durationMs: 800, ttftMs: 200 + Math.floor(r() * 400), cancelled: false, completionTokens: 20, promptTokens: 900 + (k % 100), totalTokens: 920 + (k % 100), speechId: id });
    out.push({ type: 'tts_metrics', timestamp: commit + 800, requestId: `tts_${k}`, ttfbMs: 100 + Math.floor(r() * 200), durationMs: 300, audioDurationMs: 2000, cancelled: false, charactersCount: 40, streamed: true, speechId: id });
  }
  out.push({ type: 'vad_metrics', timestamp: end + 4000, idleTimeMs: 1000, inferenceDurationTotalMs: 12, inferenceCount: 32, label: 'silero.VAD' });
  return { events: out, next: end + 4000 + Math.floor(r() * 8000), user: out.length === 6 };
}

test(`a live SessionMetrics fed ${EVENTS} events keeps its wasm memory bounded`, { timeout: 900_000 }, async () => {
  const { entry, wasmPath } = webBuild();
  // The web build's generated glue (beside the package's web/index.js): its default
  // export instantiates the module and returns the wasm exports.
  const glue = await import(pathToFileURL(join(dirname(new URL(entry).pathname), 'voice_agent_metrics.js')).href);
  const exports = await glue.default({ module_or_path: readFileSync(wasmPath) });
  const memory = exports.memory;
  assert.ok(memory instanceof WebAssembly.Memory);

  const r = rng(7);
  const m = new glue.SessionMetrics();
  let t = 1_795_280_000_000;
  let pushed = 0;
  let turns = 0;
  let userTurns = 0;
  const rows = [];
  const checkpoints = [1_000, 10_000, 100_000, 1_000_000].filter((c) => c <= EVENTS);
  if (!checkpoints.includes(EVENTS)) checkpoints.push(EVENTS);
  let windowStart = process.hrtime.bigint();
  let windowEvents = 0;
  let batch = [];
  for (const checkpoint of checkpoints) {
    while (pushed < checkpoint) {
      const turn = turnEvents(turns, t, r);
      t = turn.next;
      turns++;
      if (turn.user) userTurns++;
      // Half the turns one push per event, half in one pushMany: both paths.
      if (turns % 2) {
        for (const e of turn.events) m.push(e);
      } else {
        batch.push(...turn.events);
        m.pushMany(batch);
        batch = [];
      }
      pushed += turn.events.length;
      windowEvents += turn.events.length;
    }
    const ns = Number(process.hrtime.bigint() - windowStart) / windowEvents;
    rows.push({ events: pushed, turns, wasmBytes: memory.buffer.byteLength, nsPerEvent: Math.round(ns) });
    windowStart = process.hrtime.bigint();
    windowEvents = 0;
  }
  m.flush();
  console.log('memory:', JSON.stringify(rows));

  // Every turn still counts in the summary; the detail window is 1,000 turns.
  assert.equal(m.summary().userTurns, userTurns);
  const kept = m.turns().length;
  assert.ok(kept >= 1_000 && kept <= 1_064, `${kept} turns in detail`);
  assert.equal(m.evictedTurns + kept, turns);
  // The usage totals count every turn.
  const llm = m.usage().toLiveKitJs().find((u) => u.type === 'llm_usage');
  assert.equal(llm.outputTokens, 20 * userTurns);

  // Bounded: the memory stops growing once the detail window and the exact summary
  // values (10,000 turns) are full, well before 1M events; wasm memory never shrinks,
  // so the high-water mark is what is compared.
  const last = rows.at(-1).wasmBytes;
  assert.ok(last <= 32 * 1024 * 1024, `${last} bytes of wasm memory`);
  const at100k = rows.find((row) => row.events >= 100_000);
  if (at100k && at100k !== rows.at(-1)) {
    assert.ok(last <= at100k.wasmBytes * 1.5, `grew from ${at100k.wasmBytes} to ${last} bytes`);
  }
  // Flat per-event cost: the last window is not much slower than the first ones.
  if (rows.length >= 3) {
    const early = Math.max(rows[0].nsPerEvent, rows[1].nsPerEvent);
    assert.ok(rows.at(-1).nsPerEvent < early * 3, JSON.stringify(rows));
  }
  m.free();
});
