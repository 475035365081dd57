//! Usage equals what the real SDK collectors produced for the same events
//! (`model_usage_collector_*.json`, `session_usage.json`, `session_report.json` were
//! written by `livekit-agents` 1.8.9 and `@livekit/agents` 1.9.0 themselves).

mod common;
use common::*;
use serde_json::Value as J;
use voice_agent_metrics::usage::*;

const SCENARIOS: &[&str] = &[
    "01-pipeline-3turns",
    "02-tool-call",
    "03-interruption",
    "03b-interruption-while-thinking",
    "04-realtime",
    "05a-preemptive-llm",
    "05b-preemptive-tts",
];

fn collect(rel: &str) -> UsageCollector {
    let mut c = UsageCollector::new();
    for r in normalize_fixture(rel) {
        c.collect(&r.metric);
    }
    c
}

fn to_json(rows: Vec<voice_agent_metrics::Value>) -> J {
    serde_json::to_value(rows).unwrap()
}

/// Equal, with floats compared to 1e-9 relative (Python sums seconds, we sum ms).
fn assert_json_close(path: &str, got: &J, want: &J) {
    match (got, want) {
        (J::Object(a), J::Object(b)) => {
            let ka: Vec<_> = a.keys().collect();
            let kb: Vec<_> = b.keys().collect();
            assert_eq!(ka, kb, "{path}: keys");
            for k in ka {
                assert_json_close(&format!("{path}.{k}"), &a[k], &b[k]);
            }
        }
        (J::Array(a), J::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_json_close(&format!("{path}[{i}]"), x, y);
            }
        }
        (J::Number(a), J::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{path}: {a} vs {b}"
            );
        }
        _ => assert_eq!(got, want, "{path}"),
    }
}

#[test]
fn node_flatten_and_filter_zero_values_are_identical() {
    for s in SCENARIOS.iter().copied().chain(["00-collector-catalog"]) {
        let input = if s.starts_with("00") {
            "input_metrics.json"
        } else {
            "metrics_events.json"
        };
        let rows = collect(&format!("js-{s}/{input}")).flatten();
        // Exact: same keys, same numbers (Node sums ms as given; so do we).
        let want = fixture_json(&format!("js-{s}/model_usage_collector_flatten.json"));
        assert_eq!(to_json(to_livekit_js(&rows)), want, "js-{s} flatten");
        let want = fixture_json(&format!(
            "js-{s}/model_usage_collector_flatten_filterZeroValues.json"
        ));
        assert_eq!(
            to_json(to_livekit_js_filtered(&rows)),
            want,
            "js-{s} filterZeroValues"
        );
    }
}

#[test]
fn node_session_usage_matches_live_session() {
    for s in SCENARIOS {
        let rows = collect(&format!("js-{s}/metrics_events.json")).flatten();
        let live = fixture_json(&format!("js-{s}/session_usage.json"));
        assert_eq!(
            to_json(to_livekit_js_filtered(&rows)),
            live["session_usage"]["modelUsage"],
            "js-{s}"
        );
    }
}

#[test]
fn python_model_dump_matches() {
    for s in SCENARIOS.iter().copied().chain(["00-collector-catalog"]) {
        let input = if s.starts_with("00") {
            "input_metrics.json"
        } else {
            "metrics_events.json"
        };
        let rows = collect(&format!("py-{s}/{input}")).flatten();
        let want = fixture_json(&format!("py-{s}/model_usage_collector_flatten.json"));
        assert_json_close(
            &format!("py-{s}"),
            &to_json(to_livekit_python(&rows)),
            &want,
        );
    }
}

#[test]
fn python_report_usage_form_matches() {
    let rows = collect("py-00-collector-catalog/input_metrics.json").flatten();
    let want = fixture_json("py-00-collector-catalog/model_usage_report_form.json");
    assert_json_close(
        "catalog",
        &to_json(to_livekit_python_report(&rows, true)),
        &want,
    );
    for s in SCENARIOS {
        let rows = collect(&format!("py-{s}/metrics_events.json")).flatten();
        let report = fixture_json(&format!("py-{s}/session_report.json"));
        assert_json_close(
            s,
            &to_json(to_livekit_python_report(&rows, true)),
            &report["usage"],
        );
        // The 1.5–1.7 form is the same without `type`.
        let old = to_json(to_livekit_python_report(&rows, false));
        assert!(old
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("type").is_none()));
    }
}

#[test]
fn incremental_snapshots_match_after_every_collect() {
    for (sdk, key) in [("js", "flatten_filterZeroValues"), ("py", "flatten")] {
        let records = normalize_fixture(&format!("{sdk}-00-collector-catalog/input_metrics.json"));
        let snaps = fixture_json(&format!(
            "{sdk}-00-collector-catalog/model_usage_collector_incremental.json"
        ));
        let snaps = snaps.as_array().unwrap();
        assert_eq!(snaps.len(), records.len());
        let mut c = UsageCollector::new();
        for (i, (r, snap)) in records.iter().zip(snaps).enumerate() {
            c.collect(&r.metric);
            let rows = c.flatten();
            let got = if sdk == "js" {
                to_livekit_js_filtered(&rows)
            } else {
                to_livekit_python(&rows)
            };
            assert_json_close(&format!("{sdk} after #{i}"), &to_json(got), &snap[key]);
        }
    }
}

#[test]
fn duplicates_are_dropped_once_and_counted() {
    let records = normalize_fixture("js-02-tool-call/metrics_events.json");
    let mut once = UsageCollector::new();
    let mut twice = UsageCollector::new();
    let mut dedupe = Deduper::default();
    for r in &records {
        once.collect(&r.metric);
        for _ in 0..2 {
            if dedupe.admit(&r.metric) {
                twice.collect(&r.metric);
            }
        }
    }
    assert_eq!(once.flatten(), twice.flatten());
    assert_eq!(dedupe.duplicates_dropped(), records.len() as u64);
}
