//! A post-hoc analysis keeps every turn of a long report, on every path: the value
//! path, the JSON text path (the fast parser), and an aggregator fed the analysis.

use serde_json::Value as Json;
use voice_agent_metrics::{
    analyze_session_report, analyze_session_report_json, parse_json, LatencyAggregator,
    LatencyMetric, ReportOptions, TurnKind,
};

mod common;

/// The pipeline fixture with its first user/assistant exchange repeated `turns` times,
/// one every 10 s, with fresh ids.
fn long_report(turns: usize) -> Json {
    let mut report = common::fixture_json("py-01-pipeline-3turns/session_report.json");
    let items = report["chat_history"]["items"].as_array().unwrap().clone();
    let user = items.iter().position(|i| i["role"] == "user").unwrap();
    let pair = [items[user].clone(), items[user + 1].clone()];
    let mut out: Vec<Json> = items[..user].to_vec();
    for n in 0..turns {
        let shift = 10.0 * n as f64;
        for (k, item) in pair.iter().enumerate() {
            let mut item = item.clone();
            item["id"] = Json::from(format!("item_{n}_{k}"));
            shift_times(&mut item, shift);
            out.push(item);
        }
    }
    report["chat_history"]["items"] = Json::Array(out);
    report["timestamp"] = Json::from(report["timestamp"].as_f64().unwrap() + 10.0 * turns as f64);
    report
}

/// Adds `shift` seconds to `created_at` and every `*_at` time in `metrics`.
fn shift_times(item: &mut Json, shift: f64) {
    let t = item["created_at"].as_f64().unwrap();
    item["created_at"] = Json::from(t + shift);
    if let Some(m) = item.get_mut("metrics").and_then(Json::as_object_mut) {
        for (k, v) in m.iter_mut() {
            if k.ends_with("_at") {
                *v = Json::from(v.as_f64().unwrap() + shift);
            }
        }
    }
}

const TURNS: usize = 3_000;

#[test]
fn a_long_report_keeps_every_turn() {
    let text = serde_json::to_vec(&long_report(TURNS)).unwrap();
    let value = parse_json(&text).unwrap();
    let options = ReportOptions::default();
    let from_value = analyze_session_report(&value, &options).unwrap();
    let from_text = analyze_session_report_json(&text, &options).unwrap();
    assert_eq!(from_value, from_text);
    for a in [&from_value, &from_text] {
        let users = a.turns.iter().filter(|t| t.kind == TurnKind::User).count();
        assert_eq!(users, TURNS);
        assert_eq!(a.summary.user_turns as usize, TURNS);
        assert_eq!(a.summary.e2e_latency_ms.count as usize, TURNS);
        // The first and the last turn are both there.
        assert_eq!(
            a.turns.first().unwrap().e2e_latency_ms,
            a.turns.last().unwrap().e2e_latency_ms
        );
    }
    let mut agg = LatencyAggregator::new::<&str>(&[]).unwrap();
    agg.add_analysis(&from_text, &[("", "")]).unwrap();
    assert_eq!(agg.total(LatencyMetric::E2eLatency).count() as usize, TURNS);
}
