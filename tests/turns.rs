//! The turn engine against every captured session (both SDKs), in every order.
//!
//! Expected numbers come from `common/turn_oracle.rs`, which reads the raw
//! `metrics_events.json` with serde_json only; turn counts and kinds are checked
//! against the scripted inputs in each `meta.json`.

mod common;
#[path = "common/turn_events.rs"]
mod events;
#[path = "common/turn_oracle.rs"]
mod oracle;

use events::Shuffler;
use oracle::Expected;
use serde_json::Value;
use std::collections::BTreeSet;
use voice_agent_metrics::{
    compute_turn_latency, summarize, LatencyComponent, Metric, TurnKind, TurnLatency, TurnTracker,
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

fn metrics(scenario: &str) -> Vec<Metric> {
    common::normalize_fixture(&format!("{scenario}/metrics_events.json"))
        .into_iter()
        .map(|r| r.metric)
        .collect()
}

/// Durations: the normalizer rounds seconds to the ns.
const MS_TOL: f64 = 1e-6;
/// Epoch times: the normalizer rounds epoch seconds to the µs.
const EPOCH_TOL: f64 = 1e-3;

fn close(what: &str, got: Option<f64>, want: Option<f64>, tol: f64) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= tol, "{what}: got {g}, want {w}"),
        (g, w) => assert_eq!(g, w, "{what}"),
    }
}

fn kind_name(k: TurnKind) -> &'static str {
    match k {
        TurnKind::User => "user",
        TurnKind::AgentInitiated => "agentInitiated",
        TurnKind::Speculative => "speculative",
    }
}

fn check_turn(scenario: &str, i: usize, got: &TurnLatency, want: &Expected) {
    let at = |f: &str| format!("{scenario} turn {i} {f}");
    assert_eq!(got.speech_id, want.speech_id, "{}", at("speech_id"));
    assert_eq!(kind_name(got.kind), want.kind, "{}", at("kind"));
    close(
        &at("started_at"),
        Some(got.started_at_ms),
        Some(want.started_at_ms),
        EPOCH_TOL,
    );
    close(&at("eou"), got.eou_delay_ms, want.eou_delay_ms, MS_TOL);
    close(
        &at("transcription"),
        got.transcription_delay_ms,
        want.transcription_delay_ms,
        MS_TOL,
    );
    let hook = (
        got.on_user_turn_completed_delay_ms,
        want.on_user_turn_completed_delay_ms,
    );
    close(&at("on_user_turn_completed"), hook.0, hook.1, MS_TOL);
    close(&at("llm_ttft"), got.llm_ttft_ms, want.llm_ttft_ms, MS_TOL);
    close(&at("tts_ttfb"), got.tts_ttfb_ms, want.tts_ttfb_ms, MS_TOL);
    // Three parts, each rounded to the ns by the normalizer.
    close(
        &at("total"),
        got.formula_latency_ms,
        want.formula_latency_ms,
        3.0 * MS_TOL,
    );
    close(
        &at("llm_duration"),
        got.llm_duration_ms,
        want.llm_duration_ms,
        3.0 * MS_TOL,
    );
    assert_eq!(got.llm_steps, want.llm_steps, "{}", at("llm_steps"));
    assert_eq!(
        got.tts_segments,
        want.tts_segments,
        "{}",
        at("tts_segments")
    );
    assert_eq!(got.cancelled, want.cancelled, "{}", at("cancelled"));
    assert_eq!(got.realtime, want.realtime, "{}", at("realtime"));
    assert_eq!(
        got.missing.is_empty(),
        got.formula_latency_ms.is_some(),
        "{}",
        at("missing")
    );
}

/// (user turns, discarded preemptive generations) scripted in a meta.json.
///
/// Python scripts turns as `turnN_user…` keys (a mid-sentence pause splits one turn
/// into `part A`/`part B`) or as a list; an LLM key containing "discarded" is a
/// discarded generation. Node scripts `fake_plan_ms.llm` (an input that is a prefix of
/// a later input is the discarded partial-transcript generation; an input that is a
/// JSON string is a tool output, i.e. a follow-up step) or, for realtime, `turns`.
fn scripted(meta: &Value) -> (usize, usize) {
    if let Some(list) = meta["fake_timing_inputs"].as_array() {
        return (list.len(), 0);
    }
    if let Some(map) = meta["fake_timing_inputs"].as_object() {
        let users: BTreeSet<&str> = map
            .keys()
            .filter(|k| k.starts_with("turn") && k.contains("_user"))
            .map(|k| k.split(' ').next().unwrap())
            .collect();
        let discarded = map.keys().filter(|k| k.contains("discarded")).count();
        return (users.len(), discarded);
    }
    if let Some(turns) = meta["turns"].as_array() {
        return (turns.len(), 0);
    }
    let inputs: Vec<&str> = meta["fake_plan_ms"]["llm"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["input"].as_str().unwrap())
        .collect();
    let partial = |i: &str| inputs.iter().any(|o| *o != i && o.starts_with(i));
    let discarded = inputs.iter().filter(|i| partial(i)).count();
    let users = inputs
        .iter()
        .filter(|i| !partial(i) && !i.starts_with('"'))
        .count();
    (users, discarded)
}

