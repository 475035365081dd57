//! Why a price table could not be read: [`PriceError`].

use crate::error::ErrorCode;
use crate::value::JsonType;
use alloc::string::String;
use core::fmt;

/// Why a price table could not be read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PriceError {
    /// The table (or an entry) is not an object, or `prices` is not an array.
    NotAnObject {
        /// Index of the entry in `prices`, if the problem is an entry.
        entry: Option<usize>,
    },
    /// A required field (`currency`, `prices`, `kind`, `provider`, `model`) is missing.
    MissingField {
        /// Entry index, if in an entry.
        entry: Option<usize>,
        /// The field.
        field: &'static str,
    },
    /// A field has the wrong type, or `kind` is not one of llm/tts/stt/interruption/eot.
    WrongType {
        /// Entry index, if in an entry.
        entry: Option<usize>,
        /// The field.
        field: &'static str,
        /// The expected JSON type.
        expected: JsonType,
    },
    /// A price is negative, NaN, infinite or above [`crate::usage::MAX_PRICE`], or the
    /// currency is not a 3-letter code.
    OutOfRange {
        /// Entry index, if in an entry.
        entry: Option<usize>,
        /// The field.
        field: &'static str,
    },
    /// Two entries price the same kind/provider/model.
    DuplicatePrice {
        /// Index of the second entry.
        entry: usize,
    },
}

impl PriceError {
    /// The stable code (shared with the normalizer's codes, plus `DuplicatePrice`).
    pub const fn code(&self) -> ErrorCode {
        match self {
            PriceError::NotAnObject { .. } => ErrorCode::NotAnObject,
            PriceError::MissingField { .. } => ErrorCode::MissingField,
            PriceError::WrongType { .. } => ErrorCode::WrongType,
            PriceError::OutOfRange { .. } => ErrorCode::OutOfRange,
            PriceError::DuplicatePrice { .. } => ErrorCode::DuplicatePrice,
        }
    }

    /// The field at fault, if any.
    pub const fn field(&self) -> Option<&'static str> {
        match self {
            PriceError::MissingField { field, .. }
            | PriceError::WrongType { field, .. }
            | PriceError::OutOfRange { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for PriceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |e: &Option<usize>| match e {
            Some(i) => alloc::format!("prices[{i}]."),
            None => String::new(),
        };
        match self {
            PriceError::NotAnObject { entry: Some(i) } => {
                write!(f, "prices[{i}] must be an object")
            }
            PriceError::NotAnObject { entry: None } => {
                f.write_str("a price table is an object {currency, prices: [...]}")
            }
            PriceError::MissingField { entry, field } => {
                write!(f, "price table: `{}{field}` is required", at(entry))
            }
            PriceError::WrongType { entry, field, expected } => write!(
                f,
                "price table: `{}{field}` must be a {} (kind: llm, tts, stt, interruption, eot)",
                at(entry),
                expected.name()
            ),
            PriceError::OutOfRange { entry, field } => write!(
                f,
                "price table: `{}{field}` must be a price from 0 to 1e9 (currency: a 3-letter ISO code)",
                at(entry)
            ),
            PriceError::DuplicatePrice { entry } => write!(
                f,
                "price table: prices[{entry}] prices the same kind/provider/model as an earlier entry"
            ),
        }
    }
}

impl core::error::Error for PriceError {}
