#!/usr/bin/env bash
# Builds the npm package into pkg/ (wasm-pack nodejs + web, wasm-opt -Oz, assemble).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/build-pkg.sh
