#!/usr/bin/env bash
set -euo pipefail
cargo fmt --all --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
