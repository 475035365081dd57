#!/usr/bin/env bash
# The live path over a long session, in release: 1,000,000 metrics events into one
# SessionMetrics; prints the heap (counting allocator) and ns/event at 1k/10k/100k/1M
# and fails if memory grows past the plateau (tests/robustness_memory.rs). The JS side
# (wasm memory over 1M events) runs in 52-js-tests.sh (js-tests/node/memory.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
VAM_MEMORY_EVENTS=1000000 cargo test -q --release --test robustness_memory a_long -- --nocapture
