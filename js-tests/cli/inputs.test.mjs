// The CLI on hostile inputs: FIFOs and devices refused without being opened or read,
// the per-file size limit (--max-file-bytes, checked before and while reading), file
// names with control characters escaped, and stdout closed early (| head).
//
// Every child runs with a timeout (killed past it), so a regression fails instead of
// hanging the suite. Unix only (mkfifo, /dev/zero, /proc).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BIN, PRICES, ROOT } from './helpers.mjs';

const TIMEOUT_MS = 20_000;
const REPORT = `${ROOT}tests/fixtures/py-01-pipeline-3turns/session_report.json`;
const skip = process.platform === 'win32' ? 'no FIFOs or /dev/zero on Windows' : false;

/** Runs the bin in `cwd` with a timeout; a run that times out fails the test. */
function run(args, cwd) {
  const r = spawnSync(BIN, args, { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
  assert.equal(r.error, undefined, `voice-agent-metrics ${args.join(' ')}: ${r.error?.message} (timed out?)`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory holding a good report as report.json; removed after `fn`. */
async function withDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'vam-cli-inputs-'));
  try {
    copyFileSync(REPORT, join(dir, 'report.json'));
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mkfifo(path) {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, `mkfifo ${path}`);
}

test('a FIFO is refused without waiting for a writer; the other files are analysed', { skip }, () => withDir((dir) => {
  mkfifo(join(dir, 'pipe.json'));
  let r = run(['pipe.json', 'report.json'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^voice-agent-metrics: pipe\.json: \[NotRegularFile\] not a regular file \(a FIFO\); only regular files are read$/m);
  assert.match(r.stdout, /^══ all files: 1 analysed, 1 failed$/m);

  // In a directory, a FIFO is not a candidate at all (as before).
  r = run(['--json', '.'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).files.map((f) => [f.path, f.ok]), [['./report.json', true]]);

  // --prices: a usage error.
  r = run(['--prices', 'pipe.json', 'report.json'], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /cannot read --prices pipe\.json: \[NotRegularFile\] not a regular file \(a FIFO\)/);
  assert.equal(r.stdout, '');
}));

test('/dev/zero is refused without being read', { skip }, () => withDir((dir) => {
  let r = run(['/dev/zero'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^voice-agent-metrics: \/dev\/zero: \[NotRegularFile\] not a regular file \(a character device\)/m);
  const doc = JSON.parse(run(['--json', '/dev/zero'], dir).stdout);
  assert.deepEqual(doc.files[0].error.code, 'NotRegularFile');
  r = run(['--prices', '/dev/zero', 'report.json'], dir);
  assert.equal(r.code, 2, r.stderr);
}));

test('--max-file-bytes: a file one byte over fails with FileTooLarge, one at the limit is read', () => withDir((dir) => {
  const size = statSync(join(dir, 'report.json')).size;
  let r = run(['--max-file-bytes', String(size - 1), 'report.json'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, `voice-agent-metrics: report.json: [FileTooLarge] ${size} bytes, more than the limit of ${size - 1} bytes (--max-file-bytes)\n`);
  r = run([`--max-file-bytes=${size}`, 'report.json'], dir);
  assert.equal(r.code, 0, r.stderr);
  // The price table too, as a usage error.
  r = run(['--max-file-bytes', '10', '--prices', `${ROOT}${PRICES}`, 'report.json'], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /cannot read --prices .*prices\.example\.json: \[FileTooLarge\] \d+ bytes, more than the limit of 10 bytes/);
  // Not a whole number of bytes: a usage error.
  for (const bad of ['0', '-1', '+5', '1e6', 'lots', '1.5', '']) {
    r = run([`--max-file-bytes=${bad}`, 'report.json'], dir);
    assert.equal(r.code, 2, `--max-file-bytes=${bad}: ${r.stderr}`);
    assert.match(r.stderr, /--max-file-bytes needs a whole number of bytes/);
  }
  // The documented default.
  assert.match(run(['--help'], dir).stdout, /--max-file-bytes N\n.*N bytes\n.*\(default 268435456, 256 MiB\)/);
}));

test('a file larger than its stat size fails while it is read', { skip: process.platform !== 'linux' && 'needs /proc' }, () => withDir((dir) => {
  // /proc files are regular files whose stat size is 0, whatever they hold.
  const r = run(['--max-file-bytes', '16', '/proc/self/status'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, 'voice-agent-metrics: /proc/self/status: [FileTooLarge] grew past the limit of 16 bytes (--max-file-bytes) while being read\n');
}));

test('file names with control characters are escaped in text output and on stderr, JSON-escaped in --json', { skip }, () => withDir((dir) => {
  const name = 'evil\x1b[31m\nname\u202e.json';
  copyFileSync(REPORT, join(dir, name));
  writeFileSync(join(dir, 'bad\x07\r.json'), '{');
  const r = run(['.'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^── \.\/evil\\x1b\[31m\\nname\\u\{202e\}\.json: session report/m);
  assert.match(r.stdout, /^ {4}\.\/bad\\x07\\r\.json \[InvalidJson\]$/m);
  assert.match(r.stderr, /^voice-agent-metrics: \.\/bad\\x07\\r\.json: \[InvalidJson\]/m);
  for (const text of [r.stdout, r.stderr]) assert.doesNotMatch(text, /[\x1b\x07\r\u202e]/);

  const json = run(['--json', name], dir);
  assert.equal(json.code, 0, json.stderr);
  assert.match(json.stdout, /"path": "evil\\u001b\[31m\\nname\\u202e\.json"/);
  assert.doesNotMatch(json.stdout, /[\x1b\u202e]/);
  assert.equal(JSON.parse(json.stdout).files[0].path, name);
}));

test('stdout closed early (| head -1): exit 0, no stack trace, for text and --json', { skip }, () => withDir(async (dir) => {
  // Far more output than a pipe holds, so writes fail once it is closed.
  mkdirSync(join(dir, 'many'));
  for (let i = 0; i < 100; i++) copyFileSync(REPORT, join(dir, 'many', `${String(i).padStart(3, '0')}.json`));
  for (const args of [['many'], ['--json', 'many']]) {
    const child = spawn(BIN, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    // `| head -1`: the first chunk, then the read end closed.
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const { code, signal } = await exited;
    clearTimeout(timer);
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, `${args}: ${stderr}`);
    assert.doesNotMatch(stderr, /Error|\n\s+at /, `${args}`);
  }
}));
