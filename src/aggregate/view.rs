//! [`SeriesView`] and the summaries it gives: [`SeriesQuantiles`], [`MetricQuantiles`].

use super::acquire::{AcquireTimeQuantiles, AcquireTimeSketch};
use super::aggregator::Series;
use super::error::AggregateError;
use super::labels::Label;
use super::sample::LatencyMetric;
use super::sketch::LatencySketch;
use super::usage::UsageRow;
use crate::usage::{cost, CostReport, ModelUsage, PriceTable};
use alloc::string::String;
use alloc::vec::Vec;

/// A borrowed view of one series.
#[derive(Debug, Clone, Copy)]
pub struct SeriesView<'a> {
    pub(crate) keys: &'a [String],
    pub(crate) values: Option<&'a Vec<String>>,
    pub(crate) series: &'a Series,
}

impl<'a> SeriesView<'a> {
    /// `(key, value)` per label key, in key order; none for the overflow series.
    pub fn labels(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let keys = self.keys;
        self.values
            .into_iter()
            .flat_map(move |v| keys.iter().zip(v.iter()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether this is the overflow series (label sets beyond `max_series`).
    pub fn is_overflow(&self) -> bool {
        self.values.is_none()
    }

    /// Sessions added.
    pub fn sessions(&self) -> u64 {
        self.series.sessions
    }

    /// User turns recorded.
    pub fn turns(&self) -> u64 {
        self.series.turns
    }

    /// The sketch of `metric`.
    pub fn sketch(&self, metric: LatencyMetric) -> &'a LatencySketch {
        &self.series.sketches[metric.index()]
    }

    /// Usage totals per (kind, provider, model), sorted by that key; durations summed
    /// to the nanosecond.
    pub fn usage(&self) -> Vec<ModelUsage> {
        self.series
            .usage
            .iter()
            .map(UsageRow::to_model_usage)
            .collect()
    }

    /// The connection acquire times per (provider, model, reused), in that order.
    pub fn acquire_times(&self) -> impl Iterator<Item = AcquireTimeSketch<'a>> {
        self.series.acquire.rows.iter().map(AcquireTimeSketch::from)
    }

    /// The usage rows in their integer form (for the exports).
    pub(crate) fn usage_rows(&self) -> &'a [UsageRow] {
        &self.series.usage
    }

    /// The cost of this series' usage under `prices`.
    pub fn cost(&self, prices: &PriceTable) -> CostReport {
        cost(&self.usage(), prices)
    }

    /// The summary of this series (see [`crate::LatencyAggregator::summarize`]).
    pub fn quantiles(
        &self,
        qs: &[f64],
        prices: Option<&PriceTable>,
    ) -> Result<SeriesQuantiles, AggregateError> {
        let metrics = LatencyMetric::ALL
            .iter()
            .map(|m| {
                let s = self.sketch(*m);
                let values_ms = qs
                    .iter()
                    .map(|q| s.try_quantile(*q))
                    .collect::<Result<_, _>>()?;
                Ok(MetricQuantiles {
                    metric: *m,
                    count: s.count(),
                    min_ms: s.min_ms(),
                    max_ms: s.max_ms(),
                    mean_ms: s.mean_ms(),
                    values_ms,
                })
            })
            .collect::<Result<_, AggregateError>>()?;
        Ok(SeriesQuantiles {
            labels: self
                .labels()
                .map(|(k, v)| Label {
                    key: String::from(k),
                    value: String::from(v),
                })
                .collect(),
            overflow: self.is_overflow(),
            sessions: self.sessions(),
            turns: self.turns(),
            metrics,
            usage: self.usage(),
            cost: prices.map(|p| self.cost(p)),
            acquire_time: self
                .acquire_times()
                .map(|a| a.quantiles(qs))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// Quantiles of one latency in one series, ms.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MetricQuantiles {
    /// Which latency.
    pub metric: LatencyMetric,
    /// How many values the sketch holds.
    pub count: u64,
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
    /// Mean, ms (sum kept to the nanosecond).
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

/// One series' latency quantiles, usage totals and (optionally) cost.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SeriesQuantiles {
    /// One label per key, in key order (empty for the overflow series).
    pub labels: Vec<Label>,
    /// Whether this is the overflow series.
    pub overflow: bool,
    /// Sessions added.
    pub sessions: u64,
    /// User turns recorded.
    pub turns: u64,
    /// Every latency, in [`LatencyMetric::ALL`] order.
    pub metrics: Vec<MetricQuantiles>,
    /// Usage totals per (kind, provider, model).
    pub usage: Vec<ModelUsage>,
    /// Cost of the usage, when a price table was given.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub cost: Option<CostReport>,
    /// Connection acquire times per (provider, model, connection reused), in that
    /// order (LiveKit's `lk.agents.connection.acquire_time`).
    pub acquire_time: Vec<AcquireTimeQuantiles>,
}

impl SeriesQuantiles {
    /// The quantiles of `metric`.
    pub fn metric(&self, metric: LatencyMetric) -> Option<&MetricQuantiles> {
        self.metrics.iter().find(|m| m.metric == metric)
    }

    /// The value of label `key`.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|l| l.key == key)
            .map(|l| l.value.as_str())
    }
}
