#!/usr/bin/env bash
# Usage parity with the real Python SDK: 1,000 random streams through livekit-agents'
# own ModelUsageCollector (in a venv; installed by scripts/setup/30-python.sh) vs ours.
set -euo pipefail
venv=${VAM_PY_VENV:-target/py-venv}
out=target/differential/py_oracle.json
mkdir -p "$(dirname "$out")"
"$venv/bin/python" tests/differential/py_collector.py "$out" --streams 1000 --seed 7
VAM_PY_ORACLE="$PWD/$out" cargo test -q --test differential_python -- --ignored --nocapture
