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
//!
//! A table keeps an index of its entries by kind/provider/model, so a lookup costs
//! O(log n) comparisons whatever the table's size (see [`PriceTable::find`]).

use super::model::UsageKind;
use crate::value::{JsonType, Value};
use alloc::string::String;
use alloc::vec::Vec;
use index::PriceIndex;

mod error;
mod index;

pub use error::PriceError;

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
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
    /// `prices` by kind/provider/model (derived from `prices`; not serialized).
    #[cfg_attr(feature = "serde", serde(skip))]
    #[cfg_attr(feature = "wasm", tsify(skip))]
    index: PriceIndex,
}

/// Two tables are equal when their currency, date and prices are (the index is derived).
impl PartialEq for PriceTable {
    fn eq(&self, other: &Self) -> bool {
        self.currency == other.currency && self.as_of == other.as_of && self.prices == other.prices
    }
}

/// Deserialized like the derived impl would (`currency`, `asOf`, `prices`), then indexed.
/// Unlike [`PriceTable::from_value`] it checks nothing: of two entries for the same
/// kind/provider/model, the first is used.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for PriceTable {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Fields {
            currency: String,
            #[serde(default)]
            as_of: Option<String>,
            prices: Vec<ModelPrice>,
        }
        let f = Fields::deserialize(d)?;
        let mut table = PriceTable {
            currency: f.currency,
            as_of: f.as_of,
            prices: f.prices,
            index: PriceIndex::default(),
        };
        table.reindex();
        Ok(table)
    }
}

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
        let mut index = PriceIndex::default();
        for (i, item) in items.iter().enumerate() {
            let p = model_price(item, i)?;
            if !index.insert(&p, i) {
                return Err(PriceError::DuplicatePrice { entry: i });
            }
            prices.push(p);
        }
        Ok(PriceTable {
            currency: String::from(currency),
            as_of: top.string("asOf")?.map(String::from),
            prices,
            index,
        })
    }

    /// A table from prices already in Rust, checked as [`PriceTable::from_value`] checks
    /// JSON: `currency` a 3-letter uppercase code, every price finite and ≥ 0, no two
    /// entries for the same kind/provider/model (`DuplicatePrice`, with the second's index).
    pub fn new(
        currency: String,
        as_of: Option<String>,
        prices: Vec<ModelPrice>,
    ) -> Result<PriceTable, PriceError> {
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(PriceError::OutOfRange {
                entry: None,
                field: "currency",
            });
        }
        let mut index = PriceIndex::default();
        for (i, p) in prices.iter().enumerate() {
            if let Some(field) = p
                .amounts()
                .find_map(|(field, v)| v.filter(|v| !(v.is_finite() && *v >= 0.0)).map(|_| field))
            {
                return Err(PriceError::OutOfRange {
                    entry: Some(i),
                    field,
                });
            }
            if !index.insert(p, i) {
                return Err(PriceError::DuplicatePrice { entry: i });
            }
        }
        Ok(PriceTable {
            currency,
            as_of,
            prices,
            index,
        })
    }

    /// Rebuilds the index after `prices` was changed in place. Of two entries for the
    /// same kind/provider/model, the first is used (as [`PriceTable::find`] always did).
    ///
    /// [`PriceTable::from_value`], [`PriceTable::new`] and deserializing index the
    /// table. Until `reindex` is called after an edit, a table whose number of entries
    /// no longer matches its index is searched entry by entry (correct, but linear in
    /// its size), and an entry renamed in place without a change of count may be missed.
    pub fn reindex(&mut self) {
        let mut index = PriceIndex::default();
        for (i, p) in self.prices.iter().enumerate() {
            index.insert(p, i);
        }
        self.index = index;
    }

    /// The price for a row: the exact provider/model, else the provider's `"*"` entry.
    ///
    /// O(log n) key comparisons for a table of n entries (at most two index lookups);
    /// see [`PriceTable::reindex`] for a table whose `prices` were edited.
    pub fn find(&self, kind: UsageKind, provider: &str, model: &str) -> Option<&ModelPrice> {
        if self.index.entries() != self.prices.len() {
            // `prices` changed since it was indexed: see the type's docs.
            return self.scan(kind, provider, model);
        }
        let lookup = |m: &str| {
            let i = self.index.get(kind, provider, m)?;
            Some(
                self.prices
                    .get(i)
                    .filter(|p| p.kind == kind && p.provider == provider && p.model == m),
            )
        };
        match lookup(model).or_else(|| lookup("*")) {
            Some(Some(price)) => Some(price),
            // An entry edited in place since it was indexed.
            Some(None) => self.scan(kind, provider, model),
            None => None,
        }
    }

    /// `find` without the index: every entry, in order.
    fn scan(&self, kind: UsageKind, provider: &str, model: &str) -> Option<&ModelPrice> {
        let of = |m: &str| {
            self.prices
                .iter()
                .find(|p| p.kind == kind && p.provider == provider && p.model == m)
        };
        of(model).or_else(|| of("*"))
    }
}

impl ModelPrice {
    /// Every amount field with its JSON name.
    fn amounts(&self) -> impl Iterator<Item = (&'static str, Option<f64>)> {
        [
            ("inputPerMillion", self.input_per_million),
            ("cachedInputPerMillion", self.cached_input_per_million),
            ("cacheCreationPerMillion", self.cache_creation_per_million),
            ("outputPerMillion", self.output_per_million),
            ("audioInputPerMillion", self.audio_input_per_million),
            (
                "audioCachedInputPerMillion",
                self.audio_cached_input_per_million,
            ),
            ("audioOutputPerMillion", self.audio_output_per_million),
            ("sessionPerMinute", self.session_per_minute),
            ("perAudioMinute", self.per_audio_minute),
            ("perMillionCharacters", self.per_million_characters),
            ("perThousandRequests", self.per_thousand_requests),
        ]
        .into_iter()
    }
}
