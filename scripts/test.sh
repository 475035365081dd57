#!/usr/bin/env bash
# Runs every check and test, in order: the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/ci/*.sh; do
  echo "==> ${step##*/}"
  bash "$step"
done
echo "all checks passed"
