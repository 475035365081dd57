// The CLI (`npx voice-agent-metrics`) as installed from the packed tarball: golden
// output on the bundled samples, and every number equal to the library's own output
// for the same files.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  analyzeSessionReport, computeTurnLatency, computeUsage, LatencyAggregator, SessionMetrics, version,
} from 'voice-agent-metrics';
import { assertGolden, cli, cliJson, PRICES, ROOT, SAMPLE_NAMES, SAMPLES } from './helpers.mjs';

const fixture = (path) => readFileSync(`${ROOT}tests/fixtures/${path}`);

/** numpy.percentile(values, q) (linear), written out independently of the CLI's code. */
function numpyPercentile(values, q) {
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * (q / 100);
  const lo = Math.floor(h);
  return lo + 1 < xs.length ? xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo]) : xs[lo];
}

test('no arguments: the bundled sample reports, per-turn tables and summaries (golden)', () => {
  const r = cli([]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'nothing on stderr: no progress bar without a TTY, no errors');
  assertGolden('samples.txt', r.stdout);
  for (const name of SAMPLE_NAMES) assert.match(r.stdout, new RegExp(`^── samples/${name}\\.json: session report`, 'm'));
  assert.match(r.stdout, /^══ all files: 4 analysed, 0 failed$/m);
});

test('--json on the samples (golden), with the library\'s numbers for each file', () => {
  const r = cli(['--json']);
  assert.equal(r.code, 0, r.stderr);
  assertGolden('samples.json', r.stdout);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.format, 1);
  assert.deepEqual(doc.files.map((f) => f.path), SAMPLE_NAMES.map((n) => `samples/${n}.json`));
  for (const [i, name] of SAMPLE_NAMES.entries()) {
    const bytes = readFileSync(`${SAMPLES}${name}.json`);
    const a = analyzeSessionReport(bytes);
    const f = doc.files[i];
    assert.equal(f.ok, true);
    assert.equal(f.kind, 'report');
    assert.equal(f.bytes, bytes.length);
    assert.equal(f.sdk, a.sdk);
    assert.equal(f.sdkVersion, a.sdkVersion);
    assert.equal(f.durationMs, a.durationMs);
    assert.deepEqual(f.turns, a.turns, `${name}: turns`);
    assert.deepEqual(f.summary, a.summary, `${name}: summary`);
    assert.deepEqual(f.flags, a.flags);
    assert.deepEqual(f.usage, a.usage.models, `${name}: usage rows`);
    assert.deepEqual(f.usageFlags, a.usage.flags);
    assert.equal(f.skipped, a.skipped.length);
    assert.equal(f.cost, undefined, 'no cost without --prices');
  }
  // The samples are the captured fixtures, byte for byte.
  for (const name of SAMPLE_NAMES) {
    assert.deepEqual(readFileSync(`${SAMPLES}${name}.json`), fixture(`${name}/session_report.json`));
  }
});

test('across files: exact percentiles over every file\'s user turns, not an average of files', () => {
  const doc = cliJson([]);
  const e2e = SAMPLE_NAMES.flatMap((n) => analyzeSessionReport(readFileSync(`${SAMPLES}${n}.json`)).turns)
    .filter((t) => t.kind === 'user' && t.flags.length === 0)
    .map((t) => t.e2eLatencyMs);
  assert.equal(e2e.length, 10);
  const s = doc.overall.reports.e2eLatencyMs;
  assert.equal(s.count, 10);
  assert.equal(s.min, Math.min(...e2e));
  assert.equal(s.max, Math.max(...e2e));
  for (const q of [50, 90, 95, 99]) assert.ok(Math.abs(s[`p${q}`] - numpyPercentile(e2e, q)) < 1e-9, `p${q}`);
  assert.deepEqual(
    { files: doc.overall.files, analysed: doc.overall.analysed, failed: doc.overall.failed, reports: doc.overall.reports.files, logs: doc.overall.eventLogs.files },
    { files: 4, analysed: 4, failed: 0, reports: 4, logs: 0 },
  );
  assert.equal(doc.overall.eventLogs.formulaLatencyMs.count, 0);
});

