//! The captured fixture sessions, aggregated: shared by the aggregate and export tests.
#![allow(dead_code)]

use std::path::PathBuf;
use voice_agent_metrics::aggregate::{usage_labels, AGENT_NAME, DEPLOYMENT, LLM_MODEL, TTS_MODEL};
use voice_agent_metrics::{
    analyze_session_report_json, compute_turn_latency, compute_usage, join_turns, normalize_json,
    LatencyAggregator, Metric, NormalizeOptions, ReportOptions, SessionOptions, TurnLatency, Usage,
};

/// The sessions with metrics events and a session report.
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

/// The label keys the fixture aggregators group by.
pub const KEYS: [&str; 4] = [AGENT_NAME, LLM_MODEL, TTS_MODEL, DEPLOYMENT];

pub fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// One fixture session: its metrics turns, usage (from the metrics) and labels.
pub struct Session {
    pub name: &'static str,
    pub turns: Vec<TurnLatency>,
    pub usage: Usage,
    pub labels: Vec<(&'static str, String)>,
    pub analysis: voice_agent_metrics::SessionAnalysis,
    pub metrics: Vec<Metric>,
}

/// The metrics of a fixture file, through `normalize_json`.
pub fn metrics_of(rel: &str) -> Vec<Metric> {
    let bytes = std::fs::read(path("tests/fixtures").join(rel)).unwrap();
    normalize_json(&bytes, &NormalizeOptions::default())
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.metric)
        .collect()
}

/// The Python collector catalog's metrics: the only captured ones with a measured
/// connection acquire time (a realtime xai `grok-voice`, 0.085 s, not reused).
pub fn catalog_metrics() -> Vec<Metric> {
    metrics_of("py-00-collector-catalog/input_metrics.json")
}

/// Loads a fixture through the public pipeline: `normalize_json` →
/// `compute_turn_latency` + `compute_usage`, and the session report.
pub fn session(name: &'static str) -> Session {
    let dir = path("tests/fixtures").join(name);
    let metrics = metrics_of(&format!("{name}/metrics_events.json"));
    let turns = compute_turn_latency(&metrics);
    let usage = compute_usage(&metrics, SessionOptions::default());
    let report = std::fs::read(dir.join("session_report.json")).unwrap();
    let analysis = analyze_session_report_json(&report, &ReportOptions::default()).unwrap();
    let mut labels = usage_labels(&usage);
    labels.push((AGENT_NAME, format!("{}-agent", &name[..2])));
    labels.push((DEPLOYMENT, String::from("ci \"fixtures\"\\\nline 2")));
    Session {
        name,
        turns,
        usage,
        labels,
        analysis,
        metrics,
    }
}

/// One aggregator per session: joined chat + metrics turns (so e2e and the total are
/// both there), the metrics' usage and their connection acquire times (every captured
/// session's are 0, "not measured": none are recorded).
pub fn session_aggregator(s: &Session) -> LatencyAggregator {
    let mut agg = LatencyAggregator::new(&KEYS).unwrap();
    let join = join_turns(&s.analysis.turns, &s.turns);
    agg.add_joined_turns(&join.turns, &s.usage, &s.labels)
        .unwrap();
    agg.add_connection_acquires(&s.metrics, &s.labels).unwrap();
    agg
}

/// Every fixture session merged into one aggregator, with the catalog's connection
/// acquire time in the realtime session's series (so the exports have one).
pub fn all_sessions() -> LatencyAggregator {
    let mut agg = LatencyAggregator::new(&KEYS).unwrap();
    for name in SESSIONS {
        agg.merge(&session_aggregator(&session(name))).unwrap();
    }
    agg.add_connection_acquires(&catalog_metrics(), &session("py-04-realtime").labels)
        .unwrap();
    agg
}

/// Every e2e latency (ms) the fixture aggregator holds: unflagged user chat turns.
pub fn e2e_values() -> Vec<f64> {
    let mut out = Vec::new();
    for name in SESSIONS {
        let s = session(name);
        let join = join_turns(&s.analysis.turns, &s.turns);
        out.extend(
            join.turns
                .iter()
                .filter(|t| {
                    t.chat.kind == voice_agent_metrics::TurnKind::User && t.chat.flags.is_empty()
                })
                .filter_map(|t| t.chat.e2e_latency_ms),
        );
    }
    out
}
