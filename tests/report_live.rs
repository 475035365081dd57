//! Live parity and join: the same session analysed live (from `conversation_item_added`
//! items and events, and from its metrics events) and from its report gives the same
//! turns and usage; chat turns join the metrics-event turns.

mod common;

use serde_json::{json, Value as Json};
use voice_agent_metrics::{
    analyze_session_report_json, compute_turn_latency, join_turns, ChatTurn, ChatTurnBuilder,
    ErrorCode, Metric, ReportOptions, SessionAnalysis, TurnKind, Value,
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

fn analysis(name: &str) -> SessionAnalysis {
    let bytes = common::fixture_bytes(&format!("{name}/session_report.json"));
    analyze_session_report_json(&bytes, &ReportOptions::default()).unwrap()
}

/// Live, the caller knows the session's options.
fn live_options(a: &SessionAnalysis) -> ReportOptions {
    ReportOptions {
        preemptive_generation: a.options.preemptive_generation,
        ..ReportOptions::default()
    }
}

fn value(j: &Json) -> Value {
    serde_json::from_value(j.clone()).unwrap()
}

/// `conversation_item_added` payloads as captured live (`item.model_dump()` in Python,
/// `item.toJSON(false)`, camelCase with `createdAt` in ms, in Node).
fn live_items(name: &str) -> Vec<Json> {
    common::fixture_json(&format!("{name}/conversation_items.json"))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["item"].clone())
        .collect()
}

fn without_tools(turns: &[ChatTurn]) -> Vec<ChatTurn> {
    turns
        .iter()
        .cloned()
        .map(|mut t| {
            t.tool_calls.clear();
            t
        })
        .collect()
}

/// The session's `speech_created` events, as an agent forwards them live (they place the
/// LLM's start in the waterfall of a reply without `llm_node_ttfs`).
fn push_speech_created(live: &mut ChatTurnBuilder, name: &str) {
    let raw = common::fixture_json(&format!("{name}/session_report.json"));
    for e in raw["events"].as_array().unwrap() {
        if e["type"] == "speech_created" {
            assert!(live.push_event(&value(e)).unwrap());
        }
    }
}

#[test]
fn live_items_give_the_report_turns() {
    for name in SCENARIOS {
        let report = analysis(name);
        let mut live = ChatTurnBuilder::new(live_options(&report));
        let items = live_items(name);
        for item in &items {
            live.push_item(&value(item)).unwrap();
        }
        push_speech_created(&mut live, name);
        // conversation_item_added carries no tool calls (they come with
        // function_tools_executed): everything else is identical.
        assert_eq!(live.turns(), without_tools(&report.turns), "{name}");

        // What the report's history has that live items lack: only config updates and
        // tool calls/outputs.
        let live_ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        let history = common::fixture_json(&format!("{name}/session_report.json"));
        let missing: Vec<&str> = history["chat_history"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| !live_ids.contains(&i["id"].as_str().unwrap()))
            .map(|i| i["type"].as_str().unwrap())
            .collect();
        assert!(
            missing.iter().all(|t| [
                "agent_config_update",
                "function_call",
                "function_call_output"
            ]
            .contains(t)),
            "{name}: {missing:?}"
        );
        let tools = missing.iter().filter(|t| t.starts_with("function")).count();
        assert_eq!(tools > 0, name.contains("02-tool"), "{name}");
    }
}

#[test]
fn live_events_with_tool_executions_give_identical_turns() {
    for name in SCENARIOS {
        let report = analysis(name);
        let raw = common::fixture_json(&format!("{name}/session_report.json"));
        let mut live = ChatTurnBuilder::new(live_options(&report));
        let mut used = 0;
        for e in raw["events"].as_array().unwrap() {
            used += usize::from(live.push_event(&value(e)).unwrap());
        }
        assert!(used > 0, "{name}");
        assert_eq!(live.turns(), report.turns, "{name}");
    }
}

#[test]
fn arrival_order_does_not_matter() {
    for name in SCENARIOS {
        let report = analysis(name);
        let mut live = ChatTurnBuilder::new(live_options(&report));
        for item in live_items(name).iter().rev() {
            live.push_item(&value(item)).unwrap();
        }
        push_speech_created(&mut live, name);
        assert_eq!(live.turns(), without_tools(&report.turns), "{name}");
        // A repeated delivery replaces, it does not duplicate.
        for item in live_items(name).iter().take(3) {
            live.push_item(&value(item)).unwrap();
        }
        assert_eq!(live.turns(), without_tools(&report.turns), "{name}");
    }
}

