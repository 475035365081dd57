#!/usr/bin/env bash
# Builds the npm package into pkg/ (HOUSE_STYLE 14: build twice, assemble once):
#   1. wasm-pack, release, twice: --target nodejs and --target web, into build/;
#   2. wasm-opt on both .wasm files (-O3 for Node, -Oz for the web: below; binaryen
#      from node_modules: wasm-pack's own wasm-opt download is off in Cargo.toml, and
#      nothing can be downloaded here);
#   3. pkg-template/assemble.mjs writes pkg/ (exports map, wrappers, package.json).
# Needs: `npm ci` done, and wasm-bindgen on PATH at the version Cargo.lock pins
# (scripts/setup/20-js.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."

wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "build-pkg: $wasm_opt is missing; run 'npm ci' first" >&2
  exit 1
fi

# wasm-pack would try to download a wasm-bindgen that does not match Cargo.lock.
pinned=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $pinned" ]; then
  echo "build-pkg: need wasm-bindgen $pinned on PATH (Cargo.lock); run scripts/setup/20-js.sh" >&2
  exit 1
fi

# The web build is optimized for size (Cargo.toml's release profile, opt-level "z", and
# wasm-opt -Oz): it is what a browser downloads, and the CI size budget is on it. The
# Node build is optimized for speed (opt-level 3, wasm-opt -O3): 1.4-2x the throughput
# for about 50 KiB more gzipped, which a server does not download (BENCHMARKS.md,
# "Size and speed per build"). Both compile the same code: results are identical
# (js-tests/node/web-build.test.mjs, js-tests/browser.test.mjs).
rm -rf build/nodejs build/web
for target in nodejs web; do
  if [ "$target" = nodejs ]; then level=3 wasm_opt_level=-O3; else level=z wasm_opt_level=-Oz; fi
  CARGO_PROFILE_RELEASE_OPT_LEVEL=$level \
    wasm-pack --quiet build --release --target "$target" --out-dir "build/$target" --no-pack --weak-refs
  wasm="build/$target/voice_agent_metrics_bg.wasm"
  "$wasm_opt" "$wasm_opt_level" --strip-debug --strip-producers "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
done

node pkg-template/assemble.mjs
