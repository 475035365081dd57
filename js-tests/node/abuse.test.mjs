// The JS boundary under abuse: a seeded property test that throws hostile JS values
// (wrong types, null, NaN, ±Infinity, huge numbers, BigInt, symbols, functions, cyclic
// objects, 10 MB strings, deep nesting, 1M-element arrays (and 100k events), throwing getters, Proxies,
// mutated valid events) at every exported function, constructor and method. Each call
// must return a result or throw a TypeError/RangeError with a known string `code`, and
// the module must keep working: after every call a known-good call gives the
// known-good answer (no wasm trap, no poisoned instance, no stuck borrow).
//
// VAM_ABUSE_SEED picks the seed (default 20261101), VAM_ABUSE_ROUNDS the number of
// random values per target (default 60).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  LatencyAggregator,
  SessionMetrics,
  Usage,
  analyzeSessionReport,
  computeTurnLatency,
  computeUsage,
  normalizeMetrics,
  version,
} from 'voice-agent-metrics';
import { fixture, fixtureText } from './fixtures.mjs';

const SEED = Number(process.env.VAM_ABUSE_SEED ?? 20261101);
const ROUNDS = Number(process.env.VAM_ABUSE_ROUNDS ?? 60);

// Every `ErrorCode::as_str` (src/error.rs).
const CODES = new Set([
  'InvalidJson', 'NotAnObject', 'MissingField', 'WrongType', 'NotFinite', 'NegativeDuration',
  'NegativeCount', 'NotAnInteger', 'OutOfRange', 'UnknownDialect', 'DialectMismatch', 'TooDeep',
  'DuplicatePrice', 'InvalidEncoding', 'TruncatedBytes', 'UnsupportedVersion', 'InvalidLabels',
  'IncompatibleMerge',
]);

/** mulberry32: small, seeded. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- known-good inputs and answers ----------------------------------------------------

const EVENTS = fixture('py-01-pipeline-3turns/metrics_events.json');
const REPORT_TEXT = fixtureText('py-01-pipeline-3turns/session_report.json');
const PRICES = JSON.parse(
  (await import('node:fs')).readFileSync(new URL('../../examples/prices.example.json', import.meta.url), 'utf8'),
);
const GOOD_LLM = {
  type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.802, ttft: 0.353, cancelled: false,
  completion_tokens: 13, prompt_tokens: 1116, speech_id: 'speech_1',
};
const GOOD_TURNS = JSON.stringify(computeTurnLatency(EVENTS));
const GOOD_USAGE = JSON.stringify(computeUsage(EVENTS).toLiveKitJs());
const GOOD_REPORT_TURNS = analyzeSessionReport(REPORT_TEXT).turns.length;

/** The module still works: known-good calls give the known-good answers. */
function assertHealthy(where) {
  const { records } = normalizeMetrics(GOOD_LLM);
  assert.equal(records[0].metric.ttftMs, 353, `${where}: normalizeMetrics`);
  assert.equal(JSON.stringify(computeTurnLatency(EVENTS)), GOOD_TURNS, `${where}: computeTurnLatency`);
  assert.equal(JSON.stringify(computeUsage(EVENTS).toLiveKitJs()), GOOD_USAGE, `${where}: computeUsage`);
  const m = new SessionMetrics();
  for (const e of EVENTS) m.push(e);
  m.flush();
  assert.equal(JSON.stringify(m.turns()), GOOD_TURNS, `${where}: SessionMetrics`);
  m.free();
}

/** A live instance is still usable after abuse (no stuck borrow, no poisoned state). */
function assertSessionUsable(m, where) {
  const before = m.turns().length;
  m.push(GOOD_LLM);
  assert.ok(m.turns().length >= before, `${where}: SessionMetrics.turns after abuse`);
  assert.equal(typeof m.summary().userTurns, 'number', `${where}: summary after abuse`);
  m.usage().free();
}

function assertAggregatorUsable(agg, where) {
  const bytes = agg.toBytes();
  let back;
  try {
    back = LatencyAggregator.fromBytes(bytes);
  } catch (e) {
    assert.fail(`${where}: the aggregator's own bytes do not decode: ${e.message}`);
  }
  assert.deepEqual(back.toBytes(), bytes, `${where}: aggregator round trip after abuse`);
  const fromArray = LatencyAggregator.fromBytes(Array.from(bytes));
  assert.deepEqual(fromArray.toBytes(), bytes, `${where}: fromBytes(number[])`);
  fromArray.free();
  assert.equal(typeof agg.toPrometheus(), 'string', `${where}: toPrometheus after abuse`);
  back.free();
}