test('over one file, the across-files summary is the library\'s own session summary, bit for bit', () => {
  for (const name of SAMPLE_NAMES) {
    const path = `tests/fixtures/${name}/session_report.json`;
    const { files, reports, ...summary } = cliJson([path]).overall.reports;
    assert.equal(files, 1);
    assert.deepEqual(summary, analyzeSessionReport(fixture(`${name}/session_report.json`)).summary, name);
  }
  for (const name of ['py-02-tool-call', 'js-05a-preemptive-llm']) {
    const path = `tests/fixtures/${name}/metrics_events.json`;
    const { files, ...summary } = cliJson([path]).overall.eventLogs;
    assert.equal(files, 1);
    const m = new SessionMetrics();
    m.pushMany(fixture(`${name}/metrics_events.json`));
    m.flush();
    assert.deepEqual(summary, m.summary(), name);
  }
});

test('metrics event logs (JSON array and JSON lines): the library\'s turns, summary and usage', () => {
  for (const name of ['py-01-pipeline-3turns', 'js-02-tool-call', 'py-05b-preemptive-tts', 'js-04-realtime']) {
    const text = fixture(`${name}/metrics_events.json`);
    const doc = cliJson([`tests/fixtures/${name}/metrics_events.json`]);
    const f = doc.files[0];
    assert.equal(f.kind, 'events', name);
    assert.deepEqual(f.turns, computeTurnLatency(text), `${name}: turns`);
    const usage = computeUsage(text);
    assert.deepEqual(f.usage, usage.models, `${name}: usage`);
    assert.deepEqual(f.usageFlags, usage.flags);
    assert.equal(f.duplicatesDropped, usage.duplicatesDropped);
    assert.equal(f.skipped, 0);
    assert.ok(f.turns.some((t) => t.kind === 'user'), `${name}: has user turns`);
  }
});

