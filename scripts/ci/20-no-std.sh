#!/usr/bin/env bash
# Proves the core is no_std + alloc: build the rlib for a target that has no std.
set -euo pipefail
cargo rustc --lib --crate-type rlib --no-default-features --target x86_64-unknown-none
cargo rustc --lib --crate-type rlib --no-default-features --features serde --target x86_64-unknown-none
