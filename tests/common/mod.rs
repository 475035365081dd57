//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use voice_agent_metrics::{
    normalize_json, normalize_metric, Metric, NormalizeError, NormalizeOptions, NormalizedMetric,
    Value,
};

/// The captured sessions with metrics events and a session report, both SDKs.
pub const SESSIONS: [&str; 14] = [
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

/// Path of a file under tests/fixtures.
pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Raw bytes of a fixture file.
pub fn fixture_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture_path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A fixture parsed as serde_json (for computing expected values independently).
pub fn fixture_json(rel: &str) -> serde_json::Value {
    serde_json::from_slice(&fixture_bytes(rel)).unwrap()
}

/// Normalizes every item of a fixture file (auto-detected dialect, failing on any error).
pub fn normalize_fixture(rel: &str) -> Vec<NormalizedMetric> {
    normalize_json(&fixture_bytes(rel), &NormalizeOptions::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .records
}

/// Normalizes one event given as JSON text.
pub fn one(json: &str) -> Result<NormalizedMetric, NormalizeError> {
    let v: Value = serde_json::from_str(json).expect("test JSON");
    normalize_metric(&v, &NormalizeOptions::default())
}

/// Normalizes one event given as JSON text and returns just the metric.
pub fn metric(json: &str) -> Metric {
    one(json).unwrap_or_else(|e| panic!("{e}: {json}")).metric
}
