//! Wrappers, sentinels, absent and legacy fields, dialect detection.

mod common;
use common::*;
use voice_agent_metrics::{Dialect, Metric};

#[test]
fn metrics_collected_wrappers_both_sdks() {
    let py = one(
        r#"{"type":"metrics_collected","created_at":1795280700.0769641,"metrics":{"type":"vad_metrics",
        "label":"v","timestamp":1795280700.0,"idle_time":0.5,"inference_duration_total":0.01,"inference_count":10,"metadata":null}}"#,
    )
    .unwrap();
    assert_eq!(py.created_at_ms, Some(1_795_280_700_076.964));
    assert_eq!(py.dialect, Dialect::Python);
    let js = one(
        r#"{"type":"metrics_collected","createdAt":1795280832357,"metrics":{"type":"vad_metrics",
        "label":"v","timestamp":1795280832000,"idleTimeMs":500,"inferenceDurationTotalMs":10,"inferenceCount":10}}"#,
    )
    .unwrap();
    assert_eq!(js.created_at_ms, Some(1_795_280_832_357.0));
    assert_eq!(js.dialect, Dialect::Node);
    // Capture logs wrap without a `type` (the fixtures' metrics_events.json).
    let records = normalize_fixture("js-01-pipeline-3turns/metrics_events.json");
    assert_eq!(records[0].created_at_ms, Some(1_795_280_832_101.0));
    assert!(matches!(records[1].metric, Metric::Eou(_)));
}

#[test]
fn eou_zero_means_not_computed() {
    let Metric::Eou(e) = metric(
        r#"{"type":"eou_metrics","timestamp":1.0,"end_of_utterance_delay":0.0,"transcription_delay":0.0,"on_user_turn_completed_delay":0.0002}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        (e.end_of_utterance_delay_ms, e.transcription_delay_ms),
        (None, None)
    );
    assert_eq!(e.on_user_turn_completed_delay_ms, Some(0.2));
    // A real zero transcription delay (transcript before VAD end) is kept.
    let Metric::Eou(e) = metric(
        r#"{"type":"eou_metrics","timestamp":1795280002810,"endOfUtteranceDelayMs":300,"transcriptionDelayMs":0,"onUserTurnCompletedDelayMs":0,"lastSpeakingTimeMs":0}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        (e.end_of_utterance_delay_ms, e.transcription_delay_ms),
        (Some(300.0), Some(0.0))
    );
    assert_eq!(
        e.last_speaking_time_ms, None,
        "lastSpeakingTimeMs 0 means unknown"
    );
}

#[test]
fn ttfb_sentinel_and_avatar_join_variant() {
    let Metric::Tts(t) = metric(
        r#"{"type":"tts_metrics","timestamp":1795280004120,"ttfbMs":-1,"durationMs":20,"audioDurationMs":0,"cancelled":true,"charactersCount":3,"streamed":true,"requestId":"r","label":"t"}"#,
    ) else {
        panic!()
    };
    assert_eq!(t.ttfb_ms, None);
    let Metric::Avatar(a) = metric(
        r#"{"type":"avatar_metrics","timestamp":1795280001.8,"playback_latency":0,"session_started_time":1795280000.5,"avatar_joined_time":1795280001.8,"metadata":{"model_provider":"tavus"}}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        a.playback_latency_ms, None,
        "0 is the join variant's default"
    );
    assert_eq!(a.join_latency_ms(), Some(1300.0));
    assert_eq!(a.metadata.unwrap().model_name, None);
}

