//! Report shapes and malformed input: a legacy camelCase (Node < 1.4.10) report built
//! from a real one, in-memory report objects, malformed reports with exact
//! error codes, malformed items skipped and counted.

mod common;
#[path = "common/report_edit.rs"]
mod edit;

use edit::oracle;
use edit::*;
use serde_json::{json, Value};
use voice_agent_metrics::report::{KeyCase, ReportSection, TimeUnit};
use voice_agent_metrics::{
    analyze_session_report, analyze_session_report_json, ErrorCode, ReportOptions, ReportSdk,
    TurnKind, UsageKind,
};

#[test]
fn legacy_camel_case_node_report_gives_the_same_analysis() {
    for name in ["js-01-pipeline-3turns", "js-02-tool-call", "js-04-realtime"] {
        let modern = report(name);
        let old = legacy(&modern);
        assert!(old["events"][1].get("createdAt").is_some());
        assert!(old["chat_history"]["items"][0].get("newAgentId").is_some());
        let (a, b) = (run(&modern), run(&old));
        assert_eq!(b.sdk, Some(ReportSdk::Node), "{name}");
        assert_eq!(b.sdk_version, None);
        assert_eq!(b.units.key_case, KeyCase::Camel);
        assert_eq!(b.units.chat_item_times, Some(TimeUnit::Milliseconds));
        assert_eq!(b.units.event_times, Some(TimeUnit::Milliseconds));
        if name != "js-04-realtime" {
            assert_eq!(b.units.usage_durations, Some(TimeUnit::Milliseconds));
        }
        assert_eq!(b.turns, a.turns, "{name}");
        assert_eq!(b.usage, a.usage, "{name}");
        assert_eq!(b.timeline, a.timeline, "{name}");
        assert_eq!((b.flags, b.summary), (a.flags, a.summary), "{name}");
        assert!(b.skipped.is_empty());
    }
    // Tool calls read from `callId`/`isError` and `args`.
    let b = run(&legacy(&report("js-02-tool-call")));
    assert_eq!(b.turns[0].tool_calls[0].call_id, "call_tokyo_1");
    assert_eq!(b.turns[0].tool_calls[0].is_error, Some(false));
}

