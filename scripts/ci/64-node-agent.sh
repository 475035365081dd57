#!/usr/bin/env bash
# The Node agent example (examples/node-agent/): type-check against the real
# @livekit/agents types and the installed package, then replay a recorded session
# through its handlers (turn lines, /metrics on 127.0.0.1, the analysis file).
set -euo pipefail
cd "$(dirname "$0")/../.."
node node_modules/typescript/bin/tsc -p examples/node-agent
node --test --test-force-exit js-tests/node-agent/
