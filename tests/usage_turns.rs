//! Usage per turn, session-level and speculative, on the captured sessions; duplicate
//! delivery; wrapper flags; cost per turn.

mod common;
use common::*;
use serde_json::Value as J;
use voice_agent_metrics::usage::*;
use voice_agent_metrics::{
    compute_usage, sum_usage, Metric, SessionMetrics, SessionOptions, TurnKind,
};

const SESSIONS: &[&str] = &[
    "01-pipeline-3turns",
    "02-tool-call",
    "03-interruption",
    "03b-interruption-while-thinking",
    "04-realtime",
    "05a-preemptive-llm",
    "05b-preemptive-tts",
];

fn metrics(rel: &str) -> Vec<Metric> {
    normalize_fixture(rel)
        .into_iter()
        .map(|r| r.metric)
        .collect()
}

fn llm_row(rows: &[ModelUsage]) -> &LlmUsage {
    rows.iter()
        .find_map(|r| {
            if let ModelUsage::Llm(u) = r {
                Some(u)
            } else {
                None
            }
        })
        .expect("an LLM row")
}

/// Raw (pre-normalization) metrics of a fixture.
fn raw(rel: &str) -> Vec<J> {
    fixture_json(rel)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["metrics"].clone())
        .collect()
}

fn field<'a>(m: &'a J, py: &str, js: &str) -> &'a J {
    if m.get(py).is_some() {
        &m[py]
    } else {
        &m[js]
    }
}

#[test]
fn turns_and_session_level_add_up_to_the_sdk_totals() {
    for sdk in ["py", "js"] {
        for s in SESSIONS {
            let u = compute_usage(
                &metrics(&format!("{sdk}-{s}/metrics_events.json")),
                SessionOptions::default(),
            );
            let parts = u
                .turns
                .iter()
                .flat_map(|t| t.models.iter())
                .chain(u.session_level.iter());
            assert_eq!(sum_usage(parts), u.models, "{sdk}-{s}");
            assert_eq!(u.duplicates_dropped, 0);
            // STT is always session-level, never in a turn.
            assert!(u
                .turns
                .iter()
                .all(|t| t.models.iter().all(|r| r.kind() != UsageKind::Stt)));
        }
    }
}

#[test]
fn speculative_generation_is_billed_and_shown_apart() {
    for sdk in ["py", "js"] {
        let rel = format!("{sdk}-05a-preemptive-llm/metrics_events.json");
        let u = compute_usage(&metrics(&rel), SessionOptions::default());
        // Independently: the LLM requests under a speech_id that no EOU names.
        let raw = raw(&rel);
        let eou_ids: Vec<&J> = raw
            .iter()
            .filter(|m| m["type"] == "eou_metrics")
            .map(|m| field(m, "speech_id", "speechId"))
            .collect();
        let discarded: Vec<&J> = raw
            .iter()
            .filter(|m| {
                m["type"] == "llm_metrics" && !eou_ids.contains(&field(m, "speech_id", "speechId"))
            })
            .collect();
        assert_eq!(
            discarded.len(),
            1,
            "{sdk}: the scenario discards one preemptive generation"
        );
        let want_in = field(discarded[0], "prompt_tokens", "promptTokens")
            .as_u64()
            .unwrap();
        let want_out = field(discarded[0], "completion_tokens", "completionTokens")
            .as_u64()
            .unwrap();
        let spec = llm_row(&u.speculative);
        assert_eq!(
            (spec.input_tokens, spec.output_tokens),
            (want_in, want_out),
            "{sdk}"
        );
        let spec_turns: Vec<_> = u
            .turns
            .iter()
            .filter(|t| t.kind == TurnKind::Speculative)
            .collect();
        assert_eq!(spec_turns.len(), 1);
        assert_eq!(
            spec_turns[0]
                .speech_id
                .as_ref()
                .map(|s| J::from(s.as_str()))
                .as_ref(),
            Some(field(discarded[0], "speech_id", "speechId"))
        );
        // Still counted in the session totals, as the SDK collector does.
        let total_in: u64 = raw
            .iter()
            .filter(|m| m["type"] == "llm_metrics")
            .map(|m| field(m, "prompt_tokens", "promptTokens").as_u64().unwrap())
            .sum();
        assert_eq!(llm_row(&u.models).input_tokens, total_in);
    }
}

#[test]
fn tool_call_turn_carries_both_llm_steps() {
    for sdk in ["py", "js"] {
        let rel = format!("{sdk}-02-tool-call/metrics_events.json");
        let u = compute_usage(&metrics(&rel), SessionOptions::default());
        let raw = raw(&rel);
        let first_id = field(
            raw.iter().find(|m| m["type"] == "eou_metrics").unwrap(),
            "speech_id",
            "speechId",
        );
        let steps: Vec<&J> = raw
            .iter()
            .filter(|m| m["type"] == "llm_metrics" && field(m, "speech_id", "speechId") == first_id)
            .collect();
        assert_eq!(steps.len(), 2, "{sdk}: filler step + follow-up step");
        let want: u64 = steps
            .iter()
            .map(|m| field(m, "prompt_tokens", "promptTokens").as_u64().unwrap())
            .sum();
        let turn = u
            .turns
            .iter()
            .find(|t| t.speech_id.as_deref() == first_id.as_str())
            .unwrap();
        assert_eq!(llm_row(&turn.models).input_tokens, want);
    }
}

