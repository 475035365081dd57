use super::MetricsMetadata;
use alloc::string::String;

/// `llm_metrics`: one LLM request, emitted when its stream ends.
///
/// Python `LLMMetrics` (seconds) and Node `LLMMetrics` (`durationMs`, `ttftMs`) both
/// land here in milliseconds. Tool-call follow-ups reuse the turn's `speech_id`, so
/// one turn can have several of these.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LlmMetrics {
    /// The LLM instance label (e.g. `livekit.plugins.openai.llm.LLM`).
    pub label: String,
    /// Id of the last chunk received; `""` if none.
    pub request_id: String,
    /// When the metric was built (end of the stream), epoch ms.
    pub timestamp_ms: f64,
    /// Stream start → stream end, ms.
    pub duration_ms: f64,
    /// Stream start → first generated chunk, ms. `None` when nothing was generated
    /// (the SDKs' `-1` sentinel).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub ttft_ms: Option<f64>,
    /// Whether the stream was cancelled (e.g. an invalidated preemptive generation).
    pub cancelled: bool,
    /// Output tokens.
    pub completion_tokens: u64,
    /// Input tokens (cached ones included).
    pub prompt_tokens: u64,
    /// Input tokens read from the prompt cache (0 before Python 1.0.14).
    pub prompt_cached_tokens: u64,
    /// Input tokens written to the prompt cache (Anthropic; Python 1.6.10 / Node 1.6.3).
    pub cache_creation_tokens: u64,
    /// Hidden reasoning tokens, already inside `completion_tokens` (Python ≥ 1.8
    /// `reasoning_tokens`; read as `reasoningTokens` from Node).
    pub reasoning_tokens: u64,
    /// Total tokens as the provider reported them.
    pub total_tokens: u64,
    /// `completion_tokens / duration`, tokens per second.
    pub tokens_per_second: f64,
    /// The speech (turn) this request belongs to; `None` for background calls.
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
