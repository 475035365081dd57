#!/usr/bin/env node
// Compares the CLI's --json with examples/analyze's --json for the same files: every
// key and every number must be equal (exactly: both come from the same Rust core, and
// the across-files statistics use the same operations in the same order). The only
// allowed difference is the wording of operating-system errors (Node's and Rust's
// messages differ; their codes, e.g. ENOENT, must not).
//
//   node js-tests/cli/compare-native.mjs CLI.json NATIVE.json
import { readFileSync } from 'node:fs';

const [cliPath, nativePath] = process.argv.slice(2);
if (!cliPath || !nativePath) {
  console.error('usage: compare-native.mjs CLI.json NATIVE.json');
  process.exit(2);
}
const cli = JSON.parse(readFileSync(cliPath, 'utf8'));
const native = JSON.parse(readFileSync(nativePath, 'utf8'));

const problems = [];
const osError = (path) => /^\.files\.\d+\.error\.message$/.test(path);

function compare(a, b, path, codeOf) {
  if (typeof a === 'number' && typeof b === 'number') {
    // -0 and 0 print differently (Rust `-0.0`) but are the same number.
    if (a !== b) problems.push(`${path}: CLI ${a} vs native ${b}`);
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    if (a !== b && !(osError(path) && /^E[A-Z]+$/.test(codeOf()))) {
      problems.push(`${path}: CLI ${JSON.stringify(a)} vs native ${JSON.stringify(b)}`);
    }
    return;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!(key in a)) problems.push(`${path}.${key}: only in the native output`);
    else if (!(key in b)) problems.push(`${path}.${key}: only in the CLI output`);
    else compare(a[key], b[key], `${path}.${key}`, () => a.code ?? codeOf());
  }
}
compare(cli, native, '', () => '');

const files = cli.files?.length ?? 0;
const failed = cli.files?.filter((f) => !f.ok).length ?? 0;
if (problems.length > 0) {
  console.error(`CLI and examples/analyze disagree (${problems.length} differences):`);
  for (const p of problems.slice(0, 40)) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`CLI and examples/analyze agree on ${files} files (${failed} failed in both, with the same codes)`);
