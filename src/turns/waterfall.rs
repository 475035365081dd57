//! The heard wait of a turn split into the parts that caused it: [`Waterfall`].
//!
//! A turn's wait runs from the end of user speech to the agent's first audio. Its parts
//! (end-of-turn decision, the `on_user_turn_completed` hook, silent tool-call steps and
//! tool execution, LLM time to first token, the wait for the first sentence the TTS can
//! speak, TTS time to first byte, playout) run one after the other on a causal chain, but
//! not always back to back (scheduling gaps) and not always after each other: with
//! preemptive generation the LLM (and TTS) start before the end-of-turn decision.
//!
//! The waterfall is the **critical path**: the parts are taken in causal order, and each
//! counts only the time by which it delays the first audio after the previous part
//! ended. Work a part did before that ([`WaterfallStep::ahead_ms`]) ran in parallel
//! (preemptive generation) and is reported apart, never as a negative remainder. Time in
//! which no part ran is [`WaterfallPart::Unexplained`], placed where it happened. The
//! durations are never negative and add up to the e2e latency.

use alloc::vec::Vec;

/// One part of the wait. Serialized in camelCase (`"endOfTurn"`, `"firstSentence"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum WaterfallPart {
    /// End of user speech → end-of-turn decision (the EOU delay; the transcription delay
    /// is inside it).
    EndOfTurn,
    /// The agent's `on_user_turn_completed` hook.
    OnUserTurnCompleted,
    /// A silent LLM step before the spoken one (it only called tools): the whole request.
    ToolStep,
    /// Tool execution: a silent step's end → the next step's start (events), or the
    /// tool call's own timing (reports).
    ToolExecution,
    /// The spoken LLM step's start → its first token.
    LlmTtft,
    /// The LLM's first token → the first text handed to the TTS (sentence aggregation:
    /// the TTS waits for a sentence it can speak).
    FirstSentence,
    /// Text handed to the TTS → its first audio.
    TtsTtfb,
    /// A realtime model's response creation → its first audio.
    RealtimeTtft,
    /// First audio frame → playout reported (reports' `playback_latency`).
    Playback,
    /// Time no part accounts for (scheduling, queueing), where it happened.
    Unexplained,
}

impl WaterfallPart {
    /// Every part, in the order of [`WaterfallSummary`]'s fields.
    pub const ALL: [WaterfallPart; 10] = [
        WaterfallPart::EndOfTurn,
        WaterfallPart::OnUserTurnCompleted,
        WaterfallPart::ToolStep,
        WaterfallPart::ToolExecution,
        WaterfallPart::LlmTtft,
        WaterfallPart::FirstSentence,
        WaterfallPart::TtsTtfb,
        WaterfallPart::RealtimeTtft,
        WaterfallPart::Playback,
        WaterfallPart::Unexplained,
    ];

    /// The serialized name (`"endOfTurn"`, ...).
    pub fn name(self) -> &'static str {
        PART_NAMES[self.index()]
    }

    /// Position in [`WaterfallPart::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The serialized names of [`WaterfallPart::ALL`], in order (the package's JS fast
/// path reads this list from this file when it is assembled).
pub const PART_NAMES: [&str; 10] = [
    "endOfTurn",
    "onUserTurnCompleted",
    "toolStep",
    "toolExecution",
    "llmTtft",
    "firstSentence",
    "ttsTtfb",
    "realtimeTtft",
    "playback",
    "unexplained",
];

/// One bar of the waterfall. Times are ms after the end of user speech.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct WaterfallStep {
    /// Which part.
    pub part: WaterfallPart,
    /// When the part starts delaying the first audio, ms after the end of user speech.
    pub start_ms: f64,
    /// How long it delays the first audio, ms (≥ 0).
    pub duration_ms: f64,
    /// How much of the part ran before the previous part ended, ms (absent when none, or
    /// under 1 µs): work done ahead, off the critical path (preemptive generation).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub ahead_ms: Option<f64>,
}

/// The waterfall of one turn: steps in time order whose durations add up to the e2e.
pub type Waterfall = Vec<WaterfallStep>;

/// A part's interval on the causal chain, ms after the end of user speech.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    pub part: WaterfallPart,
    pub start_ms: f64,
    pub end_ms: f64,
}

impl Span {
    pub fn new(part: WaterfallPart, start_ms: f64, end_ms: f64) -> Self {
        Span {
            part,
            start_ms,
            end_ms,
        }
    }
}

/// Gaps shorter than this (ms) are not drawn as unexplained steps, and work done ahead
/// by less than this is not reported: timestamp rounding (reports write seconds with
/// sub-µs noise), not time anyone waited.
const MIN_GAP_MS: f64 = 1e-3;

