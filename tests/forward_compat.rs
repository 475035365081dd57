//! Fields newer SDK versions add, on hand-made variants of the captured events and
//! reports (livekit-agents 1.8.9, @livekit/agents 1.9.0 write none of them): accepted
//! when present, never required; canonical units; sentinels absent; bad values coded.

mod common;
use common::*;
use serde_json::{json, Value as Json};
use voice_agent_metrics::metric::EouMetrics;
use voice_agent_metrics::{
    compute_turn_latency, normalize_metric, ErrorCode, Metric, NormalizeOptions, Value,
};

/// The captured events of a scenario, as JSON to edit.
fn events(scenario: &str) -> Vec<Json> {
    let Json::Array(events) = fixture_json(&format!("{scenario}/metrics_events.json")) else {
        panic!("{scenario}: not an array")
    };
    events
}

/// Normalizes an edited event.
fn read(event: &Json) -> Result<Metric, ErrorCode> {
    let v: Value = serde_json::from_value(event.clone()).unwrap();
    normalize_metric(&v, &NormalizeOptions::default())
        .map(|r| r.metric)
        .map_err(|e| e.code())
}

/// The first EOU event of a scenario, with `fields` set on its metrics (`null` removes).
fn eou_with(scenario: &str, fields: &[(&str, Json)]) -> Json {
    let mut ev = events(scenario)
        .into_iter()
        .find(|e| e["metrics"]["type"] == "eou_metrics")
        .unwrap();
    let m = ev["metrics"].as_object_mut().unwrap();
    for (k, v) in fields {
        m.insert((*k).into(), v.clone());
    }
    ev
}

fn eou(event: &Json) -> EouMetrics {
    match read(event) {
        Ok(Metric::Eou(e)) => e,
        other => panic!("{other:?}"),
    }
}

#[test]
fn captured_eou_metrics_have_none_of_the_new_fields() {
    for scenario in ["py-01-pipeline-3turns", "js-01-pipeline-3turns"] {
        let e = eou(&eou_with(scenario, &[]));
        assert_eq!(e.first_transcript_after_eos_delay_ms, None);
        assert_eq!(e.first_interim_delay_ms, None);
        assert_eq!(e.first_interim_status, None);
    }
}

#[test]
fn python_eou_first_transcript_and_first_interim_in_ms() {
    let e = eou(&eou_with(
        "py-01-pipeline-3turns",
        &[
            ("first_transcript_after_eos_delay", json!(0.1834)),
            ("first_interim_delay", json!(0.4127)),
            ("first_interim_status", json!("received")),
        ],
    ));
    assert_eq!(e.first_transcript_after_eos_delay_ms, Some(183.4));
    assert_eq!(e.first_interim_delay_ms, Some(412.7));
    assert_eq!(e.first_interim_status.as_deref(), Some("received"));
    // The fields that were there read as before.
    assert_eq!(e.end_of_utterance_delay_ms, Some(500.880957));
    assert_eq!(e.speech_id.as_deref(), Some("speech_237757bd9d4c"));
}

#[test]
fn node_names_are_ms() {
    let e = eou(&eou_with(
        "js-01-pipeline-3turns",
        &[
            ("firstTranscriptAfterEosDelayMs", json!(183.5)),
            ("firstInterimDelayMs", json!(412.0)),
            ("firstInterimStatus", json!("received")),
        ],
    ));
    assert_eq!(e.first_transcript_after_eos_delay_ms, Some(183.5));
    assert_eq!(e.first_interim_delay_ms, Some(412.0));
    assert_eq!(e.first_interim_status.as_deref(), Some("received"));
}

#[test]
fn sentinels_are_absent() {
    let py = "py-01-pipeline-3turns";
    // 0: the end of speech was not detected.
    let e = eou(&eou_with(
        py,
        &[("first_transcript_after_eos_delay", json!(0.0))],
    ));
    assert_eq!(e.first_transcript_after_eos_delay_ms, None);
    // No interim transcript: `null` with "absent"; whatever the delay says, "absent" wins.
    for delay in [json!(null), json!(0.0), json!(0.3)] {
        let e = eou(&eou_with(
            py,
            &[
                ("first_interim_delay", delay.clone()),
                ("first_interim_status", json!("absent")),
            ],
        ));
        assert_eq!(e.first_interim_delay_ms, None, "{delay}");
        assert_eq!(e.first_interim_status.as_deref(), Some("absent"));
    }
    // Without a status, 0 is the "none" of the field's first form; with "received" it is
    // a real (clamped) delay.
    let e = eou(&eou_with(py, &[("first_interim_delay", json!(0.0))]));
    assert_eq!(e.first_interim_delay_ms, None);
    let e = eou(&eou_with(
        py,
        &[
            ("first_interim_delay", json!(0.0)),
            ("first_interim_status", json!("received")),
        ],
    ));
    assert_eq!(e.first_interim_delay_ms, Some(0.0));
    // `null` everywhere is absent.
    let e = eou(&eou_with(
        py,
        &[
            ("first_transcript_after_eos_delay", json!(null)),
            ("first_interim_delay", json!(null)),
            ("first_interim_status", json!(null)),
        ],
    ));
    assert_eq!(
        (
            e.first_transcript_after_eos_delay_ms,
            e.first_interim_delay_ms,
            e.first_interim_status
        ),
        (None, None, None)
    );
}