#[test]
fn live_builder_rejects_bad_input_and_ignores_other_events() {
    let mut live = ChatTurnBuilder::new(ReportOptions::default());
    let state = json!({"type": "agent_state_changed", "old_state": "idle",
                       "new_state": "listening", "created_at": 1.0});
    assert_eq!(live.push_event(&value(&state)), Ok(false));
    let bad = [
        (
            json!({"type": "conversation_item_added"}),
            ErrorCode::MissingField,
        ),
        (
            json!({"type": "conversation_item_added", "item": 3}),
            ErrorCode::WrongType,
        ),
        (json!("event"), ErrorCode::NotAnObject),
        (
            json!({"type": "function_tools_executed", "function_calls": [{"type": 1}]}),
            ErrorCode::WrongType,
        ),
    ];
    for (e, code) in bad {
        assert_eq!(live.push_event(&value(&e)).unwrap_err().code(), code, "{e}");
    }
    let item = json!({"type": "message", "role": "user", "metrics": {"e2e_latency": true}});
    assert_eq!(
        live.push_item(&value(&item)).unwrap_err().code(),
        ErrorCode::WrongType
    );
    assert!(live.turns().is_empty()); // nothing half-applied
}

fn metrics(name: &str) -> Vec<Metric> {
    common::normalize_fixture(&format!("{name}/metrics_events.json"))
        .into_iter()
        .map(|r| r.metric)
        .collect()
}

#[test]
fn chat_turns_join_the_metrics_turns_of_the_same_session() {
    for name in SCENARIOS {
        let chat = analysis(name).turns;
        let latency = compute_turn_latency(&metrics(name));
        let joined = join_turns(&chat, &latency);
        assert_eq!(joined.turns.len(), chat.len(), "{name}");
        // Every user turn of the metrics is some chat turn's; only discarded
        // preemptive generations (no message) stay unmatched.
        let users = latency.iter().filter(|t| t.kind == TurnKind::User).count();
        let matched = joined.turns.iter().filter(|j| j.latency.is_some()).count();
        assert_eq!(matched, users, "{name}");
        assert!(
            joined
                .unmatched
                .iter()
                .all(|t| t.kind == TurnKind::Speculative),
            "{name}"
        );
        let speculative = latency
            .iter()
            .filter(|t| t.kind == TurnKind::Speculative)
            .count();
        assert_eq!(joined.unmatched.len(), speculative, "{name}");
        assert_eq!(speculative > 0, name.contains("-05"), "{name}");

        for j in &joined.turns {
            let (c, m) = (&j.chat, j.latency.as_ref().unwrap());
            let ctx = format!("{name} turn {}", c.index);
            assert_eq!(m.kind, c.kind, "{ctx}");
            if c.realtime {
                // The response was created ttft before the agent started speaking.
                assert!(m.realtime, "{ctx}");
                let spoke = m.started_at_ms + m.llm_ttft_ms.unwrap();
                assert!(
                    (spoke - c.agent_started_speaking_at_ms.unwrap()).abs() < 50.0,
                    "{ctx}"
                );
                continue;
            }
            // Same end-of-speech anchor, same end-of-turn delay on both sides.
            assert!(
                j.anchor_gap_ms.unwrap().abs() < 5.0,
                "{ctx}: {:?}",
                j.anchor_gap_ms
            );
            let (eou, eot) = (m.eou_delay_ms.unwrap(), c.end_of_turn_delay_ms.unwrap());
            assert!((eou - eot).abs() < 5.0, "{ctx}: {eou} vs {eot}");
            // The chat e2e is at least the metrics' estimate minus what preemptive
            // generation overlaps (ttft measured from an earlier start).
            if let (Some(e2e), Some(total)) = (c.e2e_latency_ms, m.formula_latency_ms) {
                assert!(e2e > total - 250.0, "{ctx}: e2e {e2e} vs estimate {total}");
            }
        }
    }
}
