#!/usr/bin/env bash
# Seeds the fuzz corpora from tests/fixtures (the corpora are not committed):
#   fuzz/corpus/<target>/       small units: single events, short slices of each metrics log
#                               (about a turn), reports cut down to a few chat items/events,
#                               a few chat items; each fits the target's max_len (scripts/fuzz.sh)
#   fuzz/corpus-full/<target>/  the whole captured sessions (up to 41 KB), read as extra seeds
#                               only by runs with a large max_len (FUZZ_MAX_LEN=262144)
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
full=fuzz/corpus-full
mkdir -p "$c"/{normalize_json,normalize_dialects,live_session,session_report,price_table,aggregate_bytes,aggregate_json,chat_items,fast_push}
mkdir -p "$full"/{normalize_json,live_session,session_report,chat_items}
for f in tests/fixtures/*/metrics_events.json tests/fixtures/*/input_metrics.json; do
  name=$(basename "$(dirname "$f")")-$(basename "$f" .json)
  cp "$f" "$full/normalize_json/$name.json"
  cp "$f" "$full/live_session/$name.json"
done
for f in tests/fixtures/*/session_report.json; do
  cp "$f" "$full/session_report/$(basename "$(dirname "$f")").json"
done
cp examples/prices.example.json "$c/price_table/"
python3 - "$c" "$full" <<'PY'
import json, glob, os, sys
c, full = sys.argv[1], sys.argv[2]
def compact(v):
    return json.dumps(v, separators=(',', ':'))
# Each target's max_len in scripts/fuzz.sh: small-unit seeds only up to it.
MAX_LEN = {'fast_push': 4096, 'normalize_json': 4096, 'live_session': 8192, 'session_report': 8192, 'chat_items': 4096}
def put(target, name, data):
    data = data.encode() if isinstance(data, str) else data
    if len(data) <= MAX_LEN[target]:
        with open(f'{c}/{target}/{name}', 'wb') as out:
            out.write(data)
def windows(items, sizes):
    for n in sizes:
        step = max(1, n // 2)
        for start in range(0, max(1, len(items) - n + 1), step):
            yield start, items[start:start + n]
# One event per dialect target input (first byte picks the dialect), and JSON lines.
for f in sorted(glob.glob('tests/fixtures/*/metrics_events.json')):
    name = os.path.basename(os.path.dirname(f))
    events = json.load(open(f))
    with open(f'{full}/normalize_json/{name}.jsonl', 'w') as out:
        out.write('\n'.join(json.dumps(e) for e in events))
    for i, e in enumerate(events[:40]):
        with open(f'{c}/normalize_dialects/{name}-{i}', 'wb') as out:
            out.write(bytes([i % 4]) + json.dumps(e).encode())
# Small units of the metrics logs for normalize_json / live_session: single events (one
# per metrics type, as captured and bare), and short slices (about one turn's worth) as a
# JSON array and as JSON lines, in both dialects.
def metrics_logs():
    """(fixture name, events) of every metrics log, both dialects."""
    for f in sorted(glob.glob('tests/fixtures/*/metrics_events.json')
                    + glob.glob('tests/fixtures/*/input_metrics.json')):
        yield os.path.basename(os.path.dirname(f)), json.load(open(f))
for name, events in metrics_logs():
    seen = set()
    for i, e in enumerate(events):
        kind = e.get('metrics_type') or e.get('type')
        if kind in seen:
            continue
        seen.add(kind)
        for t in ('normalize_json', 'live_session'):
            put(t, f'{name}-one-{i}.json', compact(e))
            if isinstance(e.get('metrics'), dict):
                put(t, f'{name}-bare-{i}.json', compact(e['metrics']))
    for start, w in windows(events, (3, 6, 10)):
        for t in ('normalize_json', 'live_session'):
            put(t, f'{name}-{start}-{len(w)}.json', compact(w))
            put(t, f'{name}-{start}-{len(w)}.jsonl', '\n'.join(compact(e) for e in w))
