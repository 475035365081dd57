//! Limits: every input size, label value, memory budget and output size is checked
//! against an option (with a documented default) and fails with a coded error
//! (`TooLarge`), never a panic; whole counts are exact up to 2^53 − 1.

use voice_agent_metrics::{
    analyze_session_report_json, normalize_json, ErrorCode, Metric, NormalizeOptions,
    ReportOptions, DEFAULT_MAX_INPUT_BYTES,
};

/// `[0,0,…]`, `n` bytes long (n odd, ≥ 3).
fn zeros(n: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(n);
    v.push(b'[');
    while v.len() + 2 < n {
        v.extend_from_slice(b"0,");
    }
    v.extend_from_slice(b"0]");
    v
}

#[test]
fn json_inputs_over_the_limit_are_too_large() {
    assert_eq!(DEFAULT_MAX_INPUT_BYTES, 256 * 1024 * 1024);
    let text = zeros(1_001);
    let normalize = NormalizeOptions {
        max_input_bytes: 1_000,
        ..Default::default()
    };
    let e = normalize_json(&text, &normalize).unwrap_err();
    assert_eq!(e.error.code(), ErrorCode::TooLarge);
    let report = ReportOptions {
        max_input_bytes: 1_000,
        ..Default::default()
    };
    let e = analyze_session_report_json(&text, &report).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooLarge);
    // At the limit the text is read (and is not a report / holds no events).
    let at = zeros(999);
    let ok = NormalizeOptions {
        max_input_bytes: 999,
        ..Default::default()
    };
    assert_eq!(
        normalize_json(&at, &ok).unwrap_err().error.code(),
        ErrorCode::NotAnObject
    );
}

/// The default limit rejects 300 MB before reading it (the test allocates the text only).
#[test]
fn a_300_mb_array_is_too_large_by_default() {
    let text = zeros(300_000_001);
    let e = normalize_json(&text, &NormalizeOptions::default()).unwrap_err();
    assert_eq!(e.error.code(), ErrorCode::TooLarge);
    let e = analyze_session_report_json(&text, &ReportOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooLarge);
}

fn completion_tokens(n: &str) -> Result<u64, ErrorCode> {
    let text = format!(
        r#"{{"type":"llm_metrics","timestamp":1795280003.62,"duration":0.8,"ttft":0.3,"completion_tokens":{n}}}"#
    );
    match normalize_json(text.as_bytes(), &NormalizeOptions::default()) {
        Ok(r) => match &r.records[0].metric {
            Metric::Llm(m) => Ok(m.completion_tokens),
            other => panic!("{other:?}"),
        },
        Err(e) => Err(e.error.code()),
    }
}

#[test]
fn whole_counts_are_exact_up_to_2_pow_53_minus_1() {
    assert_eq!(
        completion_tokens("9007199254740991"),
        Ok(9_007_199_254_740_991)
    );
    assert_eq!(completion_tokens("9e15"), Ok(9_000_000_000_000_000));
    assert_eq!(
        completion_tokens("9000000000000001"),
        Ok(9_000_000_000_000_001)
    );
    assert_eq!(
        completion_tokens("9007199254740992"),
        Err(ErrorCode::OutOfRange)
    );
    assert_eq!(completion_tokens("1e300"), Err(ErrorCode::OutOfRange));
    assert_eq!(
        completion_tokens("4503599627370495.5"),
        Err(ErrorCode::NotAnInteger)
    );
}
