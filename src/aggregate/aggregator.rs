//! [`LatencyAggregator`]: latency sketches, usage and session counts across sessions,
//! one series per label set.

use super::acquire::AcquireTimes;
use super::error::AggregateError;
use super::labels::check_keys;
use super::limits::AggregatorLimits;
use super::sample::{LatencyMetric, TurnSample};
use super::sketch::LatencySketch;
use super::usage::{add_row, UsageRow};
use super::view::{SeriesQuantiles, SeriesView};
use crate::report::{ChatTurn, JoinedTurn, SessionAnalysis};
use crate::turns::{TurnKind, TurnLatency};
use crate::usage::{ModelUsage, PriceTable, Usage};
use alloc::string::String;
use alloc::vec::Vec;

/// How many series an aggregator keeps by default before new label sets go to the
/// overflow series.
pub const DEFAULT_MAX_SERIES: u32 = 256;

/// The largest `max_series` accepted.
pub const MAX_SERIES_LIMIT: u32 = 65_536;

/// Options of a [`LatencyAggregator`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregatorOptions {
    /// The label keys to group by, in order (at most 8; see [`crate::aggregate`]'s
    /// well-known keys). Labels passed to `add_*` with other keys are ignored; missing
    /// ones are `""`. No keys: one series for everything.
    pub label_keys: Vec<String>,
    /// The most series kept (1 to 65,536; default 256). Label sets beyond it go to one
    /// overflow series (OpenTelemetry's cardinality limit: exported with only
    /// `otel.metric.overflow = true`), so memory stays bounded.
    pub max_series: u32,
    /// Label value length, bucket memory, export size and input size limits (see
    /// [`AggregatorLimits`] for the defaults and the memory bound they give).
    pub limits: AggregatorLimits,
}

impl Default for AggregatorOptions {
    fn default() -> Self {
        AggregatorOptions {
            label_keys: Vec::new(),
            max_series: DEFAULT_MAX_SERIES,
            limits: AggregatorLimits::default(),
        }
    }
}

/// One series: everything recorded under one label set.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Series {
    pub(crate) sessions: u64,
    pub(crate) turns: u64,
    pub(crate) sketches: [LatencySketch; 10],
    /// Usage totals per (kind, provider, model), sorted by that key.
    pub(crate) usage: Vec<UsageRow>,
    /// Connection acquire times per (provider, model, reused).
    pub(crate) acquire: AcquireTimes,
}

impl Series {
    /// How many exponential buckets recording `sample` would add.
    fn growth(&self, sample: &TurnSample) -> usize {
        LatencyMetric::ALL
            .iter()
            .filter_map(|m| Some(self.sketches[m.index()].growth(sample.get(*m)?)))
            .sum()
    }

    /// How many exponential buckets merging `other` would add.
    fn merge_growth(&self, other: &Series) -> usize {
        self.sketches
            .iter()
            .zip(other.sketches.iter())
            .map(|(a, b)| a.merge_growth(b))
            .sum::<usize>()
            + self.acquire.merge_growth(&other.acquire)
    }

    /// The exponential buckets held.
    pub(crate) fn buckets(&self) -> usize {
        self.sketches
            .iter()
            .map(LatencySketch::buckets)
            .sum::<usize>()
            + self.acquire.buckets()
    }

    fn record(&mut self, sample: &TurnSample) {
        self.turns = self.turns.saturating_add(1);
        for m in LatencyMetric::ALL {
            if let Some(v) = sample.get(m) {
                self.sketches[m.index()].record(v);
            }
        }
    }

    fn add_usage(&mut self, rows: &[ModelUsage]) {
        rows.iter()
            .for_each(|r| add_row(&mut self.usage, &UsageRow::from(r)));
    }

    fn add_session(&mut self) {
        self.sessions = self.sessions.saturating_add(1);
    }

    fn merge(&mut self, other: &Series) {
        self.sessions = self.sessions.saturating_add(other.sessions);
        self.turns = self.turns.saturating_add(other.turns);
        for (a, b) in self.sketches.iter_mut().zip(other.sketches.iter()) {
            a.merge(b);
        }
        other.usage.iter().for_each(|r| add_row(&mut self.usage, r));
        self.acquire.merge(&other.acquire);
    }
}

