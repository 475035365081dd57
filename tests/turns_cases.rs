//! The turn engine on hand-built sessions whose answers are computed by hand.
//!
//! Times are ms after `events::T0`; the Python builders write seconds.

mod common;
#[path = "common/turn_events.rs"]
mod events;

use events::*;
use voice_agent_metrics::{
    compute_turn_latency, summarize, LatencyComponent, LatencyStats, Metric, TurnKind, TurnLatency,
    TurnTracker,
};

fn near(got: Option<f64>, want: f64) {
    let g = got.expect("a value");
    assert!((g - want).abs() < 1e-3, "got {g}, want {want}");
}

/// User stops at 500; EOU 500 (transcription 200) → commit at 1000; LLM 1100–1900
/// (ttft 300); TTS 1900–2400 (ttfb 200).
fn seed_python() -> Vec<Metric> {
    vec![
        py_eou("s", 1_000.0, 500.0, 200.0, 0.0),
        py_llm(Some("s"), 1_900.0, 800.0, 300.0, false),
        py_tts("s", 2_400.0, 500.0, 200.0, 2_000.0),
    ]
}

fn seed_node() -> Vec<Metric> {
    vec![
        node_eou("s", 1_000.0, 500.0, 500.0, 200.0),
        node_llm("s", 1_900.0, 800.0, 300.0),
        node_tts("s", 2_400.0, 500.0, 200.0, 2_000.0),
    ]
}

#[test]
fn seed_formula_500_300_200_is_1000_in_both_dialects() {
    let py = compute_turn_latency(&seed_python());
    let node = compute_turn_latency(&seed_node());
    for turns in [&py, &node] {
        assert_eq!(turns.len(), 1);
        let t = &turns[0];
        assert_eq!(t.kind, TurnKind::User);
        assert_eq!(t.eou_delay_ms, Some(500.0));
        assert_eq!(t.llm_ttft_ms, Some(300.0));
        assert_eq!(t.tts_ttfb_ms, Some(200.0));
        assert_eq!(t.formula_latency_ms, Some(1000.0));
        assert!(t.missing.is_empty());
        near(Some(t.started_at_ms), T0 + 500.0);
    }
    let strip = |t: &TurnLatency| TurnLatency {
        started_at_ms: 0.0,
        ..t.clone()
    };
    assert_eq!(strip(&py[0]), strip(&node[0]), "same turn from either SDK");
}

#[test]
fn transcription_delay_is_inside_the_eou_delay_and_never_added() {
    // EOU 600 ms of which 400 ms waiting for the final transcript.
    let turns = compute_turn_latency(&[
        py_eou("s", 1_000.0, 600.0, 400.0, 0.0),
        py_llm(Some("s"), 1_900.0, 800.0, 300.0, false),
        py_tts("s", 2_400.0, 500.0, 200.0, 2_000.0),
    ]);
    let t = &turns[0];
    assert_eq!(t.transcription_delay_ms, Some(400.0));
    assert_eq!(t.formula_latency_ms, Some(1100.0)); // 600 + 300 + 200, not 1500
}

#[test]
fn on_user_turn_completed_is_reported_apart_and_moves_the_start_back() {
    // A 150 ms hook: the EOU is emitted 500 + 150 ms after the end of speech.
    let turns = compute_turn_latency(&[
        py_eou("s", 1_150.0, 500.0, 200.0, 150.0),
        py_llm(Some("s"), 2_050.0, 800.0, 300.0, false),
        py_tts("s", 2_550.0, 500.0, 200.0, 2_000.0),
    ]);
    let t = &turns[0];
    near(t.on_user_turn_completed_delay_ms, 150.0);
    assert_eq!(t.formula_latency_ms, Some(1000.0));
    near(Some(t.started_at_ms), T0 + 500.0);
}

