//! Canonical per-model usage: what `ModelUsageCollector.flatten()` holds, in ms.

use alloc::string::String;

/// The usage kind, i.e. which of the SDK collector's maps a row lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum UsageKind {
    /// `llm_usage` (LLM and realtime-model metrics).
    Llm,
    /// `tts_usage`.
    Tts,
    /// `stt_usage`.
    Stt,
    /// `interruption_usage`.
    Interruption,
    /// `eot_usage`.
    Eot,
}

impl UsageKind {
    /// LiveKit's `type` string (`"llm_usage"`, ...).
    pub const fn livekit_type(self) -> &'static str {
        match self {
            UsageKind::Llm => "llm_usage",
            UsageKind::Tts => "tts_usage",
            UsageKind::Stt => "stt_usage",
            UsageKind::Interruption => "interruption_usage",
            UsageKind::Eot => "eot_usage",
        }
    }
}

/// LLM (and realtime-model) usage of one provider/model.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LlmUsage {
    /// Provider (`metadata.model_provider`, or `""`).
    pub provider: String,
    /// Model (`metadata.model_name`, or `""`).
    pub model: String,
    /// Input tokens, cached ones included.
    pub input_tokens: u64,
    /// Input tokens read from the cache.
    pub input_cached_tokens: u64,
    /// Input tokens written to the cache (Anthropic).
    pub input_cache_creation_tokens: u64,
    /// Audio input tokens (realtime).
    pub input_audio_tokens: u64,
    /// Cached audio input tokens (realtime).
    pub input_cached_audio_tokens: u64,
    /// Text input tokens (realtime).
    pub input_text_tokens: u64,
    /// Cached text input tokens (realtime).
    pub input_cached_text_tokens: u64,
    /// Image input tokens (realtime).
    pub input_image_tokens: u64,
    /// Cached image input tokens (realtime).
    pub input_cached_image_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Audio output tokens (realtime).
    pub output_audio_tokens: u64,
    /// Text output tokens (realtime).
    pub output_text_tokens: u64,
    /// Reasoning tokens, already inside `output_tokens` (never billed on their own):
    /// Python ≥ 1.8 `output_reasoning_tokens`, newer Node `outputReasoningTokens`.
    pub output_reasoning_tokens: u64,
    /// Connection time of session-billed realtime models (xAI), ms.
    pub session_duration_ms: f64,
}

/// TTS usage of one provider/model.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TtsUsage {
    /// Provider.
    pub provider: String,
    /// Model.
    pub model: String,
    /// Input text tokens (token-billed TTS).
    pub input_tokens: u64,
    /// Output audio tokens (token-billed TTS).
    pub output_tokens: u64,
    /// Characters synthesized.
    pub characters_count: u64,
    /// Audio produced, ms.
    pub audio_duration_ms: f64,
}

/// STT usage of one provider/model.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SttUsage {
    /// Provider.
    pub provider: String,
    /// Model.
    pub model: String,
    /// Input tokens (token-billed STT).
    pub input_tokens: u64,
    /// Audio input tokens, a subset of `input_tokens` (Python ≥ 1.8 only).
    pub input_audio_tokens: u64,
    /// Output tokens (token-billed STT).
    pub output_tokens: u64,
    /// Audio processed, ms.
    pub audio_duration_ms: f64,
}

/// Request-counted usage (interruption and end-of-turn models) of one provider/model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RequestUsage {
    /// Provider.
    pub provider: String,
    /// Model.
    pub model: String,
    /// Requests sent to the model.
    pub total_requests: u64,
}

/// One usage row: a provider/model of one kind.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ModelUsage {
    /// `llm_usage`.
    #[cfg_attr(feature = "serde", serde(rename = "llm_usage"))]
    Llm(LlmUsage),
    /// `tts_usage`.
    #[cfg_attr(feature = "serde", serde(rename = "tts_usage"))]
    Tts(TtsUsage),
    /// `stt_usage`.
    #[cfg_attr(feature = "serde", serde(rename = "stt_usage"))]
    Stt(SttUsage),
    /// `interruption_usage`.
    #[cfg_attr(feature = "serde", serde(rename = "interruption_usage"))]
    Interruption(RequestUsage),
    /// `eot_usage`.
    #[cfg_attr(feature = "serde", serde(rename = "eot_usage"))]
    Eot(RequestUsage),
}

impl ModelUsage {
    /// The usage kind.
    pub fn kind(&self) -> UsageKind {
        match self {
            ModelUsage::Llm(_) => UsageKind::Llm,
            ModelUsage::Tts(_) => UsageKind::Tts,
            ModelUsage::Stt(_) => UsageKind::Stt,
            ModelUsage::Interruption(_) => UsageKind::Interruption,
            ModelUsage::Eot(_) => UsageKind::Eot,
        }
    }

    /// `(provider, model)`.
    pub fn key(&self) -> (&str, &str) {
        match self {
            ModelUsage::Llm(u) => (&u.provider, &u.model),
            ModelUsage::Tts(u) => (&u.provider, &u.model),
            ModelUsage::Stt(u) => (&u.provider, &u.model),
            ModelUsage::Interruption(u) | ModelUsage::Eot(u) => (&u.provider, &u.model),
        }
    }
}
