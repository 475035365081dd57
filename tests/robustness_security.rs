//! Hostile input that must not do harm: label values are escaped in the Prometheus
//! exposition, user strings never become keys of outputs, and inputs that would grow
//! a live session's memory without bound (a new model name per metric, a new flag per
//! metric) are capped.

use voice_agent_metrics::aggregate::TurnSample;
use voice_agent_metrics::metric::{LlmMetrics, MetricsMetadata};
use voice_agent_metrics::usage::{ModelUsage, MAX_USAGE_ROWS, OVERFLOW};
use voice_agent_metrics::{
    normalize_json, LatencyAggregator, Metric, NormalizeOptions, SessionMetrics, MAX_USAGE_FLAGS,
};

fn llm(i: usize, provider: &str, model: &str) -> Metric {
    Metric::Llm(LlmMetrics {
        timestamp_ms: 1_795_280_000_000.0 + i as f64,
        duration_ms: 10.0,
        ttft_ms: Some(5.0),
        prompt_tokens: 1,
        completion_tokens: 1,
        metadata: Some(MetricsMetadata {
            model_provider: Some(provider.into()),
            model_name: Some(model.into()),
        }),
        ..Default::default()
    })
}

#[test]
fn prometheus_label_values_are_escaped_and_lines_stay_whole() {
    let mut agg = LatencyAggregator::new(&["agent_name", "deployment"]).unwrap();
    let nasty = "a\"b\\c\nd} x{y=\"1\"";
    let turn = TurnSample {
        formula_latency_ms: Some(900.0),
        ..Default::default()
    };
    agg.record(&turn, &[("agent_name", nasty), ("deployment", "__proto__")])
        .unwrap();
    let text = agg.to_prometheus().unwrap();
    assert!(
        text.contains(r#"agent_name="a\"b\\c\nd} x{y=\"1\"""#),
        "{text}"
    );
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        // name{labels} value, on one line; every quote inside a value is escaped.
        let (head, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok() || value == "+Inf", "{line}");
        if let Some(labels) = head.split_once('{').map(|(_, l)| l) {
            assert!(labels.ends_with('}'), "{line}");
            let mut escaped = false;
            let mut quotes = 0;
            for c in labels.chars() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => quotes += 1,
                    _ => {}
                }
            }
            assert_eq!(quotes % 2, 0, "{line}");
        }
    }
}

#[test]
fn a_model_name_per_metric_does_not_grow_memory_without_bound() {
    let mut live = SessionMetrics::default();
    for i in 0..5_000 {
        live.push(&llm(i, "unknown", &format!("model-{i}")));
        live.push(&llm(i, &format!("FallbackAdapter-{i}"), "m"));
    }
    let usage = live.usage();
    let llm_rows = usage
        .models
        .iter()
        .filter(|r| matches!(r, ModelUsage::Llm(_)))
        .count();
    assert_eq!(
        llm_rows,
        MAX_USAGE_ROWS + 1,
        "capped, plus the overflow row"
    );
    let overflow = usage
        .models
        .iter()
        .find(|r| r.key() == (OVERFLOW, OVERFLOW));
    let ModelUsage::Llm(o) = overflow.expect("an overflow row") else {
        unreachable!()
    };
    // Nothing lost: every token is counted, in its model's row or the overflow row.
    let total: u64 = usage
        .models
        .iter()
        .map(|r| match r {
            ModelUsage::Llm(u) => u.input_tokens,
            _ => 0,
        })
        .sum();
    assert_eq!(total, 10_000);
    assert_eq!(o.input_tokens, 10_000 - MAX_USAGE_ROWS as u64);
    assert_eq!(usage.flags.len(), MAX_USAGE_FLAGS);
}

#[test]
fn user_strings_are_values_never_keys_of_outputs() {
    let log = br#"[{"type":"llm_metrics","timestamp":1795280003.62,"duration":0.8,"ttft":0.3,
        "speech_id":"__proto__","metadata":{"model_provider":"__proto__","model_name":"constructor"}},
        {"type":"custom_metrics","timestamp":1795280001.0,"__proto__":{"polluted":1}}]"#;
    let report = normalize_json(log, &NormalizeOptions::default()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    // The unknown metric's raw object keeps its keys as they were (data, in order).
    assert_eq!(
        json["records"][1]["metric"]["raw"]["__proto__"]["polluted"],
        1
    );
    let metrics: Vec<Metric> = report.records.into_iter().map(|r| r.metric).collect();
    let usage = voice_agent_metrics::compute_usage(&metrics, Default::default());
    let rows = usage.to_livekit_js();
    assert_eq!(
        rows[0].get("provider").and_then(|v| v.as_str()),
        Some("__proto__")
    );
    assert_eq!(
        rows[0].get("model").and_then(|v| v.as_str()),
        Some("constructor")
    );
    // Keys of every output row are the library's own.
    for row in rows.iter().chain(&usage.to_livekit_python()) {
        for (k, _) in row.as_object().unwrap() {
            assert!(!k.starts_with("__") && k != "constructor", "{k}");
        }
    }
}

#[test]
fn a_new_unknown_type_per_event_is_counted_in_bounded_time() {
    use voice_agent_metrics::normalize::{MAX_UNKNOWN_TYPES, OTHER_UNKNOWN_TYPES};
    let n = 50_000;
    let events: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"type":"custom_{i}","timestamp":1795280001.0}}"#))
        .collect();
    let text = format!("[{}]", events.join(","));
    let start = std::time::Instant::now();
    let report = normalize_json(text.as_bytes(), &NormalizeOptions::default()).unwrap();
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    assert_eq!(report.records.len(), n, "every record is kept");
    assert_eq!(report.unknown_types.len(), MAX_UNKNOWN_TYPES + 1);
    let other = report.unknown_types.last().unwrap();
    assert_eq!(other.metric_type, OTHER_UNKNOWN_TYPES);
    assert_eq!(other.count, n - MAX_UNKNOWN_TYPES, "nothing lost");
}
