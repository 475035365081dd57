//! `analyze_session_report_json` skips the `session_usage_updated` usage snapshots it
//! never reads (report::json): it must give exactly what analysing the fully parsed
//! report gives, errors included.

use voice_agent_metrics::{
    analyze_session_report, analyze_session_report_json, parse_json, ErrorCode, ReportOptions,
};

fn same(bytes: &[u8]) {
    let o = ReportOptions::default();
    let full = parse_json(bytes)
        .map_err(|e| e.code())
        .and_then(|v| analyze_session_report(&v, &o).map_err(|e| e.code()));
    let skipping = analyze_session_report_json(bytes, &o).map_err(|e| e.code());
    assert_eq!(
        skipping,
        full,
        "{}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
    );
}

#[test]
fn every_fixture_report_analyses_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path().join("session_report.json");
        if let Ok(bytes) = std::fs::read(&path) {
            same(&bytes);
            n += 1;
        }
    }
    assert!(n >= 14);
}

const ROW: &str =
    r#"{"type":"llm_usage","provider":"p","model":"m","input_tokens":10,"output_tokens":2}"#;
const UNTYPED: &str = r#"[{"provider":"p","model":"m","input_tokens":10,"output_tokens":2}]"#;

fn report(events: &str) -> String {
    format!(
        r#"{{"chat_history":{{"items":[]}},"usage":{UNTYPED},"sdk_version":"1.8.9","events":[{events}]}}"#
    )
}

