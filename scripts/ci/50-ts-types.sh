#!/usr/bin/env bash
# tsc --noEmit --strict over code that imports the installed package: Node (ESM + CJS) and bundler views.
set -euo pipefail
cd "$(dirname "$0")/../.."
node_modules/.bin/tsc -p js-tests/types/tsconfig.json
node_modules/.bin/tsc -p js-tests/types/tsconfig.bundler.json
echo "types: ok"
