//! Session reports (Python `to_dict()`, Node `sessionReportToJSON`, old camelCase).
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::{analyze_session_report_json, ReportOptions};

fuzz_target!(|data: &[u8]| {
    for preemptive_generation in [None, Some(false)] {
        let options = ReportOptions {
            preemptive_generation,
            ..ReportOptions::default()
        };
        if let Ok(analysis) = analyze_session_report_json(data, &options) {
            let _ = serde_json::to_string(&analysis.turns).expect("turns serialize");
        }
    }
});
