#!/usr/bin/env bash
# The Prometheus exposition against the real thing (Debian's prometheus, installed by
# scripts/setup/40-prometheus.sh): `promtool check metrics` on the fixture sessions'
# exposition, then a Prometheus server on 127.0.0.1 (ephemeral ports, temporary config
# and storage) scrapes it and answers histogram_quantile(0.95, ...) through its HTTP
# API. The test stops the server and removes its files, and gives up after 60 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 300 cargo test --test export_prometheus -- --ignored --nocapture --test-threads=1
