//! JSON text (array, one object, JSON lines) → normalized records, every option.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::{normalize_json, Dialect, NormalizeOptions, OnInvalid};

fuzz_target!(|data: &[u8]| {
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