#[test]
fn absent_optional_fields_take_sdk_defaults() {
    // Python 1.0.0–1.0.13: no prompt_cached_tokens, no metadata, no cache_creation_tokens.
    let Metric::Llm(l) = metric(
        r#"{"type":"llm_metrics","label":"l","request_id":"r","timestamp":1744000000.5,"duration":1.0,"ttft":0.25,"cancelled":false,"completion_tokens":10,"prompt_tokens":100,"total_tokens":110,"tokens_per_second":10.0}"#,
    ) else {
        panic!()
    };
    assert_eq!((l.prompt_cached_tokens, l.cache_creation_tokens), (0, 0));
    assert_eq!((l.metadata, l.speech_id), (None, None));
    // Python realtime ≥ 1.5.0: everything but request_id/timestamp defaults (ttft = -1).
    let Metric::RealtimeModel(r) = metric(
        r#"{"type":"realtime_model_metrics","request_id":"","timestamp":1795280016.0,"input_token_details":{},"output_token_details":{},"acquire_time":0.12,"connection_reused":true}"#,
    ) else {
        panic!()
    };
    assert_eq!((r.ttft_ms, r.duration_ms, r.input_tokens), (None, 0.0, 0));
    assert_eq!(
        (r.acquire_time_ms, r.connection_reused),
        (Some(120.0), Some(true))
    );
    // EOT without num_requests: Python's default is 1.
    let Metric::EotInference(e) = metric(
        r#"{"type":"eot_inference_metrics","timestamp":1795280017.5,"total_duration":0.063,"detection_delay":0.048,"prediction_duration":0.022}"#,
    ) else {
        panic!()
    };
    assert_eq!(e.num_requests, 1);
}

#[test]
fn python_1_2_last_speaking_time_is_an_epoch() {
    let Metric::Eou(e) = metric(
        r#"{"type":"eou_metrics","timestamp":1752000003.1,"end_of_utterance_delay":0.5,"transcription_delay":0.2,"on_user_turn_completed_delay":0.0,"last_speaking_time":1752000002.6,"speech_id":"s"}"#,
    ) else {
        panic!()
    };
    assert_eq!(e.last_speaking_time_ms, Some(1_752_000_002_600.0));
    assert_eq!(e.end_of_utterance_delay_ms, Some(500.0));
}

#[test]
fn node_legacy_mixed_units() {
    // @livekit/agents 1.0.0–1.0.10: un-suffixed names; LLM/TTS/VAD/EOU
    // in ms, STT/TTS audioDuration in seconds, realtime timestamp epoch s and duration s.
    let llm = one(
        r#"{"type":"llm_metrics","requestId":"c","timestamp":1755000000123,"ttft":310,"duration":840,"cancelled":false,"label":"l","completionTokens":42,"promptTokens":512,"totalTokens":554,"tokensPerSecond":50,"speechId":"s"}"#,
    )
    .unwrap();
    assert_eq!(llm.dialect, Dialect::NodeLegacy);
    let Metric::Llm(l) = llm.metric else { panic!() };
    assert_eq!((l.ttft_ms, l.duration_ms), (Some(310.0), 840.0));

    let Metric::Tts(t) = metric(
        r#"{"type":"tts_metrics","requestId":"t","timestamp":1755000000500,"ttfb":150,"duration":500,"audioDuration":2.41,"cancelled":false,"charactersCount":50,"streamed":true,"label":"t"}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        (t.ttfb_ms, t.duration_ms, t.audio_duration_ms),
        (Some(150.0), 500.0, 2410.0)
    );

    let Metric::Stt(s) = metric(
        r#"{"type":"stt_metrics","requestId":"s","timestamp":1755000000000,"duration":0,"audioDuration":2.55,"streamed":true,"label":"s"}"#,
    ) else {
        panic!()
    };
    assert_eq!(s.audio_duration_ms, 2550.0);

    let Metric::Eou(e) = metric(
        r#"{"type":"eou_metrics","timestamp":1755000000000,"endOfUtteranceDelay":512,"transcriptionDelay":251,"onUserTurnCompletedDelay":1,"speechId":"s"}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        (e.end_of_utterance_delay_ms, e.transcription_delay_ms),
        (Some(512.0), Some(251.0))
    );

    let Metric::Vad(v) = metric(
        r#"{"type":"vad_metrics","timestamp":1755000000000,"idleTime":12,"inferenceDurationTotal":87,"inferenceCount":31,"label":"v"}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        (v.idle_time_ms, v.inference_duration_total_ms),
        (12.0, 87.0)
    );

    let Metric::RealtimeModel(r) = metric(
        r#"{"type":"realtime_model_metrics","requestId":"resp","timestamp":1755000016.0,"duration":1.26,"ttft":382,"cancelled":false,"label":"rt","inputTokens":1,"outputTokens":2,"totalTokens":3,"tokensPerSecond":1.5,
            "inputTokenDetails":{"audioTokens":0,"textTokens":1,"imageTokens":0,"cachedTokens":0},"outputTokenDetails":{"textTokens":2,"audioTokens":0,"imageTokens":0}}"#,
    ) else {
        panic!()
    };
    assert_eq!(
        (r.timestamp_ms, r.duration_ms, r.ttft_ms),
        (1_755_000_016_000.0, 1260.0, Some(382.0))
    );
}

