//! Session reports (Python `to_dict()`, Node `sessionReportToJSON`, old camelCase).
//! Also differential: the fast report parser (skipping what the analysis never reads)
//! must agree with a full `parse_json` + `analyze_session_report`, error codes included.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::{
    analyze_session_report, analyze_session_report_json, parse_json, ReportOptions,
};

fuzz_target!(|data: &[u8]| {
    for preemptive_generation in [None, Some(false)] {
        let options = ReportOptions {
            preemptive_generation,
            ..ReportOptions::default()
        };
        let fast = analyze_session_report_json(data, &options);
        if let Ok(analysis) = &fast {
            let _ = serde_json::to_string(&analysis.turns).expect("turns serialize");
        }
        // A skipped usage may hold what only a full parse rejects (a lone surrogate
        // escape, a number beyond f64): then the fast side may succeed alone.
        if let Ok(full) = parse_json(data) {
            let full = analyze_session_report(&full, &options);
            match (&fast, &full) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(serde_json::to_string(a).ok(), serde_json::to_string(b).ok())
                }
                (a, b) => assert_eq!(a.as_ref().err(), b.as_ref().err()),
            }
        }
    }
});
