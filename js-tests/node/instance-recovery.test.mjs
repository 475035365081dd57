// One call that traps the WebAssembly instance must not take the library down: the call
// throws an `Error` with code `Internal`, later calls run on a fresh instance of the same
// compiled module (Node CJS and ESM share it; the web build has its own), and objects
// created on the trapped instance throw `InstanceLost`. The trap is forced with the
// package's test-only hook (`version[Symbol.for('voice-agent-metrics.trap')]`, a wasm
// `unreachable`). A file of its own: node:test runs each file in its own process, and a
// trap here loses every object of this process's instance.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import * as esm from 'voice-agent-metrics';
import { webBuild } from './web-build.mjs';
import { fixture } from './fixtures.mjs';

const cjs = createRequire(import.meta.url)('voice-agent-metrics');
const TRAP = Symbol.for('voice-agent-metrics.trap');
const events = fixture('js-01-pipeline-3turns/metrics_events.json');

/** Runs `fn`, expects it to throw, and returns what it threw. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw');
}

/** What a healthy instance answers for the fixture (compared before and after a trap). */
const answers = (lib) => {
  const m = new lib.SessionMetrics();
  const live = m.pushMany(events).concat(m.flush());
  const agg = new lib.LatencyAggregator();
  agg.addEvents(events);
  return {
    version: lib.version(),
    records: lib.normalizeMetrics(events).records,
    turns: lib.computeTurnLatency(events),
    live,
    usage: lib.computeUsage(events).toLiveKitJs(),
    quantiles: agg.quantiles([0.5]),
  };
};

const assertTrapped = (e) => {
  assert.ok(!(e instanceof WebAssembly.RuntimeError), 'not a raw RuntimeError');
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'Internal');
  assert.match(e.message, /unreachable/);
};

test('a trap throws Internal, and the next calls (ESM and CJS) return the right numbers', () => {
  assert.equal(esm.SessionMetrics, cjs.SessionMetrics, 'ESM and CJS share one instance');
  const before = answers(esm);
  const session = new esm.SessionMetrics();
  session.pushMany(events);
  const agg = new esm.LatencyAggregator();
  const usage = esm.computeUsage(events);

  assertTrapped(thrown(() => esm.version[TRAP]()));

  // A fresh instance: every function and class works, from both entries, with the same numbers.
  assert.deepEqual(answers(esm), before);
  assert.deepEqual(answers(cjs), before);

  // Objects of the trapped instance say so, as receivers and as arguments.
  for (const call of [
    () => session.turns(),
    () => session.push(events[0]),
    () => session.skippedCount,
    () => agg.quantiles(),
    () => usage.toJSON(),
    () => new esm.LatencyAggregator().merge(agg),
    () => new esm.LatencyAggregator().addSession(session),
  ]) {
    const e = thrown(call);
    assert.equal(e.code, 'InstanceLost', String(call));
    assert.ok(e instanceof Error);
  }
  // Freeing one is harmless (its memory went with the instance).
  session.free();
  agg.free();
  usage.free();
  assert.deepEqual(answers(cjs), before);
});

test('the library survives repeated traps, and a trap while constructing or inside a method', () => {
  const before = answers(esm);
  for (let i = 0; i < 5; i++) assertTrapped(thrown(() => cjs.version[TRAP]()));
  assert.deepEqual(answers(esm), before);
  // A trap inside onTurn, during a push that runs in wasm (the generic path).
  const m = new esm.SessionMetrics({ onTurn: () => esm.version[TRAP]() });
  const generic = esm.SessionMetrics.prototype[Symbol.for('voice-agent-metrics.pushManyGeneric')];
  const e = thrown(() => generic.call(m, events));
  assert.equal(e.code, 'Internal');
  assert.equal(thrown(() => m.turns()).code, 'InstanceLost');
  assert.deepEqual(answers(esm), before);
});

test("a RuntimeError thrown by the user's onTurn is passed through and restarts nothing", () => {
  const mine = new WebAssembly.RuntimeError('from the callback');
  const other = new esm.SessionMetrics();
  other.pushMany(events);
  const m = new esm.SessionMetrics({
    onTurn: () => {
      throw mine;
    },
  });
  const generic = esm.SessionMetrics.prototype[Symbol.for('voice-agent-metrics.pushManyGeneric')];
  assert.equal(thrown(() => generic.call(m, events)), mine);
  assert.equal(thrown(() => new esm.SessionMetrics({ onTurn: () => { throw mine; } }).pushMany(events)), mine);
  assert.equal(other.turns().length, answers(esm).turns.length, 'objects created before still work');
});

test('the web build recovers from a trap in the same way', async () => {
  const { entry, wasmPath } = webBuild();
  const web = await import(entry);
  await web.init(await readFile(wasmPath));
  const before = answers(web);
  const m = new web.SessionMetrics();
  assertTrapped(thrown(() => web.version[TRAP]()));
  assert.deepEqual(answers(web), before);
  assert.equal(thrown(() => m.summary()).code, 'InstanceLost');
  assert.equal(await web.init(), undefined, 'init() still resolves');
});
