//! Connection acquire times: the `acquire_time` of STT, TTS and realtime metrics, one
//! [`LatencySketch`] per (model provider, model name, connection reused) in each
//! series, exported as LiveKit's `lk.agents.connection.acquire_time` histogram.
//!
//! The Python SDK (≥ 1.5.2) records that histogram from every `STTMetrics`,
//! `TTSMetrics` and `RealtimeModelMetrics` whose `acquire_time > 0`, with the
//! attributes `model_provider`, `model_name` and `connection_reused` (`"true"` /
//! `"false"`). The same metrics give the same sketches here: a metric without an acquire
//! time (or with 0, which the normalizer reads as "not measured") records nothing; one
//! without metadata records under provider and model `""`; a missing
//! `connection_reused` (Node's realtime metrics) counts as `false`, the SDK's default.
//!
//! Bounds: the sketches' buckets count against the aggregator's bucket budget like the
//! latency sketches (a value that does not fit goes to the overflow series), providers
//! and models are label values (checked against
//! [`super::AggregatorLimits::max_label_value_bytes`]), and a series keeps at most
//! [`MAX_ACQUIRE_ROWS`] (provider, model, reused) rows: further models go to the row
//! of provider and model [`crate::usage::OVERFLOW`].

use super::aggregator::{LatencyAggregator, Slot};
use super::error::AggregateError;
use super::limits::AggregatorLimits;
use super::sketch::LatencySketch;
use crate::metric::Metric;
use crate::session::SessionMetrics;
use crate::usage::{Deduper, OVERFLOW};
use alloc::string::String;
use alloc::vec::Vec;

/// The most (provider, model, reused) rows of acquire times one series (or one live
/// session) keeps before further models go to the `(other models)` row. Real sessions
/// use a handful; the cap bounds memory against a new model name per metric.
pub const MAX_ACQUIRE_ROWS: usize = 64;

/// One connection acquire: what a metric with `acquire_time > 0` says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Acquire<'a> {
    pub(crate) provider: &'a str,
    pub(crate) model: &'a str,
    pub(crate) reused: bool,
    pub(crate) ms: f64,
}

/// The connection acquire of `metric`: STT, TTS and realtime metrics with an acquire
/// time above 0.
pub(crate) fn acquire_of(metric: &Metric) -> Option<Acquire<'_>> {
    let (ms, reused, metadata) = match metric {
        Metric::Stt(m) => (m.acquire_time_ms?, m.connection_reused, &m.metadata),
        Metric::Tts(m) => (m.acquire_time_ms?, m.connection_reused, &m.metadata),
        Metric::RealtimeModel(m) => (m.acquire_time_ms?, m.connection_reused, &m.metadata),
        _ => return None,
    };
    // The SDK records `acquire_time > 0` only (NaN is not).
    if ms.is_nan() || ms <= 0.0 {
        return None;
    }
    let meta = metadata.as_ref();
    Some(Acquire {
        provider: meta.and_then(|m| m.model_provider.as_deref()).unwrap_or(""),
        model: meta.and_then(|m| m.model_name.as_deref()).unwrap_or(""),
        reused: reused.unwrap_or(false),
        ms,
    })
}

/// The acquire times of one (provider, model, reused).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AcquireRow {
    pub(crate) provider: String,
    pub(crate) model: String,
    pub(crate) reused: bool,
    pub(crate) sketch: LatencySketch,
}

type Key<'a> = (&'a str, &'a str, bool);

impl AcquireRow {
    pub(crate) fn key(&self) -> Key<'_> {
        (&self.provider, &self.model, self.reused)
    }
}

/// Acquire-time sketches per (provider, model, reused), sorted by that key.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct AcquireTimes {
    pub(crate) rows: Vec<AcquireRow>,
}

