//! The wait the user heard: `e2eLatencyMs` from the events against the SDKs' own
//! `e2e_latency` in the same session's report, and waterfalls that add up to it.

mod common;

use voice_agent_metrics::{
    analyze_session_report_json, compute_turn_latency, join_turns, Metric, ReportOptions, TurnKind,
    TurnLatency, WaterfallPart, WaterfallStep,
};

use common::SESSIONS;

fn event_turns(name: &str) -> Vec<TurnLatency> {
    let metrics: Vec<Metric> = common::normalize_fixture(&format!("{name}/metrics_events.json"))
        .into_iter()
        .map(|r| r.metric)
        .collect();
    compute_turn_latency(&metrics)
}

fn check_waterfall(what: &str, e2e: f64, w: &[WaterfallStep]) {
    assert!(!w.is_empty(), "{what}: no waterfall");
    let sum: f64 = w.iter().map(|s| s.duration_ms).sum();
    assert!(
        (sum - e2e).abs() <= 0.5,
        "{what}: parts add up to {sum}, e2e {e2e}"
    );
    for s in w {
        assert!(s.duration_ms >= 0.0, "{what}: negative {s:?}");
        assert!(s.ahead_ms.map_or(true, |a| a > 0.0), "{what}: {s:?}");
    }
    assert!(
        w.windows(2).all(|p| p[0].start_ms <= p[1].start_ms),
        "{what}: not in time order: {w:?}"
    );
}

#[test]
fn events_e2e_matches_the_sdk_e2e_on_every_capture() {
    for name in SESSIONS {
        let bytes = common::fixture_bytes(&format!("{name}/session_report.json"));
        let report = analyze_session_report_json(&bytes, &ReportOptions::default()).unwrap();
        let turns = event_turns(name);
        let joined = join_turns(&report.turns, &turns);
        let mut worst: f64 = 0.0;
        let mut compared = 0;
        for j in &joined.turns {
            let Some(t) = &j.latency else {
                continue;
            };
            match (j.chat.e2e_latency_ms, t.e2e_latency_ms) {
                (Some(sdk), Some(ours)) => {
                    worst = worst.max((sdk - ours).abs());
                    compared += 1;
                    assert!(
                        (sdk - ours).abs() <= 5.0,
                        "{name} turn {}: events {ours} ms, SDK {sdk} ms",
                        j.chat.index
                    );
                }
                (None, None) => {}
                // Realtime under server-side turn detection: no EOU, so no end of speech.
                (Some(_), None) if t.realtime && t.eou_delay_ms.is_none() => {}
                (sdk, ours) => panic!("{name} turn {}: SDK {sdk:?}, events {ours:?}", j.chat.index),
            }
        }
        let realtime = name.ends_with("realtime");
        assert!(realtime || compared >= 1, "{name}: nothing compared");
        eprintln!("{name}: {compared} turns, largest |events e2e − SDK e2e| = {worst:.2} ms");
    }
}

#[test]
fn every_events_waterfall_adds_up_to_its_e2e() {
    for name in SESSIONS {
        for t in event_turns(name) {
            match t.e2e_latency_ms {
                Some(e2e) => {
                    check_waterfall(&format!("{name} {:?}", t.speech_id), e2e, &t.waterfall);
                    let unexplained = t.unexplained_ms.unwrap();
                    assert!(unexplained >= 0.0);
                    // The events place every part: only scheduling gaps are left.
                    assert!(unexplained < 20.0, "{name}: {unexplained} ms unexplained");
                    assert_eq!(t.kind, TurnKind::User);
                }
                None => {
                    assert!(t.waterfall.is_empty());
                    assert_eq!(t.unexplained_ms, None);
                }
            }
        }
    }
}