#[test]
fn realtime_usage_lands_in_the_realtime_turns() {
    for sdk in ["py", "js"] {
        let rel = format!("{sdk}-04-realtime/metrics_events.json");
        let u = compute_usage(&metrics(&rel), SessionOptions::default());
        let responses = raw(&rel)
            .iter()
            .filter(|m| m["type"] == "realtime_model_metrics")
            .map(|m| field(m, "output_tokens", "outputTokens").as_u64().unwrap())
            .collect::<Vec<_>>();
        let per_turn: Vec<u64> = u
            .turns
            .iter()
            .map(|t| llm_row(&t.models).output_tokens)
            .collect();
        let mut want = responses.clone();
        want.sort();
        let mut got = per_turn.clone();
        got.sort();
        assert_eq!(got, want, "{sdk}: one realtime response per turn");
        assert!(
            u.session_level.iter().all(|r| r.kind() != UsageKind::Llm),
            "{sdk}"
        );
    }
}

#[test]
fn duplicated_delivery_is_counted_once() {
    let ms = metrics("js-01-pipeline-3turns/metrics_events.json");
    let doubled: Vec<Metric> = ms.iter().flat_map(|m| [m.clone(), m.clone()]).collect();
    let once = compute_usage(&ms, SessionOptions::default());
    let twice = compute_usage(&doubled, SessionOptions::default());
    assert_eq!(twice.models, once.models);
    assert_eq!(twice.turns, once.turns);
    assert_eq!(twice.duplicates_dropped, ms.len() as u64);
    // Off: exactly what the SDK collector (fed twice) reports.
    let raw = compute_usage(
        &doubled,
        SessionOptions {
            dedupe: false,
            ..Default::default()
        },
    );
    let mut sdk = UsageCollector::new();
    doubled.iter().for_each(|m| {
        sdk.collect(m);
    });
    assert_eq!(raw.models, sdk.flatten());
    assert_eq!(raw.duplicates_dropped, 0);
    // Live: the same with the bounded window.
    let mut live = SessionMetrics::default();
    for m in &doubled {
        live.push(m);
    }
    assert_eq!(live.usage().models, once.models);
    assert_eq!(live.duplicates_dropped(), ms.len() as u64);
}

#[test]
fn wrapper_rows_are_flagged() {
    let fallback = metric(
        r#"{"type":"llm_metrics","label":"livekit.agents.llm.fallback_adapter.FallbackAdapter","request_id":"r","timestamp":1795280001.0,"duration":0.5,"ttft":0.2,"cancelled":false,"completion_tokens":5,"prompt_tokens":50,"metadata":{"model_name":"gpt-4.1-mini","model_provider":"openai"}}"#,
    );
    let unknown = metric(
        r#"{"type":"tts_metrics","label":"custom.TTS","request_id":"t","timestamp":1795280002.0,"ttfb":0.1,"duration":0.2,"audio_duration":1.0,"cancelled":false,"characters_count":12,"streamed":true,"metadata":{"model_name":"unknown","model_provider":"unknown"}}"#,
    );
    let u = compute_usage(&[fallback, unknown], SessionOptions::default());
    let flags: Vec<_> = u
        .flags
        .iter()
        .map(|f| (f.kind, f.provider.as_str(), f.reason))
        .collect();
    assert_eq!(
        flags,
        [
            (UsageKind::Llm, "openai", UsageFlagReason::FallbackAdapter),
            (UsageKind::Tts, "unknown", UsageFlagReason::UnknownModel)
        ]
    );
}

#[test]
fn cost_per_turn_and_session_adds_up() {
    let text = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/prices.example.json"),
    )
    .unwrap();
    let table = PriceTable::from_value(&voice_agent_metrics::parse_json(&text).unwrap()).unwrap();
    for sdk in ["py", "js"] {
        let u = compute_usage(
            &metrics(&format!("{sdk}-05b-preemptive-tts/metrics_events.json")),
            SessionOptions::default(),
        );
        let c = u.cost(&table);
        assert!(c.unpriced.is_empty());
        let turns: f64 = c.turns.iter().map(|t| t.cost).sum();
        assert!((turns + c.session_level - c.total).abs() < 1e-12, "{sdk}");
        let spec: f64 = c
            .turns
            .iter()
            .filter(|t| t.kind == TurnKind::Speculative)
            .map(|t| t.cost)
            .sum();
        assert!(
            spec > 0.0 && (spec - c.speculative).abs() < 1e-15,
            "{sdk}: the discarded speech cost money"
        );
        // Session-level here is STT only: its audio minutes at the example price.
        let stt_ms: f64 = u
            .session_level
            .iter()
            .map(|r| {
                if let ModelUsage::Stt(s) = r {
                    s.audio_duration_ms
                } else {
                    0.0
                }
            })
            .sum();
        assert!((c.session_level - stt_ms / 60_000.0 * 0.0077).abs() < 1e-12);
    }
}
