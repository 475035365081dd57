//! `LatencyAggregator::from_json`: hostile JSON is an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::LatencyAggregator;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(agg) = LatencyAggregator::from_json(text) else {
        return;
    };
    let json = agg.to_json();
    let again = LatencyAggregator::from_json(&json).expect("our own JSON decodes");
    assert_eq!(again.to_json(), json, "JSON round-trips");
    let _ = agg.to_prometheus();
    let _ = LatencyAggregator::from_bytes(&agg.to_bytes()).expect("bytes decode");
});
