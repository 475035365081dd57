//! Joining chat turns (the SDK's per-message metrics) with metrics-event turns (the turn
//! engine's EOU/LLM/TTS breakdown) of the same session.

use super::turn::ChatTurn;
use crate::turns::TurnLatency;
use alloc::vec::Vec;

/// How far apart two times may be and still mark the same moment, ms. Both SDKs derive
/// the user's end of speech for the message metrics and for the EOU metric from the same
/// anchor (the captures agree to under 1 ms); 500 ms absorbs clock reads and rounding
/// and is still well below the gap between two turns.
pub const JOIN_TOLERANCE_MS: f64 = 500.0;

/// A chat turn and the metrics-event turn it was joined with, if any.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct JoinedTurn {
    /// The turn from the chat history (e2e, unexplained time, per-message delays).
    pub chat: ChatTurn,
    /// The turn from the metrics events (EOU, LLM and TTS metrics, usage keys).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub latency: Option<TurnLatency>,
    /// `chat.user_stopped_speaking_at_ms − latency.started_at_ms`, ms, when both are the
    /// user's end of speech (the metrics turn has an EOU delay).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub anchor_gap_ms: Option<f64>,
    /// The turn's heard wait, ms: the SDK's `e2e_latency` from the chat turn when it has
    /// one, else the events' `e2e_latency_ms`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub e2e_latency_ms: Option<f64>,
    /// `chat.e2e_latency_ms − latency.e2e_latency_ms`, ms, when both sources have one.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub e2e_gap_ms: Option<f64>,
    /// Whether the two sources disagree on the e2e by more than [`E2E_AGREEMENT_MS`]:
    /// one of them is wrong (a stale anchor, a lost metric, a clock step).
    pub e2e_disagrees: bool,
}

/// How far the chat turn's e2e and the events' e2e of the same turn may be apart before
/// [`JoinedTurn::e2e_disagrees`], ms. On the captured sessions of both SDKs they agree
/// within about 1 ms (Node's event timestamps are whole ms).
pub const E2E_AGREEMENT_MS: f64 = 5.0;

/// The result of [`join_turns`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TurnJoin {
    /// Every chat turn, in order, with its metrics turn when one matched.
    pub turns: Vec<JoinedTurn>,
    /// Metrics turns that matched no chat turn, in order: speculative (discarded
    /// preemptive) generations always, and turns whose messages are missing.
    pub unmatched: Vec<TurnLatency>,
}

/// `c.user_stopped_speaking_at_ms − m.started_at_ms` when both are the user's end of
/// speech.
fn anchor_gap(c: &ChatTurn, m: &TurnLatency) -> Option<f64> {
    match (c.user_stopped_speaking_at_ms, m.eou_delay_ms) {
        (Some(stopped), Some(_)) => Some(stopped - m.started_at_ms),
        _ => None,
    }
}

/// Whether metrics turn `m` is the one of chat turn `c` by time (window start `lo`).
fn fits(c: &ChatTurn, m: &TurnLatency, lo: Option<f64>) -> (bool, Option<f64>) {
    let ids_differ = matches!((&c.speech_id, &m.speech_id), (Some(a), Some(b)) if a != b);
    if c.kind != m.kind || ids_differ {
        return (false, None);
    }
    match anchor_gap(c, m) {
        Some(gap) => (gap.abs() <= JOIN_TOLERANCE_MS, Some(gap)),
        None => (lo.is_some_and(|lo| m.started_at_ms >= lo), None),
    }
}

/// The metrics turn not yet used with the chat turn's `speech_id`, if it has one.
fn by_speech_id(c: &ChatTurn, metrics: &[TurnLatency], used: &[bool]) -> Option<usize> {
    let id = c.speech_id.as_deref()?;
    metrics
        .iter()
        .zip(used)
        .position(|(m, u)| !u && m.speech_id.as_deref() == Some(id))
}

/// Joins chat turns with metrics-event turns ([`crate::compute_turn_latency`], or a
/// [`crate::TurnTracker`]) of the same session, so a turn carries both the measured e2e
/// and the EOU/LLM/TTS breakdown. Both lists must be in order.
///
/// **By speech id.** A chat turn whose reply message carries a `speech_id` (newer
/// Python SDKs write it) takes the metrics turn with the same `speech_id`, wherever it
/// is and whatever the times say (the kinds are not compared either: the id names the
/// speech). Otherwise the time rule below applies, and it never pairs two turns that
/// both have a `speech_id` and differ.
///
/// **Rule.** Walk both lists in order. Chat turn *i* owns the window from its start
/// ([`ChatTurn::started_at_ms`]) to the next chat turn's start, both moved
/// [`JOIN_TOLERANCE_MS`] earlier. It takes the first metrics turn not yet passed, of the
/// same kind (user / agent-initiated), that starts inside its window and:
/// - when both sides know the user's end of speech (the chat turn's
///   `user_stopped_speaking_at_ms`, the metrics turn's `started_at_ms` when it has an EOU
///   delay), those two agree within [`JOIN_TOLERANCE_MS`];
/// - otherwise (realtime with server-side turn detection, `say()`), the metrics turn
///   starts inside the window.
///
/// Metrics turns passed over are unmatched, and so is every
/// [`crate::TurnKind::Speculative`] turn (a discarded preemptive generation has no
/// message). A chat turn with no match (e.g. a reply cancelled before its LLM metric)
/// gets `latency: None`. Time only moves forward, so one bad match cannot shift the rest.
pub fn join_turns(chat: &[ChatTurn], metrics: &[TurnLatency]) -> TurnJoin {
    let mut used = alloc::vec![false; metrics.len()];
    let mut next = 0;
    let mut turns = Vec::with_capacity(chat.len());
    for (i, c) in chat.iter().enumerate() {
        let lo = c.started_at_ms.map(|t| t - JOIN_TOLERANCE_MS);
        let hi = chat[i + 1..]
            .iter()
            .find_map(|n| n.started_at_ms)
            .map(|t| t - JOIN_TOLERANCE_MS);
        let found = match by_speech_id(c, metrics, &used) {
            Some(j) => Some((j, anchor_gap(c, &metrics[j]))),
            None => metrics
                .iter()
                .enumerate()
                .skip(next)
                .take_while(|(_, m)| !hi.is_some_and(|hi| m.started_at_ms >= hi))
                .find_map(|(j, m)| match fits(c, m, lo) {
                    (true, gap) => Some((j, gap)),
                    _ => None,
                }),
        };
        let (latency, anchor_gap_ms) = match found {
            Some((j, gap)) => {
                used[j] = true;
                next = next.max(j + 1);
                (Some(metrics[j].clone()), gap)
            }
            None => (None, None),
        };
        let events_e2e = latency.as_ref().and_then(|t| t.e2e_latency_ms);
        let e2e_gap_ms = match (c.e2e_latency_ms, events_e2e) {
            (Some(chat), Some(events)) => Some(chat - events),
            _ => None,
        };
        turns.push(JoinedTurn {
            chat: c.clone(),
            latency,
            anchor_gap_ms,
            e2e_latency_ms: c.e2e_latency_ms.or(events_e2e),
            e2e_gap_ms,
            e2e_disagrees: e2e_gap_ms.is_some_and(|g| g.abs() > E2E_AGREEMENT_MS),
        });
    }
    let unmatched = metrics
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(m, _)| m.clone())
        .collect();
    TurnJoin { turns, unmatched }
}
