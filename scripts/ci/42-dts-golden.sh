#!/usr/bin/env bash
# The generated .d.ts files must match js-tests/golden/ (update: UPDATE_GOLDEN=1 npm run check:dts).
set -euo pipefail
cd "$(dirname "$0")/../.."
node js-tests/golden/check.mjs