impl AcquireTimes {
    /// Where `key` goes: its row, or where a new row goes (the `(other models)` row's
    /// key once [`MAX_ACQUIRE_ROWS`] rows exist), with the key it goes under.
    fn locate<'k>(&self, key: Key<'k>) -> (Result<usize, usize>, Key<'k>) {
        let search = |k: Key<'_>| self.rows.binary_search_by(|r| r.key().cmp(&k));
        match search(key) {
            Err(_) if self.rows.len() >= MAX_ACQUIRE_ROWS => {
                let other = (OVERFLOW, OVERFLOW, key.2);
                (search(other), other)
            }
            at => (at, key),
        }
    }

    fn row_at(&mut self, at: Result<usize, usize>, key: Key<'_>) -> &mut LatencySketch {
        let i = match at {
            Ok(i) => i,
            Err(i) => {
                self.rows.insert(
                    i,
                    AcquireRow {
                        provider: String::from(key.0),
                        model: String::from(key.1),
                        reused: key.2,
                        sketch: LatencySketch::new(),
                    },
                );
                i
            }
        };
        &mut self.rows[i].sketch
    }

    /// How many exponential buckets recording `a` would add.
    pub(crate) fn record_growth(&self, a: &Acquire<'_>) -> usize {
        match self.locate((a.provider, a.model, a.reused)).0 {
            Ok(i) => self.rows[i].sketch.growth(a.ms),
            Err(_) => LatencySketch::new().growth(a.ms),
        }
    }

    pub(crate) fn record(&mut self, a: &Acquire<'_>) {
        let (at, key) = self.locate((a.provider, a.model, a.reused));
        self.row_at(at, key).record(a.ms);
    }

    /// How many exponential buckets merging `row` would add.
    pub(crate) fn row_growth(&self, row: &AcquireRow) -> usize {
        match self.locate(row.key()).0 {
            Ok(i) => self.rows[i].sketch.merge_growth(&row.sketch),
            Err(_) => row.sketch.buckets(),
        }
    }

    pub(crate) fn merge_row(&mut self, row: &AcquireRow) {
        let (at, key) = self.locate(row.key());
        self.row_at(at, key).merge(&row.sketch);
    }

    pub(crate) fn merge(&mut self, other: &AcquireTimes) {
        other.rows.iter().for_each(|r| self.merge_row(r));
    }

    /// How many exponential buckets merging `other` would add (merged on a copy: the
    /// rows are few, and a row created by one merged row can take the next).
    pub(crate) fn merge_growth(&self, other: &AcquireTimes) -> usize {
        if other.rows.is_empty() {
            return 0;
        }
        let mut merged = self.clone();
        merged.merge(other);
        merged.buckets().saturating_sub(self.buckets())
    }

    /// The exponential buckets held.
    pub(crate) fn buckets(&self) -> usize {
        self.rows.iter().map(|r| r.sketch.buckets()).sum()
    }

    /// `TooLarge` for a provider or model longer than a label value may be.
    pub(crate) fn check_labels(&self, limits: &AggregatorLimits) -> Result<(), AggregateError> {
        self.rows.iter().try_for_each(|r| {
            limits.label_value(&r.provider)?;
            limits.label_value(&r.model)
        })
    }

    /// Checks a decoded row list: sorted, distinct, within the row cap, every row with
    /// a recorded value (the sketches are checked as they are decoded).
    pub(crate) fn check(&self) -> Result<(), &'static str> {
        if self.rows.windows(2).any(|w| w[0].key() >= w[1].key()) {
            return Err(
                "acquire-time rows are not in strictly increasing (provider, model, reused) order",
            );
        }
        // The two `(other models)` rows can come on top of the cap.
        if self.rows.len() > MAX_ACQUIRE_ROWS + 2 {
            return Err("more acquire-time rows than a series keeps");
        }
        if self
            .rows
            .iter()
            .any(|r| r.sketch.count() == 0 && r.sketch.ignored() == 0)
        {
            return Err("an acquire-time row holds no value");
        }
        Ok(())
    }
}

/// The acquires of `metrics`, duplicate deliveries dropped (as [`crate::compute_usage`]
/// drops them), checked against the label value limit.
fn acquires_of<'m>(
    metrics: &'m [Metric],
    limits: &AggregatorLimits,
) -> Result<Vec<Acquire<'m>>, AggregateError> {
    let mut dedupe = Deduper::with_window(usize::MAX);
    let mut out = Vec::new();
    for m in metrics {
        // Only metrics with an acquire are fingerprinted: a duplicate is identical,
        // so it has one too.
        if let Some(a) = acquire_of(m) {
            if dedupe.admit(m) {
                limits.label_value(a.provider)?;
                limits.label_value(a.model)?;
                out.push(a);
            }
        }
    }
    Ok(out)
}

