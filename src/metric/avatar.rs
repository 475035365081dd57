use super::MetricsMetadata;

/// `avatar_metrics`: the avatar joined (join variant), or one assistant message's
/// playback latency (playback variant).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AvatarMetrics {
    /// When emitted, epoch ms.
    pub timestamp_ms: f64,
    /// First audio frame forwarded → playback started, ms. `None` on the join
    /// variant (the SDK default `0`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub playback_latency_ms: Option<f64>,
    /// When the avatar session started, epoch ms (join variant).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub session_started_at_ms: Option<f64>,
    /// When the avatar joined and published video, epoch ms (join variant).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub avatar_joined_at_ms: Option<f64>,
    /// Avatar provider.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}

impl AvatarMetrics {
    /// Avatar join latency (`avatar_joined_at - session_started_at`), ms, for the join variant.
    pub fn join_latency_ms(&self) -> Option<f64> {
        Some(self.avatar_joined_at_ms? - self.session_started_at_ms?)
    }
}
