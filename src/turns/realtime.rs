//! Joining realtime-model responses to user turns.
//!
//! `realtime_model_metrics` carry no `speech_id`; their `timestamp` is the response's
//! creation time. With client-side turn detection the SDK still emits an EOU (with the
//! reply's `speech_id`) when it commits the user turn, and only then asks the model for
//! a response. So a response joins the **latest user turn whose end of speech is not
//! after the response's creation**, provided that turn has no LLM requests of its own
//! (a pipeline reply). Every response in that window joins it (tool-call follow-up
//! responses are further steps). A response that cannot be joined (server-side turn
//! detection emits no EOU at all) is a turn of its own.

use crate::metric::RealtimeModelMetrics;

/// A user turn a response may join: when its user stopped speaking, and whether its
/// reply is a pipeline one (has LLM requests).
#[derive(Debug, Clone, Copy)]
pub(crate) struct JoinTarget {
    /// End of user speech, epoch ms.
    pub started_at_ms: f64,
    /// Whether the turn already has LLM requests.
    pub has_llm: bool,
}

/// For each response (in the given order), the index in `targets` of the user turn it
/// joins, if any. `targets` must be sorted by start (ties in a fixed order).
pub(crate) fn join(
    responses: &[RealtimeModelMetrics],
    targets: &[JoinTarget],
) -> alloc::vec::Vec<Option<usize>> {
    responses
        .iter()
        .map(|r| {
            let after = targets.partition_point(|t| t.started_at_ms <= r.timestamp_ms);
            let i = after.checked_sub(1)?;
            (!targets[i].has_llm).then_some(i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(ts: f64) -> RealtimeModelMetrics {
        RealtimeModelMetrics {
            request_id: alloc::string::String::from("resp"),
            timestamp_ms: ts,
            ..Default::default()
        }
    }

    #[test]
    fn joins_the_latest_turn_that_ended_before_the_response() {
        let targets = [
            JoinTarget {
                started_at_ms: 1_000.0,
                has_llm: false,
            },
            JoinTarget {
                started_at_ms: 5_000.0,
                has_llm: false,
            },
            JoinTarget {
                started_at_ms: 9_000.0,
                has_llm: true,
            },
        ];
        let got = join(
            &[
                response(500.0),
                response(1_600.0),
                response(2_400.0),
                response(5_000.0),
                response(9_500.0),
            ],
            &targets,
        );
        // Before any user turn: alone. Two responses after turn 0: both join it.
        // A pipeline turn (has LLM) takes no realtime response.
        assert_eq!(got, [None, Some(0), Some(0), Some(1), None]);
    }
}
