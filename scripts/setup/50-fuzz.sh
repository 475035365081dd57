#!/usr/bin/env bash
# cargo-fuzz (crates.io) for the fuzz targets in fuzz/ (scripts/fuzz.sh, the CI smoke).
# It runs on the stable toolchain with RUSTC_BOOTSTRAP=1 (set by the scripts).
set -euo pipefail
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
cargo fuzz --version
