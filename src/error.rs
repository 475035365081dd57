//! Errors of the normalizer, each with a stable code.

use crate::dialect::Dialect;
use crate::value::JsonType;
use core::fmt;

/// The stable, machine-readable code of an error.
///
/// These strings never change once released: JS errors carry them as `error.code`,
/// and tests and user code match on them instead of on messages. The
/// [`ErrorCode::as_str`] value is the variant name (`"MissingField"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input text is not valid JSON (or JSON lines).
    InvalidJson,
    /// A metrics event is not a JSON object, or its container is neither an object nor an array.
    NotAnObject,
    /// A required field is absent (or `null`).
    MissingField,
    /// A field has the wrong JSON type (e.g. a string where a number belongs).
    WrongType,
    /// A number is `NaN` or infinite.
    NotFinite,
    /// A duration is negative (and not the documented `-1` "none" sentinel).
    NegativeDuration,
    /// A count (tokens, characters, requests) is negative.
    NegativeCount,
    /// A count has a fractional part.
    NotAnInteger,
    /// A value is outside any plausible range (a duration over 7 days, a timestamp
    /// after the year 5000, a count above 2^53).
    OutOfRange,
    /// No dialect could be detected, or the named dialect is not one of the known ones.
    UnknownDialect,
    /// The caller named a dialect but the event is written in the other one.
    DialectMismatch,
    /// Arrays/objects nest deeper than [`crate::MAX_DEPTH`] (or the JS object is cyclic).
    TooDeep,
    /// A price table prices the same kind/provider/model twice.
    DuplicatePrice,
    /// Serialized aggregator bytes (or JSON) are not ours or are corrupt.
    InvalidEncoding,
    /// Serialized aggregator bytes end early.
    TruncatedBytes,
    /// A serialized aggregator has a format version this build does not read.
    UnsupportedVersion,
    /// Aggregator label keys are empty, duplicated, reserved or too many.
    InvalidLabels,
    /// Two aggregators with different label keys cannot be merged.
    IncompatibleMerge,
    /// An input, a label value or an output is larger than its limit (see each
    /// operation's options), or memory for it could not be reserved.
    TooLarge,
    /// A method was called on an object after its `free()` (JS only).
    Freed,
    /// The object belonged to a WebAssembly instance that trapped; the library runs on
    /// a fresh instance, on which the object does not exist (JS only).
    InstanceLost,
    /// The WebAssembly instance trapped during the call (a bug: please report it with
    /// the input); later calls run on a fresh instance (JS only).
    Internal,
}

