// Differential test of `SessionMetrics.push`'s fast path (pkg-template/fast-push.js):
// every fixture event, in every form (capture entry, SDK `metrics_collected` event,
// bare metrics object), and seeded random mutations of them (wrong types, NaN, -1
// sentinels, missing and extra fields, unknown types, getters, null-prototype objects,
// class instances, ...) are pushed through the package's `push` and through the
// generic path; the returned turns, thrown errors (name, code, field, index, message),
// final turns, summary, usage, skipped list and counters must be identical.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { SessionMetrics } from 'voice-agent-metrics';
import { fixture } from './fixtures.mjs';

const GENERIC = Symbol.for('voice-agent-metrics.pushGeneric');
const GENERIC_MANY = Symbol.for('voice-agent-metrics.pushManyGeneric');
const STATS = Symbol.for('voice-agent-metrics.pushStats');
const stats = SessionMetrics.prototype[STATS];

const dir = fileURLToPath(new URL('../../tests/fixtures/', import.meta.url));
const logs = readdirSync(dir)
  .filter((d) => /^(js|py)-/.test(d))
  .flatMap((d) => ['metrics_events.json', 'input_metrics.json'].map((f) => [d, f]))
  .flatMap(([d, f]) => {
    try {
      return [[`${d}/${f}`, fixture(`${d}/${f}`)]];
    } catch {
      return [];
    }
  });

/** The metrics objects and SDK-shaped events of a fixture log. */
function forms(log) {
  return log.map((e) => {
    const m = e.metrics ?? e;
    const sdk = { type: 'metrics_collected', metrics: m };
    if (e.createdAt !== undefined) sdk.createdAt = e.createdAt;
    if (e.created_at !== undefined) sdk.created_at = e.created_at;
    return { capture: e, sdk, bare: m };
  });
}

const clone = (v) => JSON.parse(JSON.stringify(v));

/** A small seeded PRNG (mulberry32). */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Holder {
  constructor(o) {
    Object.assign(this, o);
  }
}

const WEIRD = [
  'text', '', 'é✓', '\ud800', true, false, null, undefined, NaN, Infinity, -Infinity, -1, -0, 0, -0.5, 1.5, 1e20,
  9007199254740993, 1e11, 1.7e9, 1.7e12, {}, [], [1], { modelName: 'x' }, 10n, Symbol('s'), () => 1, new Number(3),
  new Date(0), Object.create(null),
];
const EXTRA_KEYS = ['extra', 'extra_key', 'extraKey', 'fooMs', 'ttft', 'ttfb', 'audioDuration', 'ttftMs', 'speech_id', 'timestamp', 'type', 'metadata', 'metrics',
  'firstTranscriptAfterEosDelayMs', 'first_transcript_after_eos_delay', 'firstInterimDelayMs', 'first_interim_status'];
const TYPES = ['llm_metrics', 'tts_metrics', 'stt_metrics', 'eou_metrics', 'decision_metrics', 'unknown', '', 3, null];

/** One random mutation of an event (in place; the event is a fresh clone). */
function mutate(ev, r) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const target = ev.metrics && typeof ev.metrics === 'object' && r() < 0.85 ? ev.metrics : ev;
  const keys = Object.keys(target);
  switch (Math.floor(r() * 12)) {
    case 0:
    case 1:
    case 2:
      target[pick(keys)] = pick(WEIRD);
      break;
    case 3:
      delete target[pick(keys)];
      break;
    case 4:
      target[pick(EXTRA_KEYS)] = pick(WEIRD);
      break;
    case 5:
      target.type = pick(TYPES);
      break;
    case 6: {
      const k = pick(keys);
      const v = target[k];
      const throws = r() < 0.3;
      Object.defineProperty(target, k, {
        enumerable: true,
        configurable: true,
        get() {
          if (throws) throw new Error('getter');
          return v;
        },
      });
      break;
    }
    case 7:
      if (target.metadata && typeof target.metadata === 'object') target.metadata[pick(['modelName', 'model_name', 'modelProvider', 'other'])] = pick(WEIRD);
      else target.metadata = pick(WEIRD);
      break;
    case 8:
      return Object.assign(Object.create(null), ev);
    case 9:
      if (ev.metrics) ev.metrics = Object.assign(Object.create(null), ev.metrics);
      else return new Holder(ev);
      break;
    case 10:
      if (ev.metrics) ev.metrics = new Holder(ev.metrics);
      break;
    case 11:
      ev[pick(['createdAt', 'created_at', 'type', 'metrics', 'seq'])] = pick(WEIRD);
      break;
  }
  return ev;
}

