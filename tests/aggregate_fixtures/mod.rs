//! The captured fixture sessions, aggregated: shared by the aggregate and export tests.
#![allow(dead_code)]

use std::path::PathBuf;
use voice_agent_metrics::aggregate::{usage_labels, AGENT_NAME, DEPLOYMENT, LLM_MODEL, TTS_MODEL};
use voice_agent_metrics::{
    analyze_session_report_json, compute_turn_latency, compute_usage, join_turns, normalize_json,
    LatencyAggregator, NormalizeOptions, ReportOptions, SessionOptions, TurnLatency, Usage,
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
}

/// Loads a fixture through the public pipeline: `normalize_json` →
/// `compute_turn_latency` + `compute_usage`, and the session report.
pub fn session(name: &'static str) -> Session {
    let dir = path("tests/fixtures").join(name);
    let bytes = std::fs::read(dir.join("metrics_events.json")).unwrap();
    let metrics: Vec<_> = normalize_json(&bytes, &NormalizeOptions::default())
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.metric)
        .collect();
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
    }
}

/// One aggregator per session: joined chat + metrics turns (so e2e and the total are
/// both there) and the metrics' usage.
pub fn session_aggregator(s: &Session) -> LatencyAggregator {
    let mut agg = LatencyAggregator::new(&KEYS).unwrap();
    let join = join_turns(&s.analysis.turns, &s.turns);
    agg.add_joined_turns(&join.turns, &s.usage, &s.labels)
        .unwrap();
    agg
}

/// Every fixture session merged into one aggregator.
pub fn all_sessions() -> LatencyAggregator {
    let mut agg = LatencyAggregator::new(&KEYS).unwrap();
    for name in SESSIONS {
        agg.merge(&session_aggregator(&session(name))).unwrap();
    }
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
