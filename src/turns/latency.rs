//! The per-turn latency record: [`TurnLatency`], its [`TurnKind`] and the
//! [`LatencyComponent`]s that make up the documented formula.

use alloc::string::String;
use alloc::vec::Vec;

use super::waterfall::WaterfallStep;

/// What started a turn.
///
/// Serialized as `"user"`, `"agentInitiated"`, `"speculative"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum TurnKind {
    /// A reply to the user: the turn has an end-of-utterance (`eou_metrics`), or it is a
    /// realtime-model response with server-side turn detection (where the SDKs emit no
    /// EOU). Only these turns enter [`crate::summarize`].
    User,
    /// Speech the agent started on its own: `say()`, a greeting, a proactive
    /// `generate_reply()`. LLM and/or TTS metrics, no EOU.
    AgentInitiated,
    /// A preemptive generation that was discarded and never played: LLM (and, with
    /// preemptive TTS, TTS) metrics under a `speech_id` that no EOU ever names. Kept
    /// for usage, excluded from latency statistics.
    Speculative,
}

/// One of the three parts of [`TurnLatency::formula_latency_ms`].
///
/// Serialized as `"eou"`, `"llm"`, `"tts"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum LatencyComponent {
    /// The end-of-utterance delay (`eou_metrics.end_of_utterance_delay`).
    Eou,
    /// The LLM time to first token (or the realtime model's `ttft`).
    Llm,
    /// The TTS time to first byte.
    Tts,
}

