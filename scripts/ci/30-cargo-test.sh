#!/usr/bin/env bash
set -euo pipefail
cargo test --all-targets
cargo test --doc
# The README's first command, on the bundled sample data.
cargo run -q --example normalize -- tests/fixtures/py-01-pipeline-3turns/metrics_events.json >/dev/null
