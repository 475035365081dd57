//! Session reports and chat-item metrics: per-turn latency from the chat history, usage
//! from the report, data-quality flags and a timeline; the same turns live.
//!
//! Newer SDKs keep `metrics_collected` out of session reports: the per-turn truth is in
//! each chat message's `metrics` (`MetricsReport`) and the totals in `usage`.
//! [`analyze_session_report`] reads a whole report; [`ChatTurnBuilder`] builds the same
//! [`ChatTurn`]s live from `conversation_item_added` items; [`join_turns`] pairs them
//! with the metrics-event turns of [`crate::compute_turn_latency`].
//!
//! # Inputs
//!
//! - Python `SessionReport.to_dict()`: snake_case, epoch seconds, option delays in s;
//!   `usage` entries with `type` (1.8) or without it (1.5–1.7, see "Usage kinds").
//! - Node `sessionReportToJSON(report)` ≥ 1.4.10: snake_case; event `created_at` and
//!   `timestamp` in epoch ms, chat-item `created_at` in epoch s (1.9.0), option delays in
//!   ms, usage durations in s.
//! - Node before 1.4.10: camelCase events and chat items (`createdAt` ms, `callId`,
//!   `isError`, `newAgentId`), usage camelCase in ms (`audioDurationMs`).
//! - Report-like objects (`chatHistory`, `modelUsage`, `startedAt`).
//!
//! Each field is looked up in both key cases; epoch times are told apart by magnitude
//! (above `1e11` is ms); message metrics are seconds everywhere. The detected
//! SDK, version and units are reported ([`ReportUnits`]).
//!
//! # Turns from the chat history
//!
//! Items are taken in `created_at` order (as `session.history` keeps them):
//! - a **user message** opens a [`crate::TurnKind::User`] turn;
//! - an **assistant message** joins the open turn when that turn has no assistant
//!   message yet, or when it has an LLM behind it (`llm_node_ttft`, realtime
//!   `provider_request_ids` or `e2e_latency`; tool-call follow-ups and several messages of
//!   one realtime response). Otherwise, a `say()` (spoken, no LLM) after the reply, or
//!   any assistant message before the first user message, opens a
//!   [`crate::TurnKind::AgentInitiated`] turn; an agent-initiated turn with an LLM behind
//!   it becomes the open turn (its tool calls and follow-ups join it), a `say()` does not;
//! - **tool calls and outputs** join the open turn (one is opened, agent-initiated, if
//!   there is none), paired by `call_id`;
//! - an **agent handoff** joins the open turn (the session's first one, before any turn,
//!   is setup and joins nothing);
//! - `agent_config_update` items and system/developer messages take no part.
//!
//! Limit: the chat history cannot tell a proactive LLM reply right after a reply (no user
//! message between) from a tool-call follow-up, and live events carry no tool calls; such
//! a reply is folded into the turn before it. Its e2e is unaffected (it comes from the
//! first reply message).
//!
//! The user side of a turn comes from the user message, the agent side from the **reply
//! message** (the first assistant message with `e2e_latency`, else the first that started
//! speaking): `e2e_latency_ms` is the SDK's measured wait (agent started speaking − user
//! stopped speaking), the truth when present. See [`ChatTurn`].
//!
//! # The waterfall and unexplained time
//!
//! Each turn with an e2e gets a [`ChatTurn::waterfall`]: the e2e split into its parts on
//! the critical path (end of turn, hook, tool execution, LLM ttft, **first-sentence
//! wait**, TTS ttfb, playback), each ≥ 0, adding up to the e2e; work done before the
//! end-of-turn decision (preemptive generation) is `aheadMs`, off the path. See
//! [`waterfall`] for how a report's parts are placed. `unexplained_ms` is what is left
//! (≥ 0): a few ms on Python pipeline reports, which carry the first-sentence wait as
//! `llm_node_ttfs`. The plain sum `end_of_turn + on_user_turn_completed + llm_node_ttft +
//! tts_node_ttfb + playback` leaves that wait out (280–550 ms on the captured pipelines,
//! LiveKit agents#3824) and overshoots under preemptive generation.
//!
//!
//! # Flags
//!
//! Instead of wrong numbers: stale anchors (agents#6093), implausible delays, missing
//! metrics, e2e missing (after a handoff: agents#7157), negative unexplained time when
//! preemptive generation is off. A flagged turn keeps its numbers, is listed in
//! [`SessionAnalysis::flags`] and is left out of the summary. See [`TurnFlagReason`].
//!
//! # Usage kinds
//!
//! Usage rows keep the report's values (ms). An entry's kind is its `type`; else the
//! type of the last `session_usage_updated` event's row at the same position (or the only
//! row with the same provider and model); else inferred from its keys (LLM-only
//! token keys or `session_duration` → LLM, `characters_count` → TTS, `total_requests` →
//! interruption or EOT by model name, `audio_duration` only → STT or TTS, tokens only →
//! LLM, TTS or STT), picking the first candidate that keeps the list in `flatten()`
//! order (LLM, TTS, STT, interruption, EOT). See [`UsageKindSource`].

mod analysis;
mod builder;
mod detect;
mod error;
#[cfg(feature = "serde")]
mod fast;
mod fields;
mod flags;
mod group;
mod item;
mod join;
#[cfg(feature = "serde")]
mod json;
mod options;
mod summary;
mod timeline;
mod turn;
mod usage;
pub mod waterfall;

#[cfg(feature = "serde")]
pub use analysis::analyze_session_report_json;
pub use analysis::{analyze_session_report, SessionAnalysis};
pub use builder::{ChatTurnBuilder, DEFAULT_MAX_CHAT_TURNS};
pub use detect::{KeyCase, ReportSdk, ReportUnits, TimeUnit};
pub use error::{ReportError, ReportSection, SkippedEntry};
pub use flags::{TurnFlag, TurnFlagReason};
pub use join::{join_turns, JoinedTurn, TurnJoin, E2E_AGREEMENT_MS, JOIN_TOLERANCE_MS};
pub use options::{ReportOptions, ReportedOptions};
pub use summary::{summarize_chat_turns, ChatLatencySummary};
pub use timeline::{
    CloseEntry, ErrorEntry, FalseInterruptionEntry, HandoffEntry, SpeechEntry, StateChange,
    TimelineEntry, ToolsEntry, TranscriptEntry,
};
pub use turn::{ChatTurn, Handoff, ToolCall};
pub use usage::UsageKindSource;
pub use waterfall::WaterfallNote;
