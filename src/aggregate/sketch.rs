//! [`LatencySketch`]: a mergeable quantile sketch of one latency, with exact explicit
//! buckets beside it.

use super::buckets::{
    bucket_index, explicit_index, ms_to_ns, representative_s, EXPLICIT_BUCKETS, MAX_INDEX,
    MAX_VALUE_MS, MAX_VALUE_NS, MIN_INDEX, ZERO_THRESHOLD_NS,
};
use super::error::AggregateError;
use alloc::vec::Vec;

/// A mergeable quantile sketch of one latency, in ms: a base-2 exponential histogram
/// (OpenTelemetry `ExponentialHistogram`, scale 6) plus exact count, sum, min, max and
/// the counts of the fixed explicit buckets [`crate::aggregate::EXPLICIT_BOUNDS_MS`].
///
/// Every value is taken to the nanosecond (`round(ms × 10^6)`) when recorded, and all
/// the state is integers: merges and both serializations are exact.
///
/// - **Accuracy.** [`LatencySketch::quantile`] is within
///   [`crate::aggregate::RELATIVE_ERROR`] (0.542 %) of the exact quantile of the recorded
///   values (same rank rule as [`crate::LatencyStats`]), plus at most 0.5 ns from taking
///   values to the nanosecond; `q = 0` and `q = 1` are the min and max. Values under
///   1 µs are kept in a zero bucket and reported as the minimum (absolute error under
///   1 µs).
/// - **Merge.** [`LatencySketch::merge`] adds bucket counts: merging sketches of parts
///   gives exactly (`==`) the sketch of all values, in any order and grouping.
/// - **Memory.** At most 2,560 exponential buckets (values from 1 µs to 2^20 s), however
///   many values are recorded; a few hundred for real latencies.
/// - **Ignored values.** Negative, non-finite and over-2^20 s values are not recorded;
///   [`LatencySketch::ignored`] counts them.
///
/// ```
/// use voice_agent_metrics::LatencySketch;
/// let mut a = LatencySketch::new();
/// let mut b = LatencySketch::new();
/// for ms in [420.0, 610.0, 980.0] { a.record(ms); }
/// for ms in [1_250.0, 700.0] { b.record(ms); }
/// a.merge(&b);
/// assert_eq!(a.count(), 5);
/// let p50 = a.quantile(0.5).unwrap();
/// assert!((p50 - 700.0).abs() <= 700.0 * 0.0055);
/// assert_eq!(a.quantile(1.0), Some(1_250.0)); // the max is exact
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LatencySketch {
    pub(crate) count: u64,
    pub(crate) ignored: u64,
    pub(crate) zero_count: u64,
    pub(crate) sum_ns: u128,
    pub(crate) min_ns: u64,
    pub(crate) max_ns: u64,
    /// Index of `counts[0]`; 0 when `counts` is empty.
    pub(crate) offset: i32,
    /// Dense counts of exponential buckets `offset..offset + len`; first and last are
    /// non-zero (the canonical form, so equal contents compare equal).
    pub(crate) counts: Vec<u64>,
    pub(crate) explicit: [u64; EXPLICIT_BUCKETS],
}

impl Default for LatencySketch {
    fn default() -> Self {
        Self::new()
    }
}

/// Whole nanoseconds as ms.
fn ns_to_ms(ns: u64) -> f64 {
    ns as f64 / 1_000_000.0
}

impl LatencySketch {
    /// An empty sketch.
    pub fn new() -> Self {
        LatencySketch {
            count: 0,
            ignored: 0,
            zero_count: 0,
            sum_ns: 0,
            min_ns: 0,
            max_ns: 0,
            offset: 0,
            counts: Vec::new(),
            explicit: [0; EXPLICIT_BUCKETS],
        }
    }

