//! User-supplied prices, read from JSON.
//!
//! ```json
//! { "currency": "USD", "asOf": "2026-11-01",
//!   "prices": [
//!     { "kind": "llm", "provider": "openai", "model": "gpt-4.1-mini",
//!       "inputPerMillion": 0.4, "cachedInputPerMillion": 0.1, "outputPerMillion": 1.6 },
//!     { "kind": "stt", "provider": "deepgram", "model": "*", "perAudioMinute": 0.0077 } ] }
//! ```
//!
//! `model: "*"` prices every model of that provider that has no entry of its own.

use super::model::UsageKind;
use crate::error::ErrorCode;
use crate::value::{JsonType, Value};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Prices of one provider/model (all optional; currency units, not cents).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ModelPrice {
    /// Which usage rows this prices.
    pub kind: UsageKind,
    /// Provider, as in the metrics' `metadata.model_provider`.
    pub provider: String,
    /// Model, as in `metadata.model_name`; `"*"` for every model of the provider.
    pub model: String,
    /// Per 1M uncached (text) input tokens (LLM; token-billed STT/TTS input).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub input_per_million: Option<f64>,
    /// Per 1M cached (text) input tokens; falls back to `input_per_million`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub cached_input_per_million: Option<f64>,
    /// Per 1M cache-write tokens (Anthropic); falls back to `input_per_million`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub cache_creation_per_million: Option<f64>,
    /// Per 1M (text) output tokens (LLM; token-billed STT/TTS output).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub output_per_million: Option<f64>,
    /// Per 1M audio input tokens (realtime).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub audio_input_per_million: Option<f64>,
    /// Per 1M cached audio input tokens; falls back to `audio_input_per_million`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub audio_cached_input_per_million: Option<f64>,
    /// Per 1M audio output tokens (realtime).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub audio_output_per_million: Option<f64>,
    /// Per minute of realtime session connection (session-billed models).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub session_per_minute: Option<f64>,
    /// Per minute of STT audio.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub per_audio_minute: Option<f64>,
    /// Per 1M TTS characters.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub per_million_characters: Option<f64>,
    /// Per 1,000 requests (interruption and end-of-turn models).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub per_thousand_requests: Option<f64>,
}

/// A price table: one currency, many model prices.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PriceTable {
    /// ISO 4217 code, e.g. `"USD"`. Every amount is in this currency.
    pub currency: String,
    /// When the prices were taken (free text, e.g. `"2026-11-01"`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub as_of: Option<String>,
    /// The prices.
    pub prices: Vec<ModelPrice>,
}

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

fn kind_from_name(name: &str) -> Option<UsageKind> {
    Some(match name {
        "llm" | "llm_usage" | "realtime" => UsageKind::Llm,
        "tts" | "tts_usage" => UsageKind::Tts,
        "stt" | "stt_usage" => UsageKind::Stt,
        "interruption" | "interruption_usage" => UsageKind::Interruption,
        "eot" | "eot_usage" => UsageKind::Eot,
        _ => return None,
    })
}

struct Entry<'a> {
    v: &'a Value,
    index: Option<usize>,
}

impl<'a> Entry<'a> {
    fn string(&self, field: &'static str) -> Result<Option<&'a str>, PriceError> {
        match self.v.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(PriceError::WrongType {
                entry: self.index,
                field,
                expected: JsonType::String,
            }),
        }
    }
    fn required(&self, field: &'static str) -> Result<&'a str, PriceError> {
        self.string(field)?.ok_or(PriceError::MissingField {
            entry: self.index,
            field,
        })
    }
    fn price(&self, field: &'static str) -> Result<Option<f64>, PriceError> {
        match self.v.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) if (0.0..=super::cost::MAX_PRICE).contains(n) => Ok(Some(*n)),
            Some(Value::Number(_)) => Err(PriceError::OutOfRange {
                entry: self.index,
                field,
            }),
            Some(_) => Err(PriceError::WrongType {
                entry: self.index,
                field,
                expected: JsonType::Number,
            }),
        }
    }
}

fn model_price(v: &Value, index: usize) -> Result<ModelPrice, PriceError> {
    if v.as_object().is_none() {
        return Err(PriceError::NotAnObject { entry: Some(index) });
    }
    let e = Entry {
        v,
        index: Some(index),
    };
    let kind = kind_from_name(e.required("kind")?).ok_or(PriceError::WrongType {
        entry: Some(index),
        field: "kind",
        expected: JsonType::String,
    })?;
    Ok(ModelPrice {
        kind,
        provider: String::from(e.required("provider")?),
        model: String::from(e.required("model")?),
        input_per_million: e.price("inputPerMillion")?,
        cached_input_per_million: e.price("cachedInputPerMillion")?,
        cache_creation_per_million: e.price("cacheCreationPerMillion")?,
        output_per_million: e.price("outputPerMillion")?,
        audio_input_per_million: e.price("audioInputPerMillion")?,
        audio_cached_input_per_million: e.price("audioCachedInputPerMillion")?,
        audio_output_per_million: e.price("audioOutputPerMillion")?,
        session_per_minute: e.price("sessionPerMinute")?,
        per_audio_minute: e.price("perAudioMinute")?,
        per_million_characters: e.price("perMillionCharacters")?,
        per_thousand_requests: e.price("perThousandRequests")?,
    })
}

impl PriceTable {
    /// Reads a price table from a parsed JSON value (format in the module docs).
    pub fn from_value(v: &Value) -> Result<PriceTable, PriceError> {
        if v.as_object().is_none() {
            return Err(PriceError::NotAnObject { entry: None });
        }
        let top = Entry { v, index: None };
        let currency = top.required("currency")?;
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(PriceError::OutOfRange {
                entry: None,
                field: "currency",
            });
        }
        let items = match v.get("prices") {
            Some(Value::Array(items)) => items,
            Some(_) => {
                return Err(PriceError::WrongType {
                    entry: None,
                    field: "prices",
                    expected: JsonType::Array,
                })
            }
            None => {
                return Err(PriceError::MissingField {
                    entry: None,
                    field: "prices",
                })
            }
        };
        let mut prices: Vec<ModelPrice> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let p = model_price(item, i)?;
            if prices
                .iter()
                .any(|q| q.kind == p.kind && q.provider == p.provider && q.model == p.model)
            {
                return Err(PriceError::DuplicatePrice { entry: i });
            }
            prices.push(p);
        }
        Ok(PriceTable {
            currency: String::from(currency),
            as_of: top.string("asOf")?.map(String::from),
            prices,
        })
    }

    /// The price for a row: the exact provider/model, else the provider's `"*"` entry.
    pub fn find(&self, kind: UsageKind, provider: &str, model: &str) -> Option<&ModelPrice> {
        let of = |m: &str| {
            self.prices
                .iter()
                .find(|p| p.kind == kind && p.provider == provider && p.model == m)
        };
        of(model).or_else(|| of("*"))
    }
}