/// The latency breakdown of one conversational turn, all in milliseconds.
///
/// Built by [`crate::compute_turn_latency`] and [`crate::TurnTracker`] from canonical
/// metrics grouped by `speech_id`. A value is absent (`None`, or a missing key in JS)
/// when the metrics needed for it were not seen, never `0` or `-1`.
///
/// **The heard wait** is `e2e_latency_ms`: end of user speech → first agent audio, from
/// the events' own timestamps, with its [`TurnLatency::waterfall`] (the parts on the
/// critical path, adding up to it). It is the headline number.
///
/// **The formula.** `formula_latency_ms = eou_delay_ms + llm_ttft_ms + tts_ttfb_ms` (LiveKit's
/// documented estimate of the user's wait). It leaves out the LLM's wait for the first
/// sentence the TTS can speak (281–553 ms on the captured sessions) and overshoots when
/// preemptive generation starts the LLM before the end-of-turn decision. For a
/// realtime turn it is `eou_delay_ms + llm_ttft_ms` (the model's own time to first audio),
/// plus `tts_ttfb_ms` only if a separate TTS voiced it. It is present only for
/// [`TurnKind::User`] turns that have every part; `missing` lists the parts that were not
/// there (empty exactly when the formula is present).
///
/// - `transcription_delay_ms` is **inside** `eou_delay_ms` and never added: both are
///   measured from the same anchor (the end of user speech); the transcription delay ends
///   at the last final transcript, the EOU delay at the end-of-turn decision, which waits
///   for that transcript. Adding both counts the transcription twice.
/// - `on_user_turn_completed_delay_ms` (the agent's `on_user_turn_completed` hook) runs
///   after the end-of-turn decision and before the LLM request starts, so it is not in any
///   part of the formula. `e2e_latency_ms` and the SDKs' own `e2e_latency` include it (it is
///   a waterfall part), and so does the wait for the first sentence.
///
/// **Tool calls.** Follow-up LLM requests reuse the turn's `speech_id`, so a turn has
/// `llm_steps` requests and `tts_segments` segments. `llm_ttft_ms` is measured to the first
/// token of the first step whose output was spoken (a step followed by TTS audio before the
/// next step starts): normally the first step (e.g. "Let me check the weather…" before the
/// tool runs), where it is that step's plain `ttft`. When earlier steps only called tools and
/// said nothing, it runs from the start of the first step to the first token of the spoken
/// one, so the silent steps and the tool execution between them count, as they do for the
/// user. `llm_duration_ms` is the sum of every step's `duration`; `tts_ttfb_ms` is the
/// `ttfb` of the first segment that produced audio.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TurnLatency {
    /// The turn's `speech_id`; `None` only for a realtime response that could not be joined
    /// to an EOU (realtime metrics carry no `speech_id`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub speech_id: Option<String>,
    /// What started the turn.
    pub kind: TurnKind,
    /// When the turn started, epoch ms: for a user turn the end of user speech (Node's
    /// `lastSpeakingTimeMs`; else EOU `timestamp − eou delay − on_user_turn_completed delay`;
    /// else the EOU timestamp); for a realtime turn without EOU the response creation time;
    /// otherwise the start of the earliest LLM request or TTS segment (`timestamp − duration`).
    pub started_at_ms: f64,
    /// **The wait the user heard**, ms: end of user speech → the agent's first audio,
    /// from the events' own timestamps (the first audible TTS segment's start, `timestamp
    /// − duration`, plus its `ttfb`; for a realtime reply without TTS, the response's
    /// creation plus its `ttft`). It matches the SDKs' own `e2e_latency` (within about
    /// 1 ms on captured sessions of both SDKs, tool calls, interruptions and preemptive
    /// generation included). Absent when no audio was played (a reply interrupted while
    /// thinking), when the end of user speech is unknown (no EOU: realtime under
    /// server-side turn detection), and for turns that are not [`TurnKind::User`].
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub e2e_latency_ms: Option<f64>,
    /// End of user speech → end-of-turn decision, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub eou_delay_ms: Option<f64>,
    /// End of user speech → last final transcript, ms. Already inside `eou_delay_ms`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub transcription_delay_ms: Option<f64>,
    /// Wall time of the agent's `on_user_turn_completed` hook, ms. Not in the formula.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub on_user_turn_completed_delay_ms: Option<f64>,
    /// LLM time to the first spoken token, ms (see "Tool calls"); the realtime model's
    /// `ttft` (first response) for realtime turns.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub llm_ttft_ms: Option<f64>,
    /// TTS time to first byte of the first segment that produced audio, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub tts_ttfb_ms: Option<f64>,
    /// `eou_delay_ms + llm_ttft_ms + tts_ttfb_ms` (see the formula above), ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub formula_latency_ms: Option<f64>,
    /// The parts of the formula that are absent, in the order eou, llm, tts.
    pub missing: Vec<LatencyComponent>,
    /// LLM requests in the turn (tool-call follow-ups included); realtime responses for
    /// realtime turns.
    pub llm_steps: u32,
    /// Sum of the `duration` of every LLM request (or realtime response), ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub llm_duration_ms: Option<f64>,
    /// TTS metrics in the turn (one per synthesized segment).
    pub tts_segments: u32,
    /// Whether the reply was cancelled: any of its LLM, TTS or realtime metrics says
    /// `cancelled`, or the turn is [`TurnKind::Speculative`] (the SDK discards the speech,
    /// even when its requests ran to completion).
    pub cancelled: bool,
    /// Whether a realtime model produced the reply (`realtime_model_metrics`).
    pub realtime: bool,
    /// The part of `e2e_latency_ms` that no waterfall part accounts for, ms (≥ 0):
    /// scheduling gaps between the parts. Present exactly when `e2e_latency_ms` is.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub unexplained_ms: Option<f64>,
    /// `e2e_latency_ms` split into its parts on the critical path, in time order; the
    /// durations add up to `e2e_latency_ms` (see [`crate::turns::WaterfallStep`]).
    /// Empty when there is no e2e.
    pub waterfall: Vec<WaterfallStep>,
    /// An STT annotation, not a part of the total or the waterfall: end of user speech →
    /// the first transcript (interim or final) after it, ms, from the EOU metric's
    /// `first_transcript_after_eos_delay` (newer Python SDKs). It overlaps
    /// `transcription_delay_ms` and `eou_delay_ms`, which start at the same moment.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub first_transcript_after_eos_delay_ms: Option<f64>,
}
