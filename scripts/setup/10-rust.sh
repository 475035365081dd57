#!/usr/bin/env bash
# Rust targets: wasm32 for the package, x86_64-unknown-none for the no_std proof.
set -euo pipefail
installed=$(rustup target list --installed)
for t in wasm32-unknown-unknown x86_64-unknown-none; do
  grep -qx "$t" <<<"$installed" || rustup target add "$t"
done
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
