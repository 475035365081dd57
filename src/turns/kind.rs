//! Telling a discarded preemptive generation from speech the agent started itself.
//!
//! Both are LLM/TTS metrics under a `speech_id` that no EOU names, and in the captured
//! sessions (`*-05a`, `*-05b`) the discarded generation is **not** marked `cancelled`:
//! the fake LLM (like a fast real one) finished before the SDK dropped it, and with
//! preemptive TTS its audio was synthesized too. What gives it away is timing against
//! the user turn that followed it, the first one committed after it started:
//!
//! 1. It has at least one LLM request (a `say()` has none: it is never speculative).
//! 2. A user turn was committed after it started (its fate was decided by that turn).
//! 3. And either it produced no audio at all (a generation that never spoke: the
//!    default, preemptive LLM only), or it started after an earlier user turn and its
//!    audio could not have finished playing before that next user stopped speaking
//!    (`first audio + audio length > end of user speech`): either it never played, or
//!    the user talked over it.
//!
//! Limits: metrics alone cannot tell "never played" from "played and interrupted". So
//! an agent-initiated reply the user barges into between two user turns is reported
//! as speculative, and a discarded preemptive *TTS* generation before the first user
//! turn (where a greeting is far more likely) as agent-initiated. Neither enters the
//! latency statistics, which only use user turns.

use super::latency::TurnKind;
use super::steps::Reply;

/// A user turn as seen from the outside: end of user speech and commit time, epoch ms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UserAnchor {
    /// End of user speech (the turn's `started_at_ms`).
    pub ended_speaking_ms: f64,
    /// When the turn was committed (the EOU `timestamp`; the response creation time for
    /// a realtime turn without EOU).
    pub committed_ms: f64,
}

/// Sorts anchors by commit time (then end of speech), as [`kind_without_eou`] needs.
pub(crate) fn sort_anchors(anchors: &mut [UserAnchor]) {
    anchors.sort_by(|a, b| {
        a.committed_ms
            .total_cmp(&b.committed_ms)
            .then(a.ended_speaking_ms.total_cmp(&b.ended_speaking_ms))
    });
}

/// The first user turn committed after `at_ms` (`anchors` sorted by [`sort_anchors`]).
pub(crate) fn next_user_turn(anchors: &[UserAnchor], at_ms: f64) -> Option<&UserAnchor> {
    anchors.get(anchors.partition_point(|a| a.committed_ms <= at_ms))
}

/// The kind of a turn without EOU that started at `started_at_ms` (`anchors` sorted by
/// [`sort_anchors`]; `prior_user_turn`: a user turn no longer in `anchors` was
/// committed before every turn, see [`crate::TurnTracker`]).
pub(crate) fn kind_without_eou(
    reply: &Reply,
    llm_steps: usize,
    started_at_ms: f64,
    anchors: &[UserAnchor],
    prior_user_turn: bool,
) -> TurnKind {
    if llm_steps == 0 {
        return TurnKind::AgentInitiated;
    }
    let Some(next) = next_user_turn(anchors, started_at_ms) else {
        return TurnKind::AgentInitiated;
    };
    let Some(first_audio_ms) = reply.first_audio_at_ms else {
        return TurnKind::Speculative;
    };
    let after_a_user_turn = prior_user_turn
        || anchors
            .first()
            .is_some_and(|a| a.committed_ms <= started_at_ms);
    if after_a_user_turn && first_audio_ms + reply.audio_ms > next.ended_speaking_ms {
        TurnKind::Speculative
    } else {
        TurnKind::AgentInitiated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TURNS: [UserAnchor; 2] = [
        UserAnchor {
            ended_speaking_ms: 2_000.0,
            committed_ms: 2_500.0,
        },
        UserAnchor {
            ended_speaking_ms: 12_000.0,
            committed_ms: 12_800.0,
        },
    ];

    fn reply(first_audio: Option<f64>, audio: f64) -> Reply {
        Reply {
            first_audio_at_ms: first_audio,
            audio_ms: audio,
            ..Default::default()
        }
    }

    #[test]
    fn llm_only_generation_before_a_user_turn_is_speculative() {
        let k = kind_without_eou(&reply(None, 0.0), 1, 10_000.0, &TURNS, false);
        assert_eq!(k, TurnKind::Speculative);
        // Even before the first user turn (the user paused in their first sentence).
        let k = kind_without_eou(&reply(None, 0.0), 1, 1_000.0, &TURNS, false);
        assert_eq!(k, TurnKind::Speculative);
    }

    #[test]
    fn say_and_trailing_speech_are_agent_initiated() {
        // No LLM: say().
        let k = kind_without_eou(&reply(Some(10_100.0), 900.0), 0, 10_000.0, &TURNS, false);
        assert_eq!(k, TurnKind::AgentInitiated);
        // Nothing committed after it: the session's last words.
        let k = kind_without_eou(&reply(None, 0.0), 1, 13_000.0, &TURNS, false);
        assert_eq!(k, TurnKind::AgentInitiated);
    }

    #[test]
    fn audio_that_fits_before_the_user_spoke_is_agent_initiated() {
        // A proactive reply that played to the end, then the user answered.
        let k = kind_without_eou(&reply(Some(5_000.0), 3_000.0), 1, 4_500.0, &TURNS, false);
        assert_eq!(k, TurnKind::AgentInitiated);
        // Its audio would still have been playing when the user stopped: discarded.
        let k = kind_without_eou(&reply(Some(11_000.0), 1_600.0), 1, 10_000.0, &TURNS, false);
        assert_eq!(k, TurnKind::Speculative);
    }

    #[test]
    fn greeting_the_user_talks_over_stays_agent_initiated() {
        let k = kind_without_eou(&reply(Some(500.0), 4_000.0), 1, 0.0, &TURNS, false);
        assert_eq!(k, TurnKind::AgentInitiated);
    }
}
