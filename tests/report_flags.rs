//! Data-quality flags and turn grouping on captured reports edited to show them: stale
//! anchors, handoffs, missing metrics, overlapping parts, `say()` turns.

mod common;
#[path = "common/report_edit.rs"]
mod edit;

use edit::oracle;
use edit::*;
use serde_json::{json, Value};
use voice_agent_metrics::{ReportOptions, TurnFlag, TurnFlagReason, TurnKind};

#[test]
fn stale_anchors_are_flagged_and_left_out_of_the_summary() {
    // livekit/agents#6093: the end-of-speech anchor is 220 s older than the start.
    let (start, stopped, commit) = (1781342804.815377, 1781342584.6181495, 1781342804.9027314);
    let mut r = report("py-01-pipeline-3turns");
    let (u, a) = (message(&r, "user", 0), message(&r, "assistant", 0));
    let um = &mut items(&mut r)[u]["metrics"];
    um["started_speaking_at"] = json!(start);
    um["stopped_speaking_at"] = json!(stopped);
    // What an SDK without the stale-anchor check wrote: delays from the stale anchor.
    um["transcription_delay"] = json!(commit - stopped);
    um["end_of_turn_delay"] = json!(commit - stopped);
    let agent_start = commit + 1.4;
    let am = &mut items(&mut r)[a]["metrics"];
    am["started_speaking_at"] = json!(agent_start);
    am["e2e_latency"] = json!(agent_start - stopped);

    let analysis = run(&r);
    let t = &analysis.turns[0];
    assert_eq!(
        t.flags,
        [
            TurnFlagReason::StaleAnchor,
            TurnFlagReason::ImplausibleLatency
        ]
    );
    assert!((t.e2e_latency_ms.unwrap() - (agent_start - stopped) * 1000.0).abs() < 1e-3);
    assert_eq!(
        analysis.flags,
        [
            TurnFlag {
                turn_index: 0,
                reason: TurnFlagReason::StaleAnchor
            },
            TurnFlag {
                turn_index: 0,
                reason: TurnFlagReason::ImplausibleLatency
            },
        ]
    );
    // Left out of the percentiles: the summary is over the two clean turns.
    let clean: Vec<f64> = oracle::turns(&report("py-01-pipeline-3turns"))[1..]
        .iter()
        .map(|t| t.e2e_ms.unwrap())
        .collect();
    let s = &analysis.summary;
    assert_eq!((s.user_turns, s.flagged_turns), (2, 1));
    assert_eq!(s.e2e_latency_ms.count, 2);
    let max = clean.iter().copied().fold(f64::MIN, f64::max);
    assert!((s.e2e_latency_ms.max.unwrap() - max).abs() < 1e-6);

    // Newer SDKs drop the four inconsistent values instead: a voice turn without its
    // anchor is missing metrics, and no e2e can be computed.
    let mut r = report("py-01-pipeline-3turns");
    let um = items(&mut r)[u]["metrics"].as_object_mut().unwrap();
    for k in [
        "started_speaking_at",
        "stopped_speaking_at",
        "transcription_delay",
        "end_of_turn_delay",
    ] {
        um.remove(k);
    }
    items(&mut r)[a]["metrics"]
        .as_object_mut()
        .unwrap()
        .remove("e2e_latency");
    let t = &run(&r).turns[0];
    assert_eq!(t.flags, [TurnFlagReason::MissingMetrics]);
    assert_eq!((t.e2e_latency_ms, t.unexplained_ms), (None, None));
}

#[test]
fn e2e_missing_after_a_handoff() {
    let mut r = report("py-01-pipeline-3turns");
    let (u, a) = (message(&r, "user", 1), message(&r, "assistant", 1));
    items(&mut r)[a]["metrics"]
        .as_object_mut()
        .unwrap()
        .remove("e2e_latency");
    let plain = run(&r);
    assert_eq!(plain.turns[1].flags, [TurnFlagReason::MissingE2e]);
    assert_eq!(plain.turns[1].handoff, None);

    // agents#7157: the user asks for billing, the new agent answers without e2e.
    let at = oracle::items(&r)[u]["created_at"].as_f64().unwrap() + 0.001;
    let handoff = json!({"id": "item_handoff", "type": "agent_handoff",
        "old_agent_id": "simple_agent", "new_agent_id": "billing_agent", "created_at": at});
    items(&mut r).insert(u + 1, handoff);
    let analysis = run(&r);
    let t = &analysis.turns[1];
    assert_eq!(t.flags, [TurnFlagReason::E2eMissingAfterHandoff]);
    let h = t.handoff.as_ref().unwrap();
    assert_eq!(
        (h.old_agent_id.as_deref(), h.new_agent_id.as_deref()),
        (Some("simple_agent"), Some("billing_agent"))
    );
    assert!((h.at_ms.unwrap() - at * 1000.0).abs() < 1e-3);
    assert_eq!(analysis.summary.user_turns, 2);
    assert_eq!(analysis.summary.flagged_turns, 1);
}

#[test]
fn missing_assistant_metrics() {
    let mut r = report("js-01-pipeline-3turns");
    let a = message(&r, "assistant", 2);
    items(&mut r)[a].as_object_mut().unwrap().remove("metrics");
    let t = run(&r).turns[2].clone();
    assert_eq!(t.flags, [TurnFlagReason::MissingMetrics]);
    assert_eq!((t.e2e_latency_ms, t.llm_node_ttft_ms), (None, None));
    assert_eq!(t.agent_messages, 1);
}

