//! Start times and a total, deterministic order for the metrics a turn is built from.
//!
//! Every comparator ends with every field the turn engine reads, so two metrics that
//! compare equal give the same turn whichever comes first: that is what makes the
//! result independent of arrival order.

use crate::metric::{EouMetrics, LlmMetrics, RealtimeModelMetrics, TtsMetrics};
use core::cmp::Ordering;

/// When an LLM request started, epoch ms (`timestamp` is taken at the end of the stream).
pub(crate) fn llm_start_ms(m: &LlmMetrics) -> f64 {
    m.timestamp_ms - m.duration_ms
}

/// When a TTS request or segment started, epoch ms.
pub(crate) fn tts_start_ms(m: &TtsMetrics) -> f64 {
    m.timestamp_ms - m.duration_ms
}

/// `None` first, then by [`f64::total_cmp`].
pub(crate) fn cmp_opt(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

pub(crate) fn cmp_llm(a: &LlmMetrics, b: &LlmMetrics) -> Ordering {
    llm_start_ms(a)
        .total_cmp(&llm_start_ms(b))
        .then(a.timestamp_ms.total_cmp(&b.timestamp_ms))
        .then(a.duration_ms.total_cmp(&b.duration_ms))
        .then(cmp_opt(a.ttft_ms, b.ttft_ms))
        .then(a.cancelled.cmp(&b.cancelled))
        .then_with(|| a.request_id.cmp(&b.request_id))
}

pub(crate) fn cmp_tts(a: &TtsMetrics, b: &TtsMetrics) -> Ordering {
    tts_start_ms(a)
        .total_cmp(&tts_start_ms(b))
        .then(a.timestamp_ms.total_cmp(&b.timestamp_ms))
        .then(a.duration_ms.total_cmp(&b.duration_ms))
        .then(cmp_opt(a.ttfb_ms, b.ttfb_ms))
        .then(a.audio_duration_ms.total_cmp(&b.audio_duration_ms))
        .then(a.cancelled.cmp(&b.cancelled))
        .then_with(|| a.request_id.cmp(&b.request_id))
        .then_with(|| a.segment_id.cmp(&b.segment_id))
}

pub(crate) fn cmp_eou(a: &EouMetrics, b: &EouMetrics) -> Ordering {
    a.timestamp_ms
        .total_cmp(&b.timestamp_ms)
        .then(cmp_opt(
            a.end_of_utterance_delay_ms,
            b.end_of_utterance_delay_ms,
        ))
        .then(cmp_opt(a.transcription_delay_ms, b.transcription_delay_ms))
        .then(cmp_opt(
            a.on_user_turn_completed_delay_ms,
            b.on_user_turn_completed_delay_ms,
        ))
        .then(cmp_opt(a.last_speaking_time_ms, b.last_speaking_time_ms))
}

pub(crate) fn cmp_realtime(a: &RealtimeModelMetrics, b: &RealtimeModelMetrics) -> Ordering {
    a.timestamp_ms
        .total_cmp(&b.timestamp_ms)
        .then(cmp_opt(a.ttft_ms, b.ttft_ms))
        .then(a.duration_ms.total_cmp(&b.duration_ms))
        .then(a.cancelled.cmp(&b.cancelled))
        .then_with(|| a.request_id.cmp(&b.request_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_sorts_first_and_numbers_by_value() {
        assert_eq!(cmp_opt(None, Some(-5.0)), Ordering::Less);
        assert_eq!(cmp_opt(Some(1.0), None), Ordering::Greater);
        assert_eq!(cmp_opt(Some(1.0), Some(2.0)), Ordering::Less);
        assert_eq!(cmp_opt(None, None), Ordering::Equal);
    }

    #[test]
    fn llm_requests_order_by_start_not_by_emission() {
        // Emitted later but started earlier (a long stream): it comes first.
        let long = LlmMetrics {
            timestamp_ms: 2_000.0,
            duration_ms: 1_500.0,
            ..Default::default()
        };
        let short = LlmMetrics {
            timestamp_ms: 1_900.0,
            duration_ms: 100.0,
            ..Default::default()
        };
        assert_eq!(cmp_llm(&long, &short), Ordering::Less);
    }
}