/// Latency sketches, usage totals and session counts across many sessions, grouped by
/// the labels you choose; mergeable, serializable, exportable.
///
/// - `add_turns` / `add_chat_turns` / `add_analysis` add one session (its user turns and
///   its usage) to the series of its labels; `record` and `add_usage` add parts.
/// - [`LatencyAggregator::merge`] combines aggregators from other processes or machines:
///   exact (sketches add bucket counts, so merged percentiles equal those of one
///   aggregator fed every session) as long as the label sets fit in `max_series`.
/// - [`LatencyAggregator::to_bytes`] / [`LatencyAggregator::from_bytes`] (versioned),
///   JSON with the `serde` feature, and the exports `to_prometheus` and `to_otlp_json`.
/// - Memory is bounded whatever the number of turns: at most `max_series + 1` series,
///   each with ten sketches of at most 2,560 buckets and one row per model, and the
///   buckets of all labelled series within [`AggregatorLimits::max_bucket_bytes`]
///   (values that would need more are recorded in the overflow series).
/// - Label values longer than [`AggregatorLimits::max_label_value_bytes`] fail the call
///   with `TooLarge`; so do exports longer than
///   [`AggregatorLimits::max_exposition_bytes`].
///
/// ```
/// use voice_agent_metrics::aggregate::{AGENT_NAME, LLM_MODEL};
/// use voice_agent_metrics::{LatencyAggregator, LatencyMetric, TurnSample};
/// let mut agg = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
/// let labels = [(AGENT_NAME, "support"), (LLM_MODEL, "gpt-4.1-mini")]; // llm_model is not a key
/// for ms in [900.0, 1_100.0, 1_500.0] {
///     let turn = TurnSample { formula_latency_ms: Some(ms), ..Default::default() };
///     agg.record(&turn, &labels).unwrap();
/// }
/// let q = agg.quantiles(&[0.5]).unwrap();
/// assert_eq!(q.len(), 1);
/// let total = q[0].metric(LatencyMetric::FormulaLatency).unwrap();
/// assert!((total.values_ms[0].unwrap() - 1_100.0).abs() < 1_100.0 * 0.0055);
/// let restored = LatencyAggregator::from_bytes(&agg.to_bytes()).unwrap();
/// assert_eq!(restored, agg);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LatencyAggregator {
    pub(crate) keys: Vec<String>,
    pub(crate) max_series: u32,
    /// Labelled series sorted by label values (a sorted `Vec`: binary search, and far
    /// less wasm than a `BTreeMap`).
    pub(crate) series: Vec<(Vec<String>, Series)>,
    pub(crate) overflow: Option<Series>,
    pub(crate) limits: AggregatorLimits,
    /// Exponential buckets held by the labelled series (the budget's use).
    pub(crate) buckets: usize,
}

/// Where a label set's values go: a labelled series (its index) or the overflow series.
pub(super) type Slot = Option<usize>;

impl LatencyAggregator {
    /// An empty aggregator grouping by `label_keys` (in order), `max_series` 256.
    ///
    /// Fails with `InvalidLabels` for more than 8 keys, an empty key, keys that collide
    /// once sanitized for Prometheus, or keys the exports reserve.
    pub fn new<K: AsRef<str>>(label_keys: &[K]) -> Result<Self, AggregateError> {
        Self::with_options(AggregatorOptions {
            label_keys: label_keys
                .iter()
                .map(|k| String::from(k.as_ref()))
                .collect(),
            ..Default::default()
        })
    }

    /// An empty aggregator with `options`.
    pub fn with_options(options: AggregatorOptions) -> Result<Self, AggregateError> {
        check_keys(&options.label_keys)?;
        if options.max_series == 0 || options.max_series > MAX_SERIES_LIMIT {
            return Err(AggregateError::InvalidLabels {
                reason: "max_series must be between 1 and 65536",
            });
        }
        options.limits.check()?;
        Ok(LatencyAggregator {
            keys: options.label_keys,
            max_series: options.max_series,
            series: Vec::new(),
            overflow: None,
            limits: options.limits,
            buckets: 0,
        })
    }

    /// The limits (see [`AggregatorLimits`]).
    pub fn limits(&self) -> &AggregatorLimits {
        &self.limits
    }