#[test]
fn dialect_is_detected_per_item_and_can_be_named() {
    use voice_agent_metrics::{normalize_batch, NormalizeOptions, Value};
    let mixed: Value = serde_json::from_str(
        r#"[{"type":"vad_metrics","label":"v","timestamp":1795280000.9,"idle_time":0.012,"inference_duration_total":0.087,"inference_count":31},
            {"type":"vad_metrics","label":"v","timestamp":1795280000900,"idleTimeMs":12,"inferenceDurationTotalMs":87,"inferenceCount":31}]"#,
    )
    .unwrap();
    let report = normalize_batch(&mixed, &NormalizeOptions::default()).unwrap();
    assert_eq!(report.records[0].dialect, Dialect::Python);
    assert_eq!(report.records[1].dialect, Dialect::Node);
    assert_eq!(report.records[0].metric, report.records[1].metric);
    // A bare `{type, timestamp}` is decided by the epoch magnitude.
    let Metric::Avatar(a) = metric(r#"{"type":"avatar_metrics","timestamp":1795280020000}"#) else {
        panic!()
    };
    assert_eq!(a.timestamp_ms, 1_795_280_020_000.0);
    let Metric::Avatar(a) = metric(r#"{"type":"avatar_metrics","timestamp":1795280020.0}"#) else {
        panic!()
    };
    assert_eq!(a.timestamp_ms, 1_795_280_020_000.0);
    // Naming the dialect decides for such events.
    let ambiguous: Value =
        serde_json::from_str(r#"{"type":"avatar_metrics","timestamp":5}"#).unwrap();
    let opts = NormalizeOptions {
        dialect: Some(Dialect::Node),
        ..Default::default()
    };
    let r = normalize_batch(&ambiguous, &opts).unwrap();
    assert_eq!(r.records[0].metric.timestamp_ms(), Some(5.0));
}

#[test]
fn every_fixture_normalizes_without_loss() {
    // Every captured metrics event of every scenario, both SDKs: nothing skipped, nothing unknown.
    for dir in std::fs::read_dir(fixture_path("")).unwrap() {
        let dir = dir.unwrap().path();
        let file = dir.join("metrics_events.json");
        if !file.exists() {
            continue;
        }
        let raw =
            serde_json::from_slice::<serde_json::Value>(&std::fs::read(&file).unwrap()).unwrap();
        let rel = format!(
            "{}/metrics_events.json",
            dir.file_name().unwrap().to_string_lossy()
        );
        let records = normalize_fixture(&rel);
        let raw = raw.as_array().unwrap();
        assert_eq!(records.len(), raw.len(), "{rel}");
        for (r, e) in records.iter().zip(raw) {
            assert_eq!(
                r.metric.type_name(),
                e["metrics_type"].as_str().unwrap(),
                "{rel}"
            );
        }
    }
}
