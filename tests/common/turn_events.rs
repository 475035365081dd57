//! Hand-built LiveKit metrics events, in either dialect, for the turn-engine tests,
//! and a small seeded shuffle (no extra dependency).
//!
//! Times are given in ms from an epoch base; the Python builders write seconds and
//! epoch seconds, exactly as `livekit-agents` does.
#![allow(dead_code)]

use voice_agent_metrics::Metric;

/// Epoch base of the hand-built sessions (ms), late 2026 like the captures.
pub const T0: f64 = 1_795_280_000_000.0;

fn s(ms: f64) -> f64 {
    ms / 1000.0
}

fn parse(json: String) -> Metric {
    super::common::metric(&json)
}

/// Python `eou_metrics` emitted at `T0 + at`, with delays in ms.
pub fn py_eou(id: &str, at: f64, eou: f64, transcription: f64, hook: f64) -> Metric {
    parse(format!(
        r#"{{"type":"eou_metrics","timestamp":{},"end_of_utterance_delay":{},
            "transcription_delay":{},"on_user_turn_completed_delay":{},"speech_id":"{id}",
            "metadata":{{"model_name":"unknown","model_provider":"vad"}}}}"#,
        s(T0 + at),
        s(eou),
        s(transcription),
        s(hook)
    ))
}

/// Python `llm_metrics` ending at `T0 + end`.
pub fn py_llm(id: Option<&str>, end: f64, duration: f64, ttft: f64, cancelled: bool) -> Metric {
    let speech = id.map_or(String::from("null"), |i| format!("\"{i}\""));
    parse(format!(
        r#"{{"type":"llm_metrics","label":"openai.LLM","request_id":"chatcmpl","timestamp":{},
            "duration":{},"ttft":{},"cancelled":{cancelled},"completion_tokens":10,
            "prompt_tokens":100,"prompt_cached_tokens":0,"total_tokens":110,
            "tokens_per_second":12.5,"speech_id":{speech}}}"#,
        s(T0 + end),
        s(duration),
        if ttft < 0.0 { -1.0 } else { s(ttft) }
    ))
}

/// Python `tts_metrics` (one segment) ending at `T0 + end`.
pub fn py_tts(id: &str, end: f64, duration: f64, ttfb: f64, audio: f64) -> Metric {
    parse(format!(
        r#"{{"type":"tts_metrics","label":"cartesia.TTS","request_id":"tts","timestamp":{},
            "ttfb":{},"duration":{},"audio_duration":{},"cancelled":false,
            "characters_count":40,"streamed":true,"segment_id":"seg","speech_id":"{id}"}}"#,
        s(T0 + end),
        if ttfb < 0.0 { -1.0 } else { s(ttfb) },
        s(duration),
        s(audio)
    ))
}

/// Node `eou_metrics` emitted at `T0 + at`; the user stopped speaking at `T0 + stopped`.
pub fn node_eou(id: &str, at: f64, stopped: f64, eou: f64, transcription: f64) -> Metric {
    parse(format!(
        r#"{{"type":"eou_metrics","timestamp":{},"endOfUtteranceDelayMs":{eou},
            "transcriptionDelayMs":{transcription},"onUserTurnCompletedDelayMs":0,
            "lastSpeakingTimeMs":{},"speechId":"{id}"}}"#,
        T0 + at,
        T0 + stopped
    ))
}

/// Node `llm_metrics` ending at `T0 + end`.
pub fn node_llm(id: &str, end: f64, duration: f64, ttft: f64) -> Metric {
    parse(format!(
        r#"{{"type":"llm_metrics","label":"openai.LLM","requestId":"chatcmpl","timestamp":{},
            "durationMs":{duration},"ttftMs":{ttft},"cancelled":false,"completionTokens":10,
            "promptTokens":100,"promptCachedTokens":0,"totalTokens":110,
            "tokensPerSecond":12.5,"speechId":"{id}"}}"#,
        T0 + end
    ))
}

/// Node `tts_metrics` ending at `T0 + end`.
pub fn node_tts(id: &str, end: f64, duration: f64, ttfb: f64, audio: f64) -> Metric {
    parse(format!(
        r#"{{"type":"tts_metrics","label":"cartesia.TTS","requestId":"tts","timestamp":{},
            "ttfbMs":{ttfb},"durationMs":{duration},"audioDurationMs":{audio},
            "cancelled":false,"charactersCount":40,"streamed":true,"speechId":"{id}"}}"#,
        T0 + end
    ))
}

/// Node `realtime_model_metrics` for a response created at `T0 + created`.
pub fn node_realtime(request_id: &str, created: f64, duration: f64, ttft: f64) -> Metric {
    parse(format!(
        r#"{{"type":"realtime_model_metrics","label":"openai_realtime","requestId":"{request_id}",
            "timestamp":{},"durationMs":{duration},"ttftMs":{ttft},"cancelled":false,
            "inputTokens":500,"outputTokens":100,"totalTokens":600,"tokensPerSecond":90,
            "inputTokenDetails":{{"audioTokens":50,"textTokens":450,"imageTokens":0,
            "cachedTokens":0}},"outputTokenDetails":{{"textTokens":20,"audioTokens":80,
            "imageTokens":0}}}}"#,
        T0 + created
    ))
}

/// Python's zero-usage "connection acquired" realtime metric.
pub fn py_realtime_connection(at: f64) -> Metric {
    parse(format!(
        r#"{{"type":"realtime_model_metrics","label":"openai.realtime","request_id":"",
            "timestamp":{},"duration":0.0,"ttft":-1,"cancelled":false,"input_tokens":0,
            "output_tokens":0,"total_tokens":0,"tokens_per_second":0.0,
            "input_token_details":{{}},"output_token_details":{{}},"acquire_time":0.12}}"#,
        s(T0 + at)
    ))
}

/// Python `stt_metrics` (session-level).
pub fn py_stt(at: f64) -> Metric {
    parse(format!(
        r#"{{"type":"stt_metrics","label":"deepgram.STT","request_id":"stt","timestamp":{},
            "duration":0.0,"audio_duration":2.5,"streamed":true}}"#,
        s(T0 + at)
    ))
}

/// A xorshift64* generator: deterministic permutations without a `rand` dependency.
pub struct Shuffler(u64);

impl Shuffler {
    pub fn new(seed: u64) -> Self {
        Shuffler(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