function outcome(fn) {
  try {
    const ok = fn();
    // JSON text too: the same keys in the same order.
    return { ok, json: JSON.stringify(ok) };
  } catch (e) {
    return { error: { name: e?.name, code: e?.code, field: e?.field, index: e?.index, message: e?.message } };
  }
}

function state(m) {
  return {
    turns: m.turns(),
    summary: m.summary(),
    usage: JSON.stringify(m.usage().toLiveKitJs()),
    usageJson: JSON.stringify(m.usage()),
    skipped: m.skipped,
    skippedCount: m.skippedCount,
    duplicates: m.duplicatesDropped,
    late: m.lateMetrics,
  };
}

/**
 * Feeds `inputs` one by one to `method` (push or pushMany) of two sessions, the
 * package's and the generic path's (`generic` symbol); asserts the same outcomes;
 * returns how many took the fast path (`counter` of the stats).
 */
function differentialOf(method, generic, counter, inputs, options, what) {
  // With `onTurn`, each side records what its callback got.
  const seen = [[], []];
  const withHook = (k) => (options?.onTurn ? { ...options, onTurn: (t) => seen[k].push(JSON.stringify(t)) } : options);
  const a = new SessionMetrics(withHook(0));
  const b = new SessionMetrics(withHook(1));
  const before = stats[counter];
  inputs.forEach((input, i) => {
    const fast = outcome(() => a[method](input));
    const slow = outcome(() => b[generic](input));
    assert.deepEqual(fast, slow, `${what}: input ${i}`);
  });
  assert.deepEqual(outcome(() => a.flush()), outcome(() => b.flush()), `${what}: flush`);
  assert.deepEqual(state(a), state(b), `${what}: state`);
  assert.deepEqual(seen[0], seen[1], `${what}: onTurn`);
  a.free();
  b.free();
  return stats[counter] - before;
}

/** Pushes `events` through both paths of `push`; returns how many took the fast path. */
const differential = (events, options, what) => differentialOf('push', GENERIC, 'fast', events, options, what);

/** Calls `fn(events, options, what)` for every fixture log, in every form, under every option set. */
function eachLog(fn) {
  for (const [name, log] of logs) {
    const f = forms(log);
    for (const form of ['capture', 'sdk', 'bare']) {
      for (const options of OPTIONS) fn(f.map((x) => x[form]), options, `${name} ${form} ${JSON.stringify(options)}`);
    }
  }
}

const OPTIONS = [undefined, { onInvalid: 'skip', onTurn: true }, { onTurn: true }, { dialect: 'node', onInvalid: 'skip' }, { dialect: 'python', onInvalid: 'skip' }, { dedupe: false, onInvalid: 'skip' }];

test('fast push: the package installs it', () => {
  assert.equal(typeof SessionMetrics.prototype[GENERIC], 'function');
  assert.ok(stats && typeof stats.fast === 'number');
});

test('fast push: every fixture event, every form, same result as the generic path', () => {
  assert.ok(logs.length >= 16, `fixture logs: ${logs.length}`);
  let fast = 0;
  let total = 0;
  eachLog((events, options, what) => {
    fast += differential(events, options, what);
    total += events.length;
  });
  // SDK events and bare metrics of known types take the fast path (capture entries
  // carry extra wrapper keys, so they do not).
  assert.ok(fast > total / 2, `fast path taken ${fast} of ${total}`);
});

test('fast push: random mutations, same result as the generic path', () => {
  const r = rng(9);
  const all = logs.flatMap(([, log]) => forms(log));
  let fast = 0;
  const rounds = 400;
  for (let round = 0; round < rounds; round++) {
    const base = all.slice(Math.floor(r() * (all.length - 30)));
    const events = base.slice(0, 30).map((x) => {
      const form = r() < 0.7 ? 'sdk' : r() < 0.5 ? 'bare' : 'capture';
      let ev = clone(x[form]);
      const n = r() < 0.5 ? 0 : 1 + Math.floor(r() * 3);
      for (let i = 0; i < n; i++) {
        try {
          ev = mutate(ev, r);
        } catch {
          // copying an object with a throwing getter: keep it as it is
        }
      }
      return ev;
    });
    fast += differential(events, OPTIONS[round % OPTIONS.length], `mutation round ${round}`);
  }
  assert.ok(fast > rounds * 10, `fast path taken ${fast} times`);
});

