//! The same event written by the Python SDK and by the Node SDK normalizes to the
//! same canonical record, within Node's integer-ms truncation.

mod common;
use common::*;
use serde_json::Value as J;

/// Fields only one SDK has (fixtures README), or that name the SDK's own class.
const ONE_SIDED: &[&str] = &[
    "label",
    "reasoningTokens",
    "inputAudioTokens",
    "connectionReused",
    "lastSpeakingTimeMs",
];

fn canonical(sdk: &str) -> Vec<J> {
    normalize_fixture(&format!("{sdk}-00-collector-catalog/input_metrics.json"))
        .into_iter()
        .map(|r| serde_json::to_value(&r.metric).unwrap())
        .collect()
}

fn assert_close(path: &str, py: &J, js: &J) {
    match (py, js) {
        (J::Object(a), J::Object(b)) => {
            let keys: std::collections::BTreeSet<_> = a.keys().chain(b.keys()).collect();
            for k in keys {
                if ONE_SIDED.contains(&k.as_str()) {
                    continue;
                }
                let p = format!("{path}.{k}");
                assert_close(
                    &p,
                    a.get(k).unwrap_or(&J::Null),
                    b.get(k).unwrap_or(&J::Null),
                );
            }
        }
        (J::Number(a), J::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            // Node truncates durations to whole ms: at most 1 ms apart.
            assert!((a - b).abs() < 1.0, "{path}: python {a} vs node {b}");
        }
        _ => assert_eq!(py, js, "{path}"),
    }
}

#[test]
fn catalog_events_agree_across_sdks() {
    let py = canonical("py");
    let js = canonical("js");
    // Python has one extra, unknown type (decision_metrics) at the end.
    assert_eq!(py.len(), js.len() + 1);
    for (i, (p, j)) in py.iter().zip(&js).enumerate() {
        assert_close(&format!("[{i}]"), p, j);
    }
}

#[test]
fn session_fixtures_have_the_same_shape_across_sdks() {
    // The same scripted session captured from both SDKs: same metric types per turn,
    // and latencies within the simulation's jitter (the fakes sleep the scripted times).
    for scenario in ["01-pipeline-3turns", "02-tool-call"] {
        let kinds = |sdk: &str| -> Vec<String> {
            normalize_fixture(&format!("{sdk}-{scenario}/metrics_events.json"))
                .iter()
                .map(|r| r.metric.type_name().to_string())
                .filter(|t| t != "vad_metrics")
                .collect()
        };
        let (mut py, mut js) = (kinds("py"), kinds("js"));
        py.sort();
        js.sort();
        assert_eq!(py, js, "{scenario}");
    }
}