impl LatencyAggregator {
    /// Records `a` in its slot, or in the overflow series when its new buckets do not
    /// fit the budget (as the latencies are recorded).
    fn record_acquire_at(&mut self, slot: Slot, a: &Acquire<'_>) {
        if let Some(i) = slot {
            let growth = self.series[i].1.acquire.record_growth(a);
            if self.limits.fits(self.buckets + growth) {
                self.buckets += growth;
                self.series[i].1.acquire.record(a);
                return;
            }
        }
        self.series_at(None).acquire.record(a);
    }

    /// Merges `row` into its slot, or into the overflow series when its new buckets do
    /// not fit the budget.
    fn merge_acquire_row_at(&mut self, slot: Slot, row: &AcquireRow) {
        if let Some(i) = slot {
            let growth = self.series[i].1.acquire.row_growth(row);
            if self.limits.fits(self.buckets + growth) {
                self.buckets += growth;
                self.series[i].1.acquire.merge_row(row);
                return;
            }
        }
        self.series_at(None).acquire.merge_row(row);
    }

    /// Records the connection acquire times of `metrics` (STT, TTS and realtime metrics
    /// with `acquire_time > 0`, duplicate deliveries dropped) in the series of `labels`,
    /// per (model provider, model name, connection reused); no session is counted.
    ///
    /// Fails with `TooLarge` (changing nothing) for a label value, provider or model
    /// longer than [`AggregatorLimits::max_label_value_bytes`].
    pub fn add_connection_acquires<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        metrics: &[Metric],
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        let acquires = acquires_of(metrics, &self.limits)?;
        let slot = self.slot(labels)?;
        acquires
            .iter()
            .for_each(|a| self.record_acquire_at(slot, a));
        Ok(())
    }

    /// Adds one session from its metrics events: its user turns and usage (as
    /// [`LatencyAggregator::add_turns`] of [`crate::compute_turn_latency`] and
    /// [`crate::compute_usage`] gives them) and its connection acquire times
    /// ([`LatencyAggregator::add_connection_acquires`]). `TooLarge` changes nothing.
    pub fn add_events<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        metrics: &[Metric],
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        let acquires = acquires_of(metrics, &self.limits)?;
        let turns = crate::turns::compute_turn_latency(metrics);
        let usage = crate::session::compute_usage(metrics, Default::default());
        self.add_turns(&turns, &usage, labels)?;
        // The series `add_turns` used (or the overflow series).
        let slot = self.slot(labels)?;
        acquires
            .iter()
            .for_each(|a| self.record_acquire_at(slot, a));
        Ok(())
    }

    /// Adds the connection acquire times a live [`SessionMetrics`] recorded (every
    /// pushed metric's, duplicates dropped) to the series of `labels`; no session is
    /// counted (add its turns with [`LatencyAggregator::add_turns`]).
    pub fn add_session_acquires<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        session: &SessionMetrics,
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        self.add_acquire_times(session.acquire_times(), labels)
    }

    /// Merges `times` into the series of `labels`; `TooLarge` changes nothing.
    pub(crate) fn add_acquire_times<K: AsRef<str>, V: AsRef<str>>(
        &mut self,
        times: &AcquireTimes,
        labels: &[(K, V)],
    ) -> Result<(), AggregateError> {
        times.check_labels(&self.limits)?;
        let slot = self.slot(labels)?;
        times
            .rows
            .iter()
            .for_each(|r| self.merge_acquire_row_at(slot, r));
        Ok(())
    }
}

/// The acquire times of one (provider, model, reused) in one series (borrowed).
#[derive(Debug, Clone, Copy)]
pub struct AcquireTimeSketch<'a> {
    /// `metadata.model_provider` of the metrics (`""` when absent).
    pub provider: &'a str,
    /// `metadata.model_name` of the metrics (`""` when absent).
    pub model: &'a str,
    /// Whether the connection was a reused one from the pool.
    pub connection_reused: bool,
    /// The acquire times, ms.
    pub sketch: &'a LatencySketch,
}

impl<'a> From<&'a AcquireRow> for AcquireTimeSketch<'a> {
    fn from(r: &'a AcquireRow) -> Self {
        AcquireTimeSketch {
            provider: &r.provider,
            model: &r.model,
            connection_reused: r.reused,
            sketch: &r.sketch,
        }
    }
}