#[test]
fn bad_values_give_coded_errors() {
    let py = "py-01-pipeline-3turns";
    let cases = [
        (
            "first_transcript_after_eos_delay",
            json!(-0.2),
            ErrorCode::NegativeDuration,
        ),
        (
            "first_transcript_after_eos_delay",
            json!("0.2"),
            ErrorCode::WrongType,
        ),
        (
            "first_transcript_after_eos_delay",
            json!(1e9),
            ErrorCode::OutOfRange,
        ),
        (
            "first_interim_delay",
            json!(-1.0),
            ErrorCode::NegativeDuration,
        ),
        ("first_interim_delay", json!(true), ErrorCode::WrongType),
        ("first_interim_status", json!(1), ErrorCode::WrongType),
        (
            "first_interim_status",
            json!(["received"]),
            ErrorCode::WrongType,
        ),
    ];
    for (field, value, code) in cases {
        let ev = eou_with(py, &[(field, value.clone())]);
        assert_eq!(read(&ev).err(), Some(code), "{field}: {value}");
    }
    let ev = eou_with(
        "js-01-pipeline-3turns",
        &[("firstTranscriptAfterEosDelayMs", json!(-5))],
    );
    assert_eq!(read(&ev).err(), Some(ErrorCode::NegativeDuration));
}

#[test]
fn turn_carries_the_first_transcript_delay() {
    let mut evs = events("py-01-pipeline-3turns");
    let first_eou = evs
        .iter()
        .position(|e| e["metrics"]["type"] == "eou_metrics")
        .unwrap();
    let speech_id = evs[first_eou]["metrics"]["speech_id"].clone();
    evs[first_eou]["metrics"]["first_transcript_after_eos_delay"] = json!(0.21);
    let metrics: Vec<Metric> = evs.iter().map(|e| read(e).unwrap()).collect();
    let turns = compute_turn_latency(&metrics);
    let t = turns
        .iter()
        .find(|t| t.speech_id.as_deref() == speech_id.as_str())
        .unwrap();
    assert_eq!(t.first_transcript_after_eos_delay_ms, Some(210.0));
    // An annotation only: the total is the captured one.
    let plain: Vec<Metric> = events("py-01-pipeline-3turns")
        .iter()
        .map(|e| read(e).unwrap())
        .collect();
    let before = compute_turn_latency(&plain);
    assert_eq!(turns.len(), before.len());
    for (a, b) in turns.iter().zip(&before) {
        assert_eq!(a.formula_latency_ms, b.formula_latency_ms);
        assert_eq!(a.e2e_latency_ms, b.e2e_latency_ms);
        assert_eq!(a.waterfall, b.waterfall);
        let edited = a.speech_id.as_deref() == speech_id.as_str();
        assert_eq!(a.first_transcript_after_eos_delay_ms.is_some(), edited);
    }
}

mod report_speech_id {
    use super::*;
    use voice_agent_metrics::{
        analyze_session_report_json, join_turns, ReportOptions, SessionAnalysis, TurnLatency,
    };

    const SCENARIO: &str = "py-02-tool-call";

    fn analyze(report: &Json) -> SessionAnalysis {
        analyze_session_report_json(
            &serde_json::to_vec(report).unwrap(),
            &ReportOptions::default(),
        )
        .unwrap()
    }

    fn event_turns() -> Vec<TurnLatency> {
        let metrics: Vec<Metric> = events(SCENARIO).iter().map(|e| read(e).unwrap()).collect();
        compute_turn_latency(&metrics)
    }

