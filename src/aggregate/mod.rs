//! Across sessions: mergeable latency sketches, usage totals and label grouping.
//!
//! A [`LatencyAggregator`] keeps, per label set (agent, model, deployment...), one
//! [`LatencySketch`] per [`LatencyMetric`] (e2e, the formula, end-of-turn, transcription,
//! `on_user_turn_completed`, LLM ttft, TTS ttfb, first sentence, tool calls, unexplained),
//! the usage totals per model, the connection acquire times per (provider, model,
//! reused) (LiveKit's `lk.agents.connection.acquire_time`, see [`acquire`]) and the
//! session and turn counts. Aggregators from many processes merge exactly, travel as
//! bytes or JSON, and export to Prometheus ([`crate::export`]) and OTLP.
//!
//! # Why a self-written base-2 exponential histogram
//!
//! The sketch is an OpenTelemetry `ExponentialHistogram` at a **fixed scale 6** (bucket
//! `i` = `(2^(i/64), 2^((i+1)/64)]` seconds), with exact count, sum, min and max. It was
//! weighed against DDSketch through the `sketches-ddsketch` crate (0.4.2):
//!
//! - **Accuracy.** Reporting `2·lo·hi/(lo+hi)` of the bucket bounds `lo, hi` is within
//!   `(γ−1)/(γ+1)` of any value in the bucket, `γ = 2^(1/64)`: [`RELATIVE_ERROR`] =
//!   0.542 %, under the 1 % asked (scale 5 would give 1.08 %). DDSketch at α = 1 %
//!   gives 1 %.
//! - **Exact merge.** Same fixed scale everywhere, so merging is adding bucket counts:
//!   integer, associative, commutative, and `==` to one sketch of all values (the sum
//!   is kept in integer nanoseconds for the same reason). `sketches-ddsketch` collapses
//!   its lowest bins past 2,048, so its merge is exact only below that, and its sum is a
//!   float. OpenTelemetry SDKs' auto-downscaling histograms (160 buckets) would lose
//!   resolution on wide ranges; we bound memory by the value range instead: values
//!   over (2^-20 s, 2^20 s] need at most 2,560 buckets.
//! - **no_std and size.** `sketches-ddsketch` uses `std` (and `f64::ln`, std-only), so it
//!   would have to sit behind the `std` feature; alone in a wasm cdylib it weighs 22 KB
//!   (9.7 KB gzipped). The index here comes from the float's exponent and a 64-entry
//!   table, no logarithm, no `libm`: `#![no_std]` like the rest of the core.
//! - **Export.** The buckets are OTLP `ExponentialHistogram` buckets (scale 6) and
//!   Prometheus native-histogram buckets (schema 6) 1:1, so [`crate::export`] emits them
//!   without conversion. DDSketch's `γ = 1.0202` log buckets map to neither.
//!
//! # Explicit buckets for Prometheus
//!
//! Classic Prometheus histograms need counts at fixed `le` boundaries, which must be
//! exact. Sketch bucket edges are powers of `2^(1/64)` and never land on round values
//! like 250 ms, so each sketch also counts values in the voice-tuned
//! [`EXPLICIT_BOUNDS_MS`] buckets as they are recorded (36 counters; merge adds them).
//! `_bucket{le=...}` counts are therefore exact, not estimated from the sketch.
//!
//! # Integers only
//!
//! Values are taken to the nanosecond when recorded (`round(ms × 10^6)`), and usage
//! durations when added; from then on every piece of state is an integer: bucket
//! counts, min/max (ns), the sum (ns, `u128`), token counts, durations (ns). Merging is
//! integer addition (saturating, so crafted input cannot overflow), hence exact and
//! order-independent, and both serializations are exact.
//!
//! # Bytes format, version 3
//!
//! Unsigned LEB128 varints (`v`, minimal: no trailing zero groups), zigzag varints for
//! signed (`z`), strings as `v` length + UTF-8:
//!
//! ```text
//! "VAMA" | version u8 = 3 | scale u8 = 6 | explicit buckets u8 = 36
//! label keys: v n, n × string | max_series: v | series count: v
//! series: tag u8 (0 = labelled, in increasing label order; 1 = overflow, last)
//!         [label values: n × string] | sessions v | turns v
//!         10 × sketch (LatencyMetric::ALL order) | usage rows: v count, rows
//!         | acquire rows: v count, acquire rows
//! sketch: count v | ignored v | if count > 0: zero_count v | sum_ns v (u128)
//!         | min_ns v | max_ns v | offset z | bucket count v | counts v… | 36 × explicit v
//! row:    kind u8 (llm 0, tts 1, stt 2, interruption 3, eot 4) | provider | model
//!         | the kind's counts v, in `ModelUsage` field order | duration ns v (llm, tts, stt)
//! acquire row: provider | model | connection reused u8 (0, 1) | sketch
//! ```
//!
//! Rows are sorted by (kind, provider, model), acquire rows by (provider, model,
//! reused), each holding at least one value. Version 2 is version 3 without the acquire
//! rows (nor their count); version 1 also has only the first seven sketches. Decoding checks every length against the
//! input first and every invariant after (counts add up, buckets trimmed, in range and
//! agreeing with min/max, canonical order, no trailing bytes), so a decoded aggregator
//! is one `add`/`merge` could have built, and `to_bytes(from_bytes(b)) == b`. Errors:
//! `TruncatedBytes`, `InvalidEncoding`, `UnsupportedVersion` (see [`AggregateError`]).
//!
//! The JSON form ([`LatencyAggregator::to_json`]) holds the same integers under
//! `"format": "voice-agent-metrics/aggregate"`, `"version": 3`; those that can pass 2^53
//! (`sumNs`, usage durations in ns) are decimal strings. Each series has
//! `"acquireTime": [{"provider", "model", "connectionReused", "sketch"}]` (absent in
//! versions 1 and 2).