test('fast push: non-objects, arrays, JSON text and re-entrant pushes', () => {
  const events = [null, undefined, 3, 'not json', '{"type":"llm_metrics"}', [], [{ type: 'llm_metrics' }], true, 10n];
  differential(events, { onInvalid: 'skip' }, 'non-objects');
  differential(events, undefined, 'non-objects (fail)');
  // A getter that pushes into another session while the event is being encoded.
  const other = new SessionMetrics();
  const [[, log]] = logs.filter(([n]) => n.startsWith('js-01'));
  const evs = forms(log).map((x) => {
    const ev = clone(x.sdk);
    Object.defineProperty(ev.metrics, 'label', {
      enumerable: true,
      get() {
        other.push(clone(x.sdk));
        return 'label';
      },
    });
    return ev;
  });
  differential(evs, undefined, 're-entrant');
  other.free();
});

test('fast push: an onTurn that throws or pushes re-entrantly behaves as on the generic path', () => {
  const [[, log]] = logs.filter(([n]) => n.startsWith('js-01'));
  const events = forms(log).map((x) => x.sdk);
  for (const mode of ['throw', 'reenter']) {
    const got = [];
    const make = (k) => {
      const m = new SessionMetrics({
        onTurn: (t) => {
          got[k].push(t.speechId);
          if (mode === 'throw') throw new Error(`hook ${t.speechId}`);
          got[k].push(outcome(() => m.push(events[0])).error?.message ?? 'ok');
        },
      });
      return m;
    };
    got.push([], []);
    const a = make(got.length - 2);
    const b = make(got.length - 1);
    for (const ev of events) {
      assert.deepEqual(outcome(() => a.push(ev)), outcome(() => b[GENERIC](ev)), mode);
    }
    assert.deepEqual(got[got.length - 2], got[got.length - 1], mode);
    assert.deepEqual(state(a), state(b), mode);
  }
});

// --- pushMany(array): one wasm call for the batch (pkg-template/fast-push.js) ----------

/** Pushes `batches` through both paths of `pushMany`; returns how many took the fast path. */
const differentialMany = (batches, options, what) => differentialOf('pushMany', GENERIC_MANY, 'fastMany', batches, options, what);

/** `events` cut into consecutive batches of random sizes (1 to `most`). */
function batchesOf(events, r, most) {
  const out = [];
  for (let i = 0; i < events.length; ) {
    const k = 1 + Math.floor(r() * most);
    out.push(events.slice(i, i + k));
    i += k;
  }
  return out;
}

test('fast pushMany: the package installs it', () => {
  assert.equal(typeof SessionMetrics.prototype[GENERIC_MANY], 'function');
  assert.equal(typeof stats.fastMany, 'number');
});

test('fast pushMany: every fixture log in batches, every form, same result as the generic path', () => {
  const r = rng(21);
  let fast = 0;
  let batches = 0;
  eachLog((events, options, what) => {
    // The whole log as one batch, and cut into batches of 1 to 12 events.
    for (const bs of [[events], batchesOf(events, r, 12)]) {
      fast += differentialMany(bs, options, what);
      batches += bs.length;
    }
  });
  // SDK events and bare metrics take it; capture entries (extra wrapper keys) do not.
  assert.ok(fast > batches / 3, `fast path taken for ${fast} of ${batches} batches`);
});

test('fast pushMany: batches with mutated events, same result as the generic path', () => {
  const r = rng(33);
  const all = logs.flatMap(([, log]) => forms(log));
  let fast = 0;
  const rounds = 300;
  for (let round = 0; round < rounds; round++) {
    const start = Math.floor(r() * (all.length - 40));
    const events = all.slice(start, start + 40).map((x) => {
      let ev = clone(r() < 0.8 ? x.sdk : x.bare);
      // Mostly clean events, so that whole batches take the fast path and the
      // failing or skipped ones sit at every position of a batch.
      if (r() < 0.12) {
        try {
          ev = mutate(ev, r);
        } catch {
          // copying an object with a throwing getter: keep it as it is
        }
      }
      return ev;
    });
    fast += differentialMany(batchesOf(events, r, 16), OPTIONS[round % OPTIONS.length], `mutation round ${round}`);
  }
  assert.ok(fast > rounds, `fast path taken for ${fast} batches`);
});

