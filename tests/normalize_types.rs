//! Every metrics type, in both dialects, with exact canonical values.
//!
//! Inputs are the hand-built catalogs captured from the real SDKs
//! (tests/fixtures/{py,js}-00-collector-catalog/input_metrics.json); expected values
//! are the inputs converted by hand (Python seconds × 1000, Node ms as is).

mod common;
use common::*;
use voice_agent_metrics::metric::*;
use voice_agent_metrics::{Dialect, Metric};

fn catalog(sdk: &str) -> Vec<Metric> {
    let records = normalize_fixture(&format!("{sdk}-00-collector-catalog/input_metrics.json"));
    let want = if sdk == "py" {
        Dialect::Python
    } else {
        Dialect::Node
    };
    assert!(records.iter().all(|r| r.dialect == want));
    records.into_iter().map(|r| r.metric).collect()
}

fn meta(provider: &str, model: &str) -> Option<MetricsMetadata> {
    Some(MetricsMetadata {
        model_name: Some(model.into()),
        model_provider: Some(provider.into()),
    })
}

#[test]
fn llm_both_dialects() {
    for sdk in ["py", "js"] {
        let m = catalog(sdk);
        let Metric::Llm(a) = &m[5] else {
            panic!("{sdk}: {:?}", m[5])
        };
        assert_eq!(a.timestamp_ms, 1_795_280_010_800.0);
        assert_eq!(a.duration_ms, 1102.0);
        assert_eq!(a.ttft_ms, Some(552.0));
        assert_eq!(
            (
                a.prompt_tokens,
                a.prompt_cached_tokens,
                a.cache_creation_tokens
            ),
            (2300, 1024, 512)
        );
        assert_eq!((a.completion_tokens, a.total_tokens), (40, 2340));
        assert_eq!(a.tokens_per_second, 36.3);
        assert_eq!(a.speech_id.as_deref(), Some("speech_bbb222"));
        assert_eq!(a.metadata, meta("anthropic", "claude-sonnet-4"));
        assert_eq!(a.reasoning_tokens, if sdk == "py" { 16 } else { 0 });
        // The cancelled request with the -1 sentinel: no ttft, never a negative latency.
        let Metric::Llm(c) = &m[6] else { panic!() };
        assert!(c.cancelled);
        assert_eq!(c.ttft_ms, None);
        assert_eq!(c.duration_ms, 110.0);
        assert_eq!(c.request_id, "");
    }
}

#[test]
fn stt_both_dialects() {
    for sdk in ["py", "js"] {
        let m = catalog(sdk);
        let Metric::Stt(s) = &m[7] else { panic!() };
        assert_eq!((s.duration_ms, s.audio_duration_ms), (640.0, 1800.0));
        assert_eq!((s.input_tokens, s.output_tokens), (95, 12));
        assert!(!s.streamed);
        assert_eq!(s.metadata, meta("openai", "gpt-4o-transcribe"));
        // Python-only fields.
        assert_eq!(s.input_audio_tokens, if sdk == "py" { 90 } else { 0 });
        assert_eq!(s.connection_reused, (sdk == "py").then_some(false));
        assert_eq!(
            s.acquire_time_ms, None,
            "acquire_time 0.0 means not measured"
        );
        // Node has no total: it defaults to input + output, like Python's validator.
        assert_eq!(s.total_tokens, 107);
        // No metadata at all.
        let Metric::Stt(bare) = &m[10] else { panic!() };
        assert_eq!(bare.metadata, None);
        assert_eq!(bare.audio_duration_ms, 700.0);
    }
}

#[test]
fn tts_both_dialects() {
    for sdk in ["py", "js"] {
        let m = catalog(sdk);
        let Metric::Tts(t) = &m[4] else { panic!() };
        assert_eq!(t.ttfb_ms, Some(154.0));
        assert_eq!((t.duration_ms, t.audio_duration_ms), (501.0, 2410.0));
        assert_eq!(t.characters_count, 50);
        assert_eq!(t.segment_id.as_deref(), Some("seg_1"));
        assert_eq!(t.speech_id.as_deref(), Some("speech_aaa111"));
        assert!(t.streamed && !t.cancelled);
        let Metric::Tts(billed) = &m[8] else { panic!() };
        assert_eq!((billed.input_tokens, billed.output_tokens), (17, 260));
        assert_eq!(billed.speech_id, None);
        let Metric::Tts(cancelled) = &m[9] else {
            panic!()
        };
        assert!(cancelled.cancelled);
        assert_eq!(cancelled.characters_count, 104);
    }
}

#[test]
fn vad_both_dialects() {
    for sdk in ["py", "js"] {
        let Metric::Vad(v) = &catalog(sdk)[0] else {
            panic!()
        };
        assert_eq!(v.timestamp_ms, 1_795_280_000_900.0);
        assert_eq!(
            (v.idle_time_ms, v.inference_duration_total_ms),
            (12.0, 87.0)
        );
        assert_eq!(v.inference_count, 31);
    }
}

#[test]
fn eou_both_dialects() {
    for sdk in ["py", "js"] {
        let Metric::Eou(e) = &catalog(sdk)[2] else {
            panic!()
        };
        assert_eq!(e.end_of_utterance_delay_ms, Some(512.4));
        assert_eq!(e.transcription_delay_ms, Some(251.7));
        assert_eq!(e.on_user_turn_completed_delay_ms, Some(0.3));
        assert_eq!(e.speech_id.as_deref(), Some("speech_aaa111"));
        // Node's lastSpeakingTimeMs is an epoch timestamp; Python 1.8 has none.
        let want = (sdk == "js").then_some(1_795_280_002_300.0);
        assert_eq!(e.last_speaking_time_ms, want);
    }
}

