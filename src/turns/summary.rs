//! Session latency statistics over user turns: [`LatencySummary`], [`summarize`].

use super::latency::{TurnKind, TurnLatency};
use super::waterfall::{part_ms, WaterfallPart};
use alloc::vec::Vec;

/// Count, extremes, mean and exact quantiles of one latency, in ms.
///
/// Quantiles are exact over the values given, by **linear interpolation between closest
/// ranks** (Hyndman & Fan type 7, the default of numpy `percentile`, R `quantile` and
/// Excel `PERCENTILE.INC`): sort the `n` values as `x[0] ≤ … ≤ x[n−1]`, take
/// `h = (n − 1)·q`, and return `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. With one value
/// every statistic is that value. With none, `count` is 0 and every statistic is absent
/// (never `NaN`). Non-finite inputs are ignored.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LatencyStats {
    /// How many values the statistics are over.
    pub count: u32,
    /// Smallest value, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min: Option<f64>,
    /// Largest value, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max: Option<f64>,
    /// Arithmetic mean, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub mean: Option<f64>,
    /// Median (50th percentile), ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub p50: Option<f64>,
    /// 90th percentile, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub p90: Option<f64>,
    /// 95th percentile, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub p95: Option<f64>,
    /// 99th percentile, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub p99: Option<f64>,
}

/// The `q` quantile (0 ≤ q ≤ 1) of sorted, non-empty `xs`, type 7.
fn quantile(xs: &[f64], q: f64) -> f64 {
    let h = (xs.len() - 1) as f64 * q;
    // `h` is non-negative, so truncation is the floor (`f64::floor` is std-only).
    let lo = h as usize;
    match xs.get(lo + 1) {
        Some(next) => xs[lo] + (h - lo as f64) * (next - xs[lo]),
        None => xs[lo],
    }
}

impl LatencyStats {
    /// Statistics of `values` (any order), in ms.
    ///
    /// ```
    /// use voice_agent_metrics::LatencyStats;
    /// let s = LatencyStats::from_values(&[400.0, 100.0, 300.0, 200.0]);
    /// assert_eq!(s.count, 4);
    /// assert_eq!(s.p50, Some(250.0)); // halfway between 200 and 300
    /// assert_eq!(s.p90, Some(370.0)); // h = 3 × 0.9 = 2.7 → 300 + 0.7 × 100
    /// assert_eq!(LatencyStats::from_values(&[]).mean, None);
    /// ```
    pub fn from_values(values: &[f64]) -> Self {
        let mut xs: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if xs.is_empty() {
            return Self::default();
        }
        xs.sort_by(f64::total_cmp);
        let n = xs.len();
        let sum: f64 = xs.iter().sum();
        Self {
            count: u32::try_from(n).unwrap_or(u32::MAX),
            min: Some(xs[0]),
            max: Some(xs[n - 1]),
            mean: Some(sum / n as f64),
            p50: Some(quantile(&xs, 0.50)),
            p90: Some(quantile(&xs, 0.90)),
            p95: Some(quantile(&xs, 0.95)),
            p99: Some(quantile(&xs, 0.99)),
        }
    }
}

/// Latency statistics of a session, over its [`TurnKind::User`] turns only.
///
/// Agent-initiated and speculative turns have no user wait to measure and are left
/// out. Each component's statistics are over the user turns that have that component,
/// so `eouDelayMs.count` can exceed `formulaLatencyMs.count` (e.g. a reply cancelled
/// before any audio has an EOU delay but no total).
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LatencySummary {
    /// How many user turns there were.
    pub user_turns: u32,
    /// [`TurnLatency::e2e_latency_ms`]: the wait the user heard.
    pub e2e_latency_ms: LatencyStats,
    /// [`TurnLatency::formula_latency_ms`].
    pub formula_latency_ms: LatencyStats,
    /// [`TurnLatency::eou_delay_ms`].
    pub eou_delay_ms: LatencyStats,
    /// [`TurnLatency::transcription_delay_ms`] (already inside the EOU delay).
    pub transcription_delay_ms: LatencyStats,
    /// [`TurnLatency::on_user_turn_completed_delay_ms`] (not in the total).
    pub on_user_turn_completed_delay_ms: LatencyStats,
    /// [`TurnLatency::llm_ttft_ms`].
    pub llm_ttft_ms: LatencyStats,
    /// [`TurnLatency::tts_ttfb_ms`].
    pub tts_ttfb_ms: LatencyStats,
    /// The waterfall parts of the user turns that have an e2e.
    pub waterfall: WaterfallSummary,
}

/// Statistics of each waterfall part (its critical-path duration in a turn, ms), over
/// the user turns that have an e2e. A part a turn does not have counts as 0 there, so
/// every part has the same count as `e2eLatencyMs` and the means add up to its mean.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct WaterfallSummary {
    /// [`WaterfallPart::EndOfTurn`].
    pub end_of_turn_ms: LatencyStats,
    /// [`WaterfallPart::OnUserTurnCompleted`].
    pub on_user_turn_completed_ms: LatencyStats,
    /// [`WaterfallPart::ToolStep`].
    pub tool_step_ms: LatencyStats,
    /// [`WaterfallPart::ToolExecution`].
    pub tool_execution_ms: LatencyStats,
    /// [`WaterfallPart::LlmTtft`].
    pub llm_ttft_ms: LatencyStats,
    /// [`WaterfallPart::FirstSentence`].
    pub first_sentence_ms: LatencyStats,
    /// [`WaterfallPart::TtsTtfb`].
    pub tts_ttfb_ms: LatencyStats,
    /// [`WaterfallPart::RealtimeTtft`].
    pub realtime_ttft_ms: LatencyStats,
    /// [`WaterfallPart::Playback`].
    pub playback_ms: LatencyStats,
    /// [`WaterfallPart::Unexplained`].
    pub unexplained_ms: LatencyStats,
}

