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
// (A value that rounds to zero, or -0, shows as 0.0.)
const ms1 = (v) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' }).format(v);
const money = (v) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 4 }).format(v);
const count = (v) => new Intl.NumberFormat('en-US').format(v);
/** A `data-value` attribute back as a number (absent → undefined). */
const num = (v) => (v === null || v === undefined ? undefined : Number(v));
/** A `data-value` equals the library's number (-0, which an attribute cannot carry, as 0). */
const eqNum = (attr, expected, msg) => assert.equal(num(attr), expected === 0 ? 0 : expected, msg);

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

/** The waterfall rows: data attributes, labels, and every bar with its place on the page. */
function waterfallRows(page) {
  return page.$$eval('#wf-chart g.wf-row', (rows) => {
    const box = (r) => ({ x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), width: Number(r.getAttribute('width')), height: Number(r.getAttribute('height')) });
    return rows.map((g) => ({
      turn: g.dataset.turn,
      e2e: g.dataset.e2e,
      formula: g.dataset.formula,
      unexplained: g.dataset.unexplained,
      endLabel: g.querySelector('[data-role=end-label]')?.textContent,
      subLabel: g.querySelector('[data-role=sub-label]')?.textContent,
      formulaLabel: g.querySelector('[data-role=formula-label]')?.textContent,
      note: g.querySelector('[data-role=note]')?.dataset.notes,
      marker: g.querySelector('line.end-marker') ? Number(g.querySelector('line.end-marker').getAttribute('x1')) : undefined,
      formulaMarker: g.querySelector('.formula-marker line') ? Number(g.querySelector('.formula-marker line').getAttribute('x1')) : undefined,
      segments: [...g.querySelectorAll('rect.seg')].map((r) => ({ cls: r.getAttribute('class'), part: r.dataset.part, startMs: Number(r.dataset.startMs), durationMs: Number(r.dataset.durationMs), ...box(r) })),
      ahead: [...g.querySelectorAll('rect.ahead')].map((r) => ({ part: r.dataset.part, aheadMs: Number(r.dataset.aheadMs), ...box(r) })),
    }));
  });
}

/** The x of `ms` on the waterfall's axis, from two of its grid lines. */
async function waterfallAxis(page) {
  const ticks = await page.$$eval('#wf-chart svg > line', (ls) => ls.map((l) => Number(l.getAttribute('x1'))));
  const labels = await page.$$eval('#wf-chart svg > text.tick', (ts) => ts.map((t) => Number(t.textContent.replace(/ ms$/, '').replaceAll(',', ''))));
  const [x0, x1] = [ticks[0], ticks[ticks.length - 1]];
  const [v0, v1] = [labels[0], labels[labels.length - 1]];
  return (ms) => x0 + ((ms - v0) / (v1 - v0)) * (x1 - x0);
}

// The event logs' formula (EOU + LLM ttft + TTS ttfb): the turn's and summary's key.
const FORMULA = 'formulaLatencyMs';
// Work ahead of time under 0.05 ms (what one decimal shows as 0.0) is timestamp rounding:
// the page does not show it.
const shownAhead = (w) => w.aheadMs >= 0.05;
const CLS = { endOfTurn: 'eot', onUserTurnCompleted: 'outc', toolStep: 'toolstep', toolExecution: 'tool', llmTtft: 'llm', firstSentence: 'fs', ttsTtfb: 'tts', realtimeTtft: 'rt', playback: 'playback', unexplained: 'unexplained' };
const ORDER = Object.keys(CLS);

/**
 * The selected file's turns, in the table and the waterfall, against the library's:
 * every waterfall step (part, start, duration, work ahead), the e2e, the unexplained
 * time, the formula (event logs) and the notes; and the drawing: the critical-path bars
 * run back to back from the end of user speech to the e2e marker, nothing is drawn
 * past it or with a negative size, and work done ahead sits in its own lane under the
 * bar, ending where its part joins the critical path.
 */
