//! Metrics events (JSON) → a live `SessionMetrics` / `TurnTracker`, one by one: no
//! panic, and the live turns equal the batch turns (the incremental path is exact
//! while nothing is evicted or sealed: always with fewer than `MAX_OPEN_TURNS` turns).
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::{
    compute_turn_latency, normalize_json, Metric, NormalizeOptions, OnInvalid, SessionMetrics,
    SessionOptions, TurnTracker,
};

fuzz_target!(|data: &[u8]| {
    let options = NormalizeOptions {
        dialect: None,
        on_invalid: OnInvalid::Skip,
        ..Default::default()
    };
    let Ok(report) = normalize_json(data, &options) else {
        return;
    };
    let metrics: Vec<Metric> = report.records.into_iter().map(|r| r.metric).collect();
    let mut tracker = TurnTracker::new();
    let mut reported = 0usize;
    for m in &metrics {
        reported += tracker.push(m).len();
    }
    reported += tracker.flush().len();
    let batch = compute_turn_latency(&metrics);
    if batch.len() < voice_agent_metrics::turns::MAX_OPEN_TURNS {
        assert_eq!(tracker.turns(), batch);
        assert_eq!(tracker.late_metrics(), 0);
        let _ = reported;
    }
    let _ = tracker.summary();
    // A tiny detail window: eviction and late metrics on every input.
    let mut live = SessionMetrics::new(SessionOptions {
        max_turns_detail: 1,
        ..SessionOptions::default()
    });
    for m in &metrics {
        live.push(m);
    }
    live.flush();
    let _ = (live.turns(), live.summary(), live.usage());
});
