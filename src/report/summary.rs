//! Session latency statistics over chat turns: [`ChatLatencySummary`].

use super::turn::ChatTurn;
use crate::turns::waterfall::part_ms;
use crate::turns::WaterfallSummary;
use crate::turns::{LatencyStats, TurnKind};
use alloc::vec::Vec;

/// Latency statistics of a session's chat turns, over its **unflagged user turns**.
///
/// Each statistic is [`LatencyStats`] (count, min, max, mean and exact p50/p90/p95/p99,
/// the same quantile rule as [`crate::summarize`]) over the turns that have the value,
/// so `e2eLatencyMs.count` can be below `userTurns` (a reply cancelled before any audio,
/// a Node realtime reply). Agent-initiated turns have no user wait and are left out;
/// flagged turns ([`ChatTurn::flags`]) are left out and counted in `flaggedTurns`.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ChatLatencySummary {
    /// Unflagged user turns (the population of every statistic).
    pub user_turns: u32,
    /// User turns left out because they are flagged.
    pub flagged_turns: u32,
    /// [`ChatTurn::e2e_latency_ms`].
    pub e2e_latency_ms: LatencyStats,
    /// [`ChatTurn::end_of_turn_delay_ms`].
    pub end_of_turn_delay_ms: LatencyStats,
    /// [`ChatTurn::transcription_delay_ms`].
    pub transcription_delay_ms: LatencyStats,
    /// [`ChatTurn::on_user_turn_completed_delay_ms`].
    pub on_user_turn_completed_delay_ms: LatencyStats,
    /// [`ChatTurn::llm_node_ttft_ms`].
    pub llm_node_ttft_ms: LatencyStats,
    /// [`ChatTurn::llm_node_ttfs_ms`].
    pub llm_node_ttfs_ms: LatencyStats,
    /// [`ChatTurn::tts_node_ttfb_ms`].
    pub tts_node_ttfb_ms: LatencyStats,
    /// [`ChatTurn::playback_latency_ms`].
    pub playback_latency_ms: LatencyStats,
    /// [`ChatTurn::unexplained_ms`].
    pub unexplained_ms: LatencyStats,
    /// The waterfall parts of the unflagged user turns that have an e2e (a part a turn
    /// does not have counts 0, so the means add up to the mean e2e).
    pub waterfall: WaterfallSummary,
}

/// Summarizes chat turns (see [`ChatLatencySummary`]).
///
/// ```
/// use voice_agent_metrics::summarize_chat_turns;
/// let s = summarize_chat_turns(&[]);
/// assert_eq!((s.user_turns, s.e2e_latency_ms.count), (0, 0));
/// assert_eq!(s.e2e_latency_ms.p95, None); // absent, never NaN
/// ```
pub fn summarize_chat_turns(turns: &[ChatTurn]) -> ChatLatencySummary {
    let users = || turns.iter().filter(|t| t.kind == TurnKind::User);
    let kept: Vec<&ChatTurn> = users().filter(|t| t.flags.is_empty()).collect();
    let stats = |value: fn(&ChatTurn) -> Option<f64>| {
        let values: Vec<f64> = kept.iter().filter_map(|t| value(t)).collect();
        LatencyStats::from_values(&values)
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    ChatLatencySummary {
        user_turns: count(kept.len()),
        flagged_turns: count(users().filter(|t| !t.flags.is_empty()).count()),
        e2e_latency_ms: stats(|t| t.e2e_latency_ms),
        end_of_turn_delay_ms: stats(|t| t.end_of_turn_delay_ms),
        transcription_delay_ms: stats(|t| t.transcription_delay_ms),
        on_user_turn_completed_delay_ms: stats(|t| t.on_user_turn_completed_delay_ms),
        llm_node_ttft_ms: stats(|t| t.llm_node_ttft_ms),
        llm_node_ttfs_ms: stats(|t| t.llm_node_ttfs_ms),
        tts_node_ttfb_ms: stats(|t| t.tts_node_ttfb_ms),
        playback_latency_ms: stats(|t| t.playback_latency_ms),
        unexplained_ms: stats(|t| t.unexplained_ms),
        waterfall: WaterfallSummary::from_parts(|part| {
            let values: Vec<f64> = kept
                .iter()
                .filter(|t| !t.waterfall.is_empty())
                .map(|t| part_ms(&t.waterfall, part))
                .collect();
            LatencyStats::from_values(&values)
        }),
    }
}
