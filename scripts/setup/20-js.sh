#!/usr/bin/env bash
# The npm package's tools: npm devDependencies (binaryen's wasm-opt, TypeScript,
# playwright-core, publint, attw), wasm-bindgen-cli at exactly the version Cargo.lock
# pins, wasm-pack, and Debian's Chromium for the browser test. Each is skipped when
# already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

# npm ci, unless node_modules was installed from this very package-lock.json.
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly: the
# generated glue and the module's imports must agree.
wbg=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wbg" ]; then
  echo "20-js: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg" ]; then
  cargo install wasm-bindgen-cli --version "$wbg"
fi

command -v wasm-pack >/dev/null || cargo install wasm-pack

if [ ! -x /usr/bin/chromium ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
