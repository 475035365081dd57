//! [`normalize_flat`] against [`normalize_metric`]: a Rust copy of the JS fast encoder
//! (pkg-template/fast-push.js) writes fixture events and mutations of them, and both
//! readers must give the same record or the same error. The `fast_push` fuzz
//! regressions are replayed here too (the fuzz hooks are crate-private).

use super::flat_encode::encode;
use super::fuzzing::{fast_push, flat_matches_tree};
use super::source::Flat;
use super::*;
use alloc::vec;

fn fixture_events() -> Vec<Value> {
    let mut out = Vec::new();
    for text in [
        include_str!("../../tests/fixtures/js-00-collector-catalog/input_metrics.json"),
        include_str!("../../tests/fixtures/py-00-collector-catalog/input_metrics.json"),
        include_str!("../../tests/fixtures/js-04-realtime/metrics_events.json"),
        include_str!("../../tests/fixtures/py-04-realtime/metrics_events.json"),
        include_str!("../../tests/fixtures/js-02-tool-call/metrics_events.json"),
        include_str!("../../tests/fixtures/py-02-tool-call/metrics_events.json"),
    ] {
        let Value::Array(items) = crate::parse_json(text.as_bytes()).unwrap() else {
            panic!("fixture is not an array")
        };
        for item in items {
            let m = item.get("metrics").cloned().unwrap_or_else(|| item.clone());
            let mut wrapper = vec![
                (
                    String::from("type"),
                    Value::String("metrics_collected".into()),
                ),
                (String::from("metrics"), m.clone()),
            ];
            for k in ["createdAt", "created_at"] {
                if let Some(v) = item.get(k) {
                    wrapper.push((String::from(k), v.clone()));
                }
            }
            out.push(Value::Object(wrapper));
            out.push(m);
        }
    }
    out
}

const OPTIONS: [NormalizeOptions; 3] = [
    NormalizeOptions {
        dialect: None,
        on_invalid: OnInvalid::Fail,
        max_input_bytes: crate::DEFAULT_MAX_INPUT_BYTES,
    },
    NormalizeOptions {
        dialect: Some(Dialect::Node),
        on_invalid: OnInvalid::Fail,
        max_input_bytes: crate::DEFAULT_MAX_INPUT_BYTES,
    },
    NormalizeOptions {
        dialect: Some(Dialect::Python),
        on_invalid: OnInvalid::Fail,
        max_input_bytes: crate::DEFAULT_MAX_INPUT_BYTES,
    },
];

#[test]
fn fixtures_read_the_same() {
    let events = fixture_events();
    assert!(events.len() > 60);
    let fast = events
        .iter()
        .filter(|ev| OPTIONS.iter().all(|o| flat_matches_tree(ev, o)))
        .count();
    // All but the Python catalog's `decision_metrics` (an unknown type), bare and wrapped.
    assert_eq!(
        fast,
        events.len() - 2,
        "every fixture event of a known type is encodable"
    );
}

fn with(obj: &Value, key: &str, value: Option<Value>) -> Value {
    let mut pairs: Vec<(String, Value)> = obj
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k != key)
        .cloned()
        .collect();
    if let Some(v) = value {
        pairs.push((String::from(key), v));
    }
    Value::Object(pairs)
}

#[test]
fn mutations_read_the_same() {
    let weird = [
        None,
        Some(Value::Null),
        Some(Value::Bool(true)),
        Some(Value::Number(f64::NAN)),
        Some(Value::Number(f64::INFINITY)),
        Some(Value::Number(-1.0)),
        Some(Value::Number(-0.5)),
        Some(Value::Number(0.0)),
        Some(Value::Number(1.5)),
        Some(Value::Number(1e20)),
        Some(Value::Number(1.7e12)),
        Some(Value::String("x".into())),
        Some(Value::Object(vec![])),
        Some(Value::Array(vec![])),
    ];
    let mut checked = 0;
    for ev in fixture_events() {
        let bare = ev.get("metrics").is_none();
        let m = ev.get("metrics").unwrap_or(&ev).clone();
        let keys: Vec<String> = m
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        let extra = [
            "extra_key",
            "extraKey",
            "ttft",
            "fooMs",
            "metadata",
            "type",
            "first_transcript_after_eos_delay",
            "first_interim_delay",
            "first_interim_status",
            "firstInterimStatus",
        ];
        for key in keys.iter().map(String::as_str).chain(extra) {
            for w in &weird {
                let m2 = with(&m, key, w.clone());
                let ev2 = if bare {
                    m2
                } else {
                    with(&ev, "metrics", Some(m2))
                };
                for o in &OPTIONS {
                    checked += usize::from(flat_matches_tree(&ev2, o));
                }
            }
        }
        for (key, w) in [
            ("createdAt", Value::Number(f64::NAN)),
            ("created_at", Value::Number(-1.0)),
            ("createdAt", Value::Number(1.7e9)),
        ] {
            if !bare {
                checked += usize::from(flat_matches_tree(&with(&ev, key, Some(w)), &OPTIONS[0]));
            }
        }
    }
    assert!(checked > 10_000, "{checked}");
}

#[test]
fn malformed_encodings_do_not_panic() {
    let ev = &fixture_events()[0];
    let e = encode(ev).unwrap();
    for cut in 0..e.entries.len() {
        let mut entries = e.entries.clone();
        entries[cut] = entries[cut].wrapping_add(0x5b);
        if let Some(flat) = Flat::new(&entries, &e.strings) {
            let _ = normalize_flat(&flat, e.flags, e.created_at, &OPTIONS[0]);
        }
    }
    assert!(Flat::new(&e.entries[1..], &e.strings).is_none());
    assert!(Flat::new(&e.entries, &[0xff]).is_none());
}

#[test]
fn push_owned_is_push() {
    use crate::session::{SessionMetrics, SessionOptions};
    let metrics: Vec<Metric> = fixture_events()
        .iter()
        .filter_map(|ev| normalize_metric(ev, &OPTIONS[0]).ok())
        .map(|r| r.metric)
        .collect();
    for dedupe in [true, false] {
        let options = SessionOptions {
            dedupe,
            ..SessionOptions::default()
        };
        let mut a = SessionMetrics::new(options);
        let mut b = SessionMetrics::new(options);
        for m in &metrics {
            assert_eq!(a.push(m), b.push_owned(m.clone()));
        }
        assert_eq!(a.flush(), b.flush());
        assert_eq!(a.turns(), b.turns());
        assert_eq!(a.usage(), b.usage());
    }
}

/// Replays `tests/fuzz_regressions/fast_push/` (inputs in the `fast_push` fuzz target's
/// format: its findings, and hand-made edge cases) through the target's own body.
#[test]
fn fuzz_regressions_replay_clean() {
    extern crate std;
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fuzz_regressions/fast_push"
    );
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        fast_push(&std::fs::read(entry.unwrap().path()).unwrap());
        n += 1;
    }
    assert!(n > 0, "no inputs in {dir}");
}
