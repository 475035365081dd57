#!/usr/bin/env bash
# node:test against the installed package: CJS, ESM, the web build in Node, errors, dialects, README.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --test --test-force-exit js-tests/node/
