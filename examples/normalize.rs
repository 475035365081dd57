//! Normalizes a file of LiveKit metrics events (either SDK's dialect) and prints
//! the canonical records as JSON lines, then a one-line summary on stderr.
//!
//! ```text
//! cargo run --example normalize -- FILE.json [--dialect python|node|nodeLegacy] [--skip-invalid]
//! ```
//!
//! FILE holds a JSON array, a single event, or JSON lines.

use std::process::ExitCode;
use voice_agent_metrics::{normalize_json, Dialect, NormalizeOptions, OnInvalid};

fn main() -> ExitCode {
    let mut path = None;
    let mut options = NormalizeOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dialect" => {
                let name = args.next().unwrap_or_default();
                match Dialect::from_name(&name) {
                    Some(d) => options.dialect = Some(d),
                    None => {
                        eprintln!("unknown dialect `{name}` (python, node, nodeLegacy)");
                        return ExitCode::from(2);
                    }
                }
            }
            "--skip-invalid" => options.on_invalid = OnInvalid::Skip,
            _ if path.is_none() => path = Some(arg),
            _ => {
                eprintln!("unexpected argument `{arg}`");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("usage: normalize FILE.json [--dialect python|node|nodeLegacy] [--skip-invalid]");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = match normalize_json(&bytes, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{path}: [{}] {e}", e.error.code());
            return ExitCode::FAILURE;
        }
    };
    for record in &report.records {
        match serde_json::to_string(record) {
            Ok(line) => println!("{line}"),
            Err(e) => eprintln!("cannot print a record: {e}"),
        }
    }
    for skipped in &report.skipped {
        eprintln!(
            "skipped item {}: [{}] {}",
            skipped.index, skipped.code, skipped.message
        );
    }
    let unknown: Vec<String> = report
        .unknown_types
        .iter()
        .map(|u| format!("{} x{}", u.metric_type, u.count))
        .collect();
    eprintln!(
        "{path}: {} records, {} skipped, unknown types: {}",
        report.records.len(),
        report.skipped.len(),
        if unknown.is_empty() {
            "none".to_string()
        } else {
            unknown.join(", ")
        }
    );
    ExitCode::SUCCESS
}
