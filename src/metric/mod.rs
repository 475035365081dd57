//! The canonical metrics model: one [`Metric`] enum for every LiveKit metrics type.
//!
//! Units live in the names: `*_ms` fields are milliseconds (`f64`), `*_at_ms` and
//! `timestamp_ms` are epoch milliseconds. Values the SDKs mark as "none" with a
//! sentinel (`ttft = -1`, an EOU delay of `0` meaning "not computed") are `None`,
//! never a negative or fake latency. Serialized (serde / JS), keys are camelCase:
//! `ttftMs`, `audioDurationMs`, `speechId`.

mod avatar;
mod eou;
mod inference;
mod llm;
mod realtime;
mod speech;
mod vad;

pub use avatar::AvatarMetrics;
pub use eou::EouMetrics;
pub use inference::{EotInferenceMetrics, InterruptionMetrics};
pub use llm::LlmMetrics;
pub use realtime::{
    CachedTokenDetails, InputTokenDetails, OutputTokenDetails, RealtimeModelMetrics,
};
pub use speech::{SttMetrics, TtsMetrics};
pub use vad::VadMetrics;

use crate::value::Value;
use alloc::string::String;

/// Which model produced a metric: `metadata` on LiveKit metrics.
///
/// Python writes `{model_name, model_provider}` (or `null`); Node writes
/// `{modelName, modelProvider}` (or omits it). The usage collectors key on
/// `(model_provider or "", model_name or "")`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MetricsMetadata {
    /// Model name, e.g. `"gpt-4.1-mini"`, `"nova-3"`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub model_name: Option<String>,
    /// Provider, e.g. `"openai"`, `"deepgram"`, `"livekit"`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub model_provider: Option<String>,
}

/// A metrics type this version does not know (e.g. Python 1.8.9's `decision_metrics`).
///
/// Kept whole so nothing is lost; counted in the normalize report.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UnknownMetric {
    /// The input's `type` string.
    pub metric_type: String,
    /// The input object as given (its own keys and units).
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub raw: Value,
}

/// One canonical LiveKit metric, of any of the nine types.
///
/// Serialized with a `type` tag equal to LiveKit's own (`"llm_metrics"`, ...), or
/// `"unknown"` for [`Metric::Unknown`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Metric {
    /// `llm_metrics`: one LLM request.
    #[cfg_attr(feature = "serde", serde(rename = "llm_metrics"))]
    Llm(LlmMetrics),
    /// `stt_metrics`: one STT request or streaming usage report.
    #[cfg_attr(feature = "serde", serde(rename = "stt_metrics"))]
    Stt(SttMetrics),
    /// `tts_metrics`: one TTS request or streamed segment.
    #[cfg_attr(feature = "serde", serde(rename = "tts_metrics"))]
    Tts(TtsMetrics),
    /// `vad_metrics`: a window of VAD inferences (about one per second).
    #[cfg_attr(feature = "serde", serde(rename = "vad_metrics"))]
    Vad(VadMetrics),
    /// `eou_metrics`: the end of one replied user turn.
    #[cfg_attr(feature = "serde", serde(rename = "eou_metrics"))]
    Eou(EouMetrics),
    /// `eot_inference_metrics`: one end-of-turn model prediction.
    #[cfg_attr(feature = "serde", serde(rename = "eot_inference_metrics"))]
    EotInference(EotInferenceMetrics),
    /// `realtime_model_metrics`: one realtime-model response.
    #[cfg_attr(feature = "serde", serde(rename = "realtime_model_metrics"))]
    RealtimeModel(RealtimeModelMetrics),
    /// `interruption_metrics`: one adaptive-interruption verdict.
    #[cfg_attr(feature = "serde", serde(rename = "interruption_metrics"))]
    Interruption(InterruptionMetrics),
    /// `avatar_metrics`: avatar join, or playback latency of one assistant message.
    #[cfg_attr(feature = "serde", serde(rename = "avatar_metrics"))]
    Avatar(AvatarMetrics),
    /// Any other `type`.
    #[cfg_attr(feature = "serde", serde(rename = "unknown"))]
    Unknown(UnknownMetric),
}

impl Metric {
    /// LiveKit's `type` string for this metric (the original one for [`Metric::Unknown`]).
    pub fn type_name(&self) -> &str {
        match self {
            Metric::Llm(_) => "llm_metrics",
            Metric::Stt(_) => "stt_metrics",
            Metric::Tts(_) => "tts_metrics",
            Metric::Vad(_) => "vad_metrics",
            Metric::Eou(_) => "eou_metrics",
            Metric::EotInference(_) => "eot_inference_metrics",
            Metric::RealtimeModel(_) => "realtime_model_metrics",
            Metric::Interruption(_) => "interruption_metrics",
            Metric::Avatar(_) => "avatar_metrics",
            Metric::Unknown(u) => &u.metric_type,
        }
    }

    /// When the metric was built, in epoch ms (`None` for unknown types).
    pub fn timestamp_ms(&self) -> Option<f64> {
        Some(match self {
            Metric::Llm(m) => m.timestamp_ms,
            Metric::Stt(m) => m.timestamp_ms,
            Metric::Tts(m) => m.timestamp_ms,
            Metric::Vad(m) => m.timestamp_ms,
            Metric::Eou(m) => m.timestamp_ms,
            Metric::EotInference(m) => m.timestamp_ms,
            Metric::RealtimeModel(m) => m.timestamp_ms,
            Metric::Interruption(m) => m.timestamp_ms,
            Metric::Avatar(m) => m.timestamp_ms,
            Metric::Unknown(_) => return None,
        })
    }

    /// The `speech_id` (only LLM, TTS and EOU metrics carry one).
    pub fn speech_id(&self) -> Option<&str> {
        match self {
            Metric::Llm(m) => m.speech_id.as_deref(),
            Metric::Tts(m) => m.speech_id.as_deref(),
            Metric::Eou(m) => m.speech_id.as_deref(),
            _ => None,
        }
    }

    /// The model metadata, if the metric carries any.
    pub fn metadata(&self) -> Option<&MetricsMetadata> {
        match self {
            Metric::Llm(m) => m.metadata.as_ref(),
            Metric::Stt(m) => m.metadata.as_ref(),
            Metric::Tts(m) => m.metadata.as_ref(),
            Metric::Vad(m) => m.metadata.as_ref(),
            Metric::Eou(m) => m.metadata.as_ref(),
            Metric::EotInference(m) => m.metadata.as_ref(),
            Metric::RealtimeModel(m) => m.metadata.as_ref(),
            Metric::Interruption(m) => m.metadata.as_ref(),
            Metric::Avatar(m) => m.metadata.as_ref(),
            Metric::Unknown(_) => None,
        }
    }
}
