// Runs the `js` rows of docs/errors.md (the bad-input catalogue) against the installed
// package: each expression must throw a TypeError/RangeError with exactly that `code`
// (and `field`, when the row names one), as the code table says. The Rust rows run in
// tests/robustness_errors.rs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as all from 'voice-agent-metrics';

// The named exports (not `default`/`init`), as the expressions use them.
const vam = Object.fromEntries(Object.entries(all).filter(([k]) => /^[A-Za-z]\w*$/.test(k) && k !== 'default'));

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

// The code table: which JS class each code is.
const classes = new Map();
for (const line of doc.split('## The codes')[1].split('## Limits')[0].split('\n')) {
  const m = /^\| `(\w+)` \| (TypeError|RangeError|Error) \|/.exec(line);
  if (m) classes.set(m[1], m[2]);
}

const rows = doc
  .split('## Cases')[1]
  .split('\n')
  .filter((l) => l.startsWith('| ') && !l.startsWith('| #'))
  .map((l) => l.slice(2, -2).split(' | ').map((c) => c.trim()))
  .filter((cols) => cols[2] === 'js')
  .map(([n, code, , input, field]) => ({ n, code, input: input.slice(1, -1), field }));

test('the catalogue has JS cases and a class for every code', () => {
  assert.ok(rows.length >= 10, `${rows.length} js rows`);
  assert.equal(classes.size, 22);
});

for (const row of rows) {
  test(`docs/errors.md case ${row.n}: ${row.code}`, () => {
    const run = new Function(...Object.keys(vam), `return ${row.input};`);
    assert.throws(
      () => run(...Object.values(vam)),
      (e) => {
        assert.equal(e.code, row.code, e.message);
        assert.equal(e.constructor.name, classes.get(row.code));
        if (row.field !== '-') assert.equal(e.field, row.field);
        return true;
      },
    );
  });
}
