//! [`AggregatorLimits`]: what bounds an aggregator's memory and its outputs, each with a
//! documented default, and the checks of decoded aggregators against them.

use super::aggregator::LatencyAggregator;
use super::error::AggregateError;

/// The default longest label value ([`AggregatorLimits::max_label_value_bytes`]): 1 KiB.
pub const DEFAULT_MAX_LABEL_VALUE_BYTES: usize = 1024;
/// The default bucket budget ([`AggregatorLimits::max_bucket_bytes`]): 64 MiB.
pub const DEFAULT_MAX_BUCKET_BYTES: usize = 64 * 1024 * 1024;
/// The largest bucket budget accepted: 1 GiB.
pub const MAX_BUCKET_BYTES_LIMIT: usize = 1024 * 1024 * 1024;
/// The default longest export text ([`AggregatorLimits::max_exposition_bytes`]): 64 MiB.
pub const DEFAULT_MAX_EXPOSITION_BYTES: usize = 64 * 1024 * 1024;
/// Bytes per exponential bucket (a `u64` count).
pub(crate) const BUCKET_BYTES: usize = 8;
/// The most buckets one sketch holds (values from 1 µs to 2^20 s at scale 6).
pub const MAX_SKETCH_BUCKETS: usize = 2_560;

/// The limits of a [`LatencyAggregator`] (part of [`super::AggregatorOptions`]; the
/// decoders take them too). They are a property of the process, not of the data: bytes
/// and JSON do not carry them, and a decoded aggregator has the decoder's.
///
/// **Memory bound.** The exponential buckets of the labelled series take at most
/// `max_bucket_bytes` (8 bytes a bucket; a growing sketch may hold up to as much again
/// in spare capacity), the overflow series at most 7 × 2,560 × 8 = 143,360 bytes; each of
/// the at most `max_series + 1` series adds about 1.5 KiB of fixed counts, its label
/// values (at most 8 × `max_label_value_bytes`) and one row per model. Connection
/// acquire-time sketches (at most [`super::MAX_ACQUIRE_ROWS`] + 2 a series) count
/// against the same budget in the labelled series; in the overflow series they add at
/// most 66 × 2,560 × 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AggregatorLimits {
    /// The longest label value accepted, in bytes (default 1 KiB): a longer value of a
    /// label key the aggregator groups by fails the `add_*` / `record` call with
    /// `TooLarge` (and changes nothing); merging or decoding one fails too.
    pub max_label_value_bytes: usize,
    /// The bucket budget of the labelled series, in bytes (default 64 MiB, at most
    /// 1 GiB). Once it is spent, a value that needs a new bucket in its series is
    /// recorded in the overflow series instead (nothing is lost), and a merged series
    /// that does not fit goes there whole. Decoding an aggregator over the budget fails
    /// with `TooLarge`.
    pub max_bucket_bytes: usize,
    /// The longest `to_prometheus` / `to_otlp_json` text, in bytes (default 64 MiB): a
    /// longer export stops and fails with `TooLarge` (the text is abandoned once it
    /// passes the limit, by at most one series' lines).
    pub max_exposition_bytes: usize,
    /// The longest input `from_bytes_with` / `from_json_with` read, in bytes (default
    /// [`crate::DEFAULT_MAX_INPUT_BYTES`], 256 MiB).
    pub max_input_bytes: usize,
}

impl Default for AggregatorLimits {
    fn default() -> Self {
        AggregatorLimits {
            max_label_value_bytes: DEFAULT_MAX_LABEL_VALUE_BYTES,
            max_bucket_bytes: DEFAULT_MAX_BUCKET_BYTES,
            max_exposition_bytes: DEFAULT_MAX_EXPOSITION_BYTES,
            max_input_bytes: crate::normalize::DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

impl AggregatorLimits {
    /// `OutOfRange` (`InvalidOption`) for a limit out of its range.
    pub(crate) fn check(&self) -> Result<(), AggregateError> {
        if self.max_bucket_bytes > MAX_BUCKET_BYTES_LIMIT {
            return Err(AggregateError::InvalidOption {
                reason: "max_bucket_bytes must be at most 1 GiB (1073741824)",
            });
        }
        Ok(())
    }

    /// `TooLarge` for a label value over the limit.
    pub(crate) fn label_value(&self, v: &str) -> Result<(), AggregateError> {
        if v.len() > self.max_label_value_bytes {
            return Err(AggregateError::TooLarge {
                what: "a label value",
                limit_bytes: Some(self.max_label_value_bytes),
            });
        }
        Ok(())
    }

    /// `TooLarge` for an input over the limit.
    pub(crate) fn input(&self, len: usize) -> Result<(), AggregateError> {
        if len > self.max_input_bytes {
            return Err(AggregateError::TooLarge {
                what: "the serialized aggregator",
                limit_bytes: Some(self.max_input_bytes),
            });
        }
        Ok(())
    }

    /// Whether `buckets` labelled-series buckets fit the budget.
    pub(crate) fn fits(&self, buckets: usize) -> bool {
        buckets.saturating_mul(BUCKET_BYTES) <= self.max_bucket_bytes
    }
}

/// Gives a decoded aggregator `limits` after checking it against them: its label values
/// and its bucket budget (`TooLarge`).
pub(crate) fn adopt(
    mut agg: LatencyAggregator,
    limits: AggregatorLimits,
) -> Result<LatencyAggregator, AggregateError> {
    limits.check()?;
    for (values, s) in &agg.series {
        values.iter().try_for_each(|v| limits.label_value(v))?;
        s.acquire.check_labels(&limits)?;
    }
    if let Some(o) = &agg.overflow {
        o.acquire.check_labels(&limits)?;
    }
    let buckets: usize = agg.series.iter().map(|(_, s)| s.buckets()).sum();
    if !limits.fits(buckets) {
        return Err(AggregateError::TooLarge {
            what: "the aggregator's buckets",
            limit_bytes: Some(limits.max_bucket_bytes),
        });
    }
    agg.limits = limits;
    agg.buckets = buckets;
    Ok(agg)
}
