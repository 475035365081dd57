//! What a live session keeps of the turns that left its detail window: the latency
//! values for the summary (exact up to [`EXACT_SUMMARY_TURNS`], then a sketch).

use super::latency::{TurnKind, TurnLatency};
use super::summary::{turn_part_ms, LatencyStats, LatencySummary, WaterfallSummary};
use super::waterfall::WaterfallPart;
use crate::aggregate::LatencySketch;
use alloc::vec::Vec;

/// How many evicted user turns keep their exact latency values (17 `f64` each: e2e,
/// the formula and its components, the waterfall parts; so at most 1.4 MB). Past this, the summary's quantiles come from a [`LatencySketch`]
/// (relative error ≤ 0.55 %); count, min, max and mean stay exact.
pub const EXACT_SUMMARY_TURNS: usize = 10_000;

/// The values of one latency component over evicted turns.
#[derive(Debug, Clone, Default)]
struct Values {
    /// Exact values while there are at most [`EXACT_SUMMARY_TURNS`].
    exact: Vec<f64>,
    /// Every value, once there are more.
    sketch: Option<LatencySketch>,
    count: u64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Values {
    fn add(&mut self, v: Option<f64>) {
        let Some(v) = v.filter(|v| v.is_finite()) else {
            return;
        };
        if self.count == 0 {
            (self.min, self.max) = (v, v);
        } else {
            (self.min, self.max) = (self.min.min(v), self.max.max(v));
        }
        self.count += 1;
        self.sum += v;
        match &mut self.sketch {
            Some(s) => s.record(v),
            None if self.exact.len() < EXACT_SUMMARY_TURNS => self.exact.push(v),
            None => {
                let mut s = LatencySketch::new();
                self.exact.iter().for_each(|&x| s.record(x));
                s.record(v);
                self.exact = Vec::new();
                self.sketch = Some(s);
            }
        }
    }

    /// The statistics of these values and `more`.
    fn stats(&self, more: &[f64]) -> LatencyStats {
        let Some(sketch) = &self.sketch else {
            let mut all = self.exact.clone();
            all.extend_from_slice(more);
            return LatencyStats::from_values(&all);
        };
        let mut s = sketch.clone();
        let (mut count, mut sum, mut min, mut max) = (self.count, self.sum, self.min, self.max);
        for &v in more.iter().filter(|v| v.is_finite()) {
            s.record(v);
            count += 1;
            sum += v;
            (min, max) = (min.min(v), max.max(v));
        }
        LatencyStats {
            count: u32::try_from(count).unwrap_or(u32::MAX),
            min: Some(min),
            max: Some(max),
            mean: Some(sum / count as f64),
            p50: s.quantile(0.50),
            p90: s.quantile(0.90),
            p95: s.quantile(0.95),
            p99: s.quantile(0.99),
        }
    }
}

type Field = fn(&TurnLatency) -> Option<f64>;

/// The summarized values: e2e, the components in [`LatencySummary`] order, then the
/// waterfall parts in [`WaterfallPart::ALL`] order.
const FIELDS: [Field; 17] = [
    |t| t.e2e_latency_ms,
    |t| t.formula_latency_ms,
    |t| t.eou_delay_ms,
    |t| t.transcription_delay_ms,
    |t| t.on_user_turn_completed_delay_ms,
    |t| t.llm_ttft_ms,
    |t| t.tts_ttfb_ms,
    |t| turn_part_ms(t, WaterfallPart::EndOfTurn),
    |t| turn_part_ms(t, WaterfallPart::OnUserTurnCompleted),
    |t| turn_part_ms(t, WaterfallPart::ToolStep),
    |t| turn_part_ms(t, WaterfallPart::ToolExecution),
    |t| turn_part_ms(t, WaterfallPart::LlmTtft),
    |t| turn_part_ms(t, WaterfallPart::FirstSentence),
    |t| turn_part_ms(t, WaterfallPart::TtsTtfb),
    |t| turn_part_ms(t, WaterfallPart::RealtimeTtft),
    |t| turn_part_ms(t, WaterfallPart::Playback),
    |t| turn_part_ms(t, WaterfallPart::Unexplained),
];

/// Where the waterfall parts start in [`FIELDS`].
const PARTS_AT: usize = 7;

/// The latency values of the user turns evicted from a live session's detail window.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evicted {
    user_turns: u64,
    values: [Values; 17],
}

