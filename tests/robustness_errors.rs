//! Runs every case of `docs/errors.md` (the bad-input catalogue) that uses a Rust API,
//! so the catalogue cannot drift from the code: each input must give exactly its code
//! (and its field, when the row names one). The `js` rows run in
//! `js-tests/node/errors-catalogue.test.mjs`. Also checks that every `ErrorCode` is in
//! the catalogue's code table and has at least one case.

use std::collections::BTreeSet;
use voice_agent_metrics::{
    analyze_session_report_json, normalize_json, parse_json, ChatTurnBuilder, Dialect, ErrorCode,
    LatencyAggregator, NormalizeOptions, OnInvalid, PriceTable, ReportOptions,
};

struct Case {
    n: usize,
    code: String,
    api: String,
    input: String,
    field: Option<String>,
}

fn catalogue() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/errors.md")).unwrap()
}

fn cases(doc: &str) -> Vec<Case> {
    let section = doc.split("## Cases").nth(1).expect("a Cases section");
    section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
        .map(|l| {
            let cols: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            let unquote = |s: &str| s.trim_matches('`').to_string();
            Case {
                n: cols[0].parse().expect("a case number"),
                code: unquote(cols[1]),
                api: unquote(cols[2]),
                input: unquote(cols[3]),
                field: (cols[4] != "-").then(|| cols[4].to_string()),
            }
        })
        .collect()
}

