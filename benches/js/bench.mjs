#!/usr/bin/env node
// `npm run bench`: the library (the built package in pkg/, wasm) against the plain-JS
// way (competitor.mjs), side by side in one run, in Node and in headless Chromium:
// medians (tinybench), throughput and the ratio. Both sides are first checked to give
// the same numbers on every input timed.
//
//   npm run bench                       the full run (about 5 minutes)
//   npm run bench -- --smoke            a quick check that everything runs (CI)
//   npm run bench -- --no-browser --only live   time one group (batch, live or cross)
//   options: --reports N (batch corpus, default 200), --cross N (sessions merged,
//   default 10000), --time MS (per task, default 3000), --no-browser, --json FILE,
//   --only batch|live|cross (run one group: its checks and timings; Node only)
//
// Needs `npm run build` (pkg/) and Node; the corpus is generated into
// target/bench-corpus on first use (benches/corpus/generate.mjs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { Bench } from 'tinybench';

import { DEFAULT_OUT, REPO, describe, ensureCorpus } from '../corpus/generate.mjs';
import { batchTasks, checkReports, runTasks } from './batch.mjs';
import { checkCross, crossInputs, crossTasks } from './cross.mjs';
import { checkLive, liveTasks, overlappingTurns, pushGrowth, sdkEvents } from './live.mjs';
import { printTable } from './table.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const smoke = flag('smoke');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
if (only && !['batch', 'live', 'cross'].includes(only)) {
  console.error(`bench: --only takes batch, live or cross, not ${only}`);
  process.exit(2);
}
const runs = (group) => !only || only === group;
const nReports = opt('reports', smoke ? 12 : 200);
const nCross = opt('cross', smoke ? 200 : 10_000);
const timing = smoke ? { time: 50, warmupTime: 10, iterations: 2 } : { time: opt('time', 3000), warmupTime: 500, iterations: 5 };

// VAM_BENCH_PKG: a directory holding wasm-bindgen's `nodejs/` and `web/` output, to
// benchmark a build other than pkg/ (e.g. while pkg/ is being rebuilt).
const altPkg = process.env.VAM_BENCH_PKG;
const require = createRequire(import.meta.url);
let lib;
try {
  lib = require(altPkg ? join(altPkg, 'nodejs', 'voice_agent_metrics.js') : join(REPO, 'pkg', 'node', 'index.cjs'));
} catch (e) {
  console.error(`bench: cannot load pkg/node (${e.message}); run 'npm run build' first`);
  process.exit(1);
}
const { metrics: lk } = await import('@livekit/agents');

// --- the corpus -------------------------------------------------------------------------
const sessions = ensureCorpus({ reports: nReports });
const corpus = describe(sessions);
const read = (dir, s) => readFileSync(join(DEFAULT_OUT, dir, s.name));
const bytes = sessions.map((s) => new Uint8Array(read('reports', s)));
const texts = bytes.map((b) => Buffer.from(b).toString('utf8'));
const nodeLogs = sdkEvents(sessions.filter((s) => s.sdk === 'js').map((s) => JSON.parse(read('events', s))));
const liveEvents = nodeLogs.reduce((a, l) => a + l.length, 0);
console.error(`bench: ${corpus.sessions} sessions, ${(corpus.reportBytes / 1e6).toFixed(1)} MB of reports, ${liveEvents} Node events`);

// --- same numbers first -----------------------------------------------------------------
const turns = checkReports(lib, texts);
if (runs('live')) checkLive(lib, lk.ModelUsageCollector, nodeLogs);
const mergeSessions = runs('cross') ? crossInputs(lib, texts, nCross) : [];
const reportSessions = mergeSessions.slice(0, Math.min(nCross, smoke ? 50 : 1000));
if (runs('cross')) checkCross(lib, reportSessions);
console.error(`bench: same numbers on ${turns} report turns, ${liveEvents} live events, ${reportSessions.length} cross-session reports`);

// --- timed ------------------------------------------------------------------------------
const results = {
  batch: runs('batch') ? await runTasks(Bench, batchTasks(lib, texts, bytes), timing) : {},
  live: runs('live') ? await runTasks(Bench, liveTasks(lib, lk.ModelUsageCollector, nodeLogs), timing) : {},
  cross: runs('cross') ? await runTasks(Bench, crossTasks(lib, reportSessions, mergeSessions), { ...timing, iterations: smoke ? 1 : 3 }) : {},
};
const growth = runs('live') ? pushGrowth(lib, nodeLogs) : null;
// The same growth check on overlapping user turns (6,000 turns, 18,000 events).
const overlapGrowth = runs('live') ? pushGrowth(lib, [overlappingTurns(smoke ? 600 : 6000)]) : null;

let browser = null;
if (!flag('no-browser') && !only) {
  const { runInChromium } = await import('./browser.mjs');
  browser = await runInChromium({ texts: texts.slice(0, smoke ? 6 : 100), timing, webDir: altPkg && join(altPkg, 'web') });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
const out = { machine, smoke, corpus, reportsChecked: turns, liveEvents, results, growth, overlapGrowth, browser };
printTable(out);
const file = args.includes('--json') ? args[args.indexOf('--json') + 1] : join(REPO, 'target', 'bench-results', smoke ? 'js-smoke.json' : 'js.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out, null, 2));
console.error(`bench: results in ${file}`);
