#!/usr/bin/env bash
# Installs the assembled package into js-tests/node_modules the way a user gets it:
# `npm pack` of pkg/ (so only what `files` publishes is there), then `npm install`
# of the tarball. js-tests then import 'voice-agent-metrics' and never pkg/ paths.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/package.json ] || { echo "install-pkg: no pkg/; run scripts/build-pkg.sh" >&2; exit 1; }
mkdir -p build
rm -f build/voice-agent-metrics-*.tgz
tarball=$(npm pack ./pkg --pack-destination build --silent | tail -n 1)
rm -rf js-tests/node_modules
# No dependencies, so nothing is fetched; --offline makes sure of it.
npm install --prefix js-tests --offline --no-save --no-package-lock --no-audit --no-fund \
  --loglevel=error "$PWD/build/$tarball"
echo "installed build/$tarball into js-tests/node_modules"
