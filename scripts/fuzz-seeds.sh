#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from tests/fixtures (the corpora are not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c"/{normalize_json,normalize_dialects,live_session,session_report,price_table,aggregate_bytes,aggregate_json,chat_items}
for f in tests/fixtures/*/metrics_events.json tests/fixtures/*/input_metrics.json; do
  name=$(basename "$(dirname "$f")")-$(basename "$f" .json)
  cp "$f" "$c/normalize_json/$name.json"
  cp "$f" "$c/live_session/$name.json"
done
for f in tests/fixtures/*/session_report.json; do
  cp "$f" "$c/session_report/$(basename "$(dirname "$f")").json"
done
cp examples/prices.example.json "$c/price_table/"
python3 - "$c" <<'PY'
import json, glob, os, sys
c = sys.argv[1]
# One event per dialect target input (first byte picks the dialect), and JSON lines.
for f in sorted(glob.glob('tests/fixtures/*/metrics_events.json')):
    name = os.path.basename(os.path.dirname(f))
    events = json.load(open(f))
    with open(f'{c}/normalize_json/{name}.jsonl', 'w') as out:
        out.write('\n'.join(json.dumps(e) for e in events))
    for i, e in enumerate(events[:40]):
        with open(f'{c}/normalize_dialects/{name}-{i}', 'wb') as out:
            out.write(bytes([i % 4]) + json.dumps(e).encode())
# Chat items, one per line, from the session reports' chat histories.
for f in sorted(glob.glob('tests/fixtures/*/session_report.json')):
    name = os.path.basename(os.path.dirname(f))
    r = json.load(open(f))
    items = r.get('chat_history', r.get('chatHistory', {}))
    items = items.get('items', []) if isinstance(items, dict) else items
    with open(f'{c}/chat_items/{name}.jsonl', 'w') as out:
        out.write('\n'.join(json.dumps(i) for i in items))
PY
# Aggregators built from the fixtures (bytes and JSON), written by a Rust test.
VAM_FUZZ_SEEDS="$PWD/$c" cargo test -q --test robustness_fuzz -- --ignored write_fuzz_seeds >/dev/null
echo "seeded: $(find "$c" -type f | wc -l) files in $c"