#[test]
fn every_fixture_gives_the_exact_turns_of_its_raw_events() {
    for scenario in SCENARIOS {
        let raw = common::fixture_json(&format!("{scenario}/metrics_events.json"));
        let want = oracle::expected_turns(&raw, scenario.starts_with("py-"));
        let got = compute_turn_latency(&metrics(scenario));
        assert_eq!(got.len(), want.len(), "{scenario}: {got:#?}");
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            check_turn(scenario, i, g, w);
        }
        let meta = common::fixture_json(&format!("{scenario}/meta.json"));
        let (users, discarded) = scripted(&meta);
        let count = |k| got.iter().filter(|t| t.kind == k).count();
        assert_eq!(count(TurnKind::User), users, "{scenario}: user turns");
        assert_eq!(
            count(TurnKind::Speculative),
            discarded,
            "{scenario}: discarded"
        );
        assert_eq!(
            count(TurnKind::AgentInitiated),
            0,
            "{scenario}: no say() scripted"
        );
    }
}

#[test]
fn tool_call_turn_counts_the_spoken_first_step_and_sums_both() {
    for scenario in ["py-02-tool-call", "js-02-tool-call"] {
        let py = scenario.starts_with("py-");
        let scale = if py { 1000.0 } else { 1.0 };
        let key = |p: &'static str, n: &'static str| if py { p } else { n };
        let raw = common::fixture_json(&format!("{scenario}/metrics_events.json"));
        let of = |t: &str| -> Vec<Value> {
            raw.as_array()
                .unwrap()
                .iter()
                .map(|e| e["metrics"].clone())
                .filter(|m| m["type"] == t)
                .collect()
        };
        let (llm, tts) = (of("llm_metrics"), of("tts_metrics"));
        let num = |m: &Value, p, n| m[key(p, n)].as_f64().unwrap() * scale;
        let start =
            |m: &Value| m["timestamp"].as_f64().unwrap() * scale - num(m, "duration", "durationMs");
        // The filler line's TTS started before step 2 did: step 1 is the spoken step.
        assert!(start(&tts[0]) < start(&llm[1]), "{scenario}");
        // And the SDK puts e2e_latency on the first assistant message only.
        let items = common::fixture_json(&format!("{scenario}/conversation_items.json"));
        let e2e: Vec<bool> = items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| &i["item"])
            .filter(|i| i["role"] == "assistant")
            .map(|i| !i["metrics"][key("e2e_latency", "e2eLatency")].is_null())
            .collect();
        assert_eq!(e2e[..2], [true, false], "{scenario}");

        let turn = &compute_turn_latency(&metrics(scenario))[0];
        assert_eq!((turn.llm_steps, turn.tts_segments), (2, 2));
        close(
            "ttft",
            turn.llm_ttft_ms,
            Some(num(&llm[0], "ttft", "ttftMs")),
            MS_TOL,
        );
        let both = num(&llm[0], "duration", "durationMs") + num(&llm[1], "duration", "durationMs");
        close("duration", turn.llm_duration_ms, Some(both), 2.0 * MS_TOL);
        close(
            "ttfb",
            turn.tts_ttfb_ms,
            Some(num(&tts[0], "ttfb", "ttfbMs")),
            MS_TOL,
        );
    }
}

#[test]
fn interruptions_and_cancelled_replies() {
    for scenario in ["py-03-interruption", "js-03-interruption"] {
        let turns = compute_turn_latency(&metrics(scenario));
        // Interrupted during playout: both turns are whole user turns, nothing cancelled
        // (the fake TTS had finished synthesis; only playout was cut).
        assert!(turns
            .iter()
            .all(|t| t.kind == TurnKind::User && t.formula_latency_ms.is_some()));
        assert!(turns.iter().all(|t| !t.cancelled));
    }
    for scenario in [
        "py-03b-interruption-while-thinking",
        "js-03b-interruption-while-thinking",
    ] {
        let all = metrics(scenario);
        let turns = compute_turn_latency(&all);
        assert_eq!(turns.len(), 2);
        assert!(turns[0].cancelled && turns[0].formula_latency_ms.is_none());
        assert_eq!(turns[0].missing, [LatencyComponent::Tts]);
        let s = summarize(&turns);
        assert_eq!(
            (
                s.user_turns,
                s.formula_latency_ms.count,
                s.eou_delay_ms.count
            ),
            (2, 1, 2)
        );
        // Live: the cancelled turn is complete once the next user turn's EOU arrives.
        let mut tracker = TurnTracker::new();
        let second_eou = all
            .iter()
            .rposition(|m| matches!(m, Metric::Eou(_)))
            .unwrap();
        for (i, m) in all.iter().enumerate() {
            let done = tracker.push(m);
            if i == second_eou {
                assert_eq!(done.len(), 1, "{scenario}");
                assert_eq!(done[0].speech_id, turns[0].speech_id);
            }
        }
    }
}