#[test]
fn say_greeting_is_agent_initiated_and_completes_when_the_user_turn_arrives() {
    let session = [
        // say("Hello!"): TTS only, 0–300 ms, 2.5 s of audio.
        py_tts("greet", 300.0, 300.0, 150.0, 2_500.0),
        py_eou("u1", 5_500.0, 500.0, 200.0, 0.0),
        py_llm(Some("u1"), 6_400.0, 800.0, 300.0, false),
        py_tts("u1", 6_900.0, 500.0, 200.0, 2_000.0),
    ];
    let turns = compute_turn_latency(&session);
    assert_eq!(turns.len(), 2);
    assert_eq!(turns[0].kind, TurnKind::AgentInitiated);
    assert_eq!(turns[0].speech_id.as_deref(), Some("greet"));
    near(Some(turns[0].started_at_ms), T0);
    assert_eq!(turns[0].formula_latency_ms, None);
    assert_eq!(
        turns[0].missing,
        [LatencyComponent::Eou, LatencyComponent::Llm]
    );
    assert_eq!(turns[1].kind, TurnKind::User);
    assert_eq!(summarize(&turns).user_turns, 1);

    let mut tracker = TurnTracker::new();
    assert!(tracker.push(&session[0]).is_empty(), "kind not decided yet");
    let done = tracker.push(&session[1]);
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].kind, TurnKind::AgentInitiated);
    assert!(tracker.push(&session[2]).is_empty());
    assert_eq!(
        tracker.push(&session[3])[0].speech_id.as_deref(),
        Some("u1")
    );
}

#[test]
fn llm_greeting_stays_agent_initiated_even_if_the_user_talks_over_it() {
    // generate_reply() in on_enter: LLM 0–600, TTS 600–900 with 4 s of audio; the user
    // starts talking at once and stops at 2000 (before the greeting could end).
    let turns = compute_turn_latency(&[
        py_llm(Some("hello"), 600.0, 600.0, 250.0, false),
        py_tts("hello", 900.0, 300.0, 150.0, 4_000.0),
        py_eou("u1", 2_500.0, 500.0, 200.0, 0.0),
    ]);
    assert_eq!(turns[0].kind, TurnKind::AgentInitiated);
    assert!(!turns[0].cancelled);
}

#[test]
fn llm_metrics_before_the_eou_preemptive_reply() {
    // User stops at 1000; the final transcript at 1200 starts a preemptive LLM
    // (1200–1800, ttft 300); the turn commits with EOU 800 at 1800 and the metric is
    // emitted at 1850, after the LLM one; TTS 1900–2300.
    let llm = node_llm("p", 1_800.0, 600.0, 300.0);
    let eou = node_eou("p", 1_850.0, 1_000.0, 800.0, 200.0);
    let tts = node_tts("p", 2_300.0, 400.0, 200.0, 2_000.0);
    let mut tracker = TurnTracker::new();
    assert!(tracker.push(&llm).is_empty());
    let early = tracker.turns();
    assert_eq!(early[0].kind, TurnKind::AgentInitiated, "no EOU yet");
    near(Some(early[0].started_at_ms), T0 + 1_200.0);
    assert!(tracker.push(&eou).is_empty(), "no TTS yet");
    let done = tracker.push(&tts);
    assert_eq!(done.len(), 1);
    let t = &done[0];
    assert_eq!(t.kind, TurnKind::User);
    assert_eq!(
        t.started_at_ms,
        T0 + 1_000.0,
        "the end of speech, not the LLM start"
    );
    assert_eq!(t.formula_latency_ms, Some(1300.0)); // 800 + 300 + 200
    assert_eq!(compute_turn_latency(&[tts, eou, llm]), tracker.turns());
}