    /// Moves every chat-item time (Python: epoch seconds) by `s` seconds.
    fn shift(report: &mut Json, s: f64) {
        for item in report["chat_history"]["items"].as_array_mut().unwrap() {
            let bump = |v: &mut Json| {
                if let Some(t) = v.as_f64() {
                    *v = json!(t + s);
                }
            };
            bump(&mut item["created_at"]);
            if let Some(m) = item.get_mut("metrics").and_then(Json::as_object_mut) {
                for k in ["started_speaking_at", "stopped_speaking_at"] {
                    if let Some(v) = m.get_mut(k) {
                        bump(v);
                    }
                }
            }
        }
    }

    /// Writes `metrics.speech_id` on every assistant message of `item_ids`.
    fn tag(report: &mut Json, item_ids: &[String], speech_id: &str) {
        for item in report["chat_history"]["items"].as_array_mut().unwrap() {
            if item_ids.iter().any(|id| item["id"] == id.as_str()) {
                item["metrics"]["speech_id"] = json!(speech_id);
            }
        }
    }

    #[test]
    fn joins_by_speech_id_when_times_disagree() {
        let original = fixture_json(&format!("{SCENARIO}/session_report.json"));
        let metrics = event_turns();
        // The captured report carries no speech ids: the time rule pairs the turns.
        let baseline = join_turns(&analyze(&original).turns, &metrics);
        let pairs: Vec<(Vec<String>, String)> = baseline
            .turns
            .iter()
            .filter_map(|j| {
                assert_eq!(j.chat.speech_id, None);
                let id = j.latency.as_ref()?.speech_id.clone()?;
                Some((j.chat.agent_item_ids.clone(), id))
            })
            .collect();
        assert!(pairs.len() >= 2, "{pairs:?}");

        // The same report with its clock moved by a minute: the time rule finds nothing.
        let mut shifted = original.clone();
        shift(&mut shifted, 60.0);
        let by_time = join_turns(&analyze(&shifted).turns, &metrics);
        assert!(by_time.turns.iter().all(|j| j.latency.is_none()));

        // With the speech ids on the assistant messages, every pair comes back.
        for (items, id) in &pairs {
            tag(&mut shifted, items, id);
        }
        let analysis = analyze(&shifted);
        let joined = join_turns(&analysis.turns, &metrics);
        for (items, id) in &pairs {
            let j = joined
                .turns
                .iter()
                .find(|j| &j.chat.agent_item_ids == items)
                .unwrap();
            assert_eq!(j.chat.speech_id.as_deref(), Some(id.as_str()));
            let latency = j.latency.as_ref().expect("joined by speech id");
            assert_eq!(latency.speech_id.as_deref(), Some(id.as_str()));
            // The anchors are a minute apart, as the edit made them.
            if let Some(gap) = j.anchor_gap_ms {
                assert!((gap - 60_000.0).abs() < JOIN_SLACK_MS, "{gap}");
            }
        }
        let matched = joined.turns.iter().filter(|j| j.latency.is_some()).count();
        assert_eq!(matched, pairs.len());
        assert_eq!(joined.unmatched.len(), metrics.len() - pairs.len());
    }

    /// How far the captured anchors of one turn are apart at most (they agree to under
    /// 1 ms; see `JOIN_TOLERANCE_MS`).
    const JOIN_SLACK_MS: f64 = 500.0;

    #[test]
    fn different_speech_ids_are_never_paired_by_time() {
        let mut report = fixture_json(&format!("{SCENARIO}/session_report.json"));
        let metrics = event_turns();
        let baseline = join_turns(&analyze(&report).turns, &metrics);
        for j in &baseline.turns {
            tag(
                &mut report,
                &j.chat.agent_item_ids,
                "speech_from_another_session",
            );
        }
        let joined = join_turns(&analyze(&report).turns, &metrics);
        for (j, b) in joined.turns.iter().zip(&baseline.turns) {
            // Turns whose metrics turn has a speech id are left unjoined; a metrics turn
            // without one (none in this capture) could still pair by time.
            let had_id = b.latency.as_ref().is_some_and(|t| t.speech_id.is_some());
            assert_eq!(j.latency.is_some(), b.latency.is_some() && !had_id);
        }
    }

    #[test]
    fn speech_id_of_the_wrong_type_skips_the_item() {
        let mut report = fixture_json(&format!("{SCENARIO}/session_report.json"));
        let a = analyze(&report);
        let first_agent = a
            .turns
            .iter()
            .find_map(|t| t.agent_item_ids.first())
            .unwrap();
        for item in report["chat_history"]["items"].as_array_mut().unwrap() {
            if item["id"] == first_agent.as_str() {
                item["metrics"]["speech_id"] = json!(42);
            }
        }
        let b = analyze(&report);
        let skipped = b
            .skipped
            .iter()
            .find(|s| s.field.as_deref() == Some("speech_id"))
            .expect("skipped with its field");
        assert_eq!(skipped.code, ErrorCode::WrongType);
    }
}