#[test]
fn parts_exceeding_e2e_are_flagged_only_without_preemptive_generation() {
    let mut r = report("js-05a-preemptive-llm");
    assert!(run(&r).flags.is_empty()); // preemptive on: the parts overlap, as expected
    r["options"]["preemptive_generation"]["enabled"] = json!(false);
    let a = run(&r);
    let want: Vec<TurnFlag> = (0..2)
        .map(|turn_index| TurnFlag {
            turn_index,
            reason: TurnFlagReason::PartsExceedE2e,
        })
        .collect();
    assert_eq!(a.flags, want);
    assert_eq!((a.summary.user_turns, a.summary.flagged_turns), (0, 2));
    assert_eq!(a.summary.e2e_latency_ms.count, 0);
    // The caller knows better (live, or a report without options).
    let told = ReportOptions {
        preemptive_generation: Some(true),
        ..ReportOptions::default()
    };
    assert!(run_with(&r, &told).flags.is_empty());
    // A larger tolerance accepts the overlap too.
    let loose = ReportOptions {
        unexplained_tolerance_ms: 250.0,
        ..ReportOptions::default()
    };
    assert!(run_with(&r, &loose).flags.is_empty());
}

fn say(id: &str, at: f64, text: &str) -> Value {
    json!({"id": id, "type": "message", "role": "assistant", "content": [text],
        "interrupted": false, "extra": {}, "created_at": at,
        "metrics": {"tts_node_ttfb": 0.15, "started_speaking_at": at + 0.2,
                    "stopped_speaking_at": at + 1.5, "playback_latency": 0.0}})
}

#[test]
fn say_greetings_and_goodbyes_are_agent_initiated_turns() {
    let mut r = report("py-01-pipeline-3turns");
    let first = message(&r, "user", 0);
    let t0 = oracle::items(&r)[first - 1]["created_at"].as_f64().unwrap() + 0.01;
    let last = oracle::items(&r).last().unwrap()["created_at"]
        .as_f64()
        .unwrap()
        + 3.0;
    items(&mut r).insert(first, say("item_greet", t0, "Hello! How can I help?"));
    items(&mut r).push(say("item_bye", last, "Goodbye!"));
    let a = run(&r);
    let kinds: Vec<TurnKind> = a.turns.iter().map(|t| t.kind).collect();
    use TurnKind::*;
    assert_eq!(kinds, [AgentInitiated, User, User, User, AgentInitiated]);
    let greet = &a.turns[0];
    assert_eq!(greet.agent_item_ids, ["item_greet"]);
    assert_eq!(greet.agent_text.as_deref(), Some("Hello! How can I help?"));
    assert!((greet.started_at_ms.unwrap() - t0 * 1000.0).abs() < 1e-3);
    assert!((greet.tts_node_ttfb_ms.unwrap() - 150.0).abs() < 1e-6);
    assert_eq!((greet.e2e_latency_ms, greet.unexplained_ms), (None, None));
    assert!(greet.flags.is_empty());
    assert_eq!(a.turns[4].agent_item_ids, ["item_bye"]);
    // The user turns are untouched, and the summary is over them only.
    let want = oracle::turns(&report("py-01-pipeline-3turns"));
    for (t, w) in a.turns[1..4].iter().zip(&want) {
        assert_eq!(t.agent_item_ids, w.agent_item_ids);
    }
    assert_eq!(a.summary.user_turns, 3);
    assert_eq!(a.summary.e2e_latency_ms.count, 3);
}

#[test]
fn an_llm_greeting_keeps_its_tool_call_and_follow_up() {
    let mut r = report("py-02-tool-call");
    let first = message(&r, "user", 0);
    let t0 = oracle::items(&r)[first - 1]["created_at"].as_f64().unwrap() + 0.01;
    let llm = |id: &str, at: f64| {
        json!({"id": id, "type": "message", "role": "assistant", "content": ["..."],
            "interrupted": false, "extra": {}, "created_at": at,
            "metrics": {"llm_node_ttft": 0.3, "tts_node_ttfb": 0.1,
                        "started_speaking_at": at + 0.5, "stopped_speaking_at": at + 1.0}})
    };
    let greeting = vec![
        llm("item_g1", t0),
        json!({"id": "item_fc", "type": "function_call", "call_id": "c1", "name": "lookup_user",
               "arguments": "{}", "created_at": t0 + 1.1, "extra": {}}),
        json!({"id": "item_fo", "type": "function_call_output", "call_id": "c1",
               "name": "lookup_user", "output": "boom", "is_error": true, "created_at": t0 + 1.2}),
        llm("item_g2", t0 + 1.3),
    ];
    for (k, item) in greeting.into_iter().enumerate() {
        items(&mut r).insert(first + k, item);
    }
    let a = run(&r);
    assert_eq!(a.turns.len(), 3);
    let g = &a.turns[0];
    assert_eq!(g.kind, TurnKind::AgentInitiated);
    assert_eq!(g.agent_item_ids, ["item_g1", "item_g2"]);
    assert_eq!(g.tool_calls.len(), 1);
    assert_eq!(g.tool_calls[0].is_error, Some(true));
    assert!((g.tool_calls[0].duration_ms.unwrap() - 100.0).abs() < 0.01);
    assert_eq!(a.turns[1].tool_calls[0].name, "get_weather");
}