fn update(usage: &str, t: f64) -> String {
    format!(r#"{{"type":"session_usage_updated","usage":{usage},"created_at":{t}}}"#)
}

#[test]
fn the_last_usable_update_is_read_as_before() {
    let good = format!(r#"{{"model_usage":[{ROW}]}}"#);
    let cases = [
        // The last update has the rows.
        report(&[update(&good, 1.0), update(&good, 2.0)].join(",")),
        // The last one has none (null, no model_usage, not an object): the one before.
        report(&[update(&good, 1.0), update("null", 2.0)].join(",")),
        report(&[update(&good, 1.0), update(r#"{"model_usage":null}"#, 2.0)].join(",")),
        report(&[update(&good, 1.0), update(r#"{"modelUsage":[]}"#, 2.0)].join(",")),
        report(&[update(&good, 1.0), update("[1,2]", 2.0)].join(",")),
        // `usage` twice in one event: the last counts.
        report(
            r#"{"type":"session_usage_updated","usage":{"model_usage":[]},"usage":{"model_usage":[{"type":"tts_usage","provider":"p","model":"m"}]},"created_at":1}"#,
        ),
        // `usage` on another event type, and `events` twice (the last counts).
        format!(
            r#"{{"chat_history":{{"items":[]}},"usage":{UNTYPED},"events":[{}],"events":[{},{{"type":"close","usage":{{"x":1}},"created_at":3}}]}}"#,
            update(&good, 1.0),
            update(&good, 2.0)
        ),
        // No updates with rows at all.
        report(&[update("{}", 1.0), update(r#"{"model_usage":{}}"#, 2.0)].join(",")),
    ];
    for c in &cases {
        same(c.as_bytes());
    }
}

#[test]
fn errors_in_skipped_usage_are_the_same() {
    let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
    let r = report(&update(&deep, 1.0));
    same(r.as_bytes());
    let e = analyze_session_report_json(r.as_bytes(), &ReportOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooDeep);
    // Deep, but within the limit (the usage sits at nesting 3).
    let ok = format!("{}{}", "[".repeat(61), "]".repeat(61));
    same(report(&update(&ok, 1.0)).as_bytes());
    let edge = format!("{}{}", "[".repeat(62), "]".repeat(62));
    same(report(&update(&edge, 1.0)).as_bytes());
    // Not JSON inside a skipped usage: the same InvalidJson, at the same place.
    let bad = report(&update(r#"{"model_usage":[1,]}"#, 1.0));
    let o = ReportOptions::default();
    let want = parse_json(bad.as_bytes()).unwrap_err();
    let got = analyze_session_report_json(bad.as_bytes(), &o).unwrap_err();
    assert_eq!(got.code(), ErrorCode::InvalidJson);
    let (
        voice_agent_metrics::NormalizeError::InvalidJson { line, column },
        voice_agent_metrics::ReportError::InvalidJson { line: l, column: c },
    ) = (want, got)
    else {
        panic!("not InvalidJson");
    };
    assert_eq!((line, column), (l, c));
    // Strings with brackets and escapes do not count as nesting.
    same(report(&update(r#"{"model_usage":[],"s":"[[[[\"{{{{"}"#, 1.0)).as_bytes());
}

/// The fast report parser (report::fast) checks what it skips: every malformed or odd
/// `usage` gives what the full parse gives (same error code, same line and column).
#[test]
fn skipped_usage_is_checked_as_json() {
    let o = ReportOptions::default();
    let usages = [
        // Malformed.
        r#"{"model_usage":[1 2]}"#,
        r#"{"model_usage":[1,]}"#,
        r#"{"model_usage" [1]}"#,
        r#"{model_usage:[]}"#,
        r#"{"a":tru}"#,
        r#"{"a":nul}"#,
        r#"{"a":01}"#,
        r#"{"a":1.}"#,
        r#"{"a":-}"#,
        r#"{"a":1e}"#,
        r#"{"a":.5}"#,
        r#"{"a":"\x"}"#,
        r#"{"a":"\u12"}"#,
        "{\"a\":\"raw \u{1} control\"}",
        r#"{"a":[}"#,
        r#"{"a":{]}"#,
        r#"{"a":1}}"#,
        // Valid, odd.
        r#"{"a":"\u00e9\ud83d\ude00 \" \\ \/ \b \f \n \r \t","b":"naïve 😀 中文"}"#,
        r#"{"lone":"\ud83d","x":"\ude00"}"#,
        r#"{"huge":1e400,"neg":-1e400,"long":123456789012345678901234567890,"tiny":1e-400}"#,
        r#"{"a":[],"b":{},"c":[{}],"d":[[],[[]]],"e":true,"f":false,"g":null,"h":-0.0}"#,
        "{\n\t\"a\" :\r\n [ 1 , 2 ] }",
    ];
    for u in usages {
        for event in [
            update(u, 1.0),
            format!(r#"{{"type":"close","usage":{u},"created_at":2}}"#),
        ] {
            let r = report(&[update(r#"{"model_usage":[]}"#, 0.5), event].join(",\n"));
            same(r.as_bytes());
            let full = parse_json(r.as_bytes());
            let fast = analyze_session_report_json(r.as_bytes(), &o);
            if let (
                Err(voice_agent_metrics::NormalizeError::InvalidJson { line, column }),
                Err(voice_agent_metrics::ReportError::InvalidJson { line: l, column: c }),
            ) = (full, fast)
            {
                assert_eq!((line, column), (l, c), "{u}");
            }
        }
    }
    // Invalid UTF-8 inside a skipped string, and outside strings.
    for bad in [&b"\"\xff\""[..], b"\"\xc3\"", b"\"\xed\xa0\x80\"", b"\xff"] {
        let mut r = report(&update("{\"s\":@}", 1.0)).into_bytes();
        let at = r.iter().position(|&b| b == b'@').unwrap();
        r.splice(at..=at, bad.iter().copied());
        same(&r);
        assert!(analyze_session_report_json(&r, &o).is_err());
    }
}

/// Reports in every fixture shape, re-indented and minified, analyse the same.
#[test]
fn layouts_analyse_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path().join("session_report.json");
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        same(serde_json::to_string(&v).unwrap().as_bytes());
        same(serde_json::to_string_pretty(&v).unwrap().as_bytes());
    }
}