// ---- hostile values ---------------------------------------------------------------------

const BIG_STRING = 'x'.repeat(10 * 1024 * 1024);
const BIG_JSONISH = '[' + '{"type":"llm_metrics",'.repeat(200_000);
const MILLION_NUMBERS = Array.from({ length: 1_000_000 }, (_, i) => i);
const MANY_EVENTS = new Array(100_000).fill(GOOD_LLM);
const SPARSE_HUGE = []; SPARSE_HUGE.length = 2 ** 32 - 1;
function deep(n, wrap) {
  let v = {};
  for (let i = 0; i < n; i++) v = wrap(v);
  return v;
}
const DEEP_ARRAY = deep(100_000, (v) => [v]);
const DEEP_OBJECT = deep(100_000, (v) => ({ metrics: v }));
const cyclicObject = () => {
  const o = { type: 'llm_metrics', timestamp: 1795280003.62 };
  o.metrics = o;
  return o;
};
const cyclicArray = () => {
  const a = [GOOD_LLM];
  a.push(a);
  return a;
};
const throwingGetter = () =>
  Object.defineProperty({ type: 'llm_metrics' }, 'timestamp', {
    enumerable: true,
    get() { throw new Error('getter says no'); },
  });
const throwingProxy = () =>
  new Proxy({}, {
    get() { throw new Error('proxy get'); },
    ownKeys() { throw new Error('proxy ownKeys'); },
    has() { throw new Error('proxy has'); },
    getOwnPropertyDescriptor() { throw new Error('proxy descriptor'); },
  });
const revokedProxy = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const throwingToJSON = () => ({ toJSON() { throw new Error('toJSON says no'); } });
const cyclicToJSON = () => ({ toJSON() { return cyclicObject(); } });

const PRIMITIVES = [
  undefined, null, true, false, 0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 1e308, -1e308,
  2 ** 53 + 2, -(2 ** 53) - 2, Number.MIN_VALUE, 1n, 10n ** 30n, -1n, '', ' ', '{', '[]', '{}',
  'null', '[1,2', '\u0000', '\ud800', 'nodeLegacy', 'python', 'skip', '__proto__',
];
const FACTORIES = [
  () => Symbol('s'), () => () => {}, () => class {}, () => new Date(0), () => /re/g,
  () => new Map([['a', 1]]), () => new Set([1]), () => new Float64Array([1, NaN]),
  () => new Uint8Array([0xff, 0x00, 0x7b]), () => new ArrayBuffer(16), () => new Error('e'),
  () => Object.create(null), () => Object.freeze({ type: 'llm_metrics' }),
  () => ({ __proto__: { type: 'llm_metrics' } }), () => JSON.parse('{"__proto__":{"polluted":1}}'),
  () => ({ constructor: 'x', toString: 1, valueOf: null, hasOwnProperty: [] }),
  cyclicObject, cyclicArray, throwingGetter, throwingProxy, revokedProxy, throwingToJSON,
  cyclicToJSON, () => new Proxy([GOOD_LLM], {}), () => new Proxy(GOOD_LLM, {}),
  () => BIG_STRING, () => BIG_JSONISH, () => MILLION_NUMBERS, () => MANY_EVENTS,
  () => SPARSE_HUGE, () => DEEP_ARRAY, () => DEEP_OBJECT, () => [[[[[[]]]]]],
  () => ({ length: 2 ** 40 }), () => ({ 0: GOOD_LLM, length: 1 }),
  () => new String('abc'), () => new Number(5), () => Promise.resolve(1),
];
const HUGE = new Set([BIG_STRING, BIG_JSONISH, MILLION_NUMBERS, MANY_EVENTS, SPARSE_HUGE, DEEP_ARRAY, DEEP_OBJECT]);

/** A random hostile value: a primitive, a special object, or a valid event or options
 *  object with one field replaced by a hostile value. */
