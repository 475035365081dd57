#!/usr/bin/env node
// Diffs every type declaration file of the assembled pkg/ (the wasm-bindgen/tsify
// output and the entry wrappers) against the golden copies in this folder, so any
// change of the public TypeScript API shows up in review.
//
//   npm run check:dts                     fail on any drift (CI)
//   UPDATE_GOLDEN=1 npm run check:dts     accept the new declarations (then review the git diff)
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const golden = dirname(fileURLToPath(import.meta.url));
const pkg = join(golden, '..', '..', 'pkg');
const isDts = (name) => /\.d\.(c|m)?ts$/.test(name);

function walk(dir) {
  let files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files = files.concat(walk(path));
    else if (isDts(entry.name)) files.push(path);
  }
  return files;
}
const listed = (root) => walk(root).map((f) => relative(root, f)).sort();

const actual = listed(pkg);
if (actual.length === 0) throw new Error(`no .d.ts files under ${pkg}; run scripts/build-pkg.sh`);

if (process.env.UPDATE_GOLDEN === '1') {
  for (const stale of listed(golden)) rmSync(join(golden, stale));
  for (const file of actual) {
    mkdirSync(dirname(join(golden, file)), { recursive: true });
    writeFileSync(join(golden, file), readFileSync(join(pkg, file)));
  }
  console.log(`golden .d.ts updated (${actual.length} files); review with git diff js-tests/golden`);
  process.exit(0);
}

const expected = listed(golden);
const problems = [];
for (const file of new Set([...actual, ...expected])) {
  if (!expected.includes(file)) problems.push(`new declaration file pkg/${file} (not in golden)`);
  else if (!actual.includes(file)) problems.push(`declaration file pkg/${file} is gone`);
  else {
    const a = readFileSync(join(pkg, file), 'utf8').split('\n');
    const e = readFileSync(join(golden, file), 'utf8').split('\n');
    const at = a.findIndex((line, i) => line !== e[i]);
    if (at !== -1 || a.length !== e.length) {
      const i = at === -1 ? Math.min(a.length, e.length) : at;
      problems.push(`pkg/${file} differs from golden at line ${i + 1}:\n  golden: ${e[i] ?? '<end of file>'}\n  built:  ${a[i] ?? '<end of file>'}`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error('\nThe generated TypeScript API changed. If that is intended, run\n  UPDATE_GOLDEN=1 npm run check:dts\nand commit js-tests/golden with the change.');
  process.exit(1);
}
console.log(`golden .d.ts: ${actual.length} files match`);
