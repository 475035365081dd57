#!/usr/bin/env bash
# The benchmarks work (not timed): `npm run bench -- --smoke` runs every JS workload
# once or twice on a 12-session corpus, in Node and in headless Chromium, after checking
# that the library and the plain-JS competitor give the same numbers (~20 s). The
# criterion benches run once each, on 5 sessions, under `cargo test --all-targets`
# (30-cargo-test.sh). Full runs: `npm run bench`, `cargo bench` (BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 300 node benches/js/bench.mjs --smoke