function hostile(r, depth = 0) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const roll = r();
  if (roll < 0.25) return pick(PRIMITIVES);
  if (roll < 0.5) {
    const v = pick(FACTORIES)();
    return HUGE.has(v) && r() < 0.7 ? pick(PRIMITIVES) : v; // huge ones are slow: fewer
  }
  const base = pick([
    GOOD_LLM,
    EVENTS[Math.floor(r() * EVENTS.length)],
    { dialect: 'python', onInvalid: 'skip' },
    { labels: ['agent_name'], maxSeries: 4 },
    { onTurn: () => {}, dedupe: true, maxTurnsDetail: 3 },
    PRICES,
  ]);
  const copy = Array.isArray(base) ? [...base] : { ...base };
  const keys = Object.keys(copy);
  const key = r() < 0.8 && keys.length ? pick(keys) : pick(['__proto__', 'constructor', 'metrics', 'type']);
  copy[key] = depth < 2 && r() < 0.3 ? hostile(r, depth + 1) : pick(PRIMITIVES.concat(FACTORIES.slice(0, 25).map((f) => f())));
  return copy;
}

/** Calls `f`; passes when it returns, or throws a TypeError/RangeError with a known code. */
// `merge(other)` and `addSession(session)` take class instances: wasm-bindgen's glue
// checks the class before any Rust code runs and throws a plain Error (nothing changes).
const CLASS_PARAMS = new Set(['LatencyAggregator.merge(v)', 'LatencyAggregator.addSession(v)']);

function expectContract(where, f) {
  try {
    const out = f();
    if (out && typeof out.free === 'function') out.free();
    return out;
  } catch (e) {
    if (CLASS_PARAMS.has(where.split(' #')[0]) && e instanceof Error) return undefined;
    assert.ok(
      e instanceof TypeError || e instanceof RangeError,
      `${where}: threw ${e?.constructor?.name}: ${String(e?.message ?? e).slice(0, 200)}`,
    );
    assert.equal(typeof e.code, 'string', `${where}: error without a code: ${e.message.slice(0, 200)}`);
    assert.ok(CODES.has(e.code), `${where}: unknown code ${e.code}`);
    return undefined;
  }
}

// ---- the targets: every exported function, constructor and method -------------------

function targets() {
  const m = new SessionMetrics({ onInvalid: 'skip', maxTurnsDetail: 5 });
  const agg = new LatencyAggregator({ labels: ['agent_name'] });
  const usage = computeUsage(EVENTS);
  const other = new LatencyAggregator({ labels: ['agent_name'] });
  const list = [
    ['normalizeMetrics(v)', (v) => normalizeMetrics(v)],
    ['normalizeMetrics(v, skip)', (v) => normalizeMetrics(v, { onInvalid: 'skip' })],
    ['normalizeMetrics(good, v)', (v) => normalizeMetrics(GOOD_LLM, v)],
    ['computeTurnLatency(v)', (v) => computeTurnLatency(v)],
    ['computeTurnLatency(good, v)', (v) => computeTurnLatency(EVENTS, v)],
    ['computeUsage(v)', (v) => computeUsage(v)],
    ['computeUsage(good, v)', (v) => computeUsage(EVENTS, v)],
    ['analyzeSessionReport(v)', (v) => analyzeSessionReport(v)],
    ['analyzeSessionReport(good, v)', (v) => analyzeSessionReport(REPORT_TEXT, v)],
    ['version(v)', (v) => version(v)],
    ['new SessionMetrics(v)', (v) => new SessionMetrics(v)],
    ['SessionMetrics.push(v)', (v) => m.push(v)],
    ['SessionMetrics.pushMany(v)', (v) => m.pushMany(v)],
    ['SessionMetrics.pushChatItem(v)', (v) => m.pushChatItem(v)],
    ['SessionMetrics getters', () => [m.turns(), m.summary(), m.skipped, m.skippedCount, m.duplicatesDropped, m.evictedTurns, m.lateMetrics, m.chatTurns(), m.joinedTurns(), m.flush()]],
    ['Usage.cost(v)', (v) => usage.cost(v)],
    ['Usage.toLiveKitJs(v)', (v) => usage.toLiveKitJs(v)],
    ['Usage.toLiveKitPython(v)', (v) => usage.toLiveKitPython(v)],
    ['Usage.fromJSON(v)', (v) => Usage.fromJSON(v)],
    ['Usage getters', () => [usage.models, usage.turns, usage.sessionLevel, usage.speculative, usage.flags, usage.toJSON()]],
    ['new LatencyAggregator(v)', (v) => new LatencyAggregator(v)],
    ['LatencyAggregator.addReport(v)', (v) => agg.addReport(v)],
    ['LatencyAggregator.addReport(good, v)', (v) => agg.addReport(REPORT_TEXT, v)],
    ['LatencyAggregator.addEvents(v)', (v) => agg.addEvents(v)],
    ['LatencyAggregator.addEvents(good, v)', (v) => agg.addEvents(EVENTS, v)],
    ['LatencyAggregator.addSession(v)', (v) => agg.addSession(v)],
    ['LatencyAggregator.addSession(good, v)', (v) => agg.addSession(m, v)],
    ['LatencyAggregator.merge(v)', (v) => agg.merge(v)],
    ['LatencyAggregator.quantiles(v)', (v) => agg.quantiles(v)],
    ['LatencyAggregator.quantiles(good, v)', (v) => agg.quantiles([0.5], v)],
    ['LatencyAggregator.toPrometheus(v)', (v) => agg.toPrometheus(v)],
    ['LatencyAggregator.toOtlpJson(v)', (v) => agg.toOtlpJson(v)],
    ['LatencyAggregator.fromBytes(v)', (v) => LatencyAggregator.fromBytes(v)],
    ['LatencyAggregator.fromJsonText(v)', (v) => LatencyAggregator.fromJsonText(v)],
    ['LatencyAggregator.merge(other)', () => agg.merge(other)],
    ['LatencyAggregator.merge(itself)', () => agg.merge(agg)],
    ['SessionMetrics re-entrant addSession', () => agg.addSession(m)],
  ];
  return { list, m, agg, usage, other };
}

