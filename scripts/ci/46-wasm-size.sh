#!/usr/bin/env bash
# Prints the web build's wasm size and fails above the gzipped budget (README).
set -euo pipefail
cd "$(dirname "$0")/../.."
node js-tests/size.mjs