#[test]
fn realtime_sessions_have_one_realtime_user_turn_per_response() {
    for scenario in ["py-04-realtime", "js-04-realtime"] {
        let turns = compute_turn_latency(&metrics(scenario));
        assert_eq!(turns.len(), 3);
        for t in &turns {
            assert!(t.realtime && t.speech_id.is_none() && t.kind == TurnKind::User);
            assert_eq!(t.missing, [LatencyComponent::Eou]); // server-side turn detection
        }
        let s = summarize(&turns);
        assert_eq!((s.llm_ttft_ms.count, s.formula_latency_ms.count), (3, 0));
        assert_eq!(s.formula_latency_ms.p50, None);
    }
}

#[test]
fn speculative_generations_are_left_out_of_the_summary() {
    for scenario in [
        "py-05a-preemptive-llm",
        "py-05b-preemptive-tts",
        "js-05a-preemptive-llm",
        "js-05b-preemptive-tts",
    ] {
        let turns = compute_turn_latency(&metrics(scenario));
        let spec: Vec<_> = turns
            .iter()
            .filter(|t| t.kind == TurnKind::Speculative)
            .collect();
        assert_eq!(spec.len(), 1, "{scenario}");
        assert!(spec[0].cancelled && spec[0].formula_latency_ms.is_none());
        let s = summarize(&turns);
        assert_eq!(s.user_turns, 2);
        assert_eq!(
            s.llm_ttft_ms.count, 2,
            "{scenario}: the discarded ttft is not counted"
        );
        let user_ttfts: Vec<f64> = turns
            .iter()
            .filter(|t| t.kind == TurnKind::User)
            .filter_map(|t| t.llm_ttft_ms)
            .collect();
        assert_eq!(s.llm_ttft_ms.max, Some(user_ttfts[0].max(user_ttfts[1])));
    }
}

/// Every turn reported exactly once over the pushes (one by one, or in batches of
/// `batch`) and the flush.
fn tracked(order: &[Metric], batch: usize) -> (Vec<TurnLatency>, Vec<TurnLatency>) {
    let mut tracker = TurnTracker::new();
    let mut reported = Vec::new();
    for chunk in order.chunks(batch) {
        match chunk {
            [one] => reported.extend(tracker.push(one)),
            many => reported.extend(tracker.push_many(many)),
        }
    }
    reported.extend(tracker.flush());
    assert!(
        tracker.flush().is_empty(),
        "a second flush has nothing left"
    );
    (tracker.turns(), reported)
}

#[test]
fn any_order_gives_the_same_turns_and_reports_each_once() {
    let mut rng = Shuffler::new(0x5EED_2026);
    for scenario in SCENARIOS {
        let mut all = metrics(scenario);
        let baseline = compute_turn_latency(&all);
        let (live, reported) = tracked(&all, 1);
        assert_eq!(live, baseline, "{scenario}: tracker view");
        assert_eq!(
            reported.len(),
            baseline.len(),
            "{scenario}: reported once each"
        );
        for turn in &baseline {
            let n = reported
                .iter()
                .filter(|r| r.speech_id == turn.speech_id && r.started_at_ms == turn.started_at_ms)
                .count();
            assert_eq!(n, 1, "{scenario}: {turn:?}");
        }
        let (live, reported) = tracked(&all, all.len());
        assert_eq!(
            (live, reported),
            (baseline.clone(), baseline.clone()),
            "{scenario}: one batch"
        );
        all.reverse();
        assert_eq!(compute_turn_latency(&all), baseline, "{scenario}: reversed");
        for round in 0..150 {
            rng.shuffle(&mut all);
            assert_eq!(
                compute_turn_latency(&all),
                baseline,
                "{scenario}: permutation {round}"
            );
            if round % 10 == 0 {
                let (live, reported) = tracked(&all, 1 + (round / 10) % 4);
                assert_eq!(live, baseline, "{scenario}: tracker, permutation {round}");
                assert_eq!(
                    reported.len(),
                    baseline.len(),
                    "{scenario}: permutation {round}"
                );
            }
        }
    }
}