test('--prices: cost columns and totals; the hand-checked total of py-01', () => {
  const r = cli(['--prices', PRICES, 'tests/fixtures/py-01-pipeline-3turns/session_report.json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ {2}usage +provider +model +.* cost USD$/m, 'a cost column in the usage table');
  // Example prices: fake-gpt-4.1-mini 0.4 / 0.1 (cached) / 1.6 per 1M tokens, fake-sonic-2
  // 65 per 1M characters, fake-nova-3 0.0077 per audio minute. The report's usage:
  // 3416 input tokens (2048 cached), 34 output; 131 characters; 15.952 s of STT audio.
  const llm = (1368 * 0.4 + 2048 * 0.1 + 34 * 1.6) / 1e6; // 0.0008064
  const tts = (131 * 65) / 1e6; //                                0.008515
  const stt = (15.952 / 60) * 0.0077; //                          0.00204717...
  const want = llm + tts + stt; //                                0.01136857...
  assert.match(r.stdout, /^ {2}cost: 0\.011369 USD$/m);
  assert.match(r.stdout, /^ {2}llm +fake-openai +fake-gpt-4\.1-mini +3416 +2048 +34 .* 0\.000806$/m);
  const doc = cliJson(['--prices', PRICES, 'tests/fixtures/py-01-pipeline-3turns/session_report.json']);
  const cost = doc.files[0].cost;
  assert.equal(cost.currency, 'USD');
  assert.ok(Math.abs(cost.total - want) < 1e-15, `${cost.total} vs ${want}`);
  assert.deepEqual(cost.models.map((m) => [m.kind, m.model]), [['llm', 'fake-gpt-4.1-mini'], ['tts', 'fake-sonic-2'], ['stt', 'fake-nova-3']]);
  assert.ok(Math.abs(cost.models[0].cost - llm) < 1e-18);
  assert.deepEqual(cost.unpriced, []);
  assert.deepEqual(doc.overall.cost, { currency: 'USD', total: cost.total, filesWithUnpriced: 0 });
});

test('--prices example: the table shipped in the package, from any directory; importable by package path', async () => {
  const file = `${ROOT}tests/fixtures/py-01-pipeline-3turns/session_report.json`;
  const elsewhere = mkdtempSync(join(tmpdir(), 'vam-prices-'));
  try {
    const byName = cli(['--json', '--prices', 'example', file], { cwd: elsewhere });
    assert.equal(byName.code, 0, byName.stderr);
    const byPath = cliJson(['--prices', PRICES, file]);
    assert.deepEqual(JSON.parse(byName.stdout).files[0].cost, byPath.files[0].cost);
    assert.ok(byPath.files[0].cost.total > 0.011 && byPath.files[0].cost.total < 0.0114);
    // A file named `example` in the working directory is `./example`.
    writeFileSync(join(elsewhere, 'example'), '{"currency":"EUR","prices":[]}');
    const local = cli(['--json', '--prices', './example', file], { cwd: elsewhere });
    assert.equal(JSON.parse(local.stdout).files[0].cost.currency, 'EUR');
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
  const repoTable = JSON.parse(readFileSync(`${ROOT}${PRICES}`, 'utf8'));
  const { createRequire } = await import('node:module');
  assert.deepEqual(createRequire(import.meta.url)('voice-agent-metrics/prices.example.json'), repoTable);
  const imported = await import('voice-agent-metrics/prices.example.json', { with: { type: 'json' } });
  assert.deepEqual(imported.default, repoTable);
  assert.match(repoTable._comment, /EXAMPLE PRICES ONLY/);
  assert.match(repoTable.asOf, /^\d{4}-\d{2}-\d{2}$/);
});

test('--prices on event logs: the library\'s Usage.cost, per turn too', () => {
  const prices = readFileSync(`${ROOT}${PRICES}`, 'utf8');
  const paths = ['js-05a-preemptive-llm', 'py-02-tool-call'].map((n) => `tests/fixtures/${n}/metrics_events.json`);
  const doc = cliJson(['--prices', PRICES, ...paths]);
  let sum = 0;
  for (const [i, path] of paths.entries()) {
    const want = computeUsage(readFileSync(`${ROOT}${path}`)).cost(prices);
    assert.deepEqual(doc.files[i].cost, want, path);
    sum += want.total;
  }
  assert.equal(doc.overall.cost.total, sum);
  assert.ok(doc.files[0].cost.speculative > 0, 'js-05a discards a preemptive generation: billed, never played');
  const text = cli(['--prices', PRICES, paths[0]]).stdout;
  assert.match(text, /^ {2}1 +speech_\S+ +speculative +.* 0\.000161 +cancelled$/m, 'per-turn cost column');
});

test('a report\'s cost equals Usage.cost of the same usage rows, for every kind of row', () => {
  // Reports carry usage rows, not metrics: the CLI prices them through computeUsage
  // (pkg-template/cli/report-cost.mjs). Every kind of row the collectors produce, in
  // a report, costs what the library's Usage.cost says.
  const prices = readFileSync(`${ROOT}${PRICES}`, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'vam-cli-'));
  try {
    for (const sdk of ['py', 'js']) {
      const usage = computeUsage(fixture(`${sdk}-00-collector-catalog/input_metrics.json`));
      const report = { chat_history: { items: [] }, usage: usage.toLiveKitPython({ report: true }) };
      const path = join(dir, `${sdk}-catalog-report.json`);
      writeFileSync(path, JSON.stringify(report));
      const f = cliJson(['--prices', PRICES, path]).files[0];
      assert.equal(f.kind, 'report');
      assert.deepEqual(f.usage, analyzeSessionReport(JSON.stringify(report)).usage.models);
      const want = usage.cost(prices);
      assert.ok(want.unpriced.length > 0 && want.total > 0, 'the catalogs have priced and unpriced rows');
      assert.ok(Math.abs(f.cost.total - want.total) <= 1e-15 * want.total, `${sdk}: ${f.cost.total} vs ${want.total}`);
      assert.deepEqual(f.cost.unpriced, want.unpriced, sdk);
      assert.deepEqual(f.cost.models.map((m) => m.model), want.models.map((m) => m.model), sdk);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--prometheus: the library\'s LatencyAggregator exposition of the same files', () => {
  const prices = readFileSync(`${ROOT}${PRICES}`, 'utf8');
  const r = cli(['--prometheus', '--prices', PRICES]);
  assert.equal(r.code, 0, r.stderr);
  const agg = new LatencyAggregator();
  for (const name of SAMPLE_NAMES) agg.addReport(readFileSync(`${SAMPLES}${name}.json`));
  assert.equal(r.stdout, agg.toPrometheus(prices));
  assert.match(r.stdout, /^lk_agents_turn_e2e_latency_seconds_count 10$/m, 'the 10 unflagged user turns');
  agg.free();
  // Event logs go in as the session the CLI read (addSession), the same as addEvents.
  const paths = ['py-01-pipeline-3turns', 'js-03-interruption'].map((n) => `tests/fixtures/${n}/metrics_events.json`);
  const events = new LatencyAggregator();
  for (const path of paths) events.addEvents(readFileSync(`${ROOT}${path}`));
  assert.equal(cli(['--prometheus', ...paths]).stdout, events.toPrometheus());
  events.free();
});

test('--help, --version', () => {
  const help = cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: voice-agent-metrics \[options\] \[FILE \| DIR\]\.\.\./);
  assert.equal(cli(['-v']).stdout, `${version()}\n`);
});