pub mod acquire;
mod aggregator;
mod buckets;
mod codec;
mod error;
pub(crate) mod json;
#[cfg(feature = "serde")]
mod json_read;
mod labels;
mod limits;
mod sample;
mod sketch;
pub(crate) mod usage;
mod view;
mod wire;

pub use acquire::{AcquireTimeQuantiles, AcquireTimeSketch, MAX_ACQUIRE_ROWS};
pub use aggregator::{AggregatorOptions, LatencyAggregator, DEFAULT_MAX_SERIES, MAX_SERIES_LIMIT};
pub use buckets::{
    EXPLICIT_BOUNDS_MS, MAX_VALUE_MS, RELATIVE_ERROR, SKETCH_SCALE, ZERO_THRESHOLD_S,
};
pub use error::AggregateError;
pub use labels::{
    prometheus_label_name, usage_labels, Label, AGENT_NAME, DEPLOYMENT, LLM_MODEL, LLM_PROVIDER,
    MAX_LABEL_KEYS, STT_MODEL, STT_PROVIDER, TTS_MODEL, TTS_PROVIDER,
};
pub use limits::{
    AggregatorLimits, DEFAULT_MAX_BUCKET_BYTES, DEFAULT_MAX_EXPOSITION_BYTES,
    DEFAULT_MAX_LABEL_VALUE_BYTES, MAX_BUCKET_BYTES_LIMIT, MAX_SKETCH_BUCKETS,
};
pub use sample::{LatencyMetric, TurnSample};
pub use sketch::LatencySketch;
pub use view::{MetricQuantiles, SeriesQuantiles, SeriesView};

use alloc::vec::Vec;

/// The version of the bytes and JSON formats this build writes. It reads this one,
/// version 2 (no connection acquire times: they start empty) and version 1 (also only
/// the first seven latencies of [`LatencyMetric::ALL`], the formula under its earlier
/// key `totalLatencyMs`; the waterfall series start empty).
pub const FORMAT_VERSION: u32 = 3;

impl LatencyAggregator {
    /// The aggregator as bytes (format [`FORMAT_VERSION`], see [`crate::aggregate`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::encode(self)
    }

    /// Reads [`LatencyAggregator::to_bytes`] output, with the default
    /// [`AggregatorLimits`]. Never panics: wrong or cut input gives `InvalidEncoding`,
    /// `TruncatedBytes` or `UnsupportedVersion`; input or buckets over the limits
    /// `TooLarge`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AggregateError> {
        Self::from_bytes_with(bytes, AggregatorLimits::default())
    }

    /// [`LatencyAggregator::from_bytes`] with `limits` (which the result keeps).
    pub fn from_bytes_with(bytes: &[u8], limits: AggregatorLimits) -> Result<Self, AggregateError> {
        limits.input(bytes.len())?;
        limits::adopt(codec::decode(bytes)?, limits)
    }

    /// The aggregator as JSON text: the same integers as the bytes (see
    /// [`crate::aggregate`]), readable, about 3.5× larger.
    pub fn to_json(&self) -> alloc::string::String {
        json::to_json(self)
    }

    /// Reads [`LatencyAggregator::to_json`] output, with the checks of
    /// [`LatencyAggregator::from_bytes`]; `InvalidJson` for text that is not JSON
    /// (needs the `serde` feature, which brings the JSON reader).
    #[cfg(feature = "serde")]
    pub fn from_json(text: &str) -> Result<Self, AggregateError> {
        Self::from_json_with(text, AggregatorLimits::default())
    }

    /// [`LatencyAggregator::from_json`] with `limits` (which the result keeps).
    #[cfg(feature = "serde")]
    pub fn from_json_with(text: &str, limits: AggregatorLimits) -> Result<Self, AggregateError> {
        limits.input(text.len())?;
        limits::adopt(json_read::from_json(text)?, limits)
    }
}