/// The critical path of `spans` (in causal order) up to the first audio at `e2e_ms`.
///
/// Each span counts from where the previous one ended (the cursor) to its own end,
/// clipped to `e2e_ms`; the part of it before the cursor is `ahead_ms`; time between the
/// cursor and a later span start, and after the last span, is unexplained. The
/// durations add up to `e2e_ms` (to rounding). Spans with non-finite bounds are skipped.
pub(crate) fn critical_path(spans: &[Span], e2e_ms: f64) -> Waterfall {
    let mut steps: Waterfall = Vec::with_capacity(spans.len() + 2);
    let mut cursor = 0.0_f64;
    let gap = |steps: &mut Waterfall, from: f64, to: f64| {
        if to - from > MIN_GAP_MS {
            steps.push(WaterfallStep {
                part: WaterfallPart::Unexplained,
                start_ms: from,
                duration_ms: to - from,
                ahead_ms: None,
            });
        }
    };
    for s in spans {
        if !(s.start_ms.is_finite() && s.end_ms.is_finite()) {
            continue;
        }
        let start = s.start_ms.min(e2e_ms);
        let end = s.end_ms.max(s.start_ms).min(e2e_ms);
        if start > cursor {
            gap(&mut steps, cursor, start);
            cursor = start;
        }
        let ahead = (end.min(cursor) - s.start_ms).max(0.0);
        let ahead = (ahead > MIN_GAP_MS).then_some(ahead);
        let duration = (end - cursor).max(0.0);
        if duration > 0.0 || ahead.is_some() {
            steps.push(WaterfallStep {
                part: s.part,
                start_ms: cursor,
                duration_ms: duration,
                ahead_ms: ahead,
            });
        }
        cursor = cursor.max(end);
    }
    if cursor < e2e_ms {
        gap(&mut steps, cursor, e2e_ms);
    }
    steps
}

/// Total duration of `part` in `waterfall`, ms (0 when absent).
pub fn part_ms(waterfall: &[WaterfallStep], part: WaterfallPart) -> f64 {
    // A fold from +0 (an empty `sum()` of f64 is −0).
    waterfall
        .iter()
        .filter(|s| s.part == part)
        .fold(0.0, |a, s| a + s.duration_ms)
}

/// Total time done ahead for `part` in `waterfall`, ms (0 when none).
pub fn part_ahead_ms(waterfall: &[WaterfallStep], part: WaterfallPart) -> f64 {
    waterfall
        .iter()
        .filter(|s| s.part == part)
        .filter_map(|s| s.ahead_ms)
        .fold(0.0, |a, x| a + x)
}

#[cfg(test)]
mod tests {
    use super::WaterfallPart::*;
    use super::*;

    fn sum(w: &[WaterfallStep]) -> f64 {
        w.iter().map(|s| s.duration_ms).sum()
    }

    #[test]
    fn back_to_back_parts_with_a_gap() {
        let spans = [
            Span::new(EndOfTurn, 0.0, 500.0),
            Span::new(OnUserTurnCompleted, 500.0, 501.0),
            Span::new(LlmTtft, 503.0, 853.0),
            Span::new(FirstSentence, 853.0, 1_303.0),
            Span::new(TtsTtfb, 1_303.0, 1_455.0),
        ];
        let w = critical_path(&spans, 1_457.0);
        #[cfg(feature = "serde")]
        for part in WaterfallPart::ALL {
            let json = serde_json::to_string(&part).unwrap();
            assert_eq!(json, alloc::format!("\"{}\"", part.name()));
        }
        let parts: Vec<_> = w.iter().map(|s| s.part).collect();
        assert_eq!(
            parts,
            [
                EndOfTurn,
                OnUserTurnCompleted,
                Unexplained,
                LlmTtft,
                FirstSentence,
                TtsTtfb,
                Unexplained
            ]
        );
        assert_eq!(sum(&w), 1_457.0);
        assert_eq!(part_ms(&w, Unexplained), 4.0);
        assert_eq!(w[3].start_ms, 503.0);
        assert!(w.iter().all(|s| s.ahead_ms.is_none()));
    }

    #[test]
    fn preemptive_work_is_ahead_not_negative() {
        // The LLM starts 200 ms after the end of speech, the decision comes at 800 ms.
        let spans = [
            Span::new(EndOfTurn, 0.0, 800.0),
            Span::new(OnUserTurnCompleted, 800.0, 800.1),
            Span::new(LlmTtft, 200.0, 650.0),
            Span::new(FirstSentence, 650.0, 1_100.0),
            Span::new(TtsTtfb, 1_100.0, 1_300.0),
        ];
        let w = critical_path(&spans, 1_300.0);
        assert!(w.iter().all(|s| s.duration_ms >= 0.0));
        assert!((sum(&w) - 1_300.0).abs() < 1e-9);
        assert_eq!(part_ms(&w, LlmTtft), 0.0);
        assert_eq!(part_ahead_ms(&w, LlmTtft), 450.0);
        assert!((part_ms(&w, FirstSentence) - 299.9).abs() < 1e-9);
        assert!((part_ahead_ms(&w, FirstSentence) - 150.1).abs() < 1e-9);
        assert_eq!(part_ms(&w, Unexplained), 0.0);
        // Time order.
        assert!(w.windows(2).all(|p| p[0].start_ms <= p[1].start_ms));
    }

    #[test]
    fn parts_past_the_first_audio_are_clipped() {
        let spans = [
            Span::new(EndOfTurn, 0.0, 900.0),
            Span::new(TtsTtfb, 400.0, 700.0),
        ];
        let w = critical_path(&spans, 700.0);
        assert_eq!(sum(&w), 700.0);
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].duration_ms, 0.0);
        assert_eq!(w[1].ahead_ms, Some(300.0));
        // Nothing at all: the whole wait is unexplained.
        let w = critical_path(&[], 250.0);
        assert_eq!(
            (w.len(), w[0].part, w[0].duration_ms),
            (1, Unexplained, 250.0)
        );
        // Inverted or non-finite spans count nothing.
        let w = critical_path(
            &[
                Span::new(LlmTtft, 100.0, 50.0),
                Span::new(TtsTtfb, f64::NAN, 10.0),
            ],
            200.0,
        );
        assert_eq!(sum(&w), 200.0);
        assert!(w.iter().all(|s| s.duration_ms >= 0.0));
    }
}
