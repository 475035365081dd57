#!/usr/bin/env bash
# Fuzz smoke: every cargo-fuzz target for a few seconds from the fixture seeds (the long
# runs are manual: scripts/fuzz.sh all 600). A crash fails CI; its input is left in
# fuzz/artifacts/<target>/ (add it to tests/fuzz_regressions/<target>/).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/fuzz.sh all "${FUZZ_SMOKE_SECONDS:-10}"
