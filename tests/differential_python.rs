//! Differential test against the real Python SDK collector.
//!
//! `scripts/ci/35-python-differential.sh` installs `livekit-agents` in a venv, runs
//! `tests/differential/py_collector.py` (1,000 seeded random streams through the real
//! `ModelUsageCollector`) and then this test with `--ignored`, pointing
//! `VAM_PY_ORACLE` at the output.

use voice_agent_metrics::usage::{to_livekit_python, UsageCollector};
use voice_agent_metrics::{normalize_batch, Dialect, NormalizeOptions, Value};

fn close(path: &str, got: &serde_json::Value, want: &serde_json::Value) {
    use serde_json::Value as J;
    match (got, want) {
        (J::Object(a), J::Object(b)) => {
            assert_eq!(
                a.keys().collect::<Vec<_>>(),
                b.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for k in a.keys() {
                close(&format!("{path}.{k}"), &a[k], &b[k]);
            }
        }
        (J::Array(a), J::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                close(&format!("{path}[{i}]"), x, y);
            }
        }
        (J::Number(a), J::Number(b)) => {
            // Integers exactly; Python sums seconds where we sum ms: 1e-9 relative.
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
#[ignore = "needs the livekit-agents oracle file; run scripts/ci/35-python-differential.sh"]
fn usage_equals_python_sdk_collector_on_random_streams() {
    let path =
        std::env::var("VAM_PY_ORACLE").expect("VAM_PY_ORACLE=path of py_collector.py output");
    let oracle: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let streams = oracle["streams"].as_array().unwrap();
    assert!(
        streams.len() >= 1000,
        "need ≥ 1000 streams, got {}",
        streams.len()
    );
    let opts = NormalizeOptions {
        dialect: Some(Dialect::Python),
        ..Default::default()
    };
    let mut events = 0;
    for (i, s) in streams.iter().enumerate() {
        let metrics: Value = serde_json::from_value(s["metrics"].clone()).unwrap();
        let report = normalize_batch(&metrics, &opts).unwrap_or_else(|e| panic!("stream {i}: {e}"));
        let mut c = UsageCollector::new();
        for r in &report.records {
            c.collect(&r.metric);
        }
        events += report.records.len();
        let ours = serde_json::to_value(to_livekit_python(&c.flatten())).unwrap();
        close(&format!("stream {i}"), &ours, &s["flatten"]);
    }
    println!(
        "{} streams, {events} events: identical to livekit-agents {}",
        streams.len(),
        oracle["sdk_version"]
    );
}