    /// Records one value in ms. Negative, non-finite and over-2^20 s values are counted
    /// in [`LatencySketch::ignored`] instead.
    pub fn record(&mut self, ms: f64) {
        if !(0.0..=MAX_VALUE_MS).contains(&ms) {
            self.ignored = self.ignored.saturating_add(1);
            return;
        }
        let ns = ms_to_ns(ms);
        if self.count == 0 {
            (self.min_ns, self.max_ns) = (ns, ns);
        } else {
            self.min_ns = self.min_ns.min(ns);
            self.max_ns = self.max_ns.max(ns);
        }
        self.count = self.count.saturating_add(1);
        self.sum_ns = self.sum_ns.saturating_add(u128::from(ns));
        let e = &mut self.explicit[explicit_index(ns)];
        *e = e.saturating_add(1);
        if ns <= ZERO_THRESHOLD_NS {
            self.zero_count = self.zero_count.saturating_add(1);
        } else {
            self.add_to_bucket(bucket_index(ns as f64 / 1e9), 1);
        }
    }

    /// How many exponential buckets recording `ms` would add (0 for an ignored value,
    /// one in the zero bucket or in the current range).
    pub(crate) fn growth(&self, ms: f64) -> usize {
        if !(0.0..=MAX_VALUE_MS).contains(&ms) {
            return 0;
        }
        let ns = ms_to_ns(ms);
        if ns <= ZERO_THRESHOLD_NS {
            return 0;
        }
        let index = bucket_index(ns as f64 / 1e9);
        self.range_growth(index, index)
    }

    /// How many exponential buckets merging `other` would add.
    pub(crate) fn merge_growth(&self, other: &LatencySketch) -> usize {
        if other.counts.is_empty() {
            return 0;
        }
        let last = other.offset + other.counts.len() as i32 - 1;
        self.range_growth(other.offset, last)
    }

    /// How many buckets covering `lo..=hi` too would add to the dense range.
    fn range_growth(&self, lo: i32, hi: i32) -> usize {
        if self.counts.is_empty() {
            return (hi - lo + 1) as usize;
        }
        let (start, end) = (self.offset, self.offset + self.counts.len() as i32 - 1);
        (end.max(hi) - start.min(lo) + 1) as usize - self.counts.len()
    }

    /// The exponential buckets held.
    pub(crate) fn buckets(&self) -> usize {
        self.counts.len()
    }

    /// Adds `n` to exponential bucket `index`, growing the dense range as needed.
    fn add_to_bucket(&mut self, index: i32, n: u64) {
        debug_assert!((MIN_INDEX..=MAX_INDEX).contains(&index));
        if self.counts.is_empty() {
            self.offset = index;
            self.counts.push(n);
            return;
        }
        if index < self.offset {
            let grow = (self.offset - index) as usize;
            let mut counts = alloc::vec![0; grow + self.counts.len()];
            counts[grow..].copy_from_slice(&self.counts);
            self.counts = counts;
            self.offset = index;
        }
        let at = (index - self.offset) as usize;
        if at >= self.counts.len() {
            // Exactly: the bucket budget counts buckets, not spare capacity.
            self.counts.reserve_exact(at + 1 - self.counts.len());
            self.counts.resize(at + 1, 0);
        }
        self.counts[at] = self.counts[at].saturating_add(n);
    }