#[test]
fn malformed_reports_get_exact_codes() {
    use ErrorCode::*;
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let ok = r#""chat_history":{"items":[]}"#;
    let cases: Vec<(String, ErrorCode, Option<&str>)> = vec![
        ("not json".into(), InvalidJson, None),
        (r#"{"chat_history": {"items": [}"#.into(), InvalidJson, None),
        (deep, TooDeep, None),
        ("[]".into(), NotAnObject, None),
        ("42".into(), NotAnObject, None),
        ("{}".into(), MissingField, Some("chat_history")),
        (
            r#"{"chat_history": null}"#.into(),
            MissingField,
            Some("chat_history"),
        ),
        (
            r#"{"chat_history": "x"}"#.into(),
            WrongType,
            Some("chat_history"),
        ),
        (
            r#"{"chat_history": {"items": {}}}"#.into(),
            WrongType,
            Some("items"),
        ),
        (
            format!(r#"{{{ok}, "events": {{}}}}"#),
            WrongType,
            Some("events"),
        ),
        (format!(r#"{{{ok}, "usage": 5}}"#), WrongType, Some("usage")),
        (
            format!(r#"{{{ok}, "timestamp": "late"}}"#),
            WrongType,
            Some("timestamp"),
        ),
        (
            format!(r#"{{{ok}, "timestamp": -5}}"#),
            OutOfRange,
            Some("timestamp"),
        ),
        (
            format!(r#"{{{ok}, "timestamp": 1e20}}"#),
            OutOfRange,
            Some("timestamp"),
        ),
        (
            format!(r#"{{{ok}, "sdk_version": 189}}"#),
            WrongType,
            Some("sdk_version"),
        ),
        (
            format!(r#"{{{ok}, "options": "fast"}}"#),
            WrongType,
            Some("options"),
        ),
        (
            format!(r#"{{{ok}, "options": {{"min_endpointing_delay": -0.5}}}}"#),
            OutOfRange,
            Some("min_endpointing_delay"),
        ),
        (
            format!(r#"{{{ok}, "options": {{"preemptive_generation": 3}}}}"#),
            WrongType,
            Some("preemptive_generation"),
        ),
        (
            format!(r#"{{{ok}, "duration_ms": -1}}"#),
            OutOfRange,
            Some("duration_ms"),
        ),
        (
            r#"{"chatHistory": 7}"#.into(),
            WrongType,
            Some("chatHistory"),
        ),
    ];
    for (text, code, field) in &cases {
        let e = analyze_session_report_json(text.as_bytes(), &ReportOptions::default())
            .expect_err(text);
        assert_eq!((e.code(), e.field()), (*code, *field), "{text}");
        assert!(!e.to_string().is_empty());
    }
    // NaN only comes from JS objects.
    let mut v: voice_agent_metrics::Value =
        serde_json::from_str(&format!(r#"{{{ok}, "timestamp": 1}}"#)).unwrap();
    if let voice_agent_metrics::Value::Object(pairs) = &mut v {
        pairs[1].1 = voice_agent_metrics::Value::Number(f64::NAN);
    }
    let e = analyze_session_report(&v, &ReportOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.field()), (NotFinite, Some("timestamp")));
}

#[test]
fn malformed_items_are_skipped_and_counted() {
    let mut r = report("js-01-pipeline-3turns");
    let (u0, u1, a2) = (
        message(&r, "user", 0),
        message(&r, "user", 1),
        message(&r, "assistant", 2),
    );
    items(&mut r)[u0] = json!(42);
    items(&mut r)[u1].as_object_mut().unwrap().remove("role");
    items(&mut r)[a2]["metrics"]["e2e_latency"] = json!("fast");
    items(&mut r).push(json!({"type": 7, "id": "x"}));
    let events = r["events"].as_array_mut().unwrap();
    assert_eq!(events[2]["type"], "user_state_changed");
    events[1] = json!("oops");
    events[2].as_object_mut().unwrap().remove("new_state");
    r["usage"][0]["input_tokens"] = json!(-3);
    r["usage"][1]["characters_count"] = json!(1.5);
    let a = run(&r);

    use ErrorCode::*;
    use ReportSection::*;
    let got: Vec<(ReportSection, usize, ErrorCode, Option<&str>)> = a
        .skipped
        .iter()
        .map(|s| (s.section, s.index, s.code, s.field.as_deref()))
        .collect();
    let n = oracle::items(&report("js-01-pipeline-3turns")).len();
    assert_eq!(
        got,
        [
            (ChatItem, u0, NotAnObject, None),
            (ChatItem, u1, MissingField, Some("role")),
            (ChatItem, a2, WrongType, Some("e2e_latency")),
            (ChatItem, n, WrongType, Some("type")),
            (Event, 1, NotAnObject, None),
            (Event, 2, MissingField, Some("new_state")),
            (Usage, 0, NegativeCount, Some("input_tokens")),
            (Usage, 1, NotAnInteger, Some("characters_count")),
        ]
    );
    // The rest is read as if the bad entries were not there.
    let mut clean = report("js-01-pipeline-3turns");
    let keep: Vec<Value> = oracle::items(&clean)
        .iter()
        .enumerate()
        .filter(|(i, _)| ![u0, u1, a2].contains(i))
        .map(|(_, v)| v.clone())
        .collect();
    clean["chat_history"]["items"] = json!(keep);
    let want = oracle::turns(&clean);
    assert_eq!(a.turns.len(), want.len());
    for (t, w) in a.turns.iter().zip(&want) {
        assert_eq!(t.kind == TurnKind::User, w.user);
        assert_eq!(t.agent_item_ids, w.agent_item_ids);
    }
    assert_eq!(kinds(&a), [UsageKind::Stt]);
    assert_eq!(
        a.timeline.len(),
        oracle::timeline(&report("js-01-pipeline-3turns")).len() - 2
    );
}

#[test]
fn in_memory_report_objects() {
    // `chatHistory` as a bare list of camelCase items, `modelUsage`, `startedAt`.
    let modern = report("js-01-pipeline-3turns");
    let old = legacy(&modern);
    let obj = json!({
        "jobId": "AJ_mem", "chatHistory": old["chat_history"]["items"],
        "events": old["events"], "modelUsage": old["usage"],
        "timestamp": modern["timestamp"], "startedAt": 1795280829000.0_f64,
        "enableRecording": true,
    });
    let a = run(&obj);
    let b = run(&modern);
    assert_eq!(a.sdk, Some(ReportSdk::Node));
    assert_eq!(a.job_id.as_deref(), Some("AJ_mem"));
    assert_eq!(a.turns, b.turns);
    assert_eq!(a.usage.models, b.usage.models);
    assert_eq!(a.started_at_ms, Some(1795280829000.0));
}
