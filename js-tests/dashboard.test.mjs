// The dashboard (examples/dashboard/) in headless Chromium (Debian's, driven by
// playwright-core), served from 127.0.0.1 with the package installed from the packed
// tarball (install-pkg.sh). Every number the page shows is compared with what the same
// package computes here in Node for the same file; the report's cost, which the page
// prices through usage-bridge.js, is compared with the cost of the session's own
// metrics events (tests/fixtures/<scenario>/metrics_events.json).
// Screenshots go to artifacts/dashboard/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSessionReport, computeTurnLatency, computeUsage, SessionMetrics } from 'voice-agent-metrics';

import { serve } from '../examples/dashboard/serve.mjs';
import { launchChromium } from '../scripts/chromium.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = dirname(createRequire(import.meta.url).resolve('voice-agent-metrics/package.json'));
const shots = join(repo, 'artifacts', 'dashboard');
const read = (path) => readFileSync(join(repo, path), 'utf8');
const prices = JSON.parse(read('examples/prices.example.json'));
const samples = JSON.parse(read('examples/dashboard/samples/index.json')).samples;

// The page's display rules, written out again: one decimal for ms, 4 significant
// digits for money, grouping commas.
const ms1 = (v) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
const money = (v) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 4 }).format(v);
const count = (v) => new Intl.NumberFormat('en-US').format(v);
/** A `data-value` attribute back as a number (absent → undefined). */
const num = (v) => (v === null || v === undefined ? undefined : Number(v));

async function launch(t) {
  const server = await serve({ pkgDir });
  t.after(() => server.close());
  const { context, close } = await launchChromium({ viewport: { width: 1280, height: 900 } });
  t.after(close);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const wasm = [];
  page.on('response', (r) => r.url().endsWith('.wasm') && wasm.push(r));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-state=ready]', { timeout: 30_000 });
  return { page, errors, wasm, requests, origin: server.url };
}

/** The turns table of the selected file: per row, `{ key: number | undefined }` and texts. */
function turnRows(page) {
  return page.$$eval('#turns tbody tr', (rows) =>
    rows.map((r) => Object.fromEntries([...r.querySelectorAll('td[data-key]')].map((td) => [td.dataset.key, { value: td.dataset.value, text: td.textContent }]))),
  );
}

/** The waterfall rows: data attributes and the end/sub labels. */
function waterfallRows(page) {
  return page.$$eval('#wf-chart g.wf-row', (rows) =>
    rows.map((g) => ({
      turn: g.dataset.turn,
      end: g.dataset.end,
      unexplained: g.dataset.unexplained,
      endLabel: g.querySelector('[data-role=end-label]')?.textContent,
      subLabel: g.querySelector('[data-role=sub-label]')?.textContent,
      segments: [...g.querySelectorAll('rect.seg')].map((r) => r.getAttribute('class')),
    })),
  );
}

async function select(page, file) {
  await page.click(`#files tr[data-file="${file}"] button.session-link`);
  await page.waitForSelector(`#detail[data-file="${file}"]:not([hidden])`);
}

async function checkPercentiles(page, stats, what) {
  for (const q of ['p50', 'p95', 'p99']) {
    const tile = await page.$eval(`#stat-${q}`, (el) => ({ value: el.dataset.value, text: el.querySelector('dd').textContent }));
    assert.equal(num(tile.value), stats[q], `${what} ${q}`);
    assert.equal(tile.text, ms1(stats[q]), `${what} ${q} text`);
    assert.equal(num(await page.$eval(`#dist-chart .pmark-${q}`, (g) => g.dataset.value)), stats[q], `${what} ${q} line`);
  }
  const dots = await page.$$eval('#dist-chart circle.dot', (c) => c.map((d) => Number(d.dataset.value)));
  assert.equal(dots.length, stats.count, `${what}: one dot per turn the summary counts`);
}

