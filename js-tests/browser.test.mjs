// The package in a real browser: headless Chromium (Debian's, driven by
// playwright-core) loads examples/browser/ from a static server on 127.0.0.1; the
// page imports the package's web entry with <script type="module"> and no bundler.
// The package served is the one installed from the packed tarball (install-pkg.sh).
// A screenshot is kept in artifacts/browser.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from '../examples/browser/serve.mjs';
import { launchChromium } from '../scripts/chromium.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = dirname(createRequire(import.meta.url).resolve('voice-agent-metrics/package.json'));

test('the web build runs in headless Chromium without a bundler', async (t) => {
  const server = await serve({ pkgDir });
  t.after(() => server.close());
  const { context, close } = await launchChromium({ viewport: { width: 1280, height: 900 } });
  t.after(close);

  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const wasmResponses = [];
  page.on('response', (r) => r.url().endsWith('.wasm') && wasmResponses.push(r));

  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__done === true, null, { timeout: 30_000 });
  mkdirSync(join(repo, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(repo, 'artifacts', 'browser.png'), fullPage: true });

  assert.deepEqual(pageErrors, []);
  assert.equal(await page.evaluate(() => window.__error), undefined);
  assert.equal(wasmResponses.length, 1, 'init() fetched the .wasm once');
  assert.equal(wasmResponses[0].headers()['content-type'], 'application/wasm');

  // What normalizeMetrics returned in the page: Python catalog (19) then Node catalog (18).
  const report = await page.evaluate(() => window.__report);
  assert.equal(report.records.length, 37);
  assert.deepEqual(report.unknownTypes, [{ metricType: 'decision_metrics', count: 1 }]);
  for (const [i, dialect] of [[5, 'python'], [19 + 5, 'node']]) {
    const { metric } = report.records[i];
    assert.equal(report.records[i].dialect, dialect);
    assert.equal(metric.type, 'llm_metrics');
    assert.equal(metric.ttftMs, 552);
    assert.equal(metric.durationMs, 1102);
    assert.equal(metric.promptCachedTokens, 1024);
    assert.equal(metric.cacheCreationTokens, 512);
  }
  assert.equal('ttftMs' in report.records[6].metric, false, 'cancelled LLM: no ttftMs');
  assert.match(await page.textContent('#status'), /^37 records, 0 skipped, unknown types: decision_metrics ×1$/);

  // Calls made directly in the page: idempotent init, errors as real TypeErrors with a code.
  const inPage = await page.evaluate(async () => {
    const lib = await import('voice-agent-metrics');
    const same = lib.init() === lib.init();
    await lib.init();
    let error;
    try {
      lib.normalizeMetrics({ type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.8 });
    } catch (e) {
      error = { isTypeError: e instanceof TypeError, code: e.code, field: e.field, index: e.index };
    }
    const ok = lib.normalizeMetrics('{"type":"tts_metrics","timestamp":1795280004120,"ttfbMs":154,"durationMs":501,"audioDurationMs":2410,"requestId":"r"}');
    return { same, error, ttfbMs: ok.records[0].metric.ttfbMs, dialect: ok.records[0].dialect, version: lib.version() };
  });
  assert.deepEqual(inPage.error, { isTypeError: true, code: 'MissingField', field: 'ttft', index: 0 });
  assert.equal(inPage.same, true);
  assert.equal(inPage.ttfbMs, 154);
  assert.equal(inPage.dialect, 'node');
  assert.match(inPage.version, /^\d+\.\d+\.\d+/);

  // The same events give the same turns and usage in the browser as in Node.
  const scenarios = ['py-02-tool-call', 'js-02-tool-call', 'py-05b-preemptive-tts', 'js-04-realtime'];
  const inBrowser = await page.evaluate(async (names) => {
    const lib = await import('voice-agent-metrics');
    const out = {};
    for (const name of names) {
      const events = await (await fetch(`/fixtures/${name}/metrics_events.json`)).json();
      out[name] = { turns: lib.computeTurnLatency(events), usage: lib.computeUsage(events).toJSON() };
    }
    return out;
  }, scenarios);
  const { computeTurnLatency, computeUsage } = await import('voice-agent-metrics');
  for (const name of scenarios) {
    const events = JSON.parse(readFileSync(new URL(`../tests/fixtures/${name}/metrics_events.json`, import.meta.url), 'utf8'));
    assert.deepEqual(inBrowser[name].turns, computeTurnLatency(events), `${name}: turns`);
    assert.deepEqual(inBrowser[name].usage, computeUsage(events).toJSON(), `${name}: usage`);
    assert.ok(inBrowser[name].turns.length >= 2);
  }

  // Aggregator bytes cross between Node and the browser build both ways, losslessly.
  const { LatencyAggregator } = await import('voice-agent-metrics');
  const nodeAgg = new LatencyAggregator({ labels: ['sdk'] });
  nodeAgg.addEvents(JSON.parse(readFileSync(new URL('../tests/fixtures/js-01-pipeline-3turns/metrics_events.json', import.meta.url), 'utf8')), { sdk: 'js' });
  const fromPage = await page.evaluate(async (bytes) => {
    const lib = await import('voice-agent-metrics');
    const agg = lib.LatencyAggregator.fromBytes(new Uint8Array(bytes));
    const events = await (await fetch('/fixtures/py-01-pipeline-3turns/metrics_events.json')).json();
    agg.addEvents(events, { sdk: 'py' });
    return { quantiles: agg.quantiles(), bytes: Array.from(agg.toBytes()) };
  }, Array.from(nodeAgg.toBytes()));
  nodeAgg.addEvents(JSON.parse(readFileSync(new URL('../tests/fixtures/py-01-pipeline-3turns/metrics_events.json', import.meta.url), 'utf8')), { sdk: 'py' });
  assert.deepEqual(fromPage.quantiles, nodeAgg.quantiles());
  assert.deepEqual(Array.from(LatencyAggregator.fromBytes(new Uint8Array(fromPage.bytes)).toBytes()), Array.from(nodeAgg.toBytes()));

  // A call that traps the instance (the package's test-only hook): `Internal`, then a fresh
  // instance on the page's main thread, and objects of the old one throw `InstanceLost`.
  const recovered = await page.evaluate(async () => {
    const lib = await import('voice-agent-metrics');
    const events = await (await fetch('/fixtures/py-01-pipeline-3turns/metrics_events.json')).json();
    const before = lib.computeTurnLatency(events);
    const old = new lib.SessionMetrics();
    const code = (f) => {
      try {
        f();
      } catch (e) {
        return e.code;
      }
      return 'no throw';
    };
    return {
      trap: code(() => lib.version[Symbol.for('voice-agent-metrics.trap')]()),
      same: JSON.stringify(lib.computeTurnLatency(events)) === JSON.stringify(before),
      old: code(() => old.turns()),
    };
  });
  assert.deepEqual(recovered, { trap: 'Internal', same: true, old: 'InstanceLost' });
});
