// The JS boundary: what one call may read from JS (maxNodes, maxInputBytes, checked
// before anything is allocated, counted as work done, not time), bytes read from the
// real buffer (never a user getter), JSON text in SessionMetrics.push, and a `code`
// from docs/errors.md on every error the library throws (freed objects, wrong
// classes, detached buffers, Proxies).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import {
  LatencyAggregator,
  SessionMetrics,
  Usage,
  analyzeSessionReport,
  computeTurnLatency,
  computeUsage,
  normalizeMetrics,
} from 'voice-agent-metrics';
import { fixture, fixtureText } from './fixtures.mjs';

const events = fixture('js-01-pipeline-3turns/metrics_events.json');
const report = fixtureText('py-01-pipeline-3turns/session_report.json');
const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const CODES = new Set([...doc.split('## The codes')[1].split('## Limits')[0].matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]));
const VAD = { type: 'vad_metrics', timestamp: 1795280001.0, idle_time: 1.0, inference_duration_total: 0.01, inference_count: 32 };

/** Runs `fn`, expects it to throw, and returns what it threw. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail(`expected a throw: ${fn}`);
}
const codeOf = (fn) => thrown(fn).code;

/** An array whose item reads are counted (the work a conversion does). */
function counted(items) {
  const reads = { n: 0 };
  const proxy = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key !== 'length') reads.n++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { proxy, reads };
}

const detachedBuffer = () => {
  const b = new ArrayBuffer(16);
  structuredClone(b, { transfer: [b] });
  return b;
};
const detachedView = () => {
  const b = new ArrayBuffer(16);
  const view = new Uint8Array(b);
  structuredClone(b, { transfer: [b] });
  return view;
};

test('one sub-array referenced many times is counted each time, and stopped before the work', () => {
  const { proxy, reads } = counted(new Array(10_000).fill(0));
  const event = { ...VAD, extra: new Array(20).fill(proxy) };
  const e = thrown(() => normalizeMetrics(event, { maxNodes: 50_000 }));
  assert.equal(e.code, 'TooLarge');
  assert.ok(e instanceof RangeError);
  // Four references fit (40,000 values); the fifth is refused before its items are read.
  assert.ok(reads.n <= 50_000, `${reads.n} items read`);
  assert.equal(normalizeMetrics({ ...VAD, extra: [proxy, proxy] }, { maxNodes: 50_000 }).records.length, 1);
});

test('the same sub-array nested 22 levels deep is refused after at most maxNodes values', () => {
  const { proxy, reads } = counted([0, 0]);
  let nested = proxy;
  for (let i = 0; i < 22; i++) nested = [nested, nested];
  for (const call of [
    () => normalizeMetrics({ ...VAD, extra: nested }, { maxNodes: 100_000 }),
    () => computeTurnLatency([{ ...VAD, extra: nested }], { maxNodes: 100_000 }),
    () => computeUsage([{ ...VAD, extra: nested }], { maxNodes: 100_000 }),
    () => new SessionMetrics({ maxNodes: 100_000 }).push({ ...VAD, extra: nested }),
    () => analyzeSessionReport({ chat_history: { items: [] }, extra: nested }, { maxNodes: 100_000 }),
  ]) {
    reads.n = 0;
    assert.equal(codeOf(call), 'TooLarge', String(call));
    assert.ok(reads.n <= 100_000, `${reads.n} leaf reads`);
  }
});

test('maxInputBytes bounds JSON text (string, Uint8Array, ArrayBuffer) and the strings of a JS input', () => {
  const text = JSON.stringify([VAD]);
  const bytes = new TextEncoder().encode(text);
  const limit = { maxInputBytes: text.length - 1 };
  for (const input of [text, bytes, bytes.buffer.slice(0)]) {
    assert.equal(codeOf(() => normalizeMetrics(input, limit)), 'TooLarge');
    assert.equal(normalizeMetrics(input, { maxInputBytes: text.length }).records.length, 1);
  }
  // Multi-byte text: the UTF-8 length counts, not the UTF-16 length.
  const wide = JSON.stringify({ ...VAD, label: 'é'.repeat(100) });
  assert.equal(codeOf(() => normalizeMetrics(wide, { maxInputBytes: wide.length + 50 })), 'TooLarge');
  assert.equal(normalizeMetrics(wide, { maxInputBytes: wide.length + 100 }).records.length, 1);
  // The strings and keys of a JS object.
  const long = { ...VAD, label: 'x'.repeat(10_000) };
  assert.equal(codeOf(() => normalizeMetrics(long, { maxInputBytes: 5_000 })), 'TooLarge');
  assert.equal(codeOf(() => analyzeSessionReport(report, { maxInputBytes: 100 })), 'TooLarge');
  assert.equal(normalizeMetrics(long).records.length, 1, 'the default is far above one event');
});