#[test]
fn the_first_sentence_wait_is_its_own_part() {
    // py-01 turn 1: LLM ttft 352 ms, first sentence handed to TTS 802 ms after the LLM
    // started (the report's llm_node_ttfs), so about 450 ms of first-sentence wait.
    let turns = event_turns("py-01-pipeline-3turns");
    let first = &turns[0];
    let part = |p: WaterfallPart| -> f64 {
        first
            .waterfall
            .iter()
            .filter(|s| s.part == p)
            .map(|s| s.duration_ms)
            .sum()
    };
    assert!(
        (part(WaterfallPart::FirstSentence) - 450.0).abs() < 5.0,
        "{:?}",
        first.waterfall
    );
    assert!((part(WaterfallPart::LlmTtft) - 352.2).abs() < 1.0);
    assert!((part(WaterfallPart::EndOfTurn) - 500.9).abs() < 1.0);
    // The formula misses that wait: the heard e2e is ~455 ms longer.
    let gap = first.e2e_latency_ms.unwrap() - first.formula_latency_ms.unwrap();
    assert!((gap - 452.0).abs() < 10.0, "{gap}");
}

#[test]
fn preemptive_work_is_reported_ahead_never_negative() {
    for name in [
        "py-05a-preemptive-llm",
        "js-05a-preemptive-llm",
        "py-05b-preemptive-tts",
    ] {
        let turns = event_turns(name);
        let user: Vec<_> = turns
            .iter()
            .filter(|t| t.e2e_latency_ms.is_some())
            .collect();
        assert_eq!(user.len(), 2, "{name}");
        for t in user {
            // The LLM started ~200–300 ms after the end of speech, before the 800 ms
            // end-of-turn decision: its time to first token was done ahead.
            let llm = t
                .waterfall
                .iter()
                .find(|s| s.part == WaterfallPart::LlmTtft)
                .unwrap();
            assert_eq!(llm.duration_ms, 0.0, "{name}: {:?}", t.waterfall);
            assert!(llm.ahead_ms.unwrap() > 250.0);
            // The formula overshoots the heard wait.
            assert!(t.formula_latency_ms.unwrap() > t.e2e_latency_ms.unwrap());
        }
    }
}

#[test]
fn every_report_waterfall_adds_up_and_python_leaves_almost_nothing_unexplained() {
    use voice_agent_metrics::WaterfallNote;
    for name in SESSIONS {
        let bytes = common::fixture_bytes(&format!("{name}/session_report.json"));
        let report = analyze_session_report_json(&bytes, &ReportOptions::default()).unwrap();
        let mut with_e2e = 0;
        for t in &report.turns {
            let what = format!("{name} turn {}", t.index);
            let Some(e2e) = t.e2e_latency_ms else {
                assert!(t.waterfall.is_empty(), "{what}");
                assert_eq!(t.unexplained_ms, None, "{what}");
                continue;
            };
            with_e2e += 1;
            check_waterfall(&what, e2e, &t.waterfall);
            let unexplained = t.unexplained_ms.unwrap();
            assert!(unexplained >= 0.0, "{what}");
            if t.realtime {
                assert_eq!(
                    t.waterfall_notes,
                    [WaterfallNote::RealtimeUnsplit],
                    "{what}"
                );
            } else if name.starts_with("py-") {
                // llm_node_ttfs places the first-sentence wait: scheduling gaps only.
                assert!(unexplained < 20.0, "{what}: {unexplained} ms unexplained");
                assert!(t.waterfall_notes.is_empty(), "{what}");
            } else {
                // Node reports: the LLM start comes from the speech_created event.
                assert_eq!(
                    t.waterfall_notes,
                    [WaterfallNote::FirstSentenceFromEvents],
                    "{what}"
                );
                assert!(unexplained < 20.0, "{what}: {unexplained} ms unexplained");
            }
        }
        assert!(with_e2e >= 1 || name == "js-04-realtime", "{name}");
    }
}