impl WaterfallSummary {
    /// From the statistics of each part, in [`WaterfallPart::ALL`] order.
    pub(crate) fn from_parts(mut stats: impl FnMut(WaterfallPart) -> LatencyStats) -> Self {
        WaterfallSummary {
            end_of_turn_ms: stats(WaterfallPart::EndOfTurn),
            on_user_turn_completed_ms: stats(WaterfallPart::OnUserTurnCompleted),
            tool_step_ms: stats(WaterfallPart::ToolStep),
            tool_execution_ms: stats(WaterfallPart::ToolExecution),
            llm_ttft_ms: stats(WaterfallPart::LlmTtft),
            first_sentence_ms: stats(WaterfallPart::FirstSentence),
            tts_ttfb_ms: stats(WaterfallPart::TtsTtfb),
            realtime_ttft_ms: stats(WaterfallPart::RealtimeTtft),
            playback_ms: stats(WaterfallPart::Playback),
            unexplained_ms: stats(WaterfallPart::Unexplained),
        }
    }

    /// The statistics of `part`.
    pub fn part(&self, part: WaterfallPart) -> &LatencyStats {
        match part {
            WaterfallPart::EndOfTurn => &self.end_of_turn_ms,
            WaterfallPart::OnUserTurnCompleted => &self.on_user_turn_completed_ms,
            WaterfallPart::ToolStep => &self.tool_step_ms,
            WaterfallPart::ToolExecution => &self.tool_execution_ms,
            WaterfallPart::LlmTtft => &self.llm_ttft_ms,
            WaterfallPart::FirstSentence => &self.first_sentence_ms,
            WaterfallPart::TtsTtfb => &self.tts_ttfb_ms,
            WaterfallPart::RealtimeTtft => &self.realtime_ttft_ms,
            WaterfallPart::Playback => &self.playback_ms,
            WaterfallPart::Unexplained => &self.unexplained_ms,
        }
    }
}

/// A turn's critical-path time in `part`, ms; `None` when the turn has no e2e.
pub(crate) fn turn_part_ms(t: &TurnLatency, part: WaterfallPart) -> Option<f64> {
    t.e2e_latency_ms.map(|_| part_ms(&t.waterfall, part))
}

/// Summarizes turns: count, min, max, mean, p50, p90, p95, p99 of the total latency and
/// of each component, over user turns (see [`LatencySummary`] and [`LatencyStats`]).
///
/// ```
/// use voice_agent_metrics::{compute_turn_latency, summarize};
/// let summary = summarize(&compute_turn_latency(&[]));
/// assert_eq!(summary.user_turns, 0);
/// assert_eq!(summary.formula_latency_ms.count, 0);
/// assert_eq!(summary.formula_latency_ms.p95, None); // absent, never NaN
/// ```
pub fn summarize(turns: &[TurnLatency]) -> LatencySummary {
    let users: Vec<&TurnLatency> = turns.iter().filter(|t| t.kind == TurnKind::User).collect();
    let stats = |field: fn(&TurnLatency) -> Option<f64>| {
        let values: Vec<f64> = users.iter().filter_map(|t| field(t)).collect();
        LatencyStats::from_values(&values)
    };
    LatencySummary {
        user_turns: u32::try_from(users.len()).unwrap_or(u32::MAX),
        e2e_latency_ms: stats(|t| t.e2e_latency_ms),
        formula_latency_ms: stats(|t| t.formula_latency_ms),
        eou_delay_ms: stats(|t| t.eou_delay_ms),
        transcription_delay_ms: stats(|t| t.transcription_delay_ms),
        on_user_turn_completed_delay_ms: stats(|t| t.on_user_turn_completed_delay_ms),
        llm_ttft_ms: stats(|t| t.llm_ttft_ms),
        tts_ttfb_ms: stats(|t| t.tts_ttfb_ms),
        waterfall: WaterfallSummary::from_parts(|part| {
            let values: Vec<f64> = users.iter().filter_map(|t| turn_part_ms(t, part)).collect();
            LatencyStats::from_values(&values)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy_linear() {
        // numpy.percentile([15, 20, 35, 40, 50], [50, 90, 95, 99])
        //   → [35.0, 46.0, 48.0, 49.6]
        let s = LatencyStats::from_values(&[50.0, 15.0, 40.0, 20.0, 35.0]);
        assert_eq!(s.count, 5);
        assert_eq!((s.min, s.max, s.mean), (Some(15.0), Some(50.0), Some(32.0)));
        assert_eq!(s.p50, Some(35.0));
        assert_eq!(s.p90, Some(46.0));
        assert_eq!(s.p95, Some(48.0));
        assert!((s.p99.unwrap() - 49.6).abs() < 1e-9);
    }

    #[test]
    fn one_value_and_no_value() {
        let s = LatencyStats::from_values(&[7.5]);
        assert_eq!((s.p50, s.p99, s.mean), (Some(7.5), Some(7.5), Some(7.5)));
        let e = LatencyStats::from_values(&[f64::NAN, f64::INFINITY]);
        assert_eq!(e, LatencyStats::default());
        assert_eq!(e.count, 0);
    }
}
