//! Errors of session-report analysis ([`ReportError`]) and the items it skipped.

use crate::error::ErrorCode;
#[cfg(feature = "serde")]
use crate::error::NormalizeError;
use crate::value::JsonType;
use alloc::string::{String, ToString};
use core::fmt;

/// Why a session report (or one of its items) could not be read.
///
/// Returned by [`crate::analyze_session_report`] when the report as a whole is unreadable
/// (not an object, no chat history, a top-level field of the wrong type), and by
/// [`crate::ChatTurnBuilder::push_item`] for one bad chat item. Inside a readable report,
/// a bad chat item, event or usage entry is not fatal: it is skipped and listed in
/// [`crate::SessionAnalysis::skipped`] with its code.
///
/// `field` names are the input's own (`created_at` or `createdAt`, `e2e_latency` or
/// `e2eLatency`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ReportError {
    /// The text is not JSON. `line`/`column` are 1-based.
    InvalidJson {
        /// 1-based line of the first syntax error.
        line: usize,
        /// 1-based column of the first syntax error.
        column: usize,
    },
    /// The report (or a chat item, event or usage entry) is not an object.
    NotAnObject {
        /// What was found instead.
        found: JsonType,
    },
    /// A required field is absent or `null` (`chat_history` of a report, `type` of an
    /// item, `role` of a message, `created_at` of an event).
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
    /// A number is NaN or infinite (only possible from a JS object).
    NotFinite {
        /// The input field name.
        field: &'static str,
    },
    /// A usage count is negative.
    NegativeCount {
        /// The input field name.
        field: &'static str,
        /// The value as given.
        value: f64,
    },
    /// A usage count has a fractional part.
    NotAnInteger {
        /// The input field name.
        field: &'static str,
        /// The value as given.
        value: f64,
    },
    /// A value is outside any plausible range: a negative epoch time or one after the
    /// year 5000, a duration over 7 days, a negative usage duration.
    OutOfRange {
        /// The input field name.
        field: &'static str,
        /// The value as given (input units).
        value: f64,
    },
    /// Nesting deeper than [`crate::MAX_DEPTH`].
    TooDeep,
    /// The text is longer than [`crate::ReportOptions::max_input_bytes`], or memory for
    /// the parsed report could not be reserved.
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The limit in bytes; `None` when memory ran out below any limit.
        limit_bytes: Option<usize>,
    },
}

impl ReportError {
    /// The stable code of this error (shared with the normalizer's codes).
    pub const fn code(&self) -> ErrorCode {
        match self {
            ReportError::InvalidJson { .. } => ErrorCode::InvalidJson,
            ReportError::NotAnObject { .. } => ErrorCode::NotAnObject,
            ReportError::MissingField { .. } => ErrorCode::MissingField,
            ReportError::WrongType { .. } => ErrorCode::WrongType,
            ReportError::NotFinite { .. } => ErrorCode::NotFinite,
            ReportError::NegativeCount { .. } => ErrorCode::NegativeCount,
            ReportError::NotAnInteger { .. } => ErrorCode::NotAnInteger,
            ReportError::OutOfRange { .. } => ErrorCode::OutOfRange,
            ReportError::TooDeep => ErrorCode::TooDeep,
            ReportError::TooLarge { .. } => ErrorCode::TooLarge,
        }
    }

    /// The input field the error is about, if any.
    pub const fn field(&self) -> Option<&'static str> {
        match self {
            ReportError::MissingField { field }
            | ReportError::WrongType { field, .. }
            | ReportError::NotFinite { field }
            | ReportError::NegativeCount { field, .. }
            | ReportError::NotAnInteger { field, .. }
            | ReportError::OutOfRange { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::InvalidJson { line, column } => write!(
                f,
                "invalid JSON at line {line}, column {column}: pass the session report as one JSON object"
            ),
            ReportError::NotAnObject { found } => write!(
                f,
                "expected an object (a session report, chat item, event or usage entry), found {}",
                found.name()
            ),
            ReportError::MissingField { field } => write!(
                f,
                "required field `{field}` is missing; pass SessionReport.to_dict() (Python) or sessionReportToJSON(report) (Node)"
            ),
            ReportError::WrongType { field, expected, found } => write!(
                f,
                "field `{field}` must be a {}, found {}",
                expected.name(),
                found.name()
            ),
            ReportError::NotFinite { field } => {
                write!(f, "field `{field}` is NaN or infinite; report values must be finite numbers")
            }
            ReportError::NegativeCount { field, value } => {
                write!(f, "count `{field}` is negative ({value})")
            }
            ReportError::NotAnInteger { field, value } => {
                write!(f, "count `{field}` must be a whole number, found {value}")
            }
            ReportError::OutOfRange { field, value } => write!(
                f,
                "field `{field}` = {value} is out of any plausible range; check the units (epoch seconds or milliseconds, durations in seconds)"
            ),
            ReportError::TooDeep => write!(
                f,
                "input nests deeper than {} levels (or is a cyclic object)",
                crate::value::MAX_DEPTH
            ),
            ReportError::TooLarge { what, limit_bytes } => {
                crate::error::too_large(f, what, *limit_bytes)
            }
        }
    }
}

impl core::error::Error for ReportError {}

impl ReportError {
    /// The error of [`crate::parse_json`], which only reports bad JSON text or too deep
    /// nesting.
    #[cfg(feature = "serde")]
    pub(crate) fn from_parse(e: NormalizeError) -> Self {
        match e {
            NormalizeError::TooDeep => ReportError::TooDeep,
            NormalizeError::TooLarge { what, limit_bytes } => {
                ReportError::TooLarge { what, limit_bytes }
            }
            NormalizeError::InvalidJson { line, column } => {
                ReportError::InvalidJson { line, column }
            }
            // `parse_json` returns nothing else; keep the text-level code.
            _ => ReportError::InvalidJson { line: 1, column: 1 },
        }
    }
}

/// Which list of the report a skipped entry came from.
///
/// Serialized as `"chatItem"`, `"event"`, `"usage"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ReportSection {
    /// `chat_history.items`.
    ChatItem,
    /// `events`.
    Event,
    /// `usage`.
    Usage,
}

/// A malformed chat item, event or usage entry that the analysis skipped.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SkippedEntry {
    /// The list it was in.
    pub section: ReportSection,
    /// 0-based position in that list.
    pub index: usize,
    /// The stable error code.
    #[cfg_attr(feature = "wasm", tsify(type = "ErrorCode"))]
    pub code: ErrorCode,
    /// The input field at fault, if any.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub field: Option<String>,
    /// A human-readable explanation.
    pub message: String,
}

impl SkippedEntry {
    pub(crate) fn new(section: ReportSection, index: usize, error: &ReportError) -> Self {
        SkippedEntry {
            section,
            index,
            code: error.code(),
            field: error.field().map(String::from),
            message: error.to_string(),
        }
    }
}
