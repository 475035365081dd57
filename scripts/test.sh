#!/usr/bin/env bash
# Runs every check and test, in order: the README's test command, and what CI runs.
# Each step gets at most CI_STEP_TIMEOUT seconds (default 1800): a step that hangs
# fails with its name instead of eating the whole CI budget. Durations are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${CI_STEP_TIMEOUT:-1800}
start=$SECONDS
for step in scripts/ci/*.sh; do
  echo "==> ${step##*/}"
  t0=$SECONDS
  status=0
  # timeout signals the step's whole process group (browsers, servers) when it expires.
  timeout --kill-after=30 "$limit" bash "$step" || status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "test.sh: ${step##*/} did not finish within ${limit} s" >&2
  fi
  if [ "$status" -ne 0 ]; then
    echo "test.sh: ${step##*/} failed (exit $status) after $((SECONDS - t0)) s" >&2
    exit "$status"
  fi
  echo "<== ${step##*/}: $((SECONDS - t0)) s"
done
echo "all checks passed in $((SECONDS - start)) s"