async function checkTurns(page, turns, what, { formula = false } = {}) {
  const parts = ORDER.filter((p) => turns.some((t) => (t.waterfall ?? []).some((w) => w.part === p)));
  const heads = await page.$$eval('#turns thead th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(heads.filter((x) => /\(ms\)$/.test(x)).length, 1 + (formula ? 1 : 0) + parts.length, `${what}: e2e${formula ? ', formula' : ''} and one column per part`);
  const rows = await page.$$eval('#turns tbody tr', (rs) => rs.map((r) => ({
    e2e: r.querySelector('td[data-key=e2e]'),
    formula: r.querySelector('td[data-key=formula]'),
    parts: Object.fromEntries([...r.querySelectorAll('td[data-part]')].map((td) => [td.dataset.part, { durations: td.dataset.durationMs, text: td.querySelector('.dur')?.textContent ?? td.textContent, ahead: td.querySelector('.ahead-note')?.dataset.aheadMs, aheadText: td.querySelector('.ahead-note')?.textContent }])),
    notes: [...r.querySelectorAll('.wf-note')].map((n) => n.dataset.note),
  })).map((r) => ({ ...r, e2e: { value: r.e2e?.dataset.value, text: r.e2e?.textContent }, formula: r.formula && { value: r.formula.dataset.value, text: r.formula.textContent } })));
  const bars = await waterfallRows(page);
  const x = await waterfallAxis(page);
  assert.equal(rows.length, turns.length, `${what}: one row per turn`);
  assert.equal(bars.length, turns.length, `${what}: one waterfall row per turn`);
  assert.equal(await page.$$eval('#wf-chart .overlap', (r) => r.length), 0, `${what}: no overlap box`);
  const near = (a, b, tol, msg) => assert.ok(Math.abs(a - b) <= tol, `${msg}: ${a} vs ${b}`);
  turns.forEach((turn, j) => {
    const at = `${what} turn ${j}`;
    const steps = turn.waterfall ?? [];
    // The table.
    eqNum(rows[j].e2e.value, turn.e2eLatencyMs, `${at} e2e`);
    assert.equal(rows[j].e2e.text, turn.e2eLatencyMs === undefined ? '—' : ms1(turn.e2eLatencyMs), `${at} e2e text`);
    if (formula) {
      eqNum(rows[j].formula.value, turn[FORMULA], `${at} formula`);
      assert.equal(rows[j].formula.text, turn[FORMULA] === undefined ? '—' : ms1(turn[FORMULA]), `${at} formula text`);
    }
    for (const p of parts) {
      const mine = steps.filter((w) => w.part === p);
      const cell = rows[j].parts[p];
      assert.ok(cell, `${at}: a ${p} cell`);
      assert.equal(cell.durations, mine.length ? mine.map((w) => w.durationMs).join(',') : undefined, `${at} ${p} durations`);
      assert.equal(cell.text, mine.length ? mine.map((w) => ms1(w.durationMs)).join(' + ') : '—', `${at} ${p} text`);
      const ahead = mine.filter(shownAhead);
      assert.equal(cell.ahead, ahead.length ? ahead.map((w) => w.aheadMs).join(',') : undefined, `${at} ${p} ahead`);
      if (ahead.length) assert.equal(cell.aheadText, `+ ${ahead.map((w) => ms1(w.aheadMs)).join(' + ')} ahead`);
    }
    assert.deepEqual(rows[j].notes, turn.waterfallNotes ?? [], `${at} notes in the table`);

    // The waterfall: labels.
    const bar = bars[j];
    eqNum(bar.e2e, turn.e2eLatencyMs, `${at} data-e2e`);
    eqNum(bar.unexplained, turn.unexplainedMs, `${at} data-unexplained`);
    if (turn.e2eLatencyMs !== undefined) {
      assert.equal(bar.endLabel, `e2e ${ms1(turn.e2eLatencyMs)} ms`, `${at} end label`);
      assert.equal(bar.subLabel, `unexplained ${ms1(turn.unexplainedMs)} ms`, `${at} sub label`);
    } else {
      assert.equal(bar.marker, undefined, `${at}: no e2e, no marker`);
    }
    if (formula) {
      eqNum(bar.formula, turn[FORMULA], `${at} data-formula`);
      assert.equal(bar.formulaLabel, turn[FORMULA] === undefined ? undefined : `formula ${ms1(turn[FORMULA])} ms`, `${at} formula label`);
      if (turn[FORMULA] !== undefined) near(bar.formulaMarker, x(turn[FORMULA]), 0.01, `${at} formula marker`);
    }
    assert.equal(bar.note, (turn.waterfallNotes ?? []).length ? turn.waterfallNotes.join(',') : undefined, `${at} note on the row`);

    // The waterfall: one bar per step, the library's numbers, back to back up to the e2e.
    assert.deepEqual(bar.segments.map((b) => [b.part, b.startMs, b.durationMs]), steps.map((w) => [w.part, w.startMs, w.durationMs]), `${at}: the bars are the waterfall`);
    bar.segments.forEach((b, k) => {
      assert.equal(b.cls, `seg seg-${CLS[b.part]}`);
      assert.ok(b.width >= 0 && b.height > 0, `${at}: no negative bar`);
      near(b.x, x(steps[k].startMs), 0.01, `${at} ${b.part} x`);
      if (k > 0) near(b.x, bar.segments[k - 1].x + bar.segments[k - 1].width, 0.6, `${at}: ${b.part} starts where the previous part ends`);
    });
    if (steps.length) {
      near(bar.segments[0].x, x(0), 0.01, `${at}: from the end of user speech`);
      const last = bar.segments[bar.segments.length - 1];
      near(last.x + last.width, bar.marker, 0.6, `${at}: the bars reach the e2e marker`);
      near(steps.reduce((a, w) => a + w.durationMs, 0), turn.e2eLatencyMs, 1e-6, `${at}: the parts add up to the e2e`);
    }
    near(bar.marker ?? x(turn.e2eLatencyMs ?? 0), x(turn.e2eLatencyMs ?? 0), 0.01, `${at}: the marker at the e2e`);
    // Work done ahead: off the critical path, in the lane under the bar.
    const ahead = steps.filter(shownAhead);
    assert.deepEqual(bar.ahead.map((b) => [b.part, b.aheadMs]), ahead.map((w) => [w.part, w.aheadMs]), `${at}: one faded bar per part with work done ahead`);
    bar.ahead.forEach((b, k) => {
      const seg = bar.segments.find((sg) => sg.part === b.part);
      assert.ok(b.width > 0, `${at}: ahead bar has a size`);
      assert.ok(b.x + b.width <= seg.x + 0.01, `${at}: ${b.part}'s work ahead ends where it joins the critical path`);
      assert.ok(b.y >= seg.y + seg.height, `${at}: ${b.part}'s work ahead is under the bar, not on it`);
      near(b.width, ahead[k].aheadMs * (x(1000) - x(0)) / 1000, 0.01, `${at}: ${b.part} ahead bar is its aheadMs long`);
    });
  });
  const legend = await page.textContent('#wf-legend');
  if (parts.includes('firstSentence')) assert.match(legend, /First sentence/, `${what}: first sentence in the legend`);
  assert.equal(/ahead \(preemptive\)/.test(legend), turns.some((t) => (t.waterfall ?? []).some(shownAhead)), `${what}: the ahead legend when there is work done ahead`);
  assert.equal(/formula/.test(legend), formula, `${what}: the formula in the legend of event logs only`);
  assert.doesNotMatch(legend, /overlap/);
}

/** The headline e2e and every waterfall part's statistics: the summary's. */
async function checkParts(page, summary, what) {
  for (const q of ['p50', 'p95', 'p99']) {
    const tile = await page.$eval(`#e2e-${q}`, (el) => ({ value: el.dataset.value, text: el.querySelector('dd').textContent }));
    eqNum(tile.value, summary.e2eLatencyMs[q], `${what} headline e2e ${q}`);
    assert.equal(tile.text, ms1(summary.e2eLatencyMs[q]));
  }
  const rows = await page.$$eval('#parts-table tbody tr', (rs) => rs.map((r) => ({ key: r.dataset.key, n: r.querySelector('td').dataset.value, qs: Object.fromEntries([...r.querySelectorAll('td[data-q]')].map((td) => [td.dataset.q, { value: td.dataset.value, text: td.textContent }])) })));
  assert.equal(rows[0].key, 'e2e');
  const keys = rows.map((r) => r.key);
  assert.ok(keys.includes('firstSentenceMs') && keys.includes('unexplainedMs'), `${what}: first sentence and unexplained statistics`);
  for (const r of rows) {
    const st = r.key === 'e2e' ? summary.e2eLatencyMs : summary.waterfall[r.key];
    assert.ok(st, `${what}: ${r.key} is a summary statistic`);
    eqNum(r.n, st.count, `${what} ${r.key} n`);
    for (const q of ['p50', 'p95', 'p99', 'mean']) {
      eqNum(r.qs[q].value, st[q], `${what} ${r.key} ${q}`);
      assert.equal(r.qs[q].text, st[q] === undefined ? '—' : ms1(st[q]), `${what} ${r.key} ${q} text`);
    }
  }
  return keys;
}

async function select(page, file) {
  await page.click(`#files tr[data-file="${file}"] button.session-link`);
  await page.waitForSelector(`#detail[data-file="${file}"]:not([hidden])`);
}

async function checkPercentiles(page, stats, what) {
  for (const q of ['p50', 'p95', 'p99']) {
    const tile = await page.$eval(`#stat-${q}`, (el) => ({ value: el.dataset.value, text: el.querySelector('dd').textContent }));
    eqNum(tile.value, stats[q], `${what} ${q}`);
    assert.equal(tile.text, ms1(stats[q]), `${what} ${q} text`);
    eqNum(await page.$eval(`#dist-chart .pmark-${q}`, (g) => g.dataset.value), stats[q], `${what} ${q} line`);
  }
  const dots = await page.$$eval('#dist-chart circle.dot', (c) => c.map((d) => Number(d.dataset.value)));
  assert.equal(dots.length, stats.count, `${what}: one dot per turn the summary counts`);
}

async function checkCost(page, cost, what) {
  eqNum(await page.$eval('#cost-total', (el) => el.dataset.value), cost.total, `${what}: total cost`);
  assert.equal(await page.textContent('#cost-total'), money(cost.total) + (cost.unpriced.length ? ' + unpriced' : ''), `${what}: cost text`);
  const rows = await page.$$eval('#usage-table tbody tr', (rs) =>
    rs.map((r) => ({ kind: r.dataset.kind, model: r.dataset.model, cost: r.querySelector('[data-col=cost]').dataset.value, unpriced: r.querySelector('[data-col=cost]').dataset.unpriced })),
  );
  for (const m of cost.models) {
    const row = rows.find((r) => r.kind === m.kind && r.model === `${m.provider}/${m.model}`);
    assert.ok(row, `${what}: a row for ${m.kind} ${m.model}`);
    eqNum(row.cost, m.cost, `${what}: cost of ${m.model}`);
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

  const sdks = samples.map((x) => analyzeSessionReport(read(x.source)));
  assert.ok(sdks.some((a) => a.sdk === 'python') && sdks.some((a) => a.sdk === 'node'), 'the samples: a Python and a Node report');
  assert.ok(sdks.some((a) => a.turns.some((x) => x.waterfall.some(shownAhead))), 'the samples: a preemptive report');
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
    eqNum(overview.turns.value, a.summary.userTurns);
    for (const q of ['p50', 'p95', 'p99']) {
      eqNum(overview[q].value, a.summary.e2eLatencyMs[q], `${sample.file} overview ${q}`);
      assert.equal(overview[q].text, ms1(a.summary.e2eLatencyMs[q]));
    }
    eqNum(overview.cost.value, cost.total, `${sample.file} overview cost`);
    eqNum(overview.flagged.value, a.flags.length);

    if (i > 0) await select(page, sample.file);
    assert.equal(await page.textContent('#detail-h'), sample.file);

    // Every turn: the table cells and the waterfall are the library's numbers.
    await checkTurns(page, a.turns, sample.file);
    const partKeys = await checkParts(page, a.summary, sample.file);
    assert.ok(a.turns.some((x) => x.waterfall.some((w) => w.part === 'firstSentence')), `${sample.file}: a first-sentence part to show`);
    assert.ok(partKeys.includes('firstSentenceMs'));

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
      await page.locator('#parts').screenshot({ path: join(shots, 'parts.png') });
      await page.locator('#summary').screenshot({ path: join(shots, 'summary.png') });
      await page.locator('#timeline').screenshot({ path: join(shots, 'timeline.png') });
      await page.screenshot({ path: join(shots, 'page.png'), fullPage: true });
    }
    if (a.sdk === 'python') await page.locator('#waterfall').screenshot({ path: join(shots, 'waterfall-python.png') });
    if (a.turns.some((x) => x.waterfall.some(shownAhead))) {
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
  await checkTurns(page, turns, goodName, { formula: true });
  await checkParts(page, summary, goodName);
  const bars = await waterfallRows(page);
  assert.equal(bars[0].endLabel, 'no e2e (missing tts)', 'the cancelled reply has no e2e');
  assert.equal(bars[1].endLabel, `e2e ${ms1(turns[1].e2eLatencyMs)} ms`);
  // Independently of the library's waterfall: the formula is EOU + first LLM ttft + first
  // TTS ttfb of the raw events, and the e2e is the wait the SDK measured in the session's
  // report (chat turn 1 is the same reply) to within the events' 1 ms timestamps.
  const raw = JSON.parse(goodText).map((e) => e.metrics).filter((m) => m.speechId === turns[1].speechId);
  const eou = raw.find((m) => m.type === 'eou_metrics').endOfUtteranceDelayMs;
  const ttft = raw.find((m) => m.type === 'llm_metrics').ttftMs;
  const ttfb = raw.find((m) => m.type === 'tts_metrics').ttfbMs;
  eqNum(bars[1].formula, eou + ttft + ttfb);
  const sdkE2e = analyzeSessionReport(read('tests/fixtures/js-03b-interruption-while-thinking/session_report.json')).turns[1].e2eLatencyMs;
  assert.ok(Math.abs(num(bars[1].e2e) - sdkE2e) <= 1.5, `event-log e2e ${bars[1].e2e} vs the SDK's ${sdkE2e}`);
  assert.ok(num(bars[1].e2e) > num(bars[1].formula), 'the formula leaves out the first-sentence wait');
  const overview = await page.$eval(`#files tr[data-file="${goodName}"] [data-col=p50]`, (c) => c.dataset.value);
  eqNum(overview, summary.e2eLatencyMs.p50, 'the files table shows the e2e of event logs too');
  await checkPercentiles(page, summary.e2eLatencyMs, goodName);
  await checkCost(page, computeUsage(goodText).cost(prices), goodName);
  assert.match(await page.textContent('#flag-list li[data-turn="0"]'), /^Turn 1 \(user\): missing tts metrics \(reply cancelled\)$/);
  assert.match(await page.textContent('#tl-chart'), /no session timeline/);
  await page.locator('#overview').screenshot({ path: join(shots, 'files-with-error.png') });

  // A preemptive event log (the LLM ran before the end-of-turn decision; a discarded
  // speculative reply): the work done ahead is off the critical path, the bars reach
  // the e2e, and the formula, which counts the whole LLM ttft, is past it.
  const preName = 'js-05a.metrics_events.json';
  const preText = read('tests/fixtures/js-05a-preemptive-llm/metrics_events.json');
  await page.setInputFiles('#file-input', { name: preName, mimeType: 'application/json', buffer: Buffer.from(preText) });
  await page.waitForSelector(`#detail[data-file="${preName}"]:not([hidden])`);
  const preTurns = computeTurnLatency(preText);
  assert.ok(preTurns.some((x) => x.kind === 'speculative') && preTurns.some((x) => (x.waterfall ?? []).some(shownAhead)), 'a preemptive log');
  const preLive = new SessionMetrics();
  preLive.pushMany(preText);
  preLive.flush();
  const preSummary = preLive.summary();
  preLive.free();
  await checkTurns(page, preTurns, preName, { formula: true });
  await checkParts(page, preSummary, preName);
  const preBars = await waterfallRows(page);
  preTurns.forEach((x, j) => {
    if (x.kind === 'user') assert.ok(preBars[j].formulaMarker > preBars[j].marker, `${preName} turn ${j}: the formula overshoots the e2e`);
  });
  assert.equal(preBars[1].endLabel, 'speculative (discarded)');
  await page.locator('#waterfall').screenshot({ path: join(shots, 'waterfall-events.png') });
  await page.locator('#parts').screenshot({ path: join(shots, 'parts-events.png') });

  // Reports whose waterfall is placed with less: a Node report without its speech_created
  // events (the first-sentence wait is then unexplained time, and the turn says so) and a
  // Python realtime report (one realtime part).
  const bare = JSON.parse(read('tests/fixtures/js-01-pipeline-3turns/session_report.json'));
  bare.events = bare.events.filter((e) => e.type !== 'speech_created');
  const noted = [
    ['js-01-no-speech-created.session_report.json', JSON.stringify(bare), 'firstSentenceUnknown', /first-sentence wait not in this report[^:]*: counted as unexplained/],
    ['py-04-realtime.session_report.json', read('tests/fixtures/py-04-realtime/session_report.json'), 'realtimeUnsplit', /realtime model/],
  ];
  for (const [name, text, note, words] of noted) {
    await page.setInputFiles('#file-input', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector(`#detail[data-file="${name}"]:not([hidden])`);
    const a = analyzeSessionReport(text);
    assert.ok(a.turns.length > 0 && a.turns.every((x) => x.waterfallNotes.includes(note)), `${name}: every turn has ${note}`);
    await checkTurns(page, a.turns, name);
    await checkParts(page, a.summary, name);
    const notes = await page.$$eval('#wf-chart [data-role=note]', (ns) => ns.map((n) => n.textContent));
    assert.equal(notes.length, a.turns.length, `${name}: a note on every turn`);
    for (const n of notes) assert.match(n, words, `${name}: the note says why`);
    if (note === 'realtimeUnsplit') assert.ok(a.turns.every((x) => x.waterfall.some((w) => w.part === 'realtimeTtft')));
    if (note === 'firstSentenceUnknown') {
      assert.ok(a.turns.every((x) => !x.waterfall.some((w) => w.part === 'firstSentence') && x.unexplainedMs > 100), `${name}: the wait is unexplained`);
      await page.locator('#waterfall').screenshot({ path: join(shots, 'waterfall-first-sentence-unknown.png') });
    }
  }
  await select(page, goodName);

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
  eqNum(await page.$eval('#cost-total', (el) => el.dataset.value), noTtsCost.total);

  assert.deepEqual(errors, [], 'no page errors');
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), [], 'nothing but the page\'s own server: works offline');
  assert.ok(requests.includes(`${origin}pkg/web/index.js`), 'the package\'s web build, through the import map');
  assert.equal(wasm.length, 1, 'the .wasm was fetched once');
  assert.equal(wasm[0].headers()['content-type'], 'application/wasm');
});