mod report_times {
    use super::*;
    use voice_agent_metrics::{analyze_session_report_json, ReportOptions, SessionAnalysis};

    fn analyze(report: &Json) -> Result<SessionAnalysis, ErrorCode> {
        analyze_session_report_json(
            &serde_json::to_vec(report).unwrap(),
            &ReportOptions::default(),
        )
        .map_err(|e| e.code())
    }

    /// `py-01` as a newer Python SDK writes it: `started_at` (epoch s) and `duration` (s,
    /// `timestamp − audio_recording_started_at`, `null` without a recording).
    fn newer(started_at: Json, duration: Json) -> Json {
        let mut r = fixture_json("py-01-pipeline-3turns/session_report.json");
        let o = r.as_object_mut().unwrap();
        o.remove("duration_ms");
        o.insert("started_at".into(), started_at);
        o.insert("duration".into(), duration);
        r
    }

    fn times(a: &SessionAnalysis) -> (Option<f64>, Option<f64>, Option<f64>) {
        (a.started_at_ms, a.ended_at_ms, a.duration_ms)
    }

    #[test]
    fn python_started_at_and_duration() {
        let captured = fixture_json("py-01-pipeline-3turns/session_report.json");
        let ts = captured["timestamp"].as_f64().unwrap(); // 1795280719.4870799
        let end = 1_795_280_719_487.08;
        // 1.8.9 writes `duration_ms`: unchanged.
        let a = analyze(&captured).unwrap();
        assert_eq!(a.ended_at_ms, Some(end));
        assert!((a.duration_ms.unwrap() - 21_968.0).abs() < 1e-3);

        // `started_at` wins; `duration` (the recording span) does not change it.
        let a = analyze(&newer(json!(ts - 25.5), json!(20.0))).unwrap();
        assert_eq!(a.started_at_ms, Some(1_795_280_693_987.08));
        assert!((a.duration_ms.unwrap() - 25_500.0).abs() < 1e-3);
        // No recording: `duration` is null, `started_at` alone gives the start.
        let b = analyze(&newer(json!(ts - 25.5), json!(null))).unwrap();
        assert_eq!(times(&a), times(&b));
        // No `started_at`: `timestamp − duration` (seconds).
        let c = analyze(&newer(json!(null), json!(20.25))).unwrap();
        assert!((c.started_at_ms.unwrap() - (end - 20_250.0)).abs() < 1e-3);
        assert!((c.duration_ms.unwrap() - 20_250.0).abs() < 1e-3);
        // `duration_ms` (1.8.9) is preferred to `duration` when both are there.
        let mut d = newer(json!(null), json!(20.25));
        d["duration_ms"] = json!(21968);
        let d = analyze(&d).unwrap();
        assert!((d.duration_ms.unwrap() - 21_968.0).abs() < 1e-3);
        // Neither: the earliest item or event, as before.
        let e = analyze(&newer(json!(null), json!(null))).unwrap();
        assert!(e.started_at_ms.unwrap() < end - 10_000.0);
    }

    #[test]
    fn in_memory_node_report_times_are_ms() {
        let mut r = fixture_json("js-01-pipeline-3turns/session_report.json");
        let ts = r["timestamp"].as_f64().unwrap(); // epoch ms
        r["startedAt"] = json!(ts - 19_000.0);
        let a = analyze(&r).unwrap();
        assert_eq!(a.started_at_ms, Some(ts - 19_000.0));
        assert_eq!(a.duration_ms, Some(19_000.0));
        r.as_object_mut().unwrap().remove("startedAt");
        r["duration"] = json!(18_500.0);
        let a = analyze(&r).unwrap();
        assert_eq!(a.started_at_ms, Some(ts - 18_500.0));
        assert_eq!(a.duration_ms, Some(18_500.0));
    }

    #[test]
    fn bad_times_give_coded_errors() {
        let cases = [
            (json!("1795280690.0"), json!(null), ErrorCode::WrongType),
            (json!(-5.0), json!(null), ErrorCode::OutOfRange),
            (json!(null), json!(-1.0), ErrorCode::OutOfRange),
            (json!(null), json!("20"), ErrorCode::WrongType),
            (json!(null), json!({"s": 20}), ErrorCode::WrongType),
        ];
        for (started_at, duration, code) in cases {
            let r = newer(started_at.clone(), duration.clone());
            assert_eq!(analyze(&r).err(), Some(code), "{started_at} {duration}");
        }
    }
}