/// Quantiles of the connection acquire times of one (provider, model, reused) in one
/// series, ms.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AcquireTimeQuantiles {
    /// Model provider (`model_provider`; `""` when the metrics had none).
    pub provider: String,
    /// Model name (`model_name`; `""` when the metrics had none).
    pub model: String,
    /// Whether the connection was reused from the pool (`connection_reused`).
    pub connection_reused: bool,
    /// How many acquire times were recorded.
    pub count: u64,
    /// Their sum, ms (kept to the nanosecond).
    pub sum_ms: f64,
    /// Exact minimum, ms (absent when empty).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min_ms: Option<f64>,
    /// Exact maximum, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_ms: Option<f64>,
    /// Mean, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub mean_ms: Option<f64>,
    /// One value per requested quantile, in the order asked (absent when empty).
    #[cfg_attr(feature = "wasm", tsify(type = "(number | null)[]"))]
    pub values_ms: Vec<Option<f64>>,
}

impl AcquireTimeSketch<'_> {
    /// The `qs` quantiles (checked by the caller), with count, sum, min, max and mean.
    pub(crate) fn quantiles(&self, qs: &[f64]) -> Result<AcquireTimeQuantiles, AggregateError> {
        let s = self.sketch;
        Ok(AcquireTimeQuantiles {
            provider: String::from(self.provider),
            model: String::from(self.model),
            connection_reused: self.connection_reused,
            count: s.count(),
            sum_ms: s.sum_ms(),
            min_ms: s.min_ms(),
            max_ms: s.max_ms(),
            mean_ms: s.mean_ms(),
            values_ms: qs
                .iter()
                .map(|q| s.try_quantile(*q))
                .collect::<Result<_, _>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::{MetricsMetadata, RealtimeModelMetrics, SttMetrics, TtsMetrics};

    fn meta(p: &str, m: &str) -> Option<MetricsMetadata> {
        Some(MetricsMetadata {
            model_provider: Some(p.into()),
            model_name: Some(m.into()),
        })
    }

    #[test]
    fn only_measured_acquires_of_stt_tts_and_realtime_count() {
        let stt = Metric::Stt(SttMetrics {
            acquire_time_ms: Some(120.0),
            connection_reused: Some(true),
            metadata: meta("deepgram", "nova-3"),
            ..Default::default()
        });
        let a = acquire_of(&stt).unwrap();
        assert_eq!(
            (a.provider, a.model, a.reused, a.ms),
            ("deepgram", "nova-3", true, 120.0)
        );
        // Node realtime: no metadata, no connection_reused.
        let rt = Metric::RealtimeModel(RealtimeModelMetrics {
            acquire_time_ms: Some(85.0),
            ..Default::default()
        });
        let a = acquire_of(&rt).unwrap();
        assert_eq!((a.provider, a.model, a.reused), ("", "", false));
        for none in [
            Metric::Tts(TtsMetrics::default()),
            Metric::Tts(TtsMetrics {
                acquire_time_ms: Some(0.0),
                ..Default::default()
            }),
            Metric::Tts(TtsMetrics {
                acquire_time_ms: Some(-1.0),
                ..Default::default()
            }),
        ] {
            assert_eq!(acquire_of(&none), None);
        }
    }

    #[test]
    fn rows_past_the_cap_go_to_the_other_models_row() {
        let mut t = AcquireTimes::default();
        let names: Vec<String> = (0..MAX_ACQUIRE_ROWS + 5)
            .map(|i| alloc::format!("m{i:03}"))
            .collect();
        for n in &names {
            let a = Acquire {
                provider: "p",
                model: n,
                reused: false,
                ms: 10.0,
            };
            t.record(&a);
        }
        assert_eq!(t.rows.len(), MAX_ACQUIRE_ROWS + 1);
        let other = t.rows.iter().find(|r| r.model == OVERFLOW).unwrap();
        assert_eq!(other.sketch.count(), 5);
        assert!(t.check().is_ok());
        // Merging grows by what the merged copy shows.
        let mut u = AcquireTimes::default();
        u.record(&Acquire {
            provider: "q",
            model: "x",
            reused: true,
            ms: 5_000.0,
        });
        let growth = t.merge_growth(&u);
        let before = t.buckets();
        t.merge(&u);
        assert_eq!(t.buckets(), before + growth);
        assert_eq!(growth, 1);
    }
}