impl Evicted {
    /// Keeps what the summary needs of an evicted turn.
    pub fn add(&mut self, turn: &TurnLatency) {
        if turn.kind != TurnKind::User {
            return;
        }
        self.user_turns += 1;
        for (values, field) in self.values.iter_mut().zip(FIELDS) {
            values.add(field(turn));
        }
    }

    /// The summary of the evicted turns and `detail` (the turns still held).
    pub fn summary_with(&self, detail: &[TurnLatency]) -> LatencySummary {
        let users: Vec<&TurnLatency> = detail.iter().filter(|t| t.kind == TurnKind::User).collect();
        let stats = |i: usize| {
            let more: Vec<f64> = users.iter().filter_map(|t| FIELDS[i](t)).collect();
            self.values[i].stats(&more)
        };
        let user_turns = self.user_turns + users.len() as u64;
        LatencySummary {
            user_turns: u32::try_from(user_turns).unwrap_or(u32::MAX),
            e2e_latency_ms: stats(0),
            formula_latency_ms: stats(1),
            eou_delay_ms: stats(2),
            transcription_delay_ms: stats(3),
            on_user_turn_completed_delay_ms: stats(4),
            llm_ttft_ms: stats(5),
            tts_ttfb_ms: stats(6),
            waterfall: WaterfallSummary::from_parts(|part| stats(PARTS_AT + part.index())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::turns::summarize;

    fn turn(total: f64) -> TurnLatency {
        TurnLatency {
            speech_id: None,
            kind: TurnKind::User,
            started_at_ms: 0.0,
            e2e_latency_ms: Some(total + 100.0),
            eou_delay_ms: Some(total / 2.0),
            transcription_delay_ms: None,
            on_user_turn_completed_delay_ms: None,
            llm_ttft_ms: None,
            tts_ttfb_ms: None,
            formula_latency_ms: Some(total),
            missing: Vec::new(),
            llm_steps: 0,
            llm_duration_ms: None,
            tts_segments: 0,
            cancelled: false,
            realtime: false,
            unexplained_ms: Some(total + 100.0),
            waterfall: alloc::vec![crate::turns::WaterfallStep {
                part: WaterfallPart::Unexplained,
                start_ms: 0.0,
                duration_ms: total + 100.0,
                ahead_ms: None,
            }],
            first_transcript_after_eos_delay_ms: None,
        }
    }

    #[test]
    fn exact_below_the_limit_and_close_above_it() {
        let turns: Vec<TurnLatency> = (0..300).map(|i| turn(500.0 + i as f64)).collect();
        let mut e = Evicted::default();
        turns[..200].iter().for_each(|t| e.add(t));
        assert_eq!(e.summary_with(&turns[200..]), summarize(&turns));

        let many: Vec<TurnLatency> = (0..EXACT_SUMMARY_TURNS + 500)
            .map(|i| turn(100.0 + (i % 997) as f64))
            .collect();
        let mut e = Evicted::default();
        many[..EXACT_SUMMARY_TURNS + 400]
            .iter()
            .for_each(|t| e.add(t));
        let got = e.summary_with(&many[EXACT_SUMMARY_TURNS + 400..]);
        let want = summarize(&many);
        assert_eq!(got.user_turns, want.user_turns);
        let (g, w) = (&got.formula_latency_ms, &want.formula_latency_ms);
        assert_eq!((g.count, g.min, g.max), (w.count, w.min, w.max));
        assert!((g.mean.unwrap() - w.mean.unwrap()).abs() < 1e-6);
        for (g, w) in [
            (g.p50, w.p50),
            (g.p90, w.p90),
            (g.p95, w.p95),
            (g.p99, w.p99),
        ] {
            let (g, w) = (g.unwrap(), w.unwrap());
            assert!((g - w).abs() <= w * 0.0055, "{g} vs {w}");
        }
    }
}