#[test]
fn discarded_preemptive_generation_is_speculative_and_not_in_the_summary() {
    let session = [
        py_eou("u1", 1_000.0, 500.0, 200.0, 0.0),
        py_llm(Some("u1"), 1_900.0, 800.0, 300.0, false),
        py_tts("u1", 2_400.0, 500.0, 200.0, 2_000.0),
        // The user pauses mid-sentence at 8000: a preemptive LLM runs 8200–8900 ...
        py_llm(Some("pre"), 8_900.0, 700.0, 400.0, false),
        // ... but they go on until 10000; the real reply follows.
        py_eou("u2", 10_800.0, 800.0, 300.0, 0.0),
        py_llm(Some("u2"), 11_400.0, 500.0, 250.0, false),
        py_tts("u2", 11_800.0, 400.0, 150.0, 1_500.0),
    ];
    let turns = compute_turn_latency(&session);
    let kinds: Vec<TurnKind> = turns.iter().map(|t| t.kind).collect();
    assert_eq!(
        kinds,
        [TurnKind::User, TurnKind::Speculative, TurnKind::User]
    );
    assert!(
        turns[1].cancelled,
        "discarded, though the request itself finished"
    );
    let s = summarize(&turns);
    assert_eq!((s.user_turns, s.llm_ttft_ms.count), (2, 2));
    assert_eq!(
        s.llm_ttft_ms.max,
        Some(300.0),
        "the speculative 400 ms is left out"
    );

    let mut tracker = TurnTracker::new();
    let reported: Vec<Vec<TurnLatency>> = session.iter().map(|m| tracker.push(m)).collect();
    assert_eq!(reported[4].len(), 1, "decided by the next user turn's EOU");
    assert_eq!(reported[4][0].kind, TurnKind::Speculative);
}

#[test]
fn tool_step_that_says_nothing_counts_towards_the_ttft() {
    // Step 1 (1100–1600) only calls a tool; the tool runs until 2600; step 2
    // (2600–3200, ttft 250) is spoken; TTS 2850–3100 (ttfb 150).
    let turns = compute_turn_latency(&[
        py_eou("s", 1_000.0, 500.0, 200.0, 0.0),
        py_llm(Some("s"), 1_600.0, 500.0, 200.0, false),
        py_llm(Some("s"), 3_200.0, 600.0, 250.0, false),
        py_tts("s", 3_100.0, 250.0, 150.0, 2_000.0),
    ]);
    let t = &turns[0];
    near(t.llm_ttft_ms, 1_500.0 + 250.0); // 2600 − 1100, then step 2's ttft
    near(t.llm_duration_ms, 1_100.0);
    near(t.formula_latency_ms, 500.0 + 1_750.0 + 150.0);
    assert_eq!(t.llm_steps, 2);
}

#[test]
fn realtime_response_joins_the_eou_of_client_side_turn_detection() {
    let turns = compute_turn_latency(&[
        py_realtime_connection(0.0),                      // not a response
        node_realtime("resp_greet", 100.0, 900.0, 350.0), // before any user turn
        node_eou("u1", 5_000.0, 4_500.0, 500.0, 200.0),
        node_realtime("resp_1", 5_010.0, 1_000.0, 400.0),
        node_realtime("resp_2", 7_000.0, 800.0, 300.0), // tool follow-up
    ]);
    assert_eq!(turns.len(), 2);
    assert!(turns[0].realtime && turns[0].speech_id.is_none());
    assert_eq!(turns[0].missing, [LatencyComponent::Eou]);
    let t = &turns[1];
    assert_eq!(t.speech_id.as_deref(), Some("u1"));
    assert!(t.realtime && t.missing.is_empty());
    assert_eq!(t.formula_latency_ms, Some(900.0)); // 500 + 400
    assert_eq!((t.llm_steps, t.llm_duration_ms), (2, Some(1_800.0)));
}

#[test]
fn session_level_metrics_make_no_turns() {
    let turns = compute_turn_latency(&[
        py_stt(100.0),
        py_llm(None, 900.0, 800.0, 300.0, false), // background call
        py_realtime_connection(50.0),
    ]);
    assert!(turns.is_empty());
    let s = summarize(&turns);
    assert_eq!((s.user_turns, s.formula_latency_ms.count), (0, 0));
    assert_eq!(s.formula_latency_ms.mean, None);
}