# Session reports: the full ones (corpus-full), and ones with the chat history and the
# events cut down to a short window (a turn or two) and the options/usage kept.
for f in sorted(glob.glob('tests/fixtures/*/session_report.json')):
    name = os.path.basename(os.path.dirname(f))
    r = json.load(open(f))
    items = r.get('chat_history', {}).get('items', [])
    events = r.get('events', [])
    put('session_report', f'{name}-empty.json', compact({**r, 'events': [], 'chat_history': {'items': []}}))
    put('session_report', f'{name}-no-events.json', compact({**r, 'events': []}))
    for start, w in windows(items, (2, 4)):
        put('session_report', f'{name}-items-{start}-{len(w)}.json',
            compact({**r, 'events': [], 'chat_history': {'items': w}}))
    for start, w in windows(events, (4, 8, 16)):
        put('session_report', f'{name}-events-{start}-{len(w)}.json',
            compact({**r, 'events': w, 'chat_history': {'items': items[:3]}}))
# Chat items, one per line: the whole chat histories (corpus-full), and a few items each,
# with the conversation_item_added / function_tools_executed events of the reports.
for f in sorted(glob.glob('tests/fixtures/*/session_report.json')):
    name = os.path.basename(os.path.dirname(f))
    r = json.load(open(f))
    items = r.get('chat_history', r.get('chatHistory', {}))
    items = items.get('items', []) if isinstance(items, dict) else items
    with open(f'{full}/chat_items/{name}.jsonl', 'w') as out:
        out.write('\n'.join(json.dumps(i) for i in items))
    for start, w in windows(items, (1, 3, 5)):
        put('chat_items', f'{name}-{start}-{len(w)}.jsonl', '\n'.join(compact(i) for i in w))
    evs = [e for e in r.get('events', [])
           if e.get('type') in ('conversation_item_added', 'function_tools_executed')]
    for start, w in windows(evs, (1, 3)):
        put('chat_items', f'{name}-ev-{start}-{len(w)}.jsonl', '\n'.join(compact(e) for e in w))
# fast_push: one event per input, the first byte picking the options (bit 3 clear: JSON,
# encoded as the JS encoder does), and the same events as raw flat encodings (bit 3 set:
# key flags, created_at kind, created_at f64, entry count, entries, strings).
import re, struct
names = re.findall(r'^    "(\w+)",$', open('src/normalize/source.rs').read().split('pub(crate) const NAMES')[1].split('];')[0], re.M)
def flat(metrics, created):
    entries, strings, tables = [], bytearray(), [1]
    def obj(o, table):
        for k, v in o.items():
            if k not in names:
                continue
            e = bytearray(16); e[0] = table; e[1] = names.index(k)
            if v is None: e[2] = 1
            elif v is True or v is False: e[2] = 3 if v else 2
            elif isinstance(v, (int, float)): e[2] = 4; e[8:16] = struct.pack('<d', v)
            elif isinstance(v, str):
                b = v.encode(); e[2] = 5
                e[4:8] = struct.pack('<I', len(b)); e[8:12] = struct.pack('<I', len(strings)); strings.extend(b)
            elif isinstance(v, dict) and tables[0] < 8:
                t = tables[0]; tables[0] += 1; e[2] = 6; e[4:8] = struct.pack('<I', t)
                entries.append(bytes(e)); obj(v, t); continue
            else: continue
            entries.append(bytes(e))
    obj(metrics, 0)
    kind, at = created
    return bytes([0, kind]) + struct.pack('<d', at) + bytes([len(entries)]) + b''.join(entries) + bytes(strings)
for name, events in metrics_logs():
    seen = set()
    for i, e in enumerate(events):
        m = e.get('metrics') if isinstance(e.get('metrics'), dict) else e
        kind = m.get('type')
        if (kind, i % 4) in seen:
            continue
        seen.add((kind, i % 4))
        put('fast_push', f'{name}-one-{i}', bytes([i % 8]) + compact(e).encode())
        put('fast_push', f'{name}-bare-{i}', bytes([(i + 1) % 8]) + compact(m).encode())
        created = (1, e['createdAt']) if 'createdAt' in e else (2, e['created_at']) if 'created_at' in e else (0, 0.0)
        put('fast_push', f'{name}-flat-{i}', bytes([8 | (i % 8)]) + flat(m, created))
PY
# Aggregators built from the fixtures (bytes and JSON), written by a Rust test.
VAM_FUZZ_SEEDS="$PWD/$c" cargo test -q --test robustness_fuzz -- --ignored write_fuzz_seeds >/dev/null
echo "seeded: $(find "$c" -type f | wc -l) files in $c, $(find "$full" -type f | wc -l) in $full"