    /// The bytes the labelled series' exponential buckets take (8 a bucket), within
    /// [`AggregatorLimits::max_bucket_bytes`].
    pub fn bucket_bytes(&self) -> usize {
        self.buckets * super::limits::BUCKET_BYTES
    }

    /// The label keys, in order.
    pub fn label_keys(&self) -> &[String] {
        &self.keys
    }

    /// The most series kept before the overflow series.
    pub fn max_series(&self) -> u32 {
        self.max_series
    }

    /// The slot for `labels` (projected on the keys), a series created if there is
    /// room; `TooLarge` for a label value over the limit (nothing is changed).
    pub(super) fn slot<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        labels: &[(K, V)],
    ) -> Result<Slot, AggregateError> {
        let values: Vec<&str> = self
            .keys
            .iter()
            .map(|key| {
                labels
                    .iter()
                    .find(|(k, _)| k.as_ref() == key)
                    .map_or("", |(_, v)| v.as_ref())
            })
            .collect();
        values.iter().try_for_each(|v| self.limits.label_value(v))?;
        let at = self
            .series
            .binary_search_by(|(v, _)| v.iter().map(String::as_str).cmp(values.iter().copied()));
        Ok(self.slot_at(at, || values.iter().map(|v| String::from(*v)).collect()))
    }

    /// The slot of a binary search's result, a series created if there is room.
    fn slot_at(&mut self, at: Result<usize, usize>, values: impl FnOnce() -> Vec<String>) -> Slot {
        match at {
            Ok(i) => Some(i),
            Err(i) if self.series.len() < self.max_series as usize => {
                self.series.insert(i, (values(), Series::default()));
                Some(i)
            }
            Err(_) => None,
        }
    }

    pub(super) fn series_at(&mut self, slot: Slot) -> &mut Series {
        match slot {
            Some(i) => &mut self.series[i].1,
            None => self.overflow.get_or_insert_with(Series::default),
        }
    }

    /// Records `sample` in its slot, or in the overflow series when the new buckets it
    /// needs there do not fit the budget.
    fn record_at(&mut self, slot: Slot, sample: &TurnSample) {
        if let Some(i) = slot {
            let growth = self.series[i].1.growth(sample);
            if self.limits.fits(self.buckets + growth) {
                self.buckets += growth;
                self.series[i].1.record(sample);
                return;
            }
        }
        self.series_at(None).record(sample);
    }

    /// Adds one session from metrics events: its [`TurnKind::User`] turns (as
    /// [`crate::summarize`] counts them) and its usage totals (`usage.models`).
    pub fn add_turns<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        turns: &[TurnLatency],
        usage: &Usage,
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        let slot = self.slot(labels)?;
        self.series_at(slot).add_session();
        turns
            .iter()
            .filter(|t| t.kind == TurnKind::User)
            .for_each(|t| self.record_at(slot, &TurnSample::from(t)));
        self.series_at(slot).add_usage(&usage.models);
        Ok(())
    }

    /// Adds one session from its chat history: its unflagged [`TurnKind::User`] turns
    /// (as [`crate::summarize_chat_turns`] counts them, with e2e) and its usage totals.
    pub fn add_chat_turns<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        turns: &[ChatTurn],
        usage: &Usage,
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        let slot = self.slot(labels)?;
        self.series_at(slot).add_session();
        turns
            .iter()
            .filter(|t| t.kind == TurnKind::User && t.flags.is_empty())
            .for_each(|t| self.record_at(slot, &TurnSample::from(t)));
        self.series_at(slot).add_usage(&usage.models);
        Ok(())
    }

    /// Adds one session from its joined turns ([`crate::join_turns`] of its chat turns
    /// and metrics turns): unflagged user turns with e2e *and* the total (see
    /// [`TurnSample`]'s `From<&JoinedTurn>`), and `usage` (the metrics' usage from
    /// [`crate::compute_usage`], or the report's).
    pub fn add_joined_turns<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        turns: &[JoinedTurn],
        usage: &Usage,
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        let slot = self.slot(labels)?;
        self.series_at(slot).add_session();
        turns
            .iter()
            .filter(|t| t.chat.kind == TurnKind::User && t.chat.flags.is_empty())
            .for_each(|t| self.record_at(slot, &TurnSample::from(t)));
        self.series_at(slot).add_usage(&usage.models);
        Ok(())
    }

    /// Adds one analyzed session report ([`LatencyAggregator::add_chat_turns`] of its turns
    /// and usage).
    pub fn add_analysis<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        analysis: &SessionAnalysis,
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        self.add_chat_turns(&analysis.turns, &analysis.usage, labels)
    }

    /// Records one user turn (no session is counted).
    pub fn record<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        turn: &TurnSample,
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        let slot = self.slot(labels)?;
        self.record_at(slot, turn);
        Ok(())
    }

    /// Adds usage rows (no session is counted).
    pub fn add_usage<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        rows: &[ModelUsage],
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        let slot = self.slot(labels)?;
        self.series_at(slot).add_usage(rows);
        Ok(())
    }

    /// Adds everything in `other` (same label keys) to this aggregator.
    ///
    /// Fails with `IncompatibleMerge` when the label keys differ, and `TooLarge` when a
    /// label value of `other` is longer than this one's limit (nothing is changed).
    /// Exact, associative and commutative while the distinct label sets fit in
    /// `max_series` and their buckets in `max_bucket_bytes` (this one's); beyond, which
    /// sets land in the overflow series depends on the order.
    pub fn merge(&mut self, other: &LatencyAggregator) -> Result<(), AggregateError> {
        if self.keys != other.keys {
            return Err(AggregateError::IncompatibleMerge);
        }
        for (values, s) in &other.series {
            values.iter().try_for_each(|v| self.limits.label_value(v))?;
            s.acquire.check_labels(&self.limits)?;
        }
        if let Some(o) = &other.overflow {
            o.acquire.check_labels(&self.limits)?;
        }
        for (values, s) in &other.series {
            let at = self.series.binary_search_by(|(v, _)| v.cmp(values));
            let growth = match at {
                Ok(i) => self.series[i].1.merge_growth(s),
                Err(_) => s.buckets(),
            };
            let slot = if self.limits.fits(self.buckets + growth) {
                self.slot_at(at, || values.clone())
            } else {
                None
            };
            if slot.is_some() {
                self.buckets += growth;
            }
            self.series_at(slot).merge(s);
        }
        if let Some(o) = &other.overflow {
            self.overflow.get_or_insert_with(Series::default).merge(o);
        }
        Ok(())
    }

    /// How many series there are (the overflow series included).
    pub fn series_count(&self) -> usize {
        self.series.len() + usize::from(self.overflow.is_some())
    }

    /// Every series: by label values, then the overflow series.
    pub fn series(&self) -> impl Iterator<Item = SeriesView<'_>> {
        let keys = &self.keys;
        self.series
            .iter()
            .map(move |(v, s)| SeriesView {
                keys,
                values: Some(v),
                series: s,
            })
            .chain(self.overflow.iter().map(move |s| SeriesView {
                keys,
                values: None,
                series: s,
            }))
    }

    /// One sketch of `metric` over every series.
    pub fn total(&self, metric: LatencyMetric) -> LatencySketch {
        let mut out = LatencySketch::new();
        self.series().for_each(|s| out.merge(s.sketch(metric)));
        out
    }

    /// The `qs` quantiles (0 ≤ q ≤ 1) of every latency, per series, ms; with usage
    /// totals. Fails with `OutOfRange` / `NotFinite` for a bad `q`.
    pub fn quantiles(&self, qs: &[f64]) -> Result<Vec<SeriesQuantiles>, AggregateError> {
        self.summarize(qs, None)
    }

    /// [`LatencyAggregator::quantiles`], with each series' cost under `prices` (cost is
    /// linear in usage, so it equals the sum of the sessions' costs under that table).
    pub fn summarize(
        &self,
        qs: &[f64],
        prices: Option<&PriceTable>,
    ) -> Result<Vec<SeriesQuantiles>, AggregateError> {
        if let Some(q) = qs.iter().find(|q| !(0.0..=1.0).contains(*q)) {
            return Err(AggregateError::InvalidQuantile { q: *q });
        }
        self.series().map(|s| s.quantiles(qs, prices)).collect()
    }
}
