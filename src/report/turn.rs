//! [`ChatTurn`]: one turn of the conversation as the chat history records it, in ms.

use super::flags::TurnFlagReason;
use super::waterfall::WaterfallNote;
use crate::turns::TurnKind;
use crate::turns::WaterfallStep;
use alloc::string::String;
use alloc::vec::Vec;

/// A tool the agent called during a turn (`function_call` + its `function_call_output`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ToolCall {
    /// The tool's name.
    pub name: String,
    /// The provider's call id, which pairs the call with its output.
    pub call_id: String,
    /// Whether the tool failed; absent when no output was recorded.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub is_error: Option<bool>,
    /// When the tool started executing, epoch ms (the call item's `created_at`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub started_at_ms: Option<f64>,
    /// Execution time, ms: output `created_at` − call `created_at`, when both are known.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub duration_ms: Option<f64>,
}

/// An agent handoff (`agent_handoff` item) inside a turn.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Handoff {
    /// The agent handing over (absent for the session's first agent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub old_agent_id: Option<String>,
    /// The agent taking over.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub new_agent_id: Option<String>,
    /// When, epoch ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub at_ms: Option<f64>,
}

/// One turn from the chat history: a user message and the assistant messages that answer
/// it (with the tool calls and handoffs between them), or agent speech without a user
/// message ([`TurnKind::AgentInitiated`]: `say()`, greetings, proactive replies).
///
/// Every value is the SDK's own measurement from the messages' `metrics`, converted to
/// ms (durations) or epoch ms (`*_at_ms`); absent when the SDK did not write it. The
/// user-side values come from the user message; the agent-side latencies from the
/// **reply message**: the first assistant message with `e2e_latency`, else the first one
/// that started speaking, else the first one. See [`crate::report`] for the grouping
/// rules and [`ChatTurn::unexplained_ms`] for the decomposition.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ChatTurn {
    /// 0-based position of the turn in the session.
    pub index: u32,
    /// [`TurnKind::User`] or [`TurnKind::AgentInitiated`] (never speculative: discarded
    /// generations leave no message).
    pub kind: TurnKind,
    /// When the turn began, epoch ms: the user started speaking (else the user message's
    /// `created_at`); for agent-initiated turns the first assistant message's
    /// `created_at` (else when it started speaking).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub started_at_ms: Option<f64>,
    /// The user message's item id.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub user_item_id: Option<String>,
    /// The assistant messages' item ids, in order.
    pub agent_item_ids: Vec<String>,
    /// What the user said (the message's text content).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub user_text: Option<String>,
    /// What the agent said: its messages' text, joined by a space (for an interrupted
    /// Python message, only the part that played).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub agent_text: Option<String>,
    /// End of user speech → agent starts speaking, ms (`e2e_latency`, the SDK's measured
    /// wait; the truth when present).
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
    pub end_of_turn_delay_ms: Option<f64>,
    /// End of user speech → last final transcript, ms (inside the end-of-turn delay).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub transcription_delay_ms: Option<f64>,
    /// Wall time of the agent's `on_user_turn_completed` hook, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub on_user_turn_completed_delay_ms: Option<f64>,
    /// `llm_node` start → first generated token, ms (pipeline only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub llm_node_ttft_ms: Option<f64>,
    /// LLM start → first sentence handed to TTS, ms (Python ≥ 1.6.9 only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub llm_node_ttfs_ms: Option<f64>,
    /// LLM output tokens per second (Python ≥ 1.6.9 only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub llm_node_tps: Option<f64>,
    /// First text handed to TTS → first audio frame, ms (first segment).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub tts_node_ttfb_ms: Option<f64>,
    /// First frame forwarded → playback reported, ms (near 0 for room audio).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub playback_latency_ms: Option<f64>,
    /// The part of `e2e_latency_ms` no waterfall part accounts for, ms (≥ 0): the
    /// unexplained steps of [`ChatTurn::waterfall`]. Present exactly when the waterfall
    /// is (the turn has an e2e). On Python pipeline reports this is a few ms; where the
    /// report cannot place the first-sentence wait (no `llm_node_ttfs`, no
    /// `speech_created` event) it holds that wait too (see `waterfall_notes`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub unexplained_ms: Option<f64>,
    /// When the user started speaking, epoch ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub user_started_speaking_at_ms: Option<f64>,
    /// When the user stopped speaking (the e2e anchor), epoch ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub user_stopped_speaking_at_ms: Option<f64>,
    /// When the agent started speaking (earliest assistant message), epoch ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub agent_started_speaking_at_ms: Option<f64>,
    /// When the agent stopped speaking (latest assistant message), epoch ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub agent_stopped_speaking_at_ms: Option<f64>,
    /// Whether any assistant message of the turn was interrupted.
    pub interrupted: bool,
    /// Whether a realtime model spoke the reply (`provider_request_ids` present).
    pub realtime: bool,
    /// How many assistant messages the turn has (0: the reply was cancelled before any
    /// audio, or the session ended first).
    pub agent_messages: u32,
    /// Tools called, in order.
    pub tool_calls: Vec<ToolCall>,
    /// The agent handoff inside the turn, if any (the last one).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub handoff: Option<Handoff>,
    /// Realtime response ids (`provider_request_ids` of the assistant messages, deduplicated,
    /// in order): `RealtimeModelMetrics.request_id` of the responses.
    pub provider_request_ids: Vec<String>,
    /// Data-quality problems; a flagged turn is left out of [`crate::ChatLatencySummary`].
    pub flags: Vec<TurnFlagReason>,
    /// `e2e_latency_ms` split into its parts on the critical path, in time order; the
    /// durations add up to `e2e_latency_ms` (see [`crate::report::waterfall`]). Empty
    /// when there is no e2e.
    pub waterfall: Vec<WaterfallStep>,
    /// How the waterfall was placed where the report could not place every part.
    pub waterfall_notes: Vec<WaterfallNote>,
    /// The `SpeechHandle` id of the reply (the first assistant message with a
    /// `speech_id`; newer Python SDKs write it on assistant messages): the `speech_id`
    /// of the turn's metrics events, which [`crate::join_turns`] joins by.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub speech_id: Option<String>,
}
