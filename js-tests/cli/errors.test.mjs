// The CLI on bad input and bad usage: one bad file is reported (with its error code)
// and skipped, the others are analysed; exit codes 0 / 1 / 2; directories; the
// progress bar.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { computeTurnLatency } from 'voice-agent-metrics';
import { BIN, cli, cliJson, PRICES, ROOT } from './helpers.mjs';
import { Progress } from '../node_modules/voice-agent-metrics/cli/progress.mjs';

const fixturePath = (path) => `${ROOT}tests/fixtures/${path}`;

/** A temporary directory with good and bad files; removed after `fn`. */
function withDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'vam-cli-'));
  try {
    mkdirSync(join(dir, 'good'));
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    copyFileSync(fixturePath('py-01-pipeline-3turns/session_report.json'), join(dir, 'good', 'report.json'));
    // The same events as JSON lines.
    const events = JSON.parse(readFileSync(fixturePath('js-01-pipeline-3turns/metrics_events.json'), 'utf8'));
    writeFileSync(join(dir, 'good', 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n'));
    // A report cut short, and an event log whose second event lacks its duration.
    const report = readFileSync(fixturePath('js-02-tool-call/session_report.json'), 'utf8');
    writeFileSync(join(dir, 'broken.json'), report.slice(0, 700));
    writeFileSync(join(dir, 'nested', 'deeper', 'bad-event.json'), JSON.stringify([
      events[0].metrics,
      { type: 'llm_metrics', timestamp: 1795280003620, ttftMs: 353, cancelled: false, completionTokens: 1, promptTokens: 1 },
    ]));
    writeFileSync(join(dir, 'notes.txt'), 'not analysed: only *.json and *.jsonl in directories');
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a directory with corrupt files: the others analysed, each failure reported with its code, exit 1', () => {
  withDir((dir) => {
    const r = cli([dir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /broken\.json: \[InvalidJson\] .*line \d+, column \d+/);
    assert.match(r.stderr, /bad-event\.json: \[MissingField\] item 1: /);
    assert.equal(r.stderr.trim().split('\n').length, 2, 'one line per failed file');
    assert.match(r.stdout, /^── .*good\/events\.jsonl: metrics event log, 3 turns \(3 user\)$/m);
    assert.match(r.stdout, /^── .*good\/report\.json: session report \(Python SDK 1\.8\.9\), 22\.0 s, 3 turns \(3 user\)$/m);
    assert.match(r.stdout, /^══ all files: 2 analysed, 2 failed$/m);
    assert.match(r.stdout, /^ {4}.*broken\.json \[InvalidJson\]$/m);
    assert.doesNotMatch(r.stdout + r.stderr, /notes\.txt/);

    const doc = cliJson([dir], 1);
    assert.deepEqual(doc.files.map((f) => [f.path.slice(dir.length + 1), f.ok]), [
      ['broken.json', false],
      ['good/events.jsonl', true],
      ['good/report.json', true],
      ['nested/deeper/bad-event.json', false],
    ], 'directories walked in name order, *.json and *.jsonl only');
    const [broken, events, , bad] = doc.files;
    assert.equal(broken.error.code, 'InvalidJson');
    assert.ok(broken.error.line >= 1 && broken.error.column >= 1);
    assert.deepEqual([bad.error.code, bad.error.index, bad.error.field], ['MissingField', 1, 'durationMs']);
    assert.deepEqual(events.turns, computeTurnLatency(readFileSync(fixturePath('js-01-pipeline-3turns/metrics_events.json'))),
      'JSON lines give the same turns as the JSON array');
    assert.deepEqual([doc.overall.analysed, doc.overall.failed, doc.overall.reports.files, doc.overall.eventLogs.files], [2, 2, 1, 1]);

    // --skip-invalid skips the bad event instead of the file (the report is still broken).
    const skipping = cliJson(['--skip-invalid', dir], 1);
    const fixed = skipping.files[3];
    assert.deepEqual([fixed.ok, fixed.skipped], [true, 1]);
  });
});

test('a missing file argument is a failed file (ENOENT); the rest is analysed', () => {
  const r = cli(['no/such/file.json', 'tests/fixtures/py-04-realtime/session_report.json']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^voice-agent-metrics: no\/such\/file\.json: \[ENOENT\] /);
  assert.match(r.stdout, /^── tests\/fixtures\/py-04-realtime\/session_report\.json: session report/m);
});

test('usage errors exit 2, print nothing on stdout and say how to get help', () => {
  const badPrices = mkdtempSync(join(tmpdir(), 'vam-cli-'));
  writeFileSync(join(badPrices, 'prices.json'), '{"currency": "dollars", "prices": []}');
  try {
    for (const args of [
      ['--frobnicate'],
      ['--prices'],
      ['--prices', 'no/such/prices.json'],
      ['--prices', join(badPrices, 'prices.json')],
      ['--json', '--summary'],
      ['--json', '--prometheus'],
    ]) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /Try 'voice-agent-metrics --help'\./, args.join(' '));
    }
    assert.match(cli(['--prices', join(badPrices, 'prices.json')]).stderr, /invalid --prices .*: \[\w+\] /);
  } finally {
    rmSync(badPrices, { recursive: true, force: true });
  }
});

test('--summary prints only the across-files summary', () => {
  const r = cli(['--summary', '--prices', PRICES]);
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, /^── /m);
  assert.match(r.stdout, /^══ all files: 4 analysed, 0 failed$/m);
  assert.match(r.stdout, /^ {2}total cost: \d+\.\d{6} USD$/m);
});

test('no progress bar when stderr is not a TTY, even over many files', () => {
  const r = cli(['tests/fixtures']);
  assert.equal(r.code, 1, 'tests/fixtures holds files that are neither reports nor metrics logs');
  assert.doesNotMatch(r.stderr, /\r|\x1b\[/);
});

test('the progress bar on a TTY: counts, megabytes, redrawn in place, wiped at the end', () => {
  const writes = [];
  const tty = { isTTY: true, columns: 60, write: (s) => writes.push(s) };
  const p = new Progress(tty, 3, true);
  p.tick('a.json', 1_500_000);
  p.tick('b.json', 500_000);
  p.tick('c.json', 1_000_000);
  p.clear();
  const last = writes.at(-2);
  assert.ok(last.startsWith('\r\x1b[2K['), 'redraws the same line');
  assert.match(last, /\] 3\/3 files {2}3\.0 MB {2}c\.json$/);
  assert.ok([...last].length <= 60 + 5, 'fits the terminal width');
  assert.equal(writes.at(-1), '\r\x1b[2K', 'wiped at the end');
  const off = [];
  const q = new Progress({ isTTY: false, write: (s) => off.push(s) }, 3, false);
  q.tick('a.json', 1);
  q.clear();
  assert.deepEqual(off, [], 'disabled: writes nothing');
});

test('output closed early (| head): a quiet exit, no stack trace', () => {
  const r = spawnSync('sh', ['-c', `"${BIN}" tests/fixtures/*/session_report.json | head -n 1`], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stdout.split('\n').length, 2);
  assert.doesNotMatch(r.stderr, /Error|at /);
});