#[test]
fn report_waterfalls_agree_with_the_events_waterfalls() {
    // The same session seen two ways: each part within 10 ms.
    for name in SESSIONS.iter().filter(|n| !n.ends_with("realtime")) {
        let bytes = common::fixture_bytes(&format!("{name}/session_report.json"));
        let report = analyze_session_report_json(&bytes, &ReportOptions::default()).unwrap();
        let joined = join_turns(&report.turns, &event_turns(name));
        for j in &joined.turns {
            let Some(t) = j.latency.as_ref().filter(|t| t.e2e_latency_ms.is_some()) else {
                continue;
            };
            if j.chat.waterfall.is_empty() {
                continue;
            }
            for part in WaterfallPart::ALL {
                let sum = |w: &[WaterfallStep]| -> f64 {
                    w.iter()
                        .filter(|s| s.part == part)
                        .map(|s| s.duration_ms)
                        .sum()
                };
                let (chat, events) = (sum(&j.chat.waterfall), sum(&t.waterfall));
                assert!(
                    (chat - events).abs() < 10.0,
                    "{name} turn {} {part:?}: report {chat}, events {events}",
                    j.chat.index
                );
            }
        }
    }
}

#[test]
fn a_report_without_ttfs_or_events_says_the_first_sentence_is_unplaced() {
    use voice_agent_metrics::WaterfallNote;
    let run = |json: serde_json::Value| {
        let bytes = serde_json::to_vec(&json).unwrap();
        analyze_session_report_json(&bytes, &ReportOptions::default()).unwrap()
    };
    let bytes = common::fixture_bytes("js-01-pipeline-3turns/session_report.json");
    let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    json["events"] = serde_json::json!([]);
    let a = run(json);
    let t = &a.turns[0];
    assert_eq!(t.waterfall_notes, [WaterfallNote::FirstSentenceUnknown]);
    // The ~450 ms first-sentence wait is then unexplained.
    assert!(t.unexplained_ms.unwrap() > 400.0, "{:?}", t.waterfall);
    // Preemptive without events: the overlap cannot be placed, and is said so.
    let bytes = common::fixture_bytes("js-05a-preemptive-llm/session_report.json");
    let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    json["events"] = serde_json::json!([]);
    let a = run(json);
    assert_eq!(a.turns[0].waterfall_notes, [WaterfallNote::OverlapUnplaced]);
    let e2e = a.turns[0].e2e_latency_ms.unwrap();
    check_waterfall("js-05a without events", e2e, &a.turns[0].waterfall);
}

#[test]
fn joined_turns_give_one_e2e_and_flag_a_disagreement() {
    let bytes = common::fixture_bytes("py-01-pipeline-3turns/session_report.json");
    let report = analyze_session_report_json(&bytes, &ReportOptions::default()).unwrap();
    let mut events = event_turns("py-01-pipeline-3turns");
    let joined = join_turns(&report.turns, &events);
    assert_eq!(joined.turns.len(), 3);
    for j in &joined.turns {
        assert_eq!(j.e2e_latency_ms, j.chat.e2e_latency_ms);
        assert!(j.e2e_gap_ms.unwrap().abs() < 1.0);
        assert!(!j.e2e_disagrees);
    }
    // An events turn 6 ms off: flagged; the chat turn's e2e stays the turn's.
    let shifted = events[1].e2e_latency_ms.unwrap() + 6.0;
    events[1].e2e_latency_ms = Some(shifted);
    let joined = join_turns(&report.turns, &events);
    assert!(joined.turns[1].e2e_disagrees);
    assert!(!joined.turns[0].e2e_disagrees && !joined.turns[2].e2e_disagrees);
    assert_eq!(
        joined.turns[1].e2e_latency_ms,
        report.turns[1].e2e_latency_ms
    );
    // Without the chat turn's e2e, the events' one is the turn's.
    let mut chat = report.turns.clone();
    chat[2].e2e_latency_ms = None;
    let joined = join_turns(&chat, &events);
    assert_eq!(joined.turns[2].e2e_latency_ms, events[2].e2e_latency_ms);
    assert_eq!(joined.turns[2].e2e_gap_ms, None);
}
