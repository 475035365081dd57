//! Price tables (JSON) → `PriceTable`, then pricing a usage with every kind of row.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::usage::{cost, LlmUsage, ModelUsage, RequestUsage, SttUsage, TtsUsage};
use voice_agent_metrics::{parse_json, PriceTable};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = parse_json(data) else {
        return;
    };
    let Ok(table) = PriceTable::from_value(&value) else {
        return;
    };
    let rows = [
        ModelUsage::Llm(LlmUsage {
            provider: "openai".into(),
            model: "gpt-4o-mini".into(),
            input_tokens: 1_000_000,
            input_cached_tokens: 200_000,
            input_audio_tokens: 10,
            output_tokens: 50_000,
            session_duration_ms: 60_000.0,
            ..Default::default()
        }),
        ModelUsage::Tts(TtsUsage {
            provider: "cartesia".into(),
            model: "sonic-2".into(),
            characters_count: 12_345,
            audio_duration_ms: 60_000.0,
            ..Default::default()
        }),
        ModelUsage::Stt(SttUsage {
            provider: "deepgram".into(),
            model: "nova-3".into(),
            audio_duration_ms: 120_000.0,
            ..Default::default()
        }),
        ModelUsage::Eot(RequestUsage {
            provider: "livekit".into(),
            model: "eot".into(),
            total_requests: 42,
        }),
    ];
    let c = cost(&rows, &table);
    assert!(!c.total.is_nan(), "a cost is never NaN");
});