impl ErrorCode {
    /// The stable code string, equal to the variant name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "InvalidJson",
            ErrorCode::NotAnObject => "NotAnObject",
            ErrorCode::MissingField => "MissingField",
            ErrorCode::WrongType => "WrongType",
            ErrorCode::NotFinite => "NotFinite",
            ErrorCode::NegativeDuration => "NegativeDuration",
            ErrorCode::NegativeCount => "NegativeCount",
            ErrorCode::NotAnInteger => "NotAnInteger",
            ErrorCode::OutOfRange => "OutOfRange",
            ErrorCode::UnknownDialect => "UnknownDialect",
            ErrorCode::DialectMismatch => "DialectMismatch",
            ErrorCode::TooDeep => "TooDeep",
            ErrorCode::DuplicatePrice => "DuplicatePrice",
            ErrorCode::InvalidEncoding => "InvalidEncoding",
            ErrorCode::TruncatedBytes => "TruncatedBytes",
            ErrorCode::UnsupportedVersion => "UnsupportedVersion",
            ErrorCode::InvalidLabels => "InvalidLabels",
            ErrorCode::IncompatibleMerge => "IncompatibleMerge",
            ErrorCode::TooLarge => "TooLarge",
            ErrorCode::Freed => "Freed",
            ErrorCode::InstanceLost => "InstanceLost",
            ErrorCode::Internal => "Internal",
        }
    }

    /// Whether the error is about the *shape* of the input (a JS `TypeError`) rather
    /// than about a value out of its domain (a JS `RangeError`).
    pub const fn is_shape_error(self) -> bool {
        matches!(
            self,
            ErrorCode::InvalidJson
                | ErrorCode::NotAnObject
                | ErrorCode::MissingField
                | ErrorCode::WrongType
                | ErrorCode::UnknownDialect
                | ErrorCode::DialectMismatch
                | ErrorCode::TooDeep
                | ErrorCode::InvalidEncoding
                | ErrorCode::TruncatedBytes
                | ErrorCode::Freed
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why one metrics event (or the JSON text holding it) could not be normalized.
///
/// `field` names are the input's own (`ttft` for Python, `ttftMs` for Node), with
/// nested fields dotted (`input_token_details.cached_tokens`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NormalizeError {
    /// The text is not JSON. `line`/`column` are 1-based.
    InvalidJson {
        /// 1-based line of the first syntax error.
        line: usize,
        /// 1-based column of the first syntax error.
        column: usize,
    },
    /// The event (or the batch container) is not an object.
    NotAnObject {
        /// What was found instead.
        found: JsonType,
    },
    /// A required field is absent or `null`.
    MissingField {
        /// The input field name.
        field: &'static str,
    },
    /// A field has the wrong JSON type.
    WrongType {
        /// The input field name.
        field: &'static str,
        /// The type the field must have.
        expected: JsonType,
        /// The type it had.
        found: JsonType,
    },
    /// A number is NaN or infinite.
    NotFinite {
        /// The input field name.
        field: &'static str,
    },
    /// A duration is negative.
    NegativeDuration {
        /// The input field name.
        field: &'static str,
        /// The value as given (input units).
        value: f64,
    },
    /// A count is negative.
    NegativeCount {
        /// The input field name.
        field: &'static str,
        /// The value as given.
        value: f64,
    },
    /// A count has a fractional part.
    NotAnInteger {
        /// The input field name.
        field: &'static str,
        /// The value as given.
        value: f64,
    },
    /// A value is outside any plausible range.
    OutOfRange {
        /// The input field name.
        field: &'static str,
        /// The value as given (input units).
        value: f64,
    },
    /// The dialect could not be detected from the keys or the timestamp.
    UnknownDialect,
    /// The named dialect disagrees with the event's keys.
    DialectMismatch {
        /// The dialect the caller named.
        named: Dialect,
        /// The dialect the keys are written in.
        detected: Dialect,
    },
    /// Nesting deeper than [`crate::MAX_DEPTH`], or a cyclic JS object.
    TooDeep,
    /// The input is larger than its limit ([`crate::NormalizeOptions::max_input_bytes`]),
    /// or memory for the parsed value could not be reserved.
    TooLarge {
        /// What is too large (`"input"`).
        what: &'static str,
        /// The limit in bytes; `None` when memory ran out below any limit.
        limit_bytes: Option<usize>,
    },
}

impl NormalizeError {
    /// The stable code of this error.
    pub const fn code(&self) -> ErrorCode {
        match self {
            NormalizeError::InvalidJson { .. } => ErrorCode::InvalidJson,
            NormalizeError::NotAnObject { .. } => ErrorCode::NotAnObject,
            NormalizeError::MissingField { .. } => ErrorCode::MissingField,
            NormalizeError::WrongType { .. } => ErrorCode::WrongType,
            NormalizeError::NotFinite { .. } => ErrorCode::NotFinite,
            NormalizeError::NegativeDuration { .. } => ErrorCode::NegativeDuration,
            NormalizeError::NegativeCount { .. } => ErrorCode::NegativeCount,
            NormalizeError::NotAnInteger { .. } => ErrorCode::NotAnInteger,
            NormalizeError::OutOfRange { .. } => ErrorCode::OutOfRange,
            NormalizeError::UnknownDialect => ErrorCode::UnknownDialect,
            NormalizeError::DialectMismatch { .. } => ErrorCode::DialectMismatch,
            NormalizeError::TooDeep => ErrorCode::TooDeep,
            NormalizeError::TooLarge { .. } => ErrorCode::TooLarge,
        }
    }

    /// The input field the error is about, if any.
    pub const fn field(&self) -> Option<&'static str> {
        match self {
            NormalizeError::MissingField { field }
            | NormalizeError::WrongType { field, .. }
            | NormalizeError::NotFinite { field }
            | NormalizeError::NegativeDuration { field, .. }
            | NormalizeError::NegativeCount { field, .. }
            | NormalizeError::NotAnInteger { field, .. }
            | NormalizeError::OutOfRange { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NormalizeError::InvalidJson { line, column } => write!(
                f,
                "invalid JSON at line {line}, column {column}: pass a JSON array, one JSON object, or JSON lines"
            ),
            NormalizeError::NotAnObject { found } => write!(
                f,
                "expected a metrics object (or a metrics_collected event), found {}",
                found.name()
            ),
            NormalizeError::MissingField { field } => write!(
                f,
                "required field `{field}` is missing; check that the event is a LiveKit metrics object of the named dialect"
            ),
            NormalizeError::WrongType { field, expected, found } => write!(
                f,
                "field `{field}` must be a {}, found {}",
                expected.name(),
                found.name()
            ),
            NormalizeError::NotFinite { field } => {
                write!(f, "field `{field}` is NaN or infinite; metrics values must be finite numbers")
            }
            NormalizeError::NegativeDuration { field, value } => write!(
                f,
                "duration `{field}` is negative ({value}); only -1 on ttft/ttfb means \"none\""
            ),
            NormalizeError::NegativeCount { field, value } => {
                write!(f, "count `{field}` is negative ({value})")
            }
            NormalizeError::NotAnInteger { field, value } => {
                write!(f, "count `{field}` must be a whole number, found {value}")
            }
            NormalizeError::OutOfRange { field, value } => write!(
                f,
                "field `{field}` = {value} is out of any plausible range; check the units (seconds for Python, milliseconds for Node)"
            ),
            NormalizeError::UnknownDialect => f.write_str(
                "cannot tell whether this event comes from the Python or the Node SDK; pass the dialect explicitly",
            ),
            NormalizeError::DialectMismatch { named, detected } => write!(
                f,
                "the dialect was named `{}` but the event is written in `{}`; drop the dialect option to detect it per event",
                named.as_str(),
                detected.as_str()
            ),
            NormalizeError::TooDeep => write!(
                f,
                "input nests deeper than {} levels (or is a cyclic object)",
                crate::value::MAX_DEPTH
            ),
            NormalizeError::TooLarge { what, limit_bytes } => too_large(f, what, *limit_bytes),
        }
    }
}

impl core::error::Error for NormalizeError {}

/// The message of every `TooLarge` error.
pub(crate) fn too_large(
    f: &mut fmt::Formatter<'_>,
    what: &str,
    limit_bytes: Option<usize>,
) -> fmt::Result {
    match limit_bytes {
        Some(limit) => write!(
            f,
            "{what} is larger than its limit of {limit} bytes; split it, or raise the limit option"
        ),
        None => write!(
            f,
            "not enough memory for the {what}; split it into smaller parts"
        ),
    }
}

/// A [`NormalizeError`] at a position in a batch (array index, or 0-based line for JSON lines).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemError {
    /// 0-based position of the item in the batch.
    pub index: usize,
    /// What went wrong with it.
    pub error: NormalizeError,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "item {}: {}", self.index, self.error)
    }
}

impl core::error::Error for ItemError {}