async function checkCost(page, cost, what) {
  assert.equal(num(await page.$eval('#cost-total', (el) => el.dataset.value)), cost.total, `${what}: total cost`);
  assert.equal(await page.textContent('#cost-total'), money(cost.total) + (cost.unpriced.length ? ' + unpriced' : ''), `${what}: cost text`);
  const rows = await page.$$eval('#usage-table tbody tr', (rs) =>
    rs.map((r) => ({ kind: r.dataset.kind, model: r.dataset.model, cost: r.querySelector('[data-col=cost]').dataset.value, unpriced: r.querySelector('[data-col=cost]').dataset.unpriced })),
  );
  for (const m of cost.models) {
    const row = rows.find((r) => r.kind === m.kind && r.model === `${m.provider}/${m.model}`);
    assert.ok(row, `${what}: a row for ${m.kind} ${m.model}`);
    assert.equal(num(row.cost), m.cost, `${what}: cost of ${m.model}`);
  }
  for (const u of cost.unpriced) {
    const row = rows.find((r) => r.kind === u.kind && r.model === `${u.provider}/${u.model}`);
    assert.equal(row?.unpriced, u.missing.join(','), `${what}: ${u.model} unpriced`);
  }
  return rows;
}

test('dashboard: the samples, a corrupt file beside a good one, and price tables', async (t) => {
  const { page, errors, wasm, requests, origin } = await launch(t);
  mkdirSync(shots, { recursive: true });
  assert.match(await page.textContent('#price-name'), /^prices\.example\.json \(USD, as of 2026-11-01, 15 prices\)$/);

  await page.click('#load-sample');
  await page.waitForFunction((n) => document.querySelectorAll('#files tbody tr').length === n, samples.length);
  assert.equal(await page.textContent('#status'), `Loaded ${samples.length} files.`);

  for (const [i, sample] of samples.entries()) {
    const text = read(`examples/dashboard/samples/${sample.file}`);
    assert.equal(text, read(sample.source), `${sample.file} is still a copy of ${sample.source}`);
    const a = analyzeSessionReport(text);
    const scenario = dirname(sample.source);
    const cost = computeUsage(read(`${scenario}/metrics_events.json`)).cost(prices);

    // The files table.
    const overview = await page.$eval(`#files tr[data-file="${sample.file}"]`, (r) =>
      Object.fromEntries([...r.querySelectorAll('[data-col]')].map((c) => [c.dataset.col, { value: c.dataset.value, text: c.textContent }])),
    );
    assert.equal(num(overview.turns.value), a.summary.userTurns);
    for (const q of ['p50', 'p95', 'p99']) {
      assert.equal(num(overview[q].value), a.summary.e2eLatencyMs[q], `${sample.file} overview ${q}`);
      assert.equal(overview[q].text, ms1(a.summary.e2eLatencyMs[q]));
    }
    assert.equal(num(overview.cost.value), cost.total, `${sample.file} overview cost`);
    assert.equal(num(overview.flagged.value), a.flags.length);

    if (i > 0) await select(page, sample.file);
    assert.equal(await page.textContent('#detail-h'), sample.file);

    // Every turn: the table cells and the waterfall's labels are the library's numbers.
    const rows = await turnRows(page);
    assert.equal(rows.length, a.turns.length, `${sample.file}: one row per turn`);
    const keys = ['e2eLatencyMs', 'endOfTurnDelayMs', 'onUserTurnCompletedDelayMs', 'llmNodeTtftMs', 'ttsNodeTtfbMs', 'playbackLatencyMs', 'unexplainedMs'];
    a.turns.forEach((turn, j) => {
      for (const k of keys) {
        assert.equal(num(rows[j][k].value), turn[k], `${sample.file} turn ${j} ${k}`);
        assert.equal(rows[j][k].text, turn[k] === undefined ? '—' : ms1(turn[k]), `${sample.file} turn ${j} ${k} text`);
      }
    });
    const bars = await waterfallRows(page);
    assert.equal(bars.length, a.turns.length);
    a.turns.forEach((turn, j) => {
      assert.equal(num(bars[j].end), turn.e2eLatencyMs);
      assert.equal(num(bars[j].unexplained), turn.unexplainedMs);
      assert.equal(bars[j].endLabel, `e2e ${ms1(turn.e2eLatencyMs)} ms`);
      assert.equal(bars[j].subLabel, `unexplained ${ms1(turn.unexplainedMs)} ms`);
      const stacked = ['eot', 'llm', 'tts'].every((c) => bars[j].segments.includes(`seg seg-${c}`));
      assert.ok(stacked, `${sample.file} turn ${j}: end of turn, LLM and TTS bars`);
      assert.equal(bars[j].segments.includes('seg seg-unexplained'), turn.unexplainedMs > 0, 'an unexplained bar only when positive');
    });
    if (a.turns.some((x) => x.unexplainedMs < 0)) {
      assert.equal(await page.$$eval('#wf-chart rect.overlap', (r) => r.length), a.turns.filter((x) => x.unexplainedMs < 0).length, 'overlaps drawn');
    }

    await checkPercentiles(page, a.summary.e2eLatencyMs, sample.file);
    await checkCost(page, cost, sample.file);
    const llm = a.usage.models.find((r) => r.type === 'llm_usage');
    assert.match(await page.textContent('#usage-table tr[data-kind=llm]'), new RegExp(`${count(llm.inputTokens)} input tokens \\(${count(llm.inputCachedTokens)} cached\\)`));

    assert.deepEqual(a.flags, []);
    assert.equal(await page.textContent('#flag-list'), 'No flagged turns: every turn’s numbers can be trusted.');
    assert.equal(await page.$$eval('#tl-table tbody tr', (r) => r.length), a.timeline.length, 'every timeline entry listed');
    assert.equal(await page.$$eval('#tl-chart rect.wait', (r) => r.length), a.turns.filter((x) => x.userStoppedSpeakingAtMs !== undefined && x.agentStartedSpeakingAtMs !== undefined).length);

    if (i === 0) {
      await page.locator('#waterfall').screenshot({ path: join(shots, 'waterfall.png') });
      await page.locator('#summary').screenshot({ path: join(shots, 'summary.png') });
      await page.locator('#timeline').screenshot({ path: join(shots, 'timeline.png') });
      await page.screenshot({ path: join(shots, 'page.png'), fullPage: true });
    }
    if (a.turns.some((x) => x.unexplainedMs < 0)) {
      await page.locator('#waterfall').screenshot({ path: join(shots, 'waterfall-preemptive.png') });
    }
  }

  // Another latency in the distribution: the summary's own numbers again.
  await select(page, samples[0].file);
  await page.selectOption('#metric', 'llmNodeTtftMs');
  await checkPercentiles(page, analyzeSessionReport(read(`examples/dashboard/samples/${samples[0].file}`)).summary.llmNodeTtftMs, 'llm ttft');
  await page.selectOption('#metric', 'e2eLatencyMs');

  // A corrupt file and a good metrics-event log, picked together.
  const corrupt = '{"chat_history": {"items": [{"type": "message", "role": "user"';
  const expectedCode = (() => {
    try {
      analyzeSessionReport(corrupt);
    } catch (e) {
      return e.code;
    }
  })();
  assert.equal(expectedCode, 'InvalidJson');
  const goodName = 'js-03b.metrics_events.json';
  const goodText = read('tests/fixtures/js-03b-interruption-while-thinking/metrics_events.json');
  await page.setInputFiles('#file-input', [
    { name: 'truncated_report.json', mimeType: 'application/json', buffer: Buffer.from(corrupt) },
    { name: goodName, mimeType: 'application/json', buffer: Buffer.from(goodText) },
  ]);
  await page.waitForFunction((n) => document.querySelectorAll('#files tbody tr').length === n, samples.length + 2);
  const bad = await page.$eval('#files tr[data-file="truncated_report.json"]', (r) => ({ status: r.dataset.status, code: r.querySelector('.badge').dataset.code, text: r.querySelector('.status').textContent }));
  assert.deepEqual([bad.status, bad.code], ['error', expectedCode]);
  assert.match(bad.text, /InvalidJson/);
  assert.match(await page.textContent('#status'), /truncated_report\.json: InvalidJson/);
  assert.equal(await page.$$eval('#files tr[data-status=ok]', (r) => r.length), samples.length + 1, 'the others are still there');
  await page.waitForSelector(`#detail[data-file="${goodName}"]:not([hidden])`);

  const turns = computeTurnLatency(goodText);
  const live = new SessionMetrics();
  live.pushMany(goodText);
  live.flush();
  const summary = live.summary();
  const rows = await turnRows(page);
  assert.equal(rows.length, turns.length);
  turns.forEach((turn, j) => {
    for (const k of ['formulaLatencyMs', 'eouDelayMs', 'llmTtftMs', 'ttsTtfbMs', 'transcriptionDelayMs', 'onUserTurnCompletedDelayMs']) {
      assert.equal(num(rows[j][k].value), turn[k], `${goodName} turn ${j} ${k}`);
    }
  });
  const bars = await waterfallRows(page);
  assert.equal(bars[0].endLabel, 'no total (missing tts)', 'the cancelled reply has no total');
  assert.equal(bars[1].endLabel, `total ${ms1(turns[1].formulaLatencyMs)} ms`);
  // Independently of the library: EOU + first LLM ttft + first TTS ttfb of the raw events.
  const raw = JSON.parse(goodText).map((e) => e.metrics).filter((m) => m.speechId === turns[1].speechId);
  const eou = raw.find((m) => m.type === 'eou_metrics').endOfUtteranceDelayMs;
  const ttft = raw.find((m) => m.type === 'llm_metrics').ttftMs;
  const ttfb = raw.find((m) => m.type === 'tts_metrics').ttfbMs;
  assert.equal(num(bars[1].end), eou + ttft + ttfb);
  await checkPercentiles(page, summary.formulaLatencyMs, goodName);
  await checkCost(page, computeUsage(goodText).cost(prices), goodName);
  assert.match(await page.textContent('#flag-list li[data-turn="0"]'), /^Turn 1 \(user\): missing tts metrics \(reply cancelled\)$/);
  assert.match(await page.textContent('#tl-chart'), /no session timeline/);
  await page.locator('#overview').screenshot({ path: join(shots, 'files-with-error.png') });

  // Another price table: without the TTS price, TTS is listed unpriced, never 0.
  const noTts = { ...prices, prices: prices.prices.filter((p) => p.provider !== 'fake-cartesia') };
  await page.setInputFiles('#price-input', { name: 'no-tts.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(noTts)) });
  await page.waitForFunction(() => document.getElementById('price-name').textContent.startsWith('no-tts.json'));
  const noTtsCost = computeUsage(goodText).cost(noTts);
  assert.equal(noTtsCost.unpriced.length, 1);
  const usageRows = await checkCost(page, noTtsCost, 'no-tts prices');
  assert.equal(usageRows.find((r) => r.kind === 'tts').unpriced, 'entry');
  assert.match(await page.textContent('#usage-table tr[data-kind=tts]'), /no price \(entry\)/);

  // A bad price table is refused with its code; the previous one stays.
  const dup = { ...prices, prices: [...prices.prices, prices.prices[0]] };
  const dupCode = (() => {
    try {
      computeUsage([]).cost(dup);
    } catch (e) {
      return e.code;
    }
  })();
  assert.equal(dupCode, 'DuplicatePrice');
  await page.setInputFiles('#price-input', { name: 'dup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(dup)) });
  await page.waitForFunction(() => document.getElementById('price-error').textContent !== '');
  assert.equal(await page.$eval('#price-error', (el) => el.dataset.code), dupCode);
  assert.match(await page.textContent('#price-name'), /^no-tts\.json/);
  assert.equal(num(await page.$eval('#cost-total', (el) => el.dataset.value)), noTtsCost.total);

  assert.deepEqual(errors, [], 'no page errors');
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), [], 'nothing but the page\'s own server: works offline');
  assert.ok(requests.includes(`${origin}pkg/web/index.js`), 'the package\'s web build, through the import map');
  assert.equal(wasm.length, 1, 'the .wasm was fetched once');
  assert.equal(wasm[0].headers()['content-type'], 'application/wasm');
});
