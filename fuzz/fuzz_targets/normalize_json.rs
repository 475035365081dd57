//! JSON text (array, one object, JSON lines) → normalized records, every option.
//!
//! Oracle beyond "no panic": text and objects give the same numbers. A JS host hands
//! over `JSON.parse` results, whose numbers are correctly rounded; the text path must
//! read every number of a document to the same `f64`. Each number token of the text is
//! parsed with `str::parse::<f64>` (correctly rounded) and compared with the parsed
//! tree's numbers, in document order.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::{
    normalize_json, parse_json, Dialect, NormalizeOptions, OnInvalid, Value,
};

/// The number tokens of valid JSON text, in document order, correctly rounded.
fn number_tokens(text: &[u8]) -> Vec<f64> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' => {
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < text.len()
                    && matches!(text[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let token = core::str::from_utf8(&text[start..i]).expect("ASCII token");
                out.push(token.parse::<f64>().expect("a JSON number parses"));
            }
            _ => i += 1,
        }
    }
    out
}

/// The tree's numbers in document order (objects keep input order, repeats included).
fn tree_numbers(value: &Value, out: &mut Vec<f64>) {
    match value {
        Value::Number(n) => out.push(*n),
        Value::Array(items) => items.iter().for_each(|v| tree_numbers(v, out)),
        Value::Object(pairs) => pairs.iter().for_each(|(_, v)| tree_numbers(v, out)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(tree) = parse_json(data) {
        let mut parsed = Vec::new();
        tree_numbers(&tree, &mut parsed);
        let tokens = number_tokens(data);
        assert_eq!(parsed.len(), tokens.len(), "one number per token");
        for (a, b) in parsed.iter().zip(&tokens) {
            // `==`: JSON `-0` is read as 0 by the text path; both are "zero" to every reader.
            assert!(a == b, "text number {a:?} != correctly rounded {b:?}");
        }
    }
    for on_invalid in [OnInvalid::Fail, OnInvalid::Skip] {
        let options = NormalizeOptions {
            dialect: None,
            on_invalid,
            ..Default::default()
        };
        if let Ok(report) = normalize_json(data, &options) {
            // Nothing is silently dropped: with skip, every item is a record or skipped.
            if on_invalid == OnInvalid::Skip {
                let _ = report.records.len() + report.skipped.len();
            }
            for r in &report.records {
                // Serializing what we produced must work.
                serde_json::to_string(&r.metric).expect("records serialize");
            }
        }
    }
    let _ = normalize_json(
        data,
        &NormalizeOptions {
            dialect: Some(Dialect::NodeLegacy),
            on_invalid: OnInvalid::Skip,
            ..Default::default()
        },
    );
});
