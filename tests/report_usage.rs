//! Usage from session reports: equal to the report's entries, the captured collector
//! output, Python's last `session_usage_updated` and the live usage of the same session;
//! kinds inferred when `type` is missing.

mod common;
#[path = "common/report_edit.rs"]
mod edit;

use edit::oracle;
use edit::*;
use serde_json::{json, Value};
use voice_agent_metrics::{
    compute_usage, Metric, SessionAnalysis, SessionOptions, UsageKindSource,
};

const SCENARIOS: [&str; 14] = [
    "py-01-pipeline-3turns",
    "py-02-tool-call",
    "py-03-interruption",
    "py-03b-interruption-while-thinking",
    "py-04-realtime",
    "py-05a-preemptive-llm",
    "py-05b-preemptive-tts",
    "js-01-pipeline-3turns",
    "js-02-tool-call",
    "js-03-interruption",
    "js-03b-interruption-while-thinking",
    "js-04-realtime",
    "js-05a-preemptive-llm",
    "js-05b-preemptive-tts",
];

const MS_TOL: f64 = 1e-6;

fn close(what: &str, got: Option<f64>, want: Option<f64>, tol: f64) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= tol, "{what}: got {g}, want {w}"),
        (g, w) => assert_eq!(g, w, "{what}"),
    }
}

fn check_usage(ctx: &str, got: &SessionAnalysis, entries: &[Value]) {
    let rows: Vec<Value> = got
        .usage
        .models
        .iter()
        .map(|m| serde_json::to_value(m).unwrap())
        .collect();
    assert_eq!(rows.len(), entries.len(), "{ctx}: rows");
    for (row, entry) in rows.iter().zip(entries) {
        let want = oracle::canonical_usage(entry);
        for (k, v) in row.as_object().unwrap() {
            match want.get(k) {
                Some(Value::String(s)) => assert_eq!(v.as_str(), Some(s.as_str()), "{ctx} {k}"),
                Some(w) => close(&format!("{ctx} {k}"), v.as_f64(), w.as_f64(), MS_TOL),
                None => assert_eq!(v.as_f64(), Some(0.0), "{ctx} {k} should be 0"),
            }
        }
        assert!(want.keys().all(|k| row.get(k).is_some()), "{ctx}: {want:?}");
    }
}

#[test]
fn usage_equals_the_report_the_collector_and_the_last_update() {
    for name in SCENARIOS {
        let raw = report(name);
        let a = run(&raw);
        assert_eq!(a.usage_kind_source, UsageKindSource::Typed, "{name}");
        assert!(a.usage.turns.is_empty() && a.usage.session_level.is_empty());
        check_usage(name, &a, raw["usage"].as_array().unwrap());
        let flatten = fixture_json(&format!("{name}/model_usage_collector_flatten.json"));
        check_usage(&format!("{name} flatten"), &a, flatten.as_array().unwrap());
        if name.starts_with("py") {
            let last = raw["events"]
                .as_array()
                .unwrap()
                .iter()
                .rev()
                .find(|e| e["type"] == "session_usage_updated")
                .unwrap();
            let rows = last["usage"]["model_usage"].as_array().unwrap();
            check_usage(&format!("{name} last update"), &a, rows);
        }
    }
}

fn metrics(name: &str) -> Vec<Metric> {
    common::normalize_fixture(&format!("{name}/metrics_events.json"))
        .into_iter()
        .map(|r| r.metric)
        .collect()
}

#[test]
fn report_usage_equals_the_live_usage_of_the_same_session() {
    for name in SCENARIOS {
        let report = run(&edit::report(name)).usage.models;
        let live = compute_usage(
            &metrics(name),
            SessionOptions {
                dedupe: false,
                ..Default::default()
            },
        )
        .models;
        assert_eq!(report.len(), live.len(), "{name}");
        for (r, l) in report.iter().zip(&live) {
            let (r, l) = (
                serde_json::to_value(r).unwrap(),
                serde_json::to_value(l).unwrap(),
            );
            for (k, v) in r.as_object().unwrap() {
                match v.as_f64() {
                    Some(n) => assert!((n - l[k].as_f64().unwrap()).abs() < 1e-6, "{name} {k}"),
                    None => assert_eq!(v, &l[k], "{name} {k}"),
                }
            }
        }
    }
}

#[test]
fn usage_kinds_are_inferred_when_type_is_missing() {
    // Every kind, as `SessionReport` prints usage (py-00 catalog), without `type`
    // (Python 1.5–1.7 drop it): ambiguous entries are settled by flatten() order.
    let mut usage = common::fixture_json("py-00-collector-catalog/model_usage_report_form.json");
    let want = strip_types(&mut usage);
    let a = run(&json!({"chat_history": {"items": []}, "usage": usage}));
    assert_eq!(a.usage_kind_source, UsageKindSource::Inferred);
    assert_eq!(kinds(&a), want);
    let flatten =
        common::fixture_json("py-00-collector-catalog/model_usage_collector_flatten.json");
    let rows: Vec<Value> = a
        .usage
        .models
        .iter()
        .map(|m| serde_json::to_value(m).unwrap())
        .collect();
    for (row, f) in rows.iter().zip(flatten.as_array().unwrap()) {
        for (k, v) in oracle::canonical_usage(f) {
            match v {
                Value::String(_) => assert_eq!(row[&k], v),
                _ => assert!(
                    (row[&k].as_f64().unwrap() - v.as_f64().unwrap()).abs() < 1e-6,
                    "{k}"
                ),
            }
        }
    }
}

#[test]
fn usage_kinds_come_from_the_last_session_usage_update() {
    let mut r = report("py-01-pipeline-3turns");
    let want = strip_types(&mut r["usage"]);
    let a = run(&r);
    assert_eq!(a.usage_kind_source, UsageKindSource::SessionUsageUpdated);
    assert_eq!(kinds(&a), want);
    // Without the events, the keys still tell (cached tokens, characters, audio only).
    r["events"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["type"] != "session_usage_updated");
    let b = run(&r);
    assert_eq!(b.usage_kind_source, UsageKindSource::Inferred);
    assert_eq!((kinds(&b), &b.usage.models), (want, &a.usage.models));
    // No `usage` at all: the last update's rows.
    let mut r = report("py-01-pipeline-3turns");
    let typed = run(&r).usage;
    r["usage"] = Value::Null;
    let c = run(&r);
    assert_eq!(c.usage_kind_source, UsageKindSource::SessionUsageUpdated);
    assert_eq!(c.usage.models, typed.models);
}
