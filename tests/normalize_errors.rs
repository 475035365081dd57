//! Malformed input: each case gets its exact error code (and field), nothing panics,
//! and in skip mode the rest of the batch still comes through.

mod common;
use common::*;
use voice_agent_metrics::{
    normalize_batch, normalize_json, normalize_metric, Dialect, ErrorCode, NormalizeOptions,
    OnInvalid, Value,
};

fn code(json: &str) -> (ErrorCode, Option<&'static str>) {
    let e = one(json).expect_err(json);
    (e.code(), e.field())
}

const LLM_PY: &str = r#""label":"l","request_id":"r","timestamp":1795280003.62,"cancelled":false"#;

#[test]
fn malformed_events_get_exact_codes() {
    use ErrorCode::*;
    let cases: &[(&str, ErrorCode, Option<&str>)] = &[
        ("42", NotAnObject, None),
        (r#"["llm_metrics"]"#, NotAnObject, None),
        (
            r#"{"timestamp":1795280003.62,"duration":1.0}"#,
            MissingField,
            Some("type"),
        ),
        (r#"{"type":7,"timestamp":1.0}"#, WrongType, Some("type")),
        (
            &format!(r#"{{"type":"llm_metrics",{LLM_PY},"duration":0.8}}"#),
            MissingField,
            Some("ttft"),
        ),
        (
            r#"{"type":"llm_metrics","timestamp":1795280003620,"durationMs":802,"ttftMs":"353","requestId":"r"}"#,
            WrongType,
            Some("ttftMs"),
        ),
        (
            &format!(r#"{{"type":"llm_metrics",{LLM_PY},"duration":-0.8,"ttft":0.3}}"#),
            NegativeDuration,
            Some("duration"),
        ),
        (
            &format!(r#"{{"type":"llm_metrics",{LLM_PY},"duration":0.8,"ttft":-2}}"#),
            NegativeDuration,
            Some("ttft"),
        ),
        (
            &format!(
                r#"{{"type":"llm_metrics",{LLM_PY},"duration":0.8,"ttft":0.3,"prompt_tokens":-5}}"#
            ),
            NegativeCount,
            Some("prompt_tokens"),
        ),
        (
            &format!(
                r#"{{"type":"llm_metrics",{LLM_PY},"duration":0.8,"ttft":0.3,"prompt_tokens":1.5}}"#
            ),
            NotAnInteger,
            Some("prompt_tokens"),
        ),
        (
            &format!(
                r#"{{"type":"llm_metrics",{LLM_PY},"duration":0.8,"ttft":0.3,"prompt_tokens":1e300}}"#
            ),
            OutOfRange,
            Some("prompt_tokens"),
        ),
        // An epoch-ms timestamp in a Python (seconds) event: a unit mistake.
        (
            r#"{"type":"vad_metrics","label":"v","timestamp":1795280000900,"idle_time":0.01,"inference_duration_total":0.08,"inference_count":3}"#,
            OutOfRange,
            Some("timestamp"),
        ),
        // 10 days of LLM stream: not a plausible duration.
        (
            &format!(r#"{{"type":"llm_metrics",{LLM_PY},"duration":864000,"ttft":0.3}}"#),
            OutOfRange,
            Some("duration"),
        ),
        (
            r#"{"type":"tts_metrics","label":"t","request_id":"r","timestamp":1.0,"ttfb":0.1,"duration":0.2,"audio_duration":1.0,"cancelled":"no","characters_count":1,"streamed":true}"#,
            WrongType,
            Some("cancelled"),
        ),
        (
            r#"{"type":"stt_metrics","label":"s","request_id":"r","timestamp":1.0,"duration":0,"audio_duration":1.0,"streamed":true,"metadata":"openai"}"#,
            WrongType,
            Some("metadata"),
        ),
        (
            r#"{"type":"realtime_model_metrics","request_id":"r","timestamp":1.0,"input_token_details":[1]}"#,
            WrongType,
            Some("input_token_details"),
        ),
        (
            r#"{"type":"realtime_model_metrics","request_id":"r","timestamp":1.0,"input_token_details":{"cached_tokens":-1}}"#,
            NegativeCount,
            Some("cached_tokens"),
        ),
        (
            r#"{"type":"eou_metrics","timestamp":1.0,"transcription_delay":0.2}"#,
            MissingField,
            Some("end_of_utterance_delay"),
        ),
        (
            r#"{"type":"interruption_metrics","timestamp":1795280017000,"totalDuration":41,"predictionDuration":18}"#,
            MissingField,
            Some("detectionDelay"),
        ),
        (
            r#"{"type":"metrics_collected","created_at":1.0}"#,
            MissingField,
            Some("metrics"),
        ),
        (
            r#"{"type":"metrics_collected","createdAt":"now","metrics":{"type":"vad_metrics"}}"#,
            WrongType,
            Some("createdAt"),
        ),
        // Both key styles in one object: no SDK writes that.
        (
            r#"{"type":"vad_metrics","request_id":"a","requestId":"b","timestamp":1.0}"#,
            UnknownDialect,
            None,
        ),
        (r#"{"type":"llm_metrics"}"#, UnknownDialect, None),
    ];
    assert!(cases.len() >= 20);
    for (json, want_code, want_field) in cases {
        let (got, field) = code(json);
        assert_eq!(got, *want_code, "{json}");
        assert_eq!(field, *want_field, "{json}");
    }
}

#[test]
fn non_finite_numbers_from_js_objects() {
    // JSON cannot carry NaN, but JS objects can: the Value tree keeps them so the
    // reader can say so instead of reading `null`.
    let event = Value::Object(vec![
        ("type".into(), Value::String("vad_metrics".into())),
        ("label".into(), Value::String("v".into())),
        ("timestamp".into(), Value::Number(1_795_280_000_900.0)),
        ("idleTimeMs".into(), Value::Number(f64::NAN)),
        ("inferenceDurationTotalMs".into(), Value::Number(1.0)),
        ("inferenceCount".into(), Value::Number(1.0)),
    ]);
    let e = normalize_metric(&event, &NormalizeOptions::default()).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NotFinite, Some("idleTimeMs"))
    );
}

#[test]
fn named_dialect_that_disagrees_with_the_keys() {
    let v: Value = serde_json::from_str(
        r#"{"type":"vad_metrics","label":"v","timestamp":1795280000900,"idleTimeMs":12,"inferenceDurationTotalMs":87,"inferenceCount":31}"#,
    )
    .unwrap();
    let opts = NormalizeOptions {
        dialect: Some(Dialect::Python),
        ..Default::default()
    };
    let e = normalize_metric(&v, &opts).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DialectMismatch);
    assert!(e.to_string().contains("`python`") && e.to_string().contains("`node`"));
}

#[test]
fn invalid_json_and_deep_nesting() {
    let e = normalize_json(
        b"[{\"type\": \"llm_metrics\",",
        &NormalizeOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.error.code(), ErrorCode::InvalidJson);
    let e = normalize_json(b"{\n  \"type\": tru }", &NormalizeOptions::default()).unwrap_err();
    assert!(matches!(
        e.error,
        voice_agent_metrics::NormalizeError::InvalidJson { line: 2, .. }
    ));
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let e = normalize_json(deep.as_bytes(), &NormalizeOptions::default()).unwrap_err();
    assert_eq!(e.error.code(), ErrorCode::TooDeep);
    let deeper = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let e = normalize_json(deeper.as_bytes(), &NormalizeOptions::default()).unwrap_err();
    assert_eq!(e.error.code(), ErrorCode::TooDeep);
}

#[test]
fn fail_mode_reports_the_index_skip_mode_loses_nothing_else() {
    let batch: Value = serde_json::from_str(
        r#"[{"type":"vad_metrics","label":"v","timestamp":1.0,"idle_time":0.01,"inference_duration_total":0.08,"inference_count":3},
            {"type":"vad_metrics","label":"v","timestamp":1.0,"idle_time":-0.01,"inference_duration_total":0.08,"inference_count":3},
            "garbage",
            {"type":"future_metrics","timestamp":2.0,"some_field":1}]"#,
    )
    .unwrap();
    let e = normalize_batch(&batch, &NormalizeOptions::default()).unwrap_err();
    assert_eq!((e.index, e.error.code()), (1, ErrorCode::NegativeDuration));
    let skip = NormalizeOptions {
        on_invalid: OnInvalid::Skip,
        ..Default::default()
    };
    let r = normalize_batch(&batch, &skip).unwrap();
    assert_eq!(r.records.len(), 2);
    let skipped: Vec<_> = r
        .skipped
        .iter()
        .map(|s| (s.index, s.code, s.field.as_deref()))
        .collect();
    assert_eq!(
        skipped,
        [
            (1, ErrorCode::NegativeDuration, Some("idle_time")),
            (2, ErrorCode::NotAnObject, None)
        ]
    );
    assert_eq!(r.unknown_types[0].metric_type, "future_metrics");
}

#[test]
fn json_lines_with_a_bad_line() {
    let text = b"{\"type\":\"vad_metrics\",\"label\":\"v\",\"timestamp\":1.0,\"idle_time\":0.01,\"inference_duration_total\":0.08,\"inference_count\":3}\n\
        \n\
        {\"type\":\"vad_metrics\", oops\n\
        {\"type\":\"avatar_metrics\",\"timestamp\":2.0}\n";
    let skip = NormalizeOptions {
        on_invalid: OnInvalid::Skip,
        ..Default::default()
    };
    let r = normalize_json(text, &skip).unwrap();
    assert_eq!(r.records.len(), 2);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(
        (r.skipped[0].index, r.skipped[0].code),
        (1, ErrorCode::InvalidJson)
    );
    assert!(
        r.skipped[0].message.contains("line 3"),
        "{}",
        r.skipped[0].message
    );
    let e = normalize_json(text, &NormalizeOptions::default()).unwrap_err();
    assert_eq!((e.index, e.error.code()), (1, ErrorCode::InvalidJson));
}

#[test]
fn error_codes_are_stable_strings() {
    assert_eq!(ErrorCode::MissingField.as_str(), "MissingField");
    assert_eq!(ErrorCode::NotFinite.to_string(), "NotFinite");
    assert!(ErrorCode::WrongType.is_shape_error());
    assert!(!ErrorCode::OutOfRange.is_shape_error());
}
