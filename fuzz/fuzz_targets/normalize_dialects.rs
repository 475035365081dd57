//! One metrics event per dialect: the first byte picks the named dialect (or none),
//! the rest is JSON wrapped in each event form; canonical values must be sane.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::{
    normalize_batch, parse_json, Dialect, Metric, NormalizeOptions, OnInvalid,
};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let dialect = match pick % 4 {
        0 => None,
        1 => Some(Dialect::Python),
        2 => Some(Dialect::Node),
        _ => Some(Dialect::NodeLegacy),
    };
    let Ok(value) = parse_json(rest) else {
        return;
    };
    let options = NormalizeOptions {
        dialect,
        on_invalid: OnInvalid::Skip,
        ..Default::default()
    };
    let Ok(report) = normalize_batch(&value, &options) else {
        return;
    };
    for r in &report.records {
        let ok = |x: f64| x.is_finite();
        match &r.metric {
            Metric::Llm(m) => assert!(ok(m.duration_ms) && m.ttft_ms.is_none_or(|t| t >= 0.0)),
            Metric::Tts(m) => {
                assert!(ok(m.audio_duration_ms) && m.ttfb_ms.is_none_or(|t| t >= 0.0))
            }
            Metric::Stt(m) => assert!(ok(m.audio_duration_ms) && m.audio_duration_ms >= 0.0),
            Metric::Eou(m) => assert!(ok(m.timestamp_ms)),
            _ => {}
        }
        if let Some(t) = r.metric.timestamp_ms() {
            assert!(t.is_finite());
        }
    }
});
