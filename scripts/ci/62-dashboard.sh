#!/usr/bin/env bash
# The dashboard (examples/dashboard/) in headless Chromium against the installed package:
# the numbers it shows equal the library's; screenshots in artifacts/dashboard/.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --test --test-force-exit js-tests/dashboard.test.mjs
