#!/usr/bin/env node
// Size budget of the web build's wasm: prints the raw and gzipped
// size of pkg/web/voice_agent_metrics_bg.wasm and fails above the budget. The budget
// and today's size are written in README.md ("Use from Node and the browser").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * Gzipped bytes allowed for the web `_bg.wasm`: 200 KiB for the whole API as of today
 * (normalizer, turns, usage, cost, `Usage.fromJSON`, live session, reports, aggregator
 * and exports: 194.7 KiB measured; +3.5 KiB for the fast `SessionMetrics.push` path of
 * 3× faster per event; +1.2 KiB for the fast `pushMany(array)` path, 3×
 * faster per event: 199.5 KiB; +1 KiB for the JS boundary's per-call input limits
 * (`maxNodes`, `maxInputBytes`), bytes read through the built-in typed-array getters
 * and JSON text in `push`: 200.5 KiB; per-area sizes in BENCHMARKS.md). The library's target
 * is 80 KB and is not met (BENCHMARKS.md, "Targets"): lower this budget with every cut.
 * Nothing may grow past it unnoticed meanwhile. Raised to 236 KiB with the heard e2e and its
 * waterfall (events and reports, summaries, three aggregator series, format v2 reader), the
 * input and aggregator limits, correctly rounded number parsing, instance recovery and the
 * price index: 234.5 KiB measured; where the 34 KiB went is not yet profiled. Raised to
 * 240 KiB with the connection acquire times (their store in the aggregator and the live
 * session, format v3 bytes and JSON, the Prometheus and OTLP histogram, the quantile
 * view): 239.1 KiB measured (+4.6 KiB).
 */
const BUDGET_GZIP_BYTES = 240 * 1024;

/**
 * The Node build is compiled for speed (opt-level 3, scripts/build-pkg.sh) and is not
 * downloaded by browsers; its budget only keeps it from growing unnoticed (250.5 KiB
 * gzipped measured with the web build above at 199.5 KiB; 257 KiB with it at 200.5 KiB).
 */
// 287.2 KiB measured with the web build at 234.5 KiB; 292.4 KiB with it at 239.1 KiB.
const NODE_BUDGET_GZIP_BYTES = 293 * 1024;

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', 'pkg');
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
let over = false;
for (const [build, budget] of [['web', BUDGET_GZIP_BYTES], ['node', NODE_BUDGET_GZIP_BYTES]]) {
  const raw = readFileSync(join(pkg, build, 'voice_agent_metrics_bg.wasm'));
  const gzipped = gzipSync(raw, { level: 9 }).length;
  console.log(
    `wasm size (${build}): ${raw.length} bytes raw (${kib(raw.length)}), ${gzipped} bytes gzipped (${kib(gzipped)}); budget ${budget} bytes gzipped (${kib(budget)})`,
  );
  if (gzipped > budget) {
    console.error(`wasm size (${build}): over budget by ${gzipped - budget} bytes gzipped`);
    over = true;
  }
}
if (over) process.exit(1);
