//! Data-quality flags: what marks a turn's numbers as not to be trusted.

use super::item::MessageMetrics;
use super::options::ReportOptions;
use super::turn::ChatTurn;
use crate::turns::TurnKind;
use alloc::vec::Vec;

/// Why a turn is flagged. A flagged turn keeps its numbers (as the SDK wrote them) but
/// is left out of [`crate::ChatLatencySummary`] and listed in
/// [`crate::SessionAnalysis::flags`].
///
/// Serialized as `"staleAnchor"`, `"implausibleLatency"`, `"missingMetrics"`,
/// `"missingE2e"`, `"e2eMissingAfterHandoff"`, `"negativeUnexplained"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum TurnFlagReason {
    /// The user message's `stopped_speaking_at` is before its `started_speaking_at`: the
    /// end-of-speech anchor is left over from an earlier utterance (LiveKit agents#6093),
    /// so every delay measured from it is off, often by minutes.
    StaleAnchor,
    /// `e2e_latency`, `end_of_turn_delay` or `transcription_delay` is negative or above
    /// [`ReportOptions::max_plausible_delay_ms`].
    ImplausibleLatency,
    /// A message lacks the metrics its path always writes: an assistant message with no
    /// `metrics` at all, or a replied voice-turn user message (it has
    /// `on_user_turn_completed_delay` or `stt_metadata`) without `stopped_speaking_at`
    /// (newer SDKs drop inconsistent anchors instead of writing them).
    MissingMetrics,
    /// A pipeline user turn whose user stopped speaking and whose agent started speaking,
    /// but no assistant message has `e2e_latency`.
    MissingE2e,
    /// As [`TurnFlagReason::MissingE2e`], with an agent handoff between the user message
    /// and the reply: the new agent's reply loses the user's metrics (agents#7157).
    E2eMissingAfterHandoff,
    /// The parts (end of turn + hook + LLM ttft + TTS ttfb + playback) add up to more
    /// than the measured wait by over [`ReportOptions::unexplained_tolerance_ms`], and
    /// preemptive generation is not known to be on: they cannot overlap, so some part (or
    /// the anchor) is wrong.
    PartsExceedE2e,
}

impl TurnFlagReason {
    /// A one-line explanation for dashboards and logs.
    pub const fn description(self) -> &'static str {
        match self {
            TurnFlagReason::StaleAnchor => {
                "the user stopped speaking before they started: stale end-of-speech anchor (agents#6093)"
            }
            TurnFlagReason::ImplausibleLatency => {
                "a delay is negative or longer than any plausible wait"
            }
            TurnFlagReason::MissingMetrics => "a message lacks the metrics the SDK always writes",
            TurnFlagReason::MissingE2e => "the agent answered but no message has e2e_latency",
            TurnFlagReason::E2eMissingAfterHandoff => {
                "e2e_latency lost across an agent handoff (agents#7157)"
            }
            TurnFlagReason::PartsExceedE2e => {
                "the latency parts add up to more than the measured wait"
            }
        }
    }
}

/// A flagged turn and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TurnFlag {
    /// [`ChatTurn::index`] of the turn.
    pub turn_index: u32,
    /// Why.
    pub reason: TurnFlagReason,
}

/// What the flags need beyond the finished turn.
pub(crate) struct FlagInputs<'a> {
    /// The user message's metrics, for user turns.
    pub user: Option<&'a MessageMetrics>,
    /// Whether some assistant message has no `metrics` at all.
    pub agent_without_metrics: bool,
    /// Whether an agent handoff came between the user message and the first spoken reply.
    pub handoff_before_reply: bool,
    /// e2e minus the plain sum of its parts, ms (pipeline turns with every part).
    pub sum_remainder_ms: Option<f64>,
}

fn implausible(ms: Option<f64>, max: f64) -> bool {
    ms.is_some_and(|v| !(0.0..=max).contains(&v))
}

/// The flags of `turn`, in [`TurnFlagReason`] order.
pub(crate) fn flags(
    turn: &ChatTurn,
    inputs: &FlagInputs,
    options: &ReportOptions,
) -> Vec<TurnFlagReason> {
    let mut out = Vec::new();
    if let (Some(start), Some(stop)) = (
        turn.user_started_speaking_at_ms,
        turn.user_stopped_speaking_at_ms,
    ) {
        if stop < start {
            out.push(TurnFlagReason::StaleAnchor);
        }
    }
    let max = options.max_plausible_delay_ms;
    if implausible(turn.e2e_latency_ms, max)
        || implausible(turn.end_of_turn_delay_ms, max)
        || implausible(turn.transcription_delay_ms, max)
    {
        out.push(TurnFlagReason::ImplausibleLatency);
    }
    let user_anchor_dropped = inputs.user.is_some_and(|u| {
        u.voice_turn && u.stopped_speaking_at_ms.is_none() && turn.agent_messages > 0
    });
    if inputs.agent_without_metrics || user_anchor_dropped {
        out.push(TurnFlagReason::MissingMetrics);
    }
    // Node realtime replies never carry e2e_latency (Node 1.9.0): not a data problem.
    let e2e_expected = turn.kind == TurnKind::User
        && !turn.realtime
        && turn.user_stopped_speaking_at_ms.is_some()
        && turn.agent_started_speaking_at_ms.is_some();
    if e2e_expected && turn.e2e_latency_ms.is_none() {
        out.push(if inputs.handoff_before_reply {
            TurnFlagReason::E2eMissingAfterHandoff
        } else {
            TurnFlagReason::MissingE2e
        });
    }
    let overlap_expected = options.preemptive_generation == Some(true);
    if !overlap_expected
        && inputs
            .sum_remainder_ms
            .is_some_and(|u| u < -options.unexplained_tolerance_ms)
    {
        out.push(TurnFlagReason::PartsExceedE2e);
    }
    out
}