    /// Adds every value of `other` to this sketch (exact: bucket counts add up).
    pub fn merge(&mut self, other: &LatencySketch) {
        self.ignored = self.ignored.saturating_add(other.ignored);
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            (self.min_ns, self.max_ns) = (other.min_ns, other.max_ns);
        } else {
            self.min_ns = self.min_ns.min(other.min_ns);
            self.max_ns = self.max_ns.max(other.max_ns);
        }
        self.count = self.count.saturating_add(other.count);
        self.zero_count = self.zero_count.saturating_add(other.zero_count);
        self.sum_ns = self.sum_ns.saturating_add(other.sum_ns);
        for (a, b) in self.explicit.iter_mut().zip(other.explicit.iter()) {
            *a = a.saturating_add(*b);
        }
        for (i, n) in other.counts.iter().enumerate() {
            if *n > 0 {
                self.add_to_bucket(other.offset + i as i32, *n);
            }
        }
    }

    /// How many values were recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// How many values were ignored (negative, non-finite or over 2^20 s).
    pub fn ignored(&self) -> u64 {
        self.ignored
    }

    /// Sum of the recorded values, ms.
    pub fn sum_ms(&self) -> f64 {
        self.sum_ns as f64 / 1_000_000.0
    }

    /// Sum of the recorded values in whole nanoseconds (exact under merge).
    pub fn sum_ns(&self) -> u128 {
        self.sum_ns
    }

    /// Smallest recorded value, ms (to the nanosecond); `None` when empty.
    pub fn min_ms(&self) -> Option<f64> {
        (self.count > 0).then(|| ns_to_ms(self.min_ns))
    }

    /// Largest recorded value, ms (to the nanosecond); `None` when empty.
    pub fn max_ms(&self) -> Option<f64> {
        (self.count > 0).then(|| ns_to_ms(self.max_ns))
    }

    /// Smallest and largest recorded value, whole ns; `None` when empty.
    pub fn min_max_ns(&self) -> Option<(u64, u64)> {
        (self.count > 0).then_some((self.min_ns, self.max_ns))
    }

    /// Mean of the recorded values, ms; `None` when empty.
    pub fn mean_ms(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum_ms() / self.count as f64)
    }

    /// Values in the zero bucket (1 µs or less).
    pub fn zero_count(&self) -> u64 {
        self.zero_count
    }

    /// The exponential buckets: the index of the first (OTLP `positive.offset`) and the
    /// dense counts from it (OTLP `positive.bucketCounts`). Bucket `offset + i` holds
    /// values in seconds in `(2^((offset+i)/64), 2^((offset+i+1)/64)]`.
    pub fn exponential_buckets(&self) -> (i32, &[u64]) {
        (self.offset, &self.counts)
    }

    /// Counts of the explicit buckets (not cumulative), one per bound of
    /// [`crate::aggregate::EXPLICIT_BOUNDS_MS`] then `+Inf`. Exact: counted on record.
    pub fn explicit_counts(&self) -> &[u64] {
        &self.explicit
    }

    /// The `q` quantile (0 ≤ q ≤ 1) of the recorded values, ms; `None` when empty.
    ///
    /// Same rank rule as [`crate::LatencyStats`] (linear interpolation between the order
    /// statistics `x[⌊h⌋]` and `x[⌊h⌋+1]`, `h = (n − 1)·q`), with each order statistic
    /// estimated from its bucket: the result is within
    /// [`crate::aggregate::RELATIVE_ERROR`] of the exact quantile.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.try_quantile(q).ok().flatten()
    }

    /// [`LatencySketch::quantile`], with an error for `q` outside `[0, 1]` or NaN.
    pub fn try_quantile(&self, q: f64) -> Result<Option<f64>, AggregateError> {
        if !(0.0..=1.0).contains(&q) {
            return Err(AggregateError::InvalidQuantile { q });
        }
        if self.count == 0 {
            return Ok(None);
        }
        let h = (self.count - 1) as f64 * q;
        let lo = h as u64; // h ≥ 0: truncation is the floor
        let frac = h - lo as f64;
        let x_lo = self.value_at_rank(lo);
        if frac == 0.0 || lo.saturating_add(1) >= self.count {
            return Ok(Some(x_lo));
        }
        let x_hi = self.value_at_rank(lo.saturating_add(1));
        Ok(Some(x_lo + frac * (x_hi - x_lo)))
    }

    /// Estimate of the order statistic of 0-based `rank` (< count), ms.
    fn value_at_rank(&self, rank: u64) -> f64 {
        let (min, max) = (ns_to_ms(self.min_ns), ns_to_ms(self.max_ns));
        if rank == 0 || rank < self.zero_count {
            return min;
        }
        if rank >= self.count.saturating_sub(1) {
            return max;
        }
        let mut seen = self.zero_count;
        let mut index = self.offset;
        for (i, n) in self.counts.iter().enumerate() {
            seen = seen.saturating_add(*n);
            if rank < seen {
                index = self.offset + i as i32;
                break;
            }
        }
        (representative_s(index) * 1000.0).clamp(min, max)
    }

    /// Checks the invariants of a decoded sketch (see the format in
    /// [`crate::aggregate`]); the reason when one is broken.
    pub(crate) fn check(&self) -> Result<(), &'static str> {
        // Saturating, as recording and merging are: an aggregator merged into
        // saturation (2^64 values) must still read back its own bytes.
        let total = |xs: &[u64]| xs.iter().fold(0u64, |a, b| a.saturating_add(*b));
        if total(&self.explicit) != self.count {
            return Err("explicit bucket counts do not add up to the count");
        }
        let buckets = total(&self.counts);
        if buckets.saturating_add(self.zero_count) != self.count {
            return Err("bucket counts do not add up to the count");
        }
        if self.count == 0 {
            let empty = self.sum_ns == 0 && self.offset == 0 && self.counts.is_empty();
            return if empty && self.min_ns == 0 && self.max_ns == 0 {
                Ok(())
            } else {
                Err("an empty sketch has values")
            };
        }
        if self.counts.first() == Some(&0) || self.counts.last() == Some(&0) {
            return Err("bucket counts are not trimmed");
        }
        if self.counts.is_empty() && self.offset != 0 {
            return Err("an offset without buckets");
        }
        let last = i64::from(self.offset) + self.counts.len() as i64 - 1;
        if !self.counts.is_empty() && (self.offset < MIN_INDEX || last > i64::from(MAX_INDEX)) {
            return Err("bucket index out of range");
        }
        if self.min_ns > self.max_ns || self.max_ns > MAX_VALUE_NS {
            return Err("min or max out of range");
        }
        let (min, max) = (u128::from(self.min_ns), u128::from(self.max_ns));
        let n = u128::from(self.count);
        // A saturated count (2^64 − 1) is below the true count: no upper bound then.
        let saturated = self.count == u64::MAX;
        if self.sum_ns < min * n || (!saturated && self.sum_ns > max * n) {
            return Err("sum out of range");
        }
        if (self.zero_count > 0) != (self.min_ns <= ZERO_THRESHOLD_NS) {
            return Err("zero bucket and min disagree");
        }
        let index = |ns: u64| bucket_index(ns as f64 / 1e9);
        let ends_agree = match self.counts.len() {
            0 => self.max_ns <= ZERO_THRESHOLD_NS,
            len => {
                self.max_ns > ZERO_THRESHOLD_NS
                    && index(self.max_ns) == self.offset + len as i32 - 1
                    && (self.zero_count > 0 || index(self.min_ns) == self.offset)
            }
        };
        if !ends_agree {
            return Err("buckets and min/max disagree");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sketch_has_no_statistics() {
        let s = LatencySketch::new();
        assert_eq!(s.quantile(0.5), None);
        assert_eq!(s.min_ms(), None);
        assert_eq!(s.mean_ms(), None);
        assert!(s.check().is_ok());
    }

    #[test]
    fn ignores_values_outside_the_domain() {
        let mut s = LatencySketch::new();
        for v in [-1.0, f64::NAN, f64::INFINITY, MAX_VALUE_MS * 2.0] {
            s.record(v);
        }
        assert_eq!((s.count(), s.ignored()), (0, 4));
        s.record(-0.0);
        assert_eq!(s.min_ms().unwrap().to_bits(), 0);
        assert_eq!(s.zero_count(), 1);
        s.record(0.000_953);
        s.record(0.000_954);
        assert_eq!((s.zero_count(), s.count()), (2, 3));
    }

    #[test]
    fn single_value_is_exact_at_every_quantile() {
        let mut s = LatencySketch::new();
        s.record(1234.5);
        for q in [0.0, 0.5, 0.99, 1.0] {
            assert_eq!(s.quantile(q), Some(1234.5));
        }
        assert_eq!(s.sum_ns(), 1_234_500_000);
    }

    #[test]
    fn rejects_invalid_quantiles() {
        let s = LatencySketch::new();
        for q in [-0.1, 1.1, f64::NAN] {
            assert!(matches!(
                s.try_quantile(q),
                Err(AggregateError::InvalidQuantile { .. })
            ));
        }
    }

    #[test]
    fn merge_order_does_not_matter() {
        let values = [0.0, 5.0, 250.0, 251.0, 900.0, 4_000.0, 0.0005];
        let mut whole = LatencySketch::new();
        values.iter().for_each(|v| whole.record(*v));
        let mut a = LatencySketch::new();
        let mut b = LatencySketch::new();
        values[..3].iter().for_each(|v| b.record(*v));
        values[3..].iter().for_each(|v| a.record(*v));
        a.merge(&b);
        assert_eq!(a, whole);
        assert!(a.check().is_ok());
        assert_eq!(a.explicit_counts().iter().sum::<u64>(), 7);
    }
}
