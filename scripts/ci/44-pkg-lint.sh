#!/usr/bin/env bash
# The assembled package as registries and type checkers see it: publint and attw, clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
node_modules/.bin/publint pkg --strict
node_modules/.bin/attw --pack pkg
