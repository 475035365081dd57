// A failed init() is not cached: the next call tries again. (Its own file, so the
// web build's module instance is fresh: node --test runs each file in a new process.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { webBuild } from './web-build.mjs';

const { entry, wasmPath } = webBuild();
const web = await import(entry);

test('init rejects on bad bytes, then succeeds with good ones', async () => {
  await assert.rejects(web.init(new Uint8Array([0, 1, 2, 3])), WebAssembly.CompileError);
  const good = web.init(await readFile(wasmPath));
  await good;
  assert.equal(web.init(), good);
  assert.equal(web.normalizeMetrics([]).records.length, 0);
});
