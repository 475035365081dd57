// The ES module entry, as `import ... from 'voice-agent-metrics'` gets it in Node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import init, * as lib from 'voice-agent-metrics';
import { ANTHROPIC_LLM, assertIncludes, fixture, JS_CATALOG } from './fixtures.mjs';

const require = createRequire(import.meta.url);

test('import resolves to the ESM wrapper of the Node build', () => {
  assert.ok(fileURLToPath(import.meta.resolve('voice-agent-metrics')).endsWith('/node/index.mjs'));
  assert.deepEqual(Object.keys(lib).sort(), ['LatencyAggregator', 'SessionMetrics', 'Usage', 'analyzeSessionReport', 'computeTurnLatency', 'computeUsage', 'default', 'init', 'normalizeMetrics', 'version']);
  assert.equal(init, lib.init);
});

test('ESM and CJS entries share one wasm instance (no dual-package hazard)', () => {
  const cjs = require('voice-agent-metrics');
  assert.equal(lib.normalizeMetrics, cjs.normalizeMetrics);
  assert.equal(lib.init, cjs.init);
  assert.equal(lib.version(), cjs.version());
});

test('await init() resolves at once and can be repeated', async () => {
  const first = init();
  assert.equal(await first, undefined);
  assert.equal(init(), first);
});

test('normalizeMetrics reads the Node catalog (camelCase, ms)', () => {
  const report = lib.normalizeMetrics(fixture(JS_CATALOG));
  assert.equal(report.records.length, 18);
  assertIncludes(assert, report.records[5].metric, ANTHROPIC_LLM);
  assert.equal(report.records[5].dialect, 'node');
});
