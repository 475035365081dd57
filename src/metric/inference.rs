use super::MetricsMetadata;

/// `eot_inference_metrics`: one prediction of the streaming end-of-turn model.
///
/// Node writes these durations without an `Ms` suffix, but in milliseconds.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EotInferenceMetrics {
    /// When the prediction arrived, epoch ms.
    pub timestamp_ms: f64,
    /// Client end-to-end latency of the inference, ms.
    pub total_duration_ms: f64,
    /// Latest audio in the request → prediction received, ms.
    pub detection_delay_ms: f64,
    /// Server-side inference time, ms.
    pub prediction_duration_ms: f64,
    /// Requests served by this prediction (usually 1).
    pub num_requests: u64,
    /// Provider (`livekit`) and detector model.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}

/// `interruption_metrics`: one adaptive-interruption verdict on overlapping speech.
///
/// Node writes these durations without an `Ms` suffix, but in milliseconds.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct InterruptionMetrics {
    /// When the verdict was made, epoch ms.
    pub timestamp_ms: f64,
    /// Latest inference round trip, ms.
    pub total_duration_ms: f64,
    /// Latest model-side time, ms.
    pub prediction_duration_ms: f64,
    /// Onset of overlapping speech → final prediction, ms.
    pub detection_delay_ms: f64,
    /// Interruptions detected (0/1 per event).
    pub num_interruptions: u64,
    /// Backchannels detected.
    pub num_backchannels: u64,
    /// Requests since the previous event (summing is valid).
    pub num_requests: u64,
    /// Provider and model.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}
