//! The heard wait of an events turn: [`heard`] gives `e2e_latency_ms` and its waterfall.
//!
//! End of user speech: Node's EOU `lastSpeakingTimeMs`, else the EOU `timestamp` minus
//! the EOU delay and the `on_user_turn_completed` delay (both ran between the end of
//! speech and the emission). Each LLM/TTS request's start: `timestamp − duration`. First
//! audio: the first audible TTS segment's start plus its `ttfb`; for a realtime reply
//! voiced by the model itself, the response's creation plus its `ttft`.

use super::order::{llm_start_ms, tts_start_ms};
use super::steps::step_of;
use super::waterfall::{critical_path, Span, Waterfall, WaterfallPart as P};
use crate::metric::{EouMetrics, LlmMetrics, RealtimeModelMetrics, TtsMetrics};

/// The end of user speech, epoch ms, when the EOU metric says when it was (Node's
/// `lastSpeakingTimeMs`, or an EOU delay to count back from the emission).
fn known_end_of_speech_ms(eou: &EouMetrics) -> Option<f64> {
    if eou.last_speaking_time_ms.is_none() && eou.end_of_utterance_delay_ms.is_none() {
        return None;
    }
    Some(super::assemble::end_of_speech_ms(eou))
}

/// `e2e_latency_ms` and its waterfall for a user turn with `eou`, LLM `steps` and TTS
/// `segments` (both in start order) and joined realtime `responses` (in creation order).
/// `None` when no audio was played or the end of speech is unknown.
pub(crate) fn heard(
    eou: &EouMetrics,
    steps: &[LlmMetrics],
    segments: &[TtsMetrics],
    responses: &[&RealtimeModelMetrics],
) -> Option<(f64, Waterfall)> {
    let eos = known_end_of_speech_ms(eou)?;
    let at = |t: f64| t - eos;
    let audible = segments.iter().find(|s| s.ttfb_ms.is_some());
    let response = responses.iter().find(|r| r.ttft_ms.is_some());
    let first_audio_ms = match (audible, response) {
        (Some(s), _) => tts_start_ms(s) + s.ttfb_ms?,
        (None, Some(r)) => r.timestamp_ms + r.ttft_ms?,
        (None, None) => return None,
    };
    let e2e = at(first_audio_ms);
    if !(e2e.is_finite() && e2e >= 0.0) {
        return None;
    }

    let mut spans = alloc::vec::Vec::with_capacity(8);
    let eot = match eou.end_of_utterance_delay_ms {
        Some(d) => d,
        // Node always writes the delay; without it, the emission bounds the decision.
        None => at(eou.timestamp_ms) - eou.on_user_turn_completed_delay_ms.unwrap_or(0.0),
    };
    spans.push(Span::new(P::EndOfTurn, 0.0, eot));
    if let Some(hook) = eou.on_user_turn_completed_delay_ms {
        spans.push(Span::new(P::OnUserTurnCompleted, eot, eot + hook));
    }
    // Where the reply's first words came from, and when the text reached the TTS.
    let mut words_at: Option<f64> = None;
    if let (Some(r), true) = (response, steps.is_empty()) {
        let created = at(r.timestamp_ms);
        let first = created + r.ttft_ms.unwrap_or(0.0);
        spans.push(Span::new(P::RealtimeTtft, created, first));
        words_at = Some(first);
    }
    if let (Some(seg), false) = (audible, steps.is_empty()) {
        let spoken = step_of(steps, tts_start_ms(seg));
        for (i, step) in steps.iter().enumerate().take(spoken) {
            let end = at(step.timestamp_ms);
            spans.push(Span::new(P::ToolStep, at(llm_start_ms(step)), end));
            if let Some(next) = steps.get(i + 1) {
                spans.push(Span::new(P::ToolExecution, end, at(llm_start_ms(next))));
            }
        }
        if let Some(step) = steps.get(spoken) {
            if let Some(ttft) = step.ttft_ms {
                let start = at(llm_start_ms(step));
                spans.push(Span::new(P::LlmTtft, start, start + ttft));
                words_at = Some(start + ttft);
            }
        }
    }
    if let Some(seg) = audible {
        let tts_start = at(tts_start_ms(seg));
        if let Some(w) = words_at {
            spans.push(Span::new(P::FirstSentence, w, tts_start));
        }
        spans.push(Span::new(P::TtsTtfb, tts_start, e2e));
    }
    Some((e2e, critical_path(&spans, e2e)))
}