test('the limits are options with checked values', () => {
  for (const [options, code] of [
    [{ maxNodes: 0 }, 'OutOfRange'],
    [{ maxNodes: 1.5 }, 'OutOfRange'],
    [{ maxNodes: 1e9 }, 'OutOfRange'],
    [{ maxNodes: '10' }, 'WrongType'],
    [{ maxInputBytes: 0 }, 'OutOfRange'],
    [{ maxInputBytes: 2 ** 31 }, 'OutOfRange'],
    [{ maxInputBytes: true }, 'WrongType'],
  ]) {
    const field = Object.keys(options)[0];
    for (const call of [
      () => normalizeMetrics([], options),
      () => new SessionMetrics(options),
      () => analyzeSessionReport(report, options),
    ]) {
      const e = thrown(call);
      assert.equal(e.code, code, JSON.stringify(options));
      assert.equal(e.field, field);
    }
  }
  assert.equal(normalizeMetrics([VAD], { maxNodes: 100_000_000, maxInputBytes: 2 ** 30 }).records.length, 1);
});

test('bytes are measured on the real buffer, never through a getter the input overrides', () => {
  const text = new TextEncoder().encode(JSON.stringify([VAD, VAD]));
  class Liar extends Uint8Array {
    get length() {
      return 3e9;
    }
    get byteLength() {
      return 1e9;
    }
  }
  const liar = new Liar(text);
  assert.equal(normalizeMetrics(liar).records.length, 2);
  assert.equal(normalizeMetrics(liar, { maxInputBytes: text.length }).records.length, 2);
  assert.equal(codeOf(() => normalizeMetrics(liar, { maxInputBytes: text.length - 1 })), 'TooLarge');
  assert.equal(LatencyAggregator.fromBytes(new Liar(new LatencyAggregator().toBytes())).seriesCount, 0);
  // A Buffer is a Uint8Array; a view into a larger buffer reads only its own bytes.
  assert.equal(normalizeMetrics(Buffer.from(text)).records.length, 2);
  const padded = new Uint8Array(text.length + 10).fill(32);
  padded.set(text, 5);
  assert.equal(normalizeMetrics(padded.subarray(5, 5 + text.length)).records.length, 2);
});

test('detached buffers and Proxies of bytes are coded errors', () => {
  const u8 = new TextEncoder().encode('[]');
  for (const input of [detachedBuffer(), detachedView(), new Proxy(u8, {}), new Proxy(u8.buffer, {})]) {
    for (const call of [
      () => normalizeMetrics(input),
      () => analyzeSessionReport(input),
      () => LatencyAggregator.fromBytes(input),
      () => new SessionMetrics().pushMany(input),
      () => new LatencyAggregator().addReport(input),
    ]) {
      const e = thrown(call);
      assert.equal(e.code, 'WrongType', `${call}: ${e.message}`);
      assert.ok(e instanceof TypeError);
    }
  }
});

