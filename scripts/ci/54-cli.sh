#!/usr/bin/env bash
# The CLI (`npx voice-agent-metrics`, installed by 48-pack-install.sh) and its native
# twin examples/analyze:
#   1. the CLI tests: goldens on the bundled samples, numbers equal to the library's,
#      corrupt files, --prices, exit codes, FIFOs, devices, --max-file-bytes, hostile
#      file names, a closed stdout (js-tests/cli; UPDATE_GOLDEN=1 refreshes), and the
#      same hostile inputs for examples/analyze (tests/cli_native.rs);
#   2. the README's first command ends in `npm run analyze`: it must print the samples;
#   3. examples/analyze on the fixtures (and corrupt files, a FIFO, /dev/zero, files
#      over --max-file-bytes) succeeds for the good files, and its --json equals the
#      CLI's for the same files.
set -euo pipefail
cd "$(dirname "$0")/../.."

node --test --test-force-exit js-tests/cli/
cargo test -q --test cli_native

out=$(npm run -s analyze)
for sample in js-02-tool-call py-01-pipeline-3turns py-04-realtime py-05a-preemptive-llm; do
  grep -q "^── samples/$sample.json: session report" <<<"$out" || {
    echo "54-cli: npm run analyze did not print samples/$sample.json" >&2
    exit 1
  }
done

check=target/cli-check
rm -rf "$check" && mkdir -p "$check/broken"
printf '{"chat_history": {"items": [' >"$check/broken/truncated.json"
printf '{"type":"llm_metrics","timestamp":1795280003.62,"duration":-0.8,"ttft":0.353}\n' >"$check/broken/negative.jsonl"
good=(tests/fixtures/*/session_report.json tests/fixtures/*/metrics_events.json
  tests/fixtures/*-00-collector-catalog/input_metrics.json)
# run NAME WANT_STATUS ARGS...: both tools, --json with prices, then compare.
run() {
  local name=$1 want=$2 tool status
  shift 2
  for tool in native cli; do
    status=0
    if [ "$tool" = native ]; then
      cargo run -q --example analyze -- --json --prices examples/prices.example.json "$@" \
        >"$check/$name.$tool.json" 2>"$check/$name.$tool.stderr" || status=$?
    else
      js-tests/node_modules/.bin/voice-agent-metrics --json --prices examples/prices.example.json "$@" \
        >"$check/$name.$tool.json" 2>"$check/$name.$tool.stderr" || status=$?
    fi
    if [ "$status" -ne "$want" ]; then
      cat "$check/$name.$tool.stderr" >&2
      echo "54-cli: $tool on the $name files exited $status, want $want" >&2
      exit 1
    fi
  done
  tail -n 1 "$check/$name.native.stderr"
  node js-tests/cli/compare-native.mjs "$check/$name.cli.json" "$check/$name.native.json"
}
run fixtures 0 "${good[@]}"
run with-broken 1 "${good[@]:0:3}" "$check/broken" no/such/file.json
# Files refused before they are read (NotRegularFile, FileTooLarge): the same entries.
mkfifo "$check/pipe.json"
run refused 1 --max-file-bytes 12000 "${good[@]:0:3}" "$check/pipe.json" /dev/zero
# `--prices example` (the table the npm package ships, built into the native example):
# the same cost as the repository's table, in both tools (compared with the run above).
prices_example() {
  local tool=$1
  if [ "$tool" = native ]; then cargo run -q --example analyze -- --json --prices example "${good[@]:0:3}"
  else js-tests/node_modules/.bin/voice-agent-metrics --json --prices example "${good[@]:0:3}"; fi
}
for tool in native cli; do
  prices_example "$tool" >"$check/prices-example.$tool.json"
done
node js-tests/cli/compare-native.mjs "$check/prices-example.cli.json" "$check/prices-example.native.json"
# The native example's text output, without arguments (the same samples as the CLI).
cargo run -q --example analyze >/dev/null
