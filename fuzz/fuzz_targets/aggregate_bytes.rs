//! `LatencyAggregator::from_bytes`: corrupt, truncated and hostile bytes are errors,
//! never panics or huge allocations; what decodes round-trips (bytes, and JSON to the same
//! bytes) and exports.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::LatencyAggregator;

fuzz_target!(|data: &[u8]| {
    let Ok(agg) = LatencyAggregator::from_bytes(data) else {
        return;
    };
    let bytes = agg.to_bytes();
    let again = LatencyAggregator::from_bytes(&bytes).expect("our own bytes decode");
    assert_eq!(again.to_bytes(), bytes, "bytes round-trip");
    let _ = agg.to_prometheus();
    let _ = agg.quantiles(&[0.0, 0.5, 0.99, 1.0]);
    let mut merged = agg.clone();
    let _ = merged.merge(&again);
    // The JSON form holds the same aggregator (acquire-time rows included).
    let from_json = LatencyAggregator::from_json(&agg.to_json()).expect("our own JSON decodes");
    assert_eq!(
        from_json.to_bytes(),
        bytes,
        "JSON holds what the bytes hold"
    );
    let _ = agg.to_otlp_json(&voice_agent_metrics::export::OtlpOptions::default());
});
