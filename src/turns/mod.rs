//! The turn engine: per-turn latency from canonical metrics, in any arrival order.
//!
//! [`compute_turn_latency`] takes a whole session; [`TurnTracker`] takes it one metric
//! at a time and says when each turn is complete; [`summarize`] gives session
//! statistics. Every value is in milliseconds (timestamps in epoch ms).
//!
//! # Rules
//!
//! - **Grouping.** A turn is everything under one `speech_id`: at most one user side
//!   (the first `eou_metrics`), N LLM requests (tool-call follow-ups reuse the
//!   `speech_id`) and M TTS segments. Metrics without `speech_id` (STT, VAD, EOT
//!   inference, interruption, avatar, background LLM/TTS calls) are session-level and
//!   belong to no turn; so are EOU metrics without one (no 1.x SDK writes those).
//! - **Total.** `formula_latency_ms = eou_delay_ms + llm_ttft_ms + tts_ttfb_ms`, only
//!   when all three are known; realtime: `eou_delay_ms + realtime ttft`. The
//!   transcription delay is inside the EOU delay (same end-of-speech anchor, ends
//!   earlier) and is never added; the `on_user_turn_completed` delay runs after the
//!   end-of-turn decision and before the LLM starts and is reported apart (the SDK's
//!   `e2e_latency` includes it). See [`TurnLatency`].
//! - **Tool calls.** `llm_ttft_ms` is the time to the first token of the first *spoken*
//!   step (normally step 1, which says a filler line before the tool runs: in the
//!   `py-02`/`js-02` captures the SDK puts `e2e_latency` on that first message, and the
//!   follow-up's message has none); silent steps before it and the tool time count
//!   towards it; `llm_duration_ms` sums every step.
//! - **Kinds.** [`TurnKind::User`] has an EOU (or is a realtime response under
//!   server-side turn detection, where the SDKs emit no EOU);
//!   [`TurnKind::AgentInitiated`] has LLM/TTS but no EOU (`say()`, greetings, proactive
//!   replies); [`TurnKind::Speculative`] is a discarded preemptive generation, told
//!   apart by timing (see below), marked `cancelled` and excluded from statistics.
//! - **Speculative generations.** Without EOU, with an LLM request, followed by a user
//!   turn committed after it started, and either silent (no audio at all) or, after an
//!   earlier user turn, with audio that could not have finished before that next user
//!   stopped speaking. The SDKs do not mark them `cancelled` when the request finished
//!   before the discard (all four `*-05*` captures).
//! - **Realtime.** `realtime_model_metrics` have no `speech_id`: a response joins the
//!   latest user turn (EOU) whose end of speech is not after the response's creation,
//!   if that turn has no LLM requests of its own (client-side turn detection). One that
//!   joins nothing (server-side turn detection, as in `py-04`/`js-04`) is a user turn of
//!   its own, `realtime: true`, `speech_id` absent, EOU delay unknown. Python's
//!   "connection acquired" metric (empty `request_id`, no `ttft`) is not a response.
//! - **Start time.** User turn: the end of user speech (`lastSpeakingTimeMs` in Node;
//!   in Python EOU `timestamp − eou delay − on_user_turn_completed delay`). Realtime turn
//!   without EOU: the response's creation. Otherwise: the earliest LLM/TTS start
//!   (`timestamp − duration`).
//! - **Order.** Metrics are ordered by content (start time, then every field read), so
//!   any permutation of the same metrics gives the same turns; turns come out by
//!   `started_at_ms`, ties by `speech_id`. An exact duplicate of a metric counts once.

mod assemble;
pub(crate) mod groups;
mod heard;
mod kind;
mod latency;
mod ledger;
mod order;
mod realtime;
mod retention;
mod steps;
mod summary;
mod tracker;
pub mod waterfall;

pub use latency::{LatencyComponent, TurnKind, TurnLatency};
pub use retention::EXACT_SUMMARY_TURNS;
pub use summary::{summarize, LatencyStats, LatencySummary, WaterfallSummary};
pub use tracker::{TurnTracker, DEFAULT_MAX_TURNS_DETAIL, MAX_OPEN_TURNS};
pub use waterfall::{Waterfall, WaterfallPart, WaterfallStep};

use crate::metric::Metric;
use alloc::vec::Vec;

/// Per-turn latency of a session, in chronological order.
///
/// `metrics` may be in any order (and mixed with session-level metrics, which are
/// ignored): the same metrics always give the same turns. See the module rules and
/// [`TurnLatency`] for what each number means.
///
/// ```
/// use voice_agent_metrics::{compute_turn_latency, normalize_json, NormalizeOptions, TurnKind};
/// # #[cfg(feature = "serde")] {
/// // Node dialect (ms); TTS before LLM on purpose: the order does not matter.
/// let log = br#"[
///  {"type":"tts_metrics","timestamp":1795280833700,"ttfbMs":200,"durationMs":500,
///   "audioDurationMs":2400,"cancelled":false,"charactersCount":50,"streamed":true,
///   "speechId":"speech_1"},
///  {"type":"eou_metrics","timestamp":1795280832500,"endOfUtteranceDelayMs":500,
///   "transcriptionDelayMs":250,"onUserTurnCompletedDelayMs":0,
///   "lastSpeakingTimeMs":1795280832000,"speechId":"speech_1"},
///  {"type":"llm_metrics","timestamp":1795280833300,"durationMs":800,"ttftMs":300,
///   "cancelled":false,"completionTokens":13,"promptTokens":1116,"speechId":"speech_1"}
/// ]"#;
/// let metrics: Vec<_> = normalize_json(log, &NormalizeOptions::default())
///     .unwrap()
///     .records
///     .into_iter()
///     .map(|r| r.metric)
///     .collect();
/// let turns = compute_turn_latency(&metrics);
/// assert_eq!(turns.len(), 1);
/// assert_eq!(turns[0].kind, TurnKind::User);
/// assert_eq!(turns[0].started_at_ms, 1_795_280_832_000.0);
/// assert_eq!(turns[0].transcription_delay_ms, Some(250.0)); // inside the 500, not added
/// assert_eq!(turns[0].formula_latency_ms, Some(1000.0)); // 500 + 300 + 200
/// # }
/// ```
pub fn compute_turn_latency(metrics: &[Metric]) -> Vec<TurnLatency> {
    let mut groups = groups::Groups::default();
    for m in metrics {
        groups.insert(m);
    }
    assemble::Assembly::new(&groups).turns()
}
