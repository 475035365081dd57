#!/usr/bin/env node
// Deterministic benchmark corpus: N simulated LiveKit voice-agent sessions (seeded; half
// Python 1.8.9, half Node 1.9.0; 5–200 turns; tool calls, interruptions, discarded
// preemptive generations, realtime sessions, long transcripts), each written as
//
//   reports/NNNNNN-py.json   the session report (`SessionReport.to_dict()` /
//                            `sessionReportToJSON`, pretty-printed as the SDKs do)
//   events/NNNNNN-py.json    its metrics_collected events (the fixtures' capture format)
//
// plus manifest.json (per session: sdk, turns, realtime, bytes). Session i depends only
// on (seed, i): a corpus of 100 is the first 100 of a corpus of 10,000, and the same
// seed gives the same bytes on every machine.
//
// Why a Node script: the JS benchmarks (Node and Chromium) need the corpus anyway, the
// SDK shapes are JSON written by Python's json.dumps and JS's JSON.stringify (emulated
// in json.mjs, number styles and escapes included), and the Rust benches only read files.
//
// Usage: node benches/corpus/generate.mjs [--reports N] [--seed S] [--out DIR]
//   defaults: 1000 reports, seed 9, target/bench-corpus. Big corpora stay out of git.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { jsDumps, pyDumps } from './json.mjs';
import { eventLog, sessionMetrics } from './metrics.mjs';
import { sessionReport } from './reports.mjs';
import { simulate } from './sim.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_OUT = join(REPO, 'target', 'bench-corpus');
export const DEFAULT_SEED = 9;
const FORMAT = 1; // bump when the generator's output changes

/** Session `i` of the corpus: `{ meta, report, events }` as JSON text. */
export function generateSession(seed, i) {
  const s = simulate(seed, i);
  const metrics = sessionMetrics(s);
  const dumps = s.sdk === 'py' ? pyDumps : jsDumps;
  const report = dumps(sessionReport(s, metrics));
  const events = dumps(eventLog(s, metrics));
  const name = `${String(i).padStart(6, '0')}-${s.sdk}.json`;
  return {
    meta: { name, sdk: s.sdk, turns: s.turns.length, realtime: s.realtime, reportBytes: Buffer.byteLength(report), eventBytes: Buffer.byteLength(events), events: metrics.length },
    report,
    events,
  };
}

/**
 * Makes sure `out` holds at least `reports` sessions of `seed` (generating only what is
 * missing) and returns the manifest's first `reports` entries.
 */
export function ensureCorpus({ reports = 1000, seed = DEFAULT_SEED, out = DEFAULT_OUT, log = console.error } = {}) {
  const manifestPath = join(out, 'manifest.json');
  let manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
  if (!manifest || manifest.seed !== seed || manifest.format !== FORMAT) {
    rmSync(out, { recursive: true, force: true });
    manifest = { format: FORMAT, seed, sessions: [] };
  }
  if (manifest.sessions.length < reports) {
    mkdirSync(join(out, 'reports'), { recursive: true });
    mkdirSync(join(out, 'events'), { recursive: true });
    const t0 = Date.now();
    for (let i = manifest.sessions.length; i < reports; i++) {
      const { meta, report, events } = generateSession(seed, i);
      writeFileSync(join(out, 'reports', meta.name), report);
      writeFileSync(join(out, 'events', meta.name), events);
      manifest.sessions.push(meta);
      if (i % 1000 === 999) log(`corpus: ${i + 1}/${reports} sessions`);
    }
    writeFileSync(manifestPath, JSON.stringify(manifest));
    log(`corpus: ${reports} sessions in ${out} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return manifest.sessions.slice(0, reports);
}

/** Totals of a manifest slice, for tables. */
export function describe(sessions) {
  const sum = (k) => sessions.reduce((a, s) => a + s[k], 0);
  return {
    sessions: sessions.length,
    python: sessions.filter((s) => s.sdk === 'py').length,
    realtime: sessions.filter((s) => s.realtime).length,
    turns: sum('turns'),
    reportBytes: sum('reportBytes'),
    eventBytes: sum('eventBytes'),
    events: sum('events'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const reports = Number(arg('reports', 1000));
  const seed = Number(arg('seed', DEFAULT_SEED));
  const out = arg('out', DEFAULT_OUT);
  const d = describe(ensureCorpus({ reports, seed, out }));
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(
    `${d.sessions} sessions (${d.python} Python, ${d.sessions - d.python} Node, ${d.realtime} realtime), ${d.turns} turns; ` +
      `reports ${mb(d.reportBytes)}, event logs ${mb(d.eventBytes)} (${d.events} events) in ${out}`,
  );
}