fn nest(input: &str) -> Option<String> {
    let n: usize = input.strip_prefix("nest:")?.parse().ok()?;
    Some(format!("{}{}", "[".repeat(n), "]".repeat(n)))
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Runs one case: the code and field it gives.
fn run(c: &Case) -> Result<(String, Option<String>), String> {
    let text = nest(&c.input).unwrap_or_else(|| c.input.clone());
    let bytes = text.as_bytes();
    let got = |code: ErrorCode, field: Option<&str>| {
        Ok((code.as_str().to_string(), field.map(String::from)))
    };
    match c.api.as_str() {
        "normalize" | "normalize:python" => {
            let options = NormalizeOptions {
                dialect: (c.api == "normalize:python").then_some(Dialect::Python),
                ..Default::default()
            };
            match normalize_json(bytes, &options) {
                Ok(_) => Err("no error".into()),
                Err(e) => got(e.error.code(), e.error.field()),
            }
        }
        "normalize-skip" => {
            let options = NormalizeOptions {
                on_invalid: OnInvalid::Skip,
                ..Default::default()
            };
            let report = normalize_json(bytes, &options).map_err(|e| format!("failed: {e}"))?;
            let s = report.skipped.first().ok_or("nothing skipped")?;
            got(s.code, s.field.as_deref())
        }
        "report" => match analyze_session_report_json(bytes, &ReportOptions::default()) {
            Ok(_) => Err("no error".into()),
            Err(e) => got(e.code(), e.field()),
        },
        "report-skip" => {
            let a = analyze_session_report_json(bytes, &ReportOptions::default())
                .map_err(|e| format!("failed: {e}"))?;
            let s = a.skipped.first().ok_or("nothing skipped")?;
            got(s.code, s.field.as_deref())
        }
        "chat" => {
            let v = parse_json(bytes).map_err(|e| e.to_string())?;
            match ChatTurnBuilder::default().push_item(&v) {
                Ok(()) => Err("no error".into()),
                Err(e) => got(e.code(), e.field()),
            }
        }
        "prices" => {
            let v = parse_json(bytes).map_err(|e| e.to_string())?;
            match PriceTable::from_value(&v) {
                Ok(_) => Err("no error".into()),
                Err(e) => got(e.code(), e.field()),
            }
        }
        "labels" => {
            let keys: Vec<String> = serde_json::from_str(&text).unwrap();
            match LatencyAggregator::new(&keys) {
                Ok(_) => Err("no error".into()),
                Err(e) => got(e.code(), None),
            }
        }
        "merge" => {
            let keys: Vec<Vec<String>> = serde_json::from_str(&text).unwrap();
            let mut a = LatencyAggregator::new(&keys[0]).unwrap();
            let b = LatencyAggregator::new(&keys[1]).unwrap();
            match a.merge(&b) {
                Ok(()) => Err("no error".into()),
                Err(e) => got(e.code(), None),
            }
        }
        "quantile" => {
            let q: f64 = text.parse().unwrap();
            match LatencyAggregator::new::<&str>(&[]).unwrap().quantiles(&[q]) {
                Ok(_) => Err("no error".into()),
                Err(e) => got(e.code(), None),
            }
        }
        "aggregate-json" => match LatencyAggregator::from_json(&text) {
            Ok(_) => Err("no error".into()),
            Err(e) => got(e.code(), None),
        },
        "aggregate-bytes" => {
            let data = match text.strip_prefix("truncate:") {
                Some(n) => {
                    let whole = LatencyAggregator::new(&["agent_name"]).unwrap().to_bytes();
                    whole[..n.parse::<usize>().unwrap()].to_vec()
                }
                None => hex(&text),
            };
            match LatencyAggregator::from_bytes(&data) {
                Ok(_) => Err("no error".into()),
                Err(e) => got(e.code(), None),
            }
        }
        "record" => {
            let (c, n) = text.split_once('*').unwrap();
            let value = c.repeat(n.parse().unwrap());
            let mut agg = LatencyAggregator::new(&["agent_name"]).unwrap();
            let turn = voice_agent_metrics::TurnSample::default();
            match agg.record(&turn, &[("agent_name", value.as_str())]) {
                Ok(()) => Err("no error".into()),
                Err(e) => got(e.code(), None),
            }
        }
        "otlp" => {
            let [start, time]: [u64; 2] = serde_json::from_str(&text).unwrap();
            let agg = LatencyAggregator::new::<&str>(&[]).unwrap();
            let options = voice_agent_metrics::export::OtlpOptions {
                start_time_unix_nano: start,
                time_unix_nano: time,
                ..Default::default()
            };
            match agg.to_otlp_json(&options) {
                Ok(_) => Err("no error".into()),
                Err(e) => got(e.code(), None),
            }
        }
        other => Err(format!("unknown api {other}")),
    }
}

#[test]
fn every_rust_case_in_the_catalogue_gives_its_code() {
    let doc = catalogue();
    let all = cases(&doc);
    assert!(all.len() >= 40, "{} cases", all.len());
    let mut failures = Vec::new();
    let mut ran = 0;
    for c in all.iter().filter(|c| c.api != "js") {
        ran += 1;
        match run(c) {
            Ok((code, field)) if code == c.code && (c.field.is_none() || field == c.field) => {}
            Ok((code, field)) => failures.push(format!(
                "case {}: want {} {:?}, got {code} {field:?}",
                c.n, c.code, c.field
            )),
            Err(e) => failures.push(format!("case {}: want {}, {e}", c.n, c.code)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("{ran} Rust cases of docs/errors.md pass");
}

#[test]
fn every_error_code_is_documented_and_has_a_case() {
    let doc = catalogue();
    let table: BTreeSet<&str> = doc
        .split("## The codes")
        .nth(1)
        .unwrap()
        .split("## Limits")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let with_case: BTreeSet<String> = cases(&doc).into_iter().map(|c| c.code).collect();
    let all = [
        ErrorCode::InvalidJson,
        ErrorCode::NotAnObject,
        ErrorCode::MissingField,
        ErrorCode::WrongType,
        ErrorCode::NotFinite,
        ErrorCode::NegativeDuration,
        ErrorCode::NegativeCount,
        ErrorCode::NotAnInteger,
        ErrorCode::OutOfRange,
        ErrorCode::UnknownDialect,
        ErrorCode::DialectMismatch,
        ErrorCode::TooDeep,
        ErrorCode::DuplicatePrice,
        ErrorCode::InvalidEncoding,
        ErrorCode::TruncatedBytes,
        ErrorCode::UnsupportedVersion,
        ErrorCode::InvalidLabels,
        ErrorCode::IncompatibleMerge,
        ErrorCode::TooLarge,
        ErrorCode::Freed,
        ErrorCode::InstanceLost,
        ErrorCode::Internal,
    ];
    for code in all {
        // A new code must be added here (this match fails to compile otherwise) and to
        // the catalogue.
        match code {
            ErrorCode::InvalidJson
            | ErrorCode::NotAnObject
            | ErrorCode::MissingField
            | ErrorCode::WrongType
            | ErrorCode::NotFinite
            | ErrorCode::NegativeDuration
            | ErrorCode::NegativeCount
            | ErrorCode::NotAnInteger
            | ErrorCode::OutOfRange
            | ErrorCode::UnknownDialect
            | ErrorCode::DialectMismatch
            | ErrorCode::TooDeep
            | ErrorCode::DuplicatePrice
            | ErrorCode::InvalidEncoding
            | ErrorCode::TruncatedBytes
            | ErrorCode::UnsupportedVersion
            | ErrorCode::InvalidLabels
            | ErrorCode::IncompatibleMerge
            | ErrorCode::TooLarge
            | ErrorCode::Freed
            | ErrorCode::InstanceLost
            | ErrorCode::Internal => {}
            _ => panic!("an error code the catalogue test does not know: {code}"),
        }
        assert!(
            table.contains(code.as_str()),
            "{code} is not in the code table"
        );
        assert!(with_case.contains(code.as_str()), "{code} has no case");
    }
    assert_eq!(table.len(), all.len(), "the code table lists unknown codes");
}
