// Errors cross to JS as real TypeError/RangeError objects with a stable code
// (plus field, index, line, column when known). Assert codes, never messages.
import test from 'node:test';
import assert from 'node:assert/strict';

import { normalizeMetrics } from 'voice-agent-metrics';
import { fixture, PY_CATALOG } from './fixtures.mjs';

const llm = fixture(PY_CATALOG)[3];

/** Runs `fn`, expects it to throw, and returns what it threw. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw');
}

test('shape errors are TypeErrors with a code, field and index', () => {
  const { ttft, ...noTtft } = llm;
  const e = thrown(() => normalizeMetrics([llm, llm, noTtft]));
  assert.ok(e instanceof TypeError);
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'MissingField');
  assert.equal(e.field, 'ttft');
  assert.equal(e.index, 2);
  assert.equal(typeof e.message, 'string');
  assert.equal(typeof e.stack, 'string');
  assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'index'], 'own, enumerable properties');
});

test('value errors are RangeErrors with a code, field and index', () => {
  const cases = [
    [{ ...llm, duration: -0.5 }, 'NegativeDuration', 'duration'],
    [{ ...llm, prompt_tokens: -1 }, 'NegativeCount', 'prompt_tokens'],
    [{ ...llm, prompt_tokens: 1.5 }, 'NotAnInteger', 'prompt_tokens'],
    [{ ...llm, duration: Number.NaN }, 'NotFinite', 'duration'],
    [{ ...llm, duration: Number.POSITIVE_INFINITY }, 'NotFinite', 'duration'],
    [{ ...llm, duration: 30 * 24 * 3600 }, 'OutOfRange', 'duration'],
  ];
  for (const [event, code, field] of cases) {
    const e = thrown(() => normalizeMetrics(event));
    assert.ok(e instanceof RangeError, `${code} is a RangeError`);
    assert.equal(e.code, code);
    assert.equal(e.field, field);
    assert.equal(e.index, 0);
  }
});

test('wrong field types are TypeError WrongType with the input field name', () => {
  const e = thrown(() => normalizeMetrics({ ...llm, ttft: '0.3' }));
  assert.ok(e instanceof TypeError);
  assert.equal(e.code, 'WrongType');
  assert.equal(e.field, 'ttft');
});

test('non-objects are NotAnObject', () => {
  for (const input of [42, null, undefined, true, [1], [[]]]) {
    const e = thrown(() => normalizeMetrics(input));
    assert.ok(e instanceof TypeError, String(input));
    assert.equal(e.code, 'NotAnObject');
    assert.equal(e.index, 0);
  }
});

test('invalid JSON text carries line and column', () => {
  const e = thrown(() => normalizeMetrics('[\n  {"type": "llm_metrics",,}\n]'));
  assert.ok(e instanceof TypeError);
  assert.equal(e.code, 'InvalidJson');
  assert.equal(e.line, 2);
  assert.equal(typeof e.column, 'number');
  const lines = thrown(() => normalizeMetrics(`${JSON.stringify(llm)}\n${JSON.stringify(llm)}\n{oops\n`));
  assert.equal(lines.code, 'InvalidJson');
  assert.equal(lines.index, 2);
  assert.equal(lines.line, 3);
});

test('events the dialect cannot be told of are UnknownDialect', () => {
  const e = thrown(() => normalizeMetrics({ type: 'llm_metrics', request_id: 'x', requestId: 'y' }));
  assert.ok(e instanceof TypeError);
  assert.equal(e.code, 'UnknownDialect');
});

test('bad options: unknown dialect, bad onInvalid, non-object options', () => {
  const dialect = thrown(() => normalizeMetrics(llm, { dialect: 'ruby' }));
  assert.ok(dialect instanceof TypeError);
  assert.equal(dialect.code, 'UnknownDialect');
  assert.equal(dialect.field, 'dialect');
  assert.equal(dialect.index, undefined);

  const dialectType = thrown(() => normalizeMetrics(llm, { dialect: 3 }));
  assert.ok(dialectType instanceof TypeError);
  assert.equal(dialectType.code, 'WrongType');
  assert.equal(dialectType.field, 'dialect');

  const onInvalid = thrown(() => normalizeMetrics(llm, { onInvalid: 'ignore' }));
  assert.ok(onInvalid instanceof TypeError);
  assert.equal(onInvalid.code, 'WrongType');
  assert.equal(onInvalid.field, 'onInvalid');

  for (const options of ['python', 1, [], () => {}]) {
    const e = thrown(() => normalizeMetrics(llm, options));
    assert.ok(e instanceof TypeError);
    assert.equal(e.code, 'NotAnObject');
    assert.equal(e.field, 'options');
  }
});

test('cyclic and over-deep inputs are TooDeep, not a stack overflow', () => {
  const cyclic = { type: 'llm_metrics' };
  cyclic.self = cyclic;
  const e = thrown(() => normalizeMetrics(cyclic));
  assert.ok(e instanceof TypeError);
  assert.equal(e.code, 'TooDeep');

  let deep = {};
  for (let i = 0; i < 100; i += 1) deep = { metrics: deep };
  assert.equal(thrown(() => normalizeMetrics(deep)).code, 'TooDeep');
  assert.equal(thrown(() => normalizeMetrics(`${'['.repeat(100)}${']'.repeat(100)}`)).code, 'TooDeep');
});

test('values that are not JSON data (functions, symbols, huge BigInts) are WrongType', () => {
  for (const bad of [() => 1, Symbol('s'), 2n ** 70n]) {
    const e = thrown(() => normalizeMetrics([{ ...llm, extra: bad }]));
    assert.ok(e instanceof TypeError);
    assert.equal(e.code, 'WrongType');
  }
});

test('the module keeps working after errors (no poisoned instance, no leak)', () => {
  const cyclic = {};
  cyclic.metrics = cyclic;
  for (let i = 0; i < 2000; i += 1) {
    thrown(() => normalizeMetrics([llm, { ...llm, duration: -1 }]));
    thrown(() => normalizeMetrics(cyclic));
    thrown(() => normalizeMetrics('{'));
    thrown(() => normalizeMetrics(llm, { dialect: 'ruby' }));
  }
  const report = normalizeMetrics([llm]);
  assert.equal(report.records[0].metric.ttftMs, 353);
});
