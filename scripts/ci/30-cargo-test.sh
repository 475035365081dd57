#!/usr/bin/env bash
set -euo pipefail
cargo test --all-targets
cargo test --doc
# The normalize example on a captured metrics log (the Rust quick start).
cargo run -q --example normalize -- tests/fixtures/py-01-pipeline-3turns/metrics_events.json >/dev/null