test('push(jsonText) takes one event as JSON text, as pushMany does', () => {
  const byObject = new SessionMetrics();
  const byText = new SessionMetrics();
  const [fromObjects, fromText] = [[], []];
  for (const e of events) {
    fromObjects.push(...byObject.push(e));
    fromText.push(...byText.push(JSON.stringify(e)));
  }
  fromObjects.push(...byObject.flush());
  fromText.push(...byText.flush());
  assert.ok(fromText.length >= 3);
  assert.deepEqual(fromText, fromObjects);
  assert.deepEqual(byText.turns(), byObject.turns());
  assert.deepEqual(byText.usage().toJSON(), byObject.usage().toJSON());
  // As bytes too.
  const byBytes = new SessionMetrics();
  for (const e of events) byBytes.push(new TextEncoder().encode(JSON.stringify(e)));
  byBytes.flush();
  assert.deepEqual(byBytes.turns(), byObject.turns());

  // A bad event as text: thrown with its code, or skipped and listed.
  const bad = JSON.stringify({ ...VAD, idle_time: 'long' });
  assert.equal(codeOf(() => new SessionMetrics().push(bad)), 'WrongType');
  const skip = new SessionMetrics({ onInvalid: 'skip' });
  skip.push(bad);
  for (const e of events) skip.push(JSON.stringify(e));
  skip.flush();
  assert.equal(skip.skippedCount, 1);
  assert.equal(skip.skipped[0].code, 'WrongType');
  assert.deepEqual(skip.turns(), byObject.turns(), 'the good events are all recorded');
  assert.equal(codeOf(() => new SessionMetrics().push('{"type":')), 'InvalidJson');
});

test('every error the boundary throws has a code from docs/errors.md', () => {
  const freed = () => {
    const m = new SessionMetrics();
    m.free();
    return m;
  };
  const freedAgg = () => {
    const a = new LatencyAggregator();
    a.free();
    return a;
  };
  const cases = [
    ['method after free()', () => freed().turns(), 'Freed'],
    ['push after free()', () => freed().push(VAD), 'Freed'],
    ['getter after free()', () => freed().skippedCount, 'Freed'],
    ['usage() after free()', () => freed().usage(), 'Freed'],
    ['Usage after free()', () => { const u = computeUsage(events); u.free(); return u.models; }, 'Freed'],
    ['a freed argument', () => new LatencyAggregator().merge(freedAgg()), 'Freed'],
    ['addSession(freed)', () => new LatencyAggregator().addSession(freed()), 'Freed'],
    ['merge({})', () => new LatencyAggregator().merge({}), 'WrongType'],
    ['merge(null)', () => new LatencyAggregator().merge(null), 'WrongType'],
    ['merge(session)', () => new LatencyAggregator().merge(new SessionMetrics()), 'WrongType'],
    ['addSession(aggregator)', () => new LatencyAggregator().addSession(new LatencyAggregator()), 'WrongType'],
    ['a forged object', () => new LatencyAggregator().merge(Object.create(LatencyAggregator.prototype)), 'WrongType'],
    ['a method on another object', () => SessionMetrics.prototype.turns.call({}), 'WrongType'],
    ['a class called without new', () => SessionMetrics(), 'WrongType'],
    ['normalizeMetrics(detached ArrayBuffer)', () => normalizeMetrics(detachedBuffer()), 'WrongType'],
    ['normalizeMetrics(detached Uint8Array)', () => normalizeMetrics(detachedView()), 'WrongType'],
    ['normalizeMetrics(new Proxy(u8, {}))', () => normalizeMetrics(new Proxy(new Uint8Array(2), {})), 'WrongType'],
    ['Usage.fromJSON(5)', () => Usage.fromJSON(5), 'WrongType'],
  ];
  for (const [what, call, code] of cases) {
    const e = thrown(call);
    assert.equal(e.code, code, `${what}: ${e.message}`);
    assert.ok(CODES.has(e.code), `${what}: ${e.code} is in docs/errors.md`);
    assert.ok(e instanceof Error);
  }
});

test('free() is idempotent, and free() inside onTurn frees the object when push returns', () => {
  const m = new SessionMetrics();
  m.free();
  m.free();
  m[Symbol.dispose]();
  // Fast path (plain objects) and generic path (the symbol the package exposes for tests).
  const generic = SessionMetrics.prototype[Symbol.for('voice-agent-metrics.pushManyGeneric')];
  const one = (s, isFreed) => {
    for (const e of events) {
      s.push(e);
      if (isFreed()) return;
    }
  };
  for (const pushAll of [(s) => s.pushMany(events), (s) => generic.call(s, events), one]) {
    let calls = 0;
    const s = new SessionMetrics({
      onTurn: () => {
        calls++;
        s.free();
      },
    });
    pushAll(s, () => calls > 0);
    s.free();
    assert.ok(calls >= 1);
    assert.equal(codeOf(() => s.turns()), 'Freed');
  }
  // The instance is fine afterwards.
  assert.ok(computeTurnLatency(events).length >= 3);
});
