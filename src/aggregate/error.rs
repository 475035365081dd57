//! [`AggregateError`]: what can go wrong building, merging, querying and decoding a
//! [`crate::LatencyAggregator`].

use crate::error::ErrorCode;
use core::fmt;

/// Why an aggregator operation failed. Each variant has a stable [`ErrorCode`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AggregateError {
    /// The label keys are unusable: more than [`crate::aggregate::MAX_LABEL_KEYS`], empty,
    /// longer than 64 bytes, colliding once sanitized for Prometheus (`a.b` and `a_b`),
    /// reserved (`le`, `model_name`, `model_provider`, `connection_reused`, `usage_kind`, `currency`,
    /// `otel_metric_overflow`, a leading `__`), or `max_series` is 0. Code `InvalidLabels`.
    InvalidLabels {
        /// What is wrong, and how to fix it.
        reason: &'static str,
    },
    /// The two aggregators group by different label keys and cannot be merged. Code
    /// `IncompatibleMerge`.
    IncompatibleMerge,
    /// A quantile is outside `[0, 1]` (code `OutOfRange`) or NaN (code `NotFinite`).
    InvalidQuantile {
        /// The quantile asked for.
        q: f64,
    },
    /// The bytes end before the aggregator does: a cut-off blob. Code `TruncatedBytes`.
    Truncated {
        /// How many bytes were read before running out.
        offset: usize,
    },
    /// The input is not a serialized aggregator (wrong magic), or is corrupt: an
    /// impossible value, inconsistent counts, trailing bytes. Code `InvalidEncoding`.
    InvalidEncoding {
        /// Byte offset (bytes) of the problem; 0 for JSON.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// The format version is not one this build reads (it reads version
    /// [`crate::aggregate::FORMAT_VERSION`]). Code `UnsupportedVersion`.
    UnsupportedVersion {
        /// The version found.
        found: u32,
    },
    /// An option is out of its documented range (e.g. `max_bucket_bytes` over 1 GiB, an
    /// OTLP start time after the end time). Code `OutOfRange`.
    InvalidOption {
        /// What is wrong, and the range.
        reason: &'static str,
    },
    /// A label value, an input, the bucket budget or an export is larger than its limit
    /// ([`crate::aggregate::AggregatorLimits`]). Code `TooLarge`.
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The limit in bytes; `None` when memory ran out below any limit.
        limit_bytes: Option<usize>,
    },
    /// The JSON text is not valid JSON (code `InvalidJson`), or valid JSON without the
    /// aggregator's shape (code `InvalidEncoding`). `line`/`column` are 1-based.
    Json {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// Whether it is a syntax error (else a shape error).
        syntax: bool,
    },
}

impl AggregateError {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            AggregateError::InvalidLabels { .. } => ErrorCode::InvalidLabels,
            AggregateError::IncompatibleMerge => ErrorCode::IncompatibleMerge,
            AggregateError::InvalidQuantile { q } if q.is_nan() => ErrorCode::NotFinite,
            AggregateError::InvalidQuantile { .. } => ErrorCode::OutOfRange,
            AggregateError::Truncated { .. } => ErrorCode::TruncatedBytes,
            AggregateError::InvalidEncoding { .. } => ErrorCode::InvalidEncoding,
            AggregateError::UnsupportedVersion { .. } => ErrorCode::UnsupportedVersion,
            AggregateError::InvalidOption { .. } => ErrorCode::OutOfRange,
            AggregateError::TooLarge { .. } => ErrorCode::TooLarge,
            AggregateError::Json { syntax: true, .. } => ErrorCode::InvalidJson,
            AggregateError::Json { .. } => ErrorCode::InvalidEncoding,
        }
    }
}

impl fmt::Display for AggregateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AggregateError::InvalidLabels { reason } => write!(f, "invalid label keys: {reason}"),
            AggregateError::IncompatibleMerge => f.write_str(
                "cannot merge aggregators that group by different label keys; build both with the same keys",
            ),
            AggregateError::InvalidQuantile { q } => {
                write!(f, "quantile {q} is not a number between 0 and 1 (0.95 is the 95th percentile)")
            }
            AggregateError::Truncated { offset } => write!(
                f,
                "the aggregator bytes end early (after {offset} bytes); store and pass the whole output of toBytes()"
            ),
            AggregateError::InvalidEncoding { offset, reason } => write!(
                f,
                "not a valid serialized aggregator (at byte {offset}): {reason}"
            ),
            AggregateError::UnsupportedVersion { found } => write!(
                f,
                "aggregator format version {found} is not supported (this build reads version {}); upgrade voice-agent-metrics",
                super::FORMAT_VERSION
            ),
            AggregateError::InvalidOption { reason } => write!(f, "option out of range: {reason}"),
            AggregateError::TooLarge { what, limit_bytes } => {
                crate::error::too_large(f, what, *limit_bytes)
            }
            AggregateError::Json { line, column, syntax: true } => {
                write!(f, "invalid JSON at line {line}, column {column}")
            }
            AggregateError::Json { line, column, syntax: false } => write!(
                f,
                "the JSON at line {line}, column {column} is not a serialized aggregator (see toJsonText())"
            ),
        }
    }
}

impl core::error::Error for AggregateError {}