#[test]
fn realtime_both_dialects() {
    for sdk in ["py", "js"] {
        let m = catalog(sdk);
        let Metric::RealtimeModel(r) = &m[11] else {
            panic!()
        };
        assert_eq!(r.request_id, "resp_1");
        assert_eq!((r.duration_ms, r.ttft_ms), (1260.0, Some(382.0)));
        assert_eq!(
            (r.input_tokens, r.output_tokens, r.total_tokens),
            (472, 182, 654)
        );
        let d = &r.input_token_details;
        assert_eq!(
            (
                d.audio_tokens,
                d.text_tokens,
                d.image_tokens,
                d.cached_tokens
            ),
            (62, 410, 0, 64)
        );
        let c = d.cached_tokens_details.as_ref().unwrap();
        assert_eq!((c.audio_tokens, c.text_tokens, c.image_tokens), (0, 64, 0));
        assert_eq!(
            (
                r.output_token_details.text_tokens,
                r.output_token_details.audio_tokens
            ),
            (22, 160)
        );
        // xAI: session-billed, no audio token (-1), with a connection acquire time.
        let Metric::RealtimeModel(x) = &m[12] else {
            panic!()
        };
        assert_eq!(x.session_duration_ms, 12_500.0);
        assert_eq!(x.ttft_ms, None);
        assert_eq!(x.acquire_time_ms, Some(85.0));
        assert_eq!(x.input_token_details.cached_tokens_details, None);
    }
}

#[test]
fn interruption_and_eot_both_dialects() {
    for sdk in ["py", "js"] {
        let m = catalog(sdk);
        let Metric::Interruption(i) = &m[13] else {
            panic!()
        };
        // Node writes these without an Ms suffix, in ms: 41, not 41 000.
        assert_eq!(
            (
                i.total_duration_ms,
                i.prediction_duration_ms,
                i.detection_delay_ms
            ),
            (41.0, 18.0, 230.0)
        );
        assert_eq!(
            (i.num_interruptions, i.num_backchannels, i.num_requests),
            (1, 2, 9)
        );
        let Metric::EotInference(e) = &m[15] else {
            panic!()
        };
        assert_eq!(
            (
                e.total_duration_ms,
                e.detection_delay_ms,
                e.prediction_duration_ms
            ),
            (63.0, 48.0, 22.0)
        );
        assert_eq!(e.num_requests, 1);
        assert_eq!(e.metadata, meta("livekit", "turn-detector-v1-mini"));
    }
}

#[test]
fn avatar_both_dialects() {
    for sdk in ["py", "js"] {
        let Metric::Avatar(a) = &catalog(sdk)[17] else {
            panic!()
        };
        assert_eq!(a.playback_latency_ms, Some(120.0));
        assert_eq!(a.session_started_at_ms, Some(1_795_280_000_500.0));
        assert_eq!(a.avatar_joined_at_ms, Some(1_795_280_001_800.0));
        assert_eq!(a.join_latency_ms(), Some(1300.0));
    }
}

#[test]
fn unknown_types_are_kept_and_counted() {
    let report = voice_agent_metrics::normalize_json(
        &fixture_bytes("py-00-collector-catalog/input_metrics.json"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(report.records.len(), 19);
    assert_eq!(report.unknown_types.len(), 1);
    assert_eq!(report.unknown_types[0].metric_type, "decision_metrics");
    assert_eq!(report.unknown_types[0].count, 1);
    let Metric::Unknown(u) = &report.records[18].metric else {
        panic!()
    };
    assert_eq!(
        u.raw.get("request_id").and_then(|v| v.as_str()),
        Some("dec_1")
    );
}

#[test]
fn spec_serialized_examples() {
    // Python `model_dump_json()` and Node `JSON.stringify` of the same LLM metric.
    let py = metric(
        r#"{"type":"llm_metrics","label":"livekit.plugins.openai.llm.LLM","request_id":"chatcmpl-123",
 "timestamp":1755000000.123,"duration":0.84,"ttft":0.31,"cancelled":false,
 "completion_tokens":42,"prompt_tokens":512,"prompt_cached_tokens":0,"cache_creation_tokens":0,
 "total_tokens":554,"tokens_per_second":50.0,"speech_id":"speech_abc123",
 "metadata":{"model_name":"gpt-4o-mini","model_provider":"openai"}}"#,
    );
    let js = metric(
        r#"{"type":"llm_metrics","timestamp":1755000000123,"requestId":"chatcmpl-123","ttftMs":310,
 "durationMs":840,"cancelled":false,"label":"livekit.plugins.openai.llm.LLM","completionTokens":42,"promptTokens":512,
 "promptCachedTokens":0,"cacheCreationTokens":0,"totalTokens":554,"tokensPerSecond":50,
 "metadata":{"modelProvider":"openai","modelName":"gpt-4o-mini"},"speechId":"speech_abc123"}"#,
    );
    assert_eq!(
        py, js,
        "the same metric from both SDKs is one canonical record"
    );
    let Metric::Llm(l) = py else { panic!() };
    assert_eq!(
        (l.timestamp_ms, l.duration_ms, l.ttft_ms),
        (1_755_000_000_123.0, 840.0, Some(310.0))
    );
}
