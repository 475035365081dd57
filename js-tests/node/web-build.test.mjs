// The web build (what browsers and bundlers get), initialised in Node with the
// wasm bytes, as a worker or a test runner without fetch-from-file would do.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { webBuild } from './web-build.mjs';
import { ANTHROPIC_LLM, assertIncludes, fixture, PY_CATALOG } from './fixtures.mjs';

const { entry, wasmPath } = webBuild();
const web = await import(entry);

test('the web entry exports the same API plus a default init', () => {
  assert.deepEqual(Object.keys(web).sort(), ['LatencyAggregator', 'SessionMetrics', 'Usage', 'analyzeSessionReport', 'computeTurnLatency', 'computeUsage', 'default', 'init', 'normalizeMetrics', 'version']);
  assert.equal(web.default, web.init);
});

test('init(bytes) instantiates once: repeated calls return the same promise', async () => {
  const bytes = await readFile(wasmPath);
  const first = web.init(bytes);
  const second = web.init(bytes);
  assert.equal(first, second);
  assert.equal(await first, undefined);
  assert.equal(web.init(), first, 'a later call, even without input, reuses the first promise');
  await web.init();
});

test('after init the web build normalizes like the Node build', async () => {
  await web.init(await readFile(wasmPath));
  const report = web.normalizeMetrics(fixture(PY_CATALOG));
  assert.equal(report.records.length, 19);
  assertIncludes(assert, report.records[5].metric, ANTHROPIC_LLM);
  assert.deepEqual(report.unknownTypes, [{ metricType: 'decision_metrics', count: 1 }]);
  assert.match(web.version(), /^\d+\.\d+\.\d+/);
});

test('errors from the web build are TypeError/RangeError with a code', async () => {
  await web.init(await readFile(wasmPath));
  assert.throws(() => web.normalizeMetrics('[1, 2'), (e) => e instanceof TypeError && e.code === 'InvalidJson');
  assert.throws(
    () => web.normalizeMetrics({ type: 'vad_metrics', timestamp: 1795280000.9, idle_time: -1, inference_duration_total: 0.087, inference_count: 31 }),
    (e) => e instanceof RangeError && e.code === 'NegativeDuration' && e.field === 'idle_time',
  );
});