test('fast pushMany: non-arrays, holes, subclasses, JSON text, empty and re-entrant batches', () => {
  const [[, log]] = logs.filter(([n]) => n.startsWith('js-01'));
  const evs = forms(log).map((x) => x.sdk);
  class MyArray extends Array {}
  const holes = evs.slice(0, 5);
  holes.length = 8;
  const inputs = [
    [], null, undefined, 3, 'not json', JSON.stringify(evs.slice(0, 4)), evs.slice(0, 3).map((e) => JSON.stringify(e)).join('\n'),
    holes, MyArray.from(evs.slice(0, 3)), Object.assign(Object.create(null), evs[0]), [evs[0], null, evs[1]], [evs[0], 'x'],
    new TextEncoder().encode(JSON.stringify(evs.slice(0, 2))),
  ];
  differentialMany(inputs, { onInvalid: 'skip' }, 'odd inputs (skip)');
  differentialMany(inputs, undefined, 'odd inputs (fail)');
  // A getter that calls pushMany on another session while the batch is encoded.
  const other = new SessionMetrics();
  const reentrant = evs.map((e) => {
    const ev = clone(e);
    Object.defineProperty(ev.metrics, 'label', {
      enumerable: true,
      get() {
        other.pushMany([clone(e)]);
        return 'label';
      },
    });
    return ev;
  });
  differentialMany([reentrant.slice(0, 10), reentrant.slice(10)], undefined, 're-entrant');
  other.free();
});

test('fast pushMany: an onTurn that throws or pushes again behaves as on the generic path', () => {
  const [[, log]] = logs.filter(([n]) => n.startsWith('js-01'));
  const events = forms(log).map((x) => x.sdk);
  for (const mode of ['throw', 'reenter']) {
    const got = [[], []];
    const make = (k) => {
      const m = new SessionMetrics({
        onTurn: (t) => {
          got[k].push(t.speechId);
          if (mode === 'throw') throw new Error(`hook ${t.speechId}`);
          got[k].push(outcome(() => m.pushMany([events[0]])).error?.message ?? 'ok');
        },
      });
      return m;
    };
    const a = make(0);
    const b = make(1);
    for (const batch of batchesOf(events, rng(5), 6)) {
      assert.deepEqual(outcome(() => a.pushMany(batch)), outcome(() => b[GENERIC_MANY](batch)), mode);
    }
    assert.deepEqual(got[0], got[1], mode);
    assert.deepEqual(state(a), state(b), mode);
  }
});

test('fast pushMany: a batch past the fast path limit and one larger than the entry buffer', () => {
  const [[, log]] = logs.filter(([n]) => n.startsWith('js-01'));
  const events = forms(log).map((x) => x.sdk);
  // 70,000 events (over the fast path's 65,536: generic), then 5,000 (fast, the
  // buffers grow), then a small one (the buffers are small again).
  const big = Array.from({ length: 70000 }, (_, i) => events[i % events.length]);
  const mid = big.slice(0, 5000);
  const before = { ...stats };
  differentialMany([big, mid, events.slice(0, 3)], { onInvalid: 'skip' }, 'sizes');
  assert.equal(stats.genericMany - before.genericMany, 1, 'the 70,000-event batch');
  assert.equal(stats.fastMany - before.fastMany, 2);
});

test('fast push: the newer EOU fields, e2e and the waterfall come back exactly as on the generic path', () => {
  for (const [name, log] of logs.filter(([n]) => /0[1235]/.test(n))) {
    const events = forms(log).map((x) => x.sdk);
    const eou = events.map((e) => e.metrics ?? e).filter((m) => m.type === 'eou_metrics');
    assert.ok(eou.length > 0, name);
    // Newer SDKs write the first transcript's delay after the end of speech.
    for (const m of eou) {
      if ('endOfUtteranceDelayMs' in m) m.firstTranscriptAfterEosDelayMs = 123.5;
      else m.first_transcript_after_eos_delay = 0.1235;
    }
    const fast = differential(events, { onTurn: true }, `${name} with first transcript delays`);
    assert.ok(fast > 0, name);
    const m = new SessionMetrics();
    for (const ev of events) m.push(ev);
    m.flush();
    const users = m.turns().filter((t) => t.kind === 'user');
    assert.ok(users.every((t) => Math.abs(t.firstTranscriptAfterEosDelayMs - 123.5) < 1e-9), name);
    assert.ok(users.some((t) => t.waterfall.length > 0 && t.e2eLatencyMs > 0), name);
    m.free();
  }
});
