#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently.
# Safe to run again: each step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/setup/*.sh; do
  echo "==> setup: ${step##*/}"
  bash "$step"
done
