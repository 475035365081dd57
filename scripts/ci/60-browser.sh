#!/usr/bin/env bash
# The web build in headless Chromium, no bundler; screenshot in artifacts/browser.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --test --test-force-exit js-tests/browser.test.mjs
