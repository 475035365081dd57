// Shared by the CLI tests: runs the installed package's bin as users run it, and
// compares output with the golden files in ./golden. Not a test file itself.
//
//   node --test js-tests/cli/                     fail on any drift (CI: scripts/ci/54-cli.sh)
//   UPDATE_GOLDEN=1 node --test js-tests/cli/     accept the new output (then review the git diff)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (the tests run the bin from here, so fixture paths are relative). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** `npx voice-agent-metrics` in js-tests/: the bin npm linked for the installed tarball. */
export const BIN = fileURLToPath(new URL('../node_modules/.bin/voice-agent-metrics', import.meta.url));
/** The sample reports inside the installed package. */
export const SAMPLES = fileURLToPath(new URL('../node_modules/voice-agent-metrics/samples/', import.meta.url));
export const SAMPLE_NAMES = ['js-02-tool-call', 'py-01-pipeline-3turns', 'py-04-realtime', 'py-05a-preemptive-llm'];
export const PRICES = 'examples/prices.example.json';

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build && npm run pack:install`);

/** Runs the bin with `args` from the repository root; stdout, stderr and exit code. */
export function cli(args, options = {}) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `--json` output, parsed (asserting it exited with `code`). */
export function cliJson(args, code = 0) {
  const r = cli(['--json', ...args]);
  assert.equal(r.code, code, r.stderr);
  return JSON.parse(r.stdout);
}

/** Asserts `text` equals golden/`name` (or writes it, with UPDATE_GOLDEN=1). */
export function assertGolden(name, text) {
  const path = fileURLToPath(new URL(`golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(new URL('golden/', import.meta.url), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  assert.ok(existsSync(path), `no golden ${name}: run UPDATE_GOLDEN=1 node --test js-tests/cli/`);
  const want = readFileSync(path, 'utf8').split('\n');
  const got = text.split('\n');
  const at = got.findIndex((line, i) => line !== want[i]);
  if (at !== -1 || got.length !== want.length) {
    const i = at === -1 ? Math.min(got.length, want.length) : at;
    assert.fail(`output differs from golden/${name} at line ${i + 1}:\n  golden: ${want[i] ?? '<end>'}\n  now:    ${got[i] ?? '<end>'}\n`
      + 'If the change is intended: UPDATE_GOLDEN=1 node --test js-tests/cli/ and review git diff js-tests/cli/golden');
  }
}
