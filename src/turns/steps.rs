//! The reply side of a pipeline turn: LLM steps and TTS segments under one `speech_id`.
//!
//! Tool-call follow-ups reuse the `speech_id`, so a reply is N LLM requests ("steps")
//! and M TTS segments. Each segment is attributed to the latest step that started
//! before it; a step is *spoken* when a segment with audio is attributed to it.

use super::order::{llm_start_ms, tts_start_ms};
use crate::metric::{LlmMetrics, TtsMetrics};

/// What the turn engine reads from a reply's LLM steps and TTS segments.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Reply {
    /// Start of the first step, epoch ms.
    pub llm_start_ms: Option<f64>,
    /// Time to the first spoken token, ms (see [`crate::TurnLatency`], "Tool calls").
    pub llm_ttft_ms: Option<f64>,
    /// Sum of the steps' durations, ms.
    pub llm_duration_ms: Option<f64>,
    /// Start of the first segment, epoch ms.
    pub tts_start_ms: Option<f64>,
    /// `ttfb` of the first segment with audio, ms.
    pub tts_ttfb_ms: Option<f64>,
    /// When the first audio was ready (segment start + ttfb), epoch ms.
    pub first_audio_at_ms: Option<f64>,
    /// Total audio synthesized by segments with audio, ms.
    pub audio_ms: f64,
    /// Whether any step or segment was cancelled.
    pub cancelled: bool,
}

impl Reply {
    /// The earliest LLM or TTS start, epoch ms.
    pub fn started_at_ms(&self) -> Option<f64> {
        match (self.llm_start_ms, self.tts_start_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Index of the step a segment starting at `at_ms` belongs to: the last one that
/// started at or before it (the first step for a segment before every step).
pub(crate) fn step_of(steps: &[LlmMetrics], at_ms: f64) -> usize {
    steps
        .partition_point(|s| llm_start_ms(s) <= at_ms)
        .saturating_sub(1)
}

/// Reads a reply; `steps` and `segments` are in start order (as [`super::groups`] keeps them).
pub(crate) fn reply(steps: &[LlmMetrics], segments: &[TtsMetrics]) -> Reply {
    let audible = || segments.iter().filter(|s| s.ttfb_ms.is_some());
    let first_audible = audible().next();
    let spoken = audible()
        .map(|s| step_of(steps, tts_start_ms(s)))
        .min()
        .unwrap_or(0);
    let llm_ttft_ms = steps.get(spoken).and_then(|step| {
        let ttft = step.ttft_ms?;
        if spoken == 0 {
            return Some(ttft);
        }
        // Silent tool-call steps before the spoken one: count from the first start.
        Some(llm_start_ms(step) - llm_start_ms(&steps[0]) + ttft)
    });
    let mut llm_duration_ms = None;
    for step in steps {
        llm_duration_ms = Some(llm_duration_ms.unwrap_or(0.0) + step.duration_ms);
    }
    Reply {
        llm_start_ms: steps.first().map(llm_start_ms),
        llm_ttft_ms,
        llm_duration_ms,
        tts_start_ms: segments.first().map(tts_start_ms),
        tts_ttfb_ms: first_audible.and_then(|s| s.ttfb_ms),
        first_audio_at_ms: first_audible.and_then(|s| Some(tts_start_ms(s) + s.ttfb_ms?)),
        audio_ms: audible().map(|s| s.audio_duration_ms).sum(),
        cancelled: steps.iter().any(|s| s.cancelled) || segments.iter().any(|s| s.cancelled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(start: f64, duration: f64, ttft: Option<f64>) -> LlmMetrics {
        LlmMetrics {
            timestamp_ms: start + duration,
            duration_ms: duration,
            ttft_ms: ttft,
            ..Default::default()
        }
    }

    fn segment(start: f64, ttfb: Option<f64>, audio: f64) -> TtsMetrics {
        TtsMetrics {
            timestamp_ms: start + 300.0,
            duration_ms: 300.0,
            ttfb_ms: ttfb,
            audio_duration_ms: audio,
            ..Default::default()
        }
    }

    #[test]
    fn spoken_first_step_counts_its_own_ttft() {
        // Filler line spoken by step 1, then the tool, then step 2 answers.
        let steps = [
            step(0.0, 900.0, Some(420.0)),
            step(3_000.0, 700.0, Some(310.0)),
        ];
        let segs = [
            segment(900.0, Some(180.0), 1_800.0),
            segment(3_700.0, Some(240.0), 2_600.0),
        ];
        let r = reply(&steps, &segs);
        assert_eq!(r.llm_ttft_ms, Some(420.0));
        assert_eq!(r.llm_duration_ms, Some(1_600.0));
        assert_eq!(r.tts_ttfb_ms, Some(180.0));
        assert_eq!(r.first_audio_at_ms, Some(1_080.0));
        assert_eq!(r.audio_ms, 4_400.0);
    }

    #[test]
    fn silent_tool_step_and_tool_time_count_towards_ttft() {
        // Step 1 only calls a tool (no speech); the tool runs 1.2 s; step 2 speaks.
        let steps = [
            step(0.0, 500.0, Some(200.0)),
            step(1_700.0, 600.0, Some(250.0)),
        ];
        let segs = [segment(1_950.0, Some(150.0), 2_000.0)];
        let r = reply(&steps, &segs);
        assert_eq!(r.llm_ttft_ms, Some(1_700.0 + 250.0));
        assert_eq!(r.tts_ttfb_ms, Some(150.0));
    }

    #[test]
    fn no_tts_means_first_step_and_no_audio() {
        let steps = [step(0.0, 1_200.0, Some(600.0))];
        let r = reply(&steps, &[]);
        assert_eq!(r.llm_ttft_ms, Some(600.0));
        assert_eq!(r.first_audio_at_ms, None);
        assert_eq!(r.started_at_ms(), Some(0.0));
        // A segment without audio (ttfb -1) is not speech either.
        let r = reply(&steps, &[segment(900.0, None, 0.0)]);
        assert_eq!(r.first_audio_at_ms, None);
        assert_eq!(r.tts_ttfb_ms, None);
        assert_eq!(r.tts_start_ms, Some(900.0));
    }

    #[test]
    fn spoken_step_without_ttft_gives_no_ttft() {
        let steps = [step(0.0, 500.0, None)];
        let r = reply(&steps, &[segment(100.0, Some(100.0), 500.0)]);
        assert_eq!(r.llm_ttft_ms, None);
        assert_eq!(reply(&[], &[]), Reply::default());
    }
}
