use super::MetricsMetadata;
use alloc::string::String;

/// `vad_metrics`: one window of VAD inferences (about one per second). Not usage.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct VadMetrics {
    /// The VAD instance label.
    pub label: String,
    /// When the metric was built, epoch ms.
    pub timestamp_ms: f64,
    /// Time since the last VAD activity, ms.
    pub idle_time_ms: f64,
    /// Sum of inference durations over the window, ms.
    pub inference_duration_total_ms: f64,
    /// Inferences in the window.
    pub inference_count: u64,
    /// Provider and model (Python only; `unknown`/`unknown` in practice).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}
