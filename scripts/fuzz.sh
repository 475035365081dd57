#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ (cargo fuzz) for a set time each.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   scripts/fuzz.sh all 600         # every target, 600 s each
#   scripts/fuzz.sh live_session 30 # one target
#
# Seeds the corpora from tests/fixtures first (fuzz/corpus/, not committed), runs each
# target with -print_final_stats, and appends one line per target to
# target/fuzz-results.tsv: date, target, seconds, executions, exec/s, result. A crash
# leaves its input in fuzz/artifacts/<target>/ and fails the script: turn it into a
# regression case (tests/fuzz_regressions/<target>/, replayed by `cargo test`).
#
# cargo-fuzz needs nightly compiler flags; on a stable toolchain RUSTC_BOOTSTRAP=1
# unlocks them (set here). Install it once with `cargo install cargo-fuzz --locked`.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-all}
seconds=${2:-60}
jobs=${FUZZ_JOBS:-1}
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: cargo install cargo-fuzz --locked" >&2
  exit 2
fi

targets=$(cargo fuzz list --fuzz-dir fuzz)
if [ "$target" != all ]; then
  grep -qx "$target" <<<"$targets" || { echo "unknown target $target; one of: $targets" >&2; exit 2; }
  targets=$target
fi

bash scripts/fuzz-seeds.sh
cargo fuzz build -O --fuzz-dir fuzz >/dev/null

mkdir -p target
results=target/fuzz-results.tsv
status=0
for t in $targets; do
  log=target/fuzz-$t.log
  echo "==> fuzz $t for ${seconds}s"
  set +e
  cargo fuzz run -O --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
    -max_len=262144 -timeout=20 -jobs="$jobs" -workers="$jobs" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -h 'stat::number_of_executed_units' "$log" fuzz-*.log 2>/dev/null | awk '{s += $2} END {print s + 0}')
  rate=$((execs / (seconds > 0 ? seconds : 1)))
  if [ "$rc" -eq 0 ]; then result=clean; else result="FAILED (exit $rc, see $log and fuzz/artifacts/$t)"; status=1; fi
  rm -f fuzz-*.log
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$seconds" "$execs" "$rate" "$result" | tee -a "$results"
done
exit "$status"