test('every export survives hostile values and the module keeps working', { timeout: 600_000 }, () => {
  const r = rng(SEED);
  const { list, m, agg, usage, other } = targets();
  let calls = 0;
  for (const [name, f] of list) {
    // The fixed hostile set first (every special value once), then random ones.
    const values = [...PRIMITIVES, ...FACTORIES.map((g) => g())];
    for (let i = 0; i < ROUNDS; i++) values.push(hostile(r));
    for (const [i, v] of values.entries()) {
      const where = `${name} #${i} (seed ${SEED})`;
      const t0 = performance.now();
      expectContract(where, () => f(v));
      const ms = performance.now() - t0;
      if (process.env.VAM_ABUSE_SLOW && ms > Number(process.env.VAM_ABUSE_SLOW)) console.log(`slow: ${where} ${ms.toFixed(0)} ms`);
      calls++;
      if (i % 16 === 0) {
        assertSessionUsable(m, where);
        assertAggregatorUsable(agg, where);
      }
    }
    assertHealthy(name);
    assertSessionUsable(m, name);
    assertAggregatorUsable(agg, name);
  }
  usage.free();
  other.free();
  m.free();
  agg.free();
  assert.ok(calls > list.length * ROUNDS, `${calls} calls`);
});

test('an onTurn callback that throws is rethrown as is and leaves the session usable', () => {
  const boom = new Error('user code');
  const m = new SessionMetrics({ onTurn: () => { throw boom; } });
  let thrown = 0;
  for (const e of EVENTS) {
    try {
      m.push(e);
    } catch (err) {
      assert.equal(err, boom);
      thrown++;
    }
  }
  assert.ok(thrown >= 1);
  assert.equal(m.turns().length, JSON.parse(GOOD_TURNS).length);
  m.free();
});

test('re-entry from onTurn: reading and pushing again both work', () => {
  let seen = 0;
  const m = new SessionMetrics({
    onTurn: () => {
      seen++;
      m.turns();
      m.summary();
      m.usage().free();
      m.push(GOOD_LLM); // the state is released before onTurn runs
    },
  });
  for (const e of EVENTS) m.push(e);
  m.flush();
  // The fixture's three turns, and the agent-initiated one GOOD_LLM makes.
  assert.equal(seen, JSON.parse(GOOD_TURNS).length + 1);
  assert.equal(m.turns().length, seen);
  assertSessionUsable(m, 're-entry');
  m.free();
});

test('a freed instance throws instead of trapping', () => {
  const m = new SessionMetrics();
  m.free();
  assert.throws(() => m.push(GOOD_LLM));
  assertHealthy('after free');
});
