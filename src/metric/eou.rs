use super::MetricsMetadata;
use alloc::string::String;

/// `eou_metrics`: the end of one user turn that gets a reply.
///
/// `transcription_delay_ms` is measured from the same anchor (end of user speech)
/// as `end_of_utterance_delay_ms` and ends earlier: it is **inside** the EOU delay,
/// never to be added to it. When the SDK could not compute the delays (no
/// end-of-speech anchor) it writes `0` for both; those become `None` here.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EouMetrics {
    /// When the metric was emitted (turn commit), epoch ms.
    pub timestamp_ms: f64,
    /// End of user speech → end-of-turn decision, ms. `None` if not computed (SDK wrote 0).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub end_of_utterance_delay_ms: Option<f64>,
    /// End of user speech → last final transcript, ms; part of the EOU delay.
    /// `None` if not computed.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub transcription_delay_ms: Option<f64>,
    /// Wall time of the developer's `on_user_turn_completed` callback, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub on_user_turn_completed_delay_ms: Option<f64>,
    /// When the user stopped speaking, epoch ms (Node ≥ 1.0.16 `lastSpeakingTimeMs`,
    /// Python 1.2.x `last_speaking_time`; `None` when unknown, i.e. 0 or absent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub last_speaking_time_ms: Option<f64>,
    /// End of user speech (VAD or STT end of speech) → the first transcript, interim or
    /// final, that arrived after it, ms: the STT provider's time to its first result
    /// (newer Python SDKs write `first_transcript_after_eos_delay`). Unlike
    /// `transcription_delay_ms` (to the *final* transcript) it does not wait for the
    /// provider's endpointing. `None` when absent or when the end of speech was not
    /// detected (the SDK writes 0).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub first_transcript_after_eos_delay_ms: Option<f64>,
    /// Start of user speech → the first non-empty interim transcript, ms: the STT
    /// provider's responsiveness while the user speaks (newer Python SDKs write
    /// `first_interim_delay`). `None` when absent, `null`, or when no interim arrived
    /// (`first_interim_status` is `"absent"`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub first_interim_delay_ms: Option<f64>,
    /// Whether the turn produced an interim transcript, as the SDK writes it
    /// (`first_interim_status`): `"received"` or `"absent"`; any other string is kept
    /// as written. `None` when absent or `null`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub first_interim_status: Option<String>,
    /// Id of the reply speech created for this turn.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub speech_id: Option<String>,
    /// Turn-detection provider/model (Python only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub metadata: Option<MetricsMetadata>,
}
