use super::MetricsMetadata;
use alloc::string::String;

/// `stt_metrics`: one non-streaming STT request, or one streaming usage report.
///
/// STT metrics never carry a `speech_id`: they are session-level.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SttMetrics {
    /// The STT instance label.
    pub label: String,
    /// Provider request id; `""` for connection-acquire metrics.
    pub request_id: String,
    /// When the metric was built, epoch ms.
    pub timestamp_ms: f64,
    /// Request latency of a non-streaming `recognize`, ms; 0 when streamed.
    pub duration_ms: f64,
    /// Audio pushed / billed, ms.
    pub audio_duration_ms: f64,
    /// Whether the STT streams (websocket).
    pub streamed: bool,
    /// Input tokens (token-billed STT).
    pub input_tokens: u64,
    /// Output tokens (token-billed STT).
    pub output_tokens: u64,
    /// Input + output tokens (Python ≥ 1.8; otherwise their sum).
    pub total_tokens: u64,
    /// Audio input tokens, a subset of `input_tokens` (Python ≥ 1.8 only).
    pub input_audio_tokens: u64,
    /// Time to acquire the websocket connection, ms (Python only; `None` when not measured, i.e. 0).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub acquire_time_ms: Option<f64>,
    /// Whether a pooled connection was reused (Python only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub connection_reused: Option<bool>,
    /// Provider and model.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}

/// `tts_metrics`: one TTS request (chunked) or one streamed segment.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TtsMetrics {
    /// The TTS instance label.
    pub label: String,
    /// Provider request id.
    pub request_id: String,
    /// When the metric was built, epoch ms.
    pub timestamp_ms: f64,
    /// First text sent (or request start) → first audio, ms. `None` when no audio
    /// came back (the SDKs' `-1` sentinel).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub ttfb_ms: Option<f64>,
    /// Synthesis duration, ms.
    pub duration_ms: f64,
    /// Audio produced, ms.
    pub audio_duration_ms: f64,
    /// Whether synthesis was cancelled.
    pub cancelled: bool,
    /// Characters synthesized (character-billed TTS).
    pub characters_count: u64,
    /// Input text tokens (token-billed TTS).
    pub input_tokens: u64,
    /// Output audio tokens (token-billed TTS).
    pub output_tokens: u64,
    /// Whether this was a streamed segment.
    pub streamed: bool,
    /// Time to acquire the websocket connection, ms (Python only; `None` when 0).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub acquire_time_ms: Option<f64>,
    /// Whether a pooled connection was reused (Python only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub connection_reused: Option<bool>,
    /// Streamed segment id (Python sets it; Node never does).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub segment_id: Option<String>,
    /// The speech (turn) this synthesis belongs to.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub speech_id: Option<String>,
    /// Provider and model.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}
