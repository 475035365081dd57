#!/usr/bin/env bash
# OTLP JSON against the protobuf definitions: the Rust test writes the exports of the
# fixture sessions to target/otlp-check/ (and diffs the golden file), then two
# independent validators read them: protobufjs with the official opentelemetry-proto
# files (js-tests/otlp, npm devDependency), and Google's json_format with the
# opentelemetry-proto package (the venv of scripts/setup/30-python.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf target/otlp-check
cargo test --test export_otlp
node js-tests/otlp/check.mjs tests/golden target/otlp-check
venv=${VAM_PY_VENV:-target/py-venv}
"$venv/bin/python" tests/export_otlp_check.py tests/golden target/otlp-check
