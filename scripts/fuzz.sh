#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ (cargo fuzz) for a set time each.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   scripts/fuzz.sh all 600         # every target, 600 s each
#   scripts/fuzz.sh live_session 30 # one target
#   FUZZ_RUNS=10000000 scripts/fuzz.sh session_report 3600
#                                   # stop at 10 M executions (the seconds are a cap)
#
# Seeds the corpora from tests/fixtures first (fuzz/corpus/, not committed), runs each
# target with -print_final_stats and the target's -max_len (below), and appends one line
# per target to target/fuzz-results.tsv: date, target, seconds, executions, exec/s,
# max_len, cov, ft, result. A crash leaves its input in fuzz/artifacts/<target>/ and fails
# the script: turn it into a regression case (tests/fuzz_regressions/<target>/, replayed by
# `cargo test`).
#
# max_len: the text-level targets get small inputs (single events, a turn's worth of
# events, reports cut to a few items: scripts/fuzz-seeds.sh), which cover the grammar and
# the engine states at 5-10x the rate of whole sessions. FUZZ_MAX_LEN overrides it for
# every target; from 65536 up the whole captured sessions (fuzz/corpus-full/) are seeds too.
#
# Environment: FUZZ_JOBS (1), FUZZ_RUNS (unlimited), FUZZ_MAX_LEN, FUZZ_NICE (0).
#
# cargo-fuzz needs nightly compiler flags; on a stable toolchain RUSTC_BOOTSTRAP=1
# unlocks them (set here). Install it once with `cargo install cargo-fuzz --locked`.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-all}
seconds=${2:-60}
jobs=${FUZZ_JOBS:-1}
runs=${FUZZ_RUNS:--1}
export RUSTC_BOOTSTRAP=1

# Each target's -max_len (bytes).
max_len_of() {
  case "$1" in
    normalize_json | chat_items | fast_push) echo 4096 ;;
    live_session | session_report) echo 8192 ;;
    *) echo 262144 ;;
  esac
}

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
  max_len=${FUZZ_MAX_LEN:-$(max_len_of "$t")}
  corpora=("fuzz/corpus/$t")
  if [ "$max_len" -ge 65536 ] && [ -d "fuzz/corpus-full/$t" ]; then corpora+=("fuzz/corpus-full/$t"); fi
  echo "==> fuzz $t for ${seconds}s (max_len $max_len, runs $runs)"
  start=$(date +%s)
  set +e
  nice -n "${FUZZ_NICE:-0}" cargo fuzz run -O --fuzz-dir fuzz "$t" "${corpora[@]}" -- \
    -max_total_time="$seconds" -runs="$runs" -print_final_stats=1 -rss_limit_mb=2048 \
    -max_len="$max_len" -timeout=20 -jobs="$jobs" -workers="$jobs" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(($(date +%s) - start))
  # libFuzzer's -jobs parent copies each job's log (fuzz-N.log) into its own output once
  # the job ends, so $log alone holds every job's final stats (reading fuzz-N.log as well
  # counted each execution twice, as the runs before 2026-11-21T20:52Z did).
  execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
  rate=$((execs / (elapsed > 0 ? elapsed : 1)))
  last=$(grep -hE '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  if [ "$rc" -eq 0 ]; then result=clean; else result="FAILED (exit $rc, see $log and fuzz/artifacts/$t)"; status=1; fi
  rm -f fuzz-*.log
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$elapsed" "$execs" "$rate" \
    "$max_len" "${cov:--}" "${ft:--}" "$result" | tee -a "$results"
done
exit "$status"
