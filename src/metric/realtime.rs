use super::MetricsMetadata;
use alloc::string::String;

/// `realtime_model_metrics`: one realtime-model response.
///
/// Realtime metrics carry no `speech_id`; `request_id` is the provider response id,
/// equal to the assistant message's `provider_request_ids[0]`.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RealtimeModelMetrics {
    /// The model instance label.
    pub label: String,
    /// Provider response id (`""` for connection-acquire metrics).
    pub request_id: String,
    /// When the response was **created** (not emitted), epoch ms.
    pub timestamp_ms: f64,
    /// Response created → done, ms.
    pub duration_ms: f64,
    /// Connection duration for session-billed models (xAI), ms.
    pub session_duration_ms: f64,
    /// Response created → first audio token, ms. `None` when none (the `-1` sentinel).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub ttft_ms: Option<f64>,
    /// Whether the response was cancelled.
    pub cancelled: bool,
    /// Input tokens (text + audio + image).
    pub input_tokens: u64,
    /// Output tokens (text + audio).
    pub output_tokens: u64,
    /// Total tokens.
    pub total_tokens: u64,
    /// Output tokens per second.
    pub tokens_per_second: f64,
    /// Breakdown of the input tokens.
    pub input_token_details: InputTokenDetails,
    /// Breakdown of the output tokens.
    pub output_token_details: OutputTokenDetails,
    /// Time to acquire the connection, ms (`None` when not measured, i.e. 0).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub acquire_time_ms: Option<f64>,
    /// Whether a pooled connection was reused.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub connection_reused: Option<bool>,
    /// Provider and model (Node realtime plugins set none).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}

/// Input-token breakdown of a realtime response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct InputTokenDetails {
    /// Audio input tokens.
    pub audio_tokens: u64,
    /// Text input tokens.
    pub text_tokens: u64,
    /// Image input tokens.
    pub image_tokens: u64,
    /// Cached input tokens (all modalities).
    pub cached_tokens: u64,
    /// Cached tokens by modality, when the provider reports them.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub cached_tokens_details: Option<CachedTokenDetails>,
}

/// Cached input tokens by modality.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CachedTokenDetails {
    /// Cached audio tokens.
    pub audio_tokens: u64,
    /// Cached text tokens.
    pub text_tokens: u64,
    /// Cached image tokens.
    pub image_tokens: u64,
}

/// Output-token breakdown of a realtime response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OutputTokenDetails {
    /// Text output tokens.
    pub text_tokens: u64,
    /// Audio output tokens.
    pub audio_tokens: u64,
    /// Image output tokens (deprecated upstream; ignored by usage).
    pub image_tokens: u64,
}
