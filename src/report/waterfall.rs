//! The waterfall of a chat turn: its SDK-measured `e2e_latency` split into parts on the
//! critical path (see [`crate::turns::waterfall`]), from the messages' metrics.
//!
//! The reply's chain is placed backwards from when the agent started speaking (the end
//! of the e2e): playout (`playback_latency`), then the TTS time to first byte, then the
//! LLM. Python reports (≥ 1.6.9) carry `llm_node_ttfs`, the LLM's start → the first
//! sentence handed to the TTS, so the LLM's start is placed exactly: LLM ttft, then the
//! first-sentence wait (`ttfs − ttft`). Node reports have no ttfs: the LLM's start is
//! taken from the report's `speech_created` event for the turn when there is one (the
//! SDK creates the speech when it starts the reply's LLM; within a few ms on the
//! captures), else it is assumed to start right after the user side, and the
//! first-sentence wait stays in the unexplained time ([`WaterfallNote`]).

use super::turn::ChatTurn;
use crate::turns::waterfall::{critical_path, part_ms, Span, Waterfall, WaterfallPart as P};
use alloc::vec::Vec;

/// How a turn's waterfall was placed, when the report could not place every part.
///
/// Serialized in camelCase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum WaterfallNote {
    /// The reply message has no `llm_node_ttfs` (Node reports, Python before 1.6.9): the
    /// LLM's start was taken from the turn's `speech_created` event, so the
    /// first-sentence part is placed to within a few ms.
    FirstSentenceFromEvents,
    /// No `llm_node_ttfs` and no `speech_created` event for the turn: the LLM is assumed
    /// to start right after the user side, and the wait for the first sentence is in
    /// the unexplained time.
    FirstSentenceUnknown,
    /// As [`WaterfallNote::FirstSentenceUnknown`], and the LLM ttft and TTS ttfb do not
    /// fit between the user side and the first audio: the LLM started earlier
    /// (preemptive generation), by an amount the report does not give; the LLM's part
    /// is counted on the critical path although some of it ran ahead.
    OverlapUnplaced,
    /// A realtime reply: the model's whole time (turn detection and generation) is one
    /// part, as the message metrics do not split it.
    RealtimeUnsplit,
}

/// The waterfall of `turn` and how it was placed; `llm_start_ms` is the turn's
/// `speech_created` time (epoch ms) when known. Empty without a non-negative e2e.
pub(crate) fn chat_waterfall(
    turn: &ChatTurn,
    llm_start_at_ms: Option<f64>,
) -> (Waterfall, Vec<WaterfallNote>) {
    let mut notes = Vec::new();
    let Some(e2e) = turn.e2e_latency_ms.filter(|e| e.is_finite() && *e >= 0.0) else {
        return (Vec::new(), notes);
    };
    let at = |t: f64| turn.user_stopped_speaking_at_ms.map(|eos| t - eos);
    let mut spans = Vec::with_capacity(8);
    let mut user_done = 0.0;
    if let Some(eot) = turn.end_of_turn_delay_ms {
        spans.push(Span::new(P::EndOfTurn, 0.0, eot));
        user_done = eot;
    }
    if let Some(hook) = turn.on_user_turn_completed_delay_ms {
        spans.push(Span::new(
            P::OnUserTurnCompleted,
            user_done,
            user_done + hook,
        ));
        user_done += hook;
    }
    let playback = turn.playback_latency_ms.unwrap_or(0.0).max(0.0);
    let first_audio = e2e - playback;
    if turn.realtime {
        spans.push(Span::new(P::RealtimeTtft, user_done, first_audio));
        notes.push(WaterfallNote::RealtimeUnsplit);
    } else {
        // Tools that ran and finished before the reply started speaking.
        for tool in &turn.tool_calls {
            if let (Some(start), Some(duration)) =
                (tool.started_at_ms.and_then(at), tool.duration_ms)
            {
                if start + duration <= first_audio {
                    spans.push(Span::new(P::ToolExecution, start, start + duration));
                }
            }
        }
        if let (Some(ttft), Some(ttfb)) = (turn.llm_node_ttft_ms, turn.tts_node_ttfb_ms) {
            let tts_start = first_audio - ttfb;
            let llm_start = match (turn.llm_node_ttfs_ms, llm_start_at_ms.and_then(at)) {
                (Some(ttfs), _) => tts_start - ttfs,
                (None, Some(created)) => {
                    notes.push(WaterfallNote::FirstSentenceFromEvents);
                    created
                }
                (None, None) => {
                    let fits = user_done + ttft <= tts_start;
                    notes.push(if fits {
                        WaterfallNote::FirstSentenceUnknown
                    } else {
                        WaterfallNote::OverlapUnplaced
                    });
                    user_done
                }
            };
            spans.push(Span::new(P::LlmTtft, llm_start, llm_start + ttft));
            if turn.llm_node_ttfs_ms.is_some()
                || notes.contains(&WaterfallNote::FirstSentenceFromEvents)
            {
                spans.push(Span::new(P::FirstSentence, llm_start + ttft, tts_start));
            }
            spans.push(Span::new(P::TtsTtfb, tts_start, first_audio));
        }
    }
    if playback > 0.0 {
        spans.push(Span::new(P::Playback, first_audio, e2e));
    }
    (critical_path(&spans, e2e), notes)
}

/// Sets `turn`'s waterfall, notes and unexplained time.
pub(crate) fn place(turn: &mut ChatTurn, llm_start_at_ms: Option<f64>) {
    let (waterfall, notes) = chat_waterfall(turn, llm_start_at_ms);
    turn.unexplained_ms = (!waterfall.is_empty()).then(|| part_ms(&waterfall, P::Unexplained));
    turn.waterfall = waterfall;
    turn.waterfall_notes = notes;
}

/// Re-places the waterfall of each pipeline turn whose reply has no `llm_node_ttfs`
/// with the LLM's start taken from the turn's `speech_created` event: the latest
/// user-initiated one (`created`, sorted epoch ms) between the user starting to speak and
/// the agent starting to speak (a discarded preemptive generation creates an earlier one).
pub(crate) fn place_llm_starts(turns: &mut [ChatTurn], created: &[f64]) {
    if created.is_empty() {
        return;
    }
    for turn in turns.iter_mut() {
        if turn.realtime || turn.llm_node_ttfs_ms.is_some() || turn.waterfall.is_empty() {
            continue;
        }
        let (Some(from), Some(to)) = (
            turn.user_started_speaking_at_ms,
            turn.agent_started_speaking_at_ms,
        ) else {
            continue;
        };
        let hi = created.partition_point(|&t| t <= to);
        if let Some(&at) = created[..hi].last().filter(|&&t| t >= from) {
            place(turn, Some(at));
        }
    }
}