#[test]
fn tracker_flushes_the_incomplete_last_turn_once() {
    let mut tracker = TurnTracker::new();
    let session = seed_python();
    // EOU and LLM, but the session ends before any TTS.
    assert!(tracker.push(&session[0]).is_empty());
    assert!(tracker.push(&session[1]).is_empty());
    assert!(
        tracker.push(&session[1]).is_empty(),
        "a duplicate changes nothing"
    );
    let flushed = tracker.flush();
    assert_eq!(flushed.len(), 1);
    assert_eq!(flushed[0].missing, [LatencyComponent::Tts]);
    assert!(tracker.flush().is_empty());
    // The late TTS still updates the view, but the turn is not reported again.
    assert!(tracker.push(&session[2]).is_empty());
    assert_eq!(tracker.turns()[0].formula_latency_ms, Some(1000.0));
    assert_eq!(tracker.summary().formula_latency_ms.count, 1);
}

fn user_turn(total: Option<f64>, kind: TurnKind) -> TurnLatency {
    TurnLatency {
        speech_id: Some(String::from("s")),
        kind,
        started_at_ms: 0.0,
        e2e_latency_ms: None,
        eou_delay_ms: total.map(|t| t / 2.0),
        transcription_delay_ms: None,
        on_user_turn_completed_delay_ms: None,
        llm_ttft_ms: None,
        tts_ttfb_ms: None,
        formula_latency_ms: total,
        missing: Vec::new(),
        llm_steps: 0,
        llm_duration_ms: None,
        tts_segments: 0,
        cancelled: false,
        realtime: false,
        unexplained_ms: None,
        waterfall: Vec::new(),
        first_transcript_after_eos_delay_ms: None,
    }
}

#[test]
fn summary_quantiles_on_a_hand_computed_set() {
    let mut turns: Vec<TurnLatency> = [1000.0, 1200.0, 900.0, 1500.0, 2000.0]
        .iter()
        .map(|&t| user_turn(Some(t), TurnKind::User))
        .collect();
    turns.push(user_turn(None, TurnKind::User));
    turns.push(user_turn(Some(99_999.0), TurnKind::Speculative));
    turns.push(user_turn(Some(99_999.0), TurnKind::AgentInitiated));
    let s = summarize(&turns);
    assert_eq!(s.user_turns, 6);
    // Sorted: 900 1000 1200 1500 2000. h = 4q: p50 → x[2]; p90 → h 3.6 → 1500 + 0.6·500;
    // p95 → h 3.8 → 1900; p99 → h 3.96 → 1980. Mean 6600 / 5.
    let want = LatencyStats {
        count: 5,
        min: Some(900.0),
        max: Some(2000.0),
        mean: Some(1320.0),
        p50: Some(1200.0),
        p90: Some(1800.0),
        p95: Some(1900.0),
        p99: Some(1980.0),
    };
    let got = &s.formula_latency_ms;
    assert_eq!(
        (got.count, got.min, got.max, got.mean, got.p50),
        (5, want.min, want.max, want.mean, want.p50)
    );
    for (g, w) in [(got.p90, 1800.0), (got.p95, 1900.0), (got.p99, 1980.0)] {
        assert!((g.unwrap() - w).abs() < 1e-9, "{g:?} vs {w}");
    }
    assert_eq!(s.eou_delay_ms.p50, Some(600.0));
    assert_eq!(s.llm_ttft_ms, LatencyStats::default());
}

#[test]
fn serialized_shape_is_camel_case_without_absent_values() {
    let t = &compute_turn_latency(&[py_tts("greet", 300.0, 300.0, 150.0, 2_500.0)])[0];
    let json = serde_json::to_value(t).unwrap();
    assert_eq!(json["kind"], "agentInitiated");
    assert_eq!(json["speechId"], "greet");
    assert_eq!(json["missing"], serde_json::json!(["eou", "llm"]));
    assert_eq!(json["ttsTtfbMs"], 150.0);
    assert!(json.get("formulaLatencyMs").is_none() && json.get("eouDelayMs").is_none());
    let empty = serde_json::to_string(&summarize(&[])).unwrap();
    assert!(!empty.contains("NaN") && !empty.contains("null"), "{empty}");
    assert!(
        empty.contains(r#""formulaLatencyMs":{"count":0}"#),
        "{empty}"
    );
}
