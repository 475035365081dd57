//! Typed, unit-converting access to the fields of one metrics object.
//!
//! Every metric type is read by one function for all dialects: a [`Key`] names a
//! field in each dialect and says which dialects write it in seconds, and the
//! [`Reader`] converts to the canonical milliseconds and checks the value.

use super::source::{name_id, Field, Obj};
use crate::dialect::Dialect;
use crate::error::NormalizeError;
use crate::metric::MetricsMetadata;
use crate::value::JsonType;
use alloc::string::String;

/// Longest plausible duration: 7 days, in ms. Anything longer is a unit mistake.
pub(crate) const MAX_DURATION_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
/// Latest plausible timestamp: 1e14 epoch ms (year 5138). An epoch-ms value read
/// as epoch seconds lands far above it.
pub(crate) const MAX_TIMESTAMP_MS: f64 = 1e14;
/// Largest count a JS number holds exactly (2^53 − 1).
pub(crate) const MAX_COUNT: f64 = 9_007_199_254_740_991.0;

/// A field's name in each dialect.
#[derive(Clone, Copy)]
pub(crate) struct Key {
    pub py: &'static str,
    pub node: &'static str,
    /// Name in Node 1.0.0–1.0.10.
    pub legacy: &'static str,
    /// Whether Node 1.0.0–1.0.10 wrote this time value in seconds (else ms).
    pub legacy_seconds: bool,
    /// The names' ids in [`super::source::NAMES`] (py, node, legacy).
    pub ids: [u8; 3],
}

/// A field named the same in both Node dialects (or absent from legacy).
pub(crate) const fn key_of(py: &'static str, node: &'static str) -> Key {
    Key {
        py,
        node,
        legacy: node,
        legacy_seconds: false,
        ids: [name_id(py), name_id(node), name_id(node)],
    }
}

/// A time field with its own legacy (pre-1.0.11 Node) name and unit.
pub(crate) const fn legacy_key_of(
    py: &'static str,
    node: &'static str,
    legacy: &'static str,
    legacy_seconds: bool,
) -> Key {
    Key {
        py,
        node,
        legacy,
        legacy_seconds,
        ids: [name_id(py), name_id(node), name_id(legacy)],
    }
}

/// A [`Key`] built at compile time (its ids are looked up then, not per event).
macro_rules! key {
    ($($arg:expr),* $(,)?) => {
        const { $crate::normalize::reader::key_of($($arg),*) }
    };
}
/// A legacy [`Key`] built at compile time.
macro_rules! legacy_key {
    ($($arg:expr),* $(,)?) => {
        const { $crate::normalize::reader::legacy_key_of($($arg),*) }
    };
}
pub(crate) use {key, legacy_key};

pub(crate) const TIMESTAMP: Key = key_of("timestamp", "timestamp");
pub(crate) const LABEL: Key = key_of("label", "label");
pub(crate) const REQUEST_ID: Key = key_of("request_id", "requestId");
pub(crate) const SPEECH_ID: Key = key_of("speech_id", "speechId");
pub(crate) const CANCELLED: Key = key_of("cancelled", "cancelled");
pub(crate) const STREAMED: Key = key_of("streamed", "streamed");
pub(crate) const INPUT_TOKENS: Key = key_of("input_tokens", "inputTokens");
pub(crate) const OUTPUT_TOKENS: Key = key_of("output_tokens", "outputTokens");
pub(crate) const TOTAL_TOKENS: Key = key_of("total_tokens", "totalTokens");
pub(crate) const TOKENS_PER_SECOND: Key = key_of("tokens_per_second", "tokensPerSecond");
pub(crate) const ACQUIRE_TIME: Key = key_of("acquire_time", "acquireTimeMs");
pub(crate) const CONNECTION_REUSED: Key = key_of("connection_reused", "connectionReused");

/// Whether a field must be present.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    Required,
    Optional,
}
pub(crate) use Presence::{Optional, Required};

/// Reads the fields of one metrics object written in `dialect`.
pub(crate) struct Reader<'a> {
    pub obj: Obj<'a>,
    pub dialect: Dialect,
}

impl<'a> Reader<'a> {
    /// The field's name in this reader's dialect.
    pub fn name(&self, k: Key) -> &'static str {
        match self.dialect {
            Dialect::Python => k.py,
            Dialect::Node => k.node,
            Dialect::NodeLegacy => k.legacy,
        }
    }

    fn seconds(&self, k: Key) -> bool {
        match self.dialect {
            Dialect::Python => true,
            Dialect::Node => false,
            Dialect::NodeLegacy => k.legacy_seconds,
        }
    }

    fn id(&self, k: Key) -> u8 {
        match self.dialect {
            Dialect::Python => k.ids[0],
            Dialect::Node => k.ids[1],
            Dialect::NodeLegacy => k.ids[2],
        }
    }

    /// The field's value; `None` when absent or `null`.
    pub fn get(&self, k: Key) -> Option<Field<'a>> {
        match self.obj.get(self.name(k), self.id(k)) {
            None | Some(Field::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn present(&self, k: Key, presence: Presence) -> Result<Option<Field<'a>>, NormalizeError> {
        match (self.get(k), presence) {
            (None, Required) => Err(NormalizeError::MissingField {
                field: self.name(k),
            }),
            (v, _) => Ok(v),
        }
    }

    fn wrong_type(&self, k: Key, expected: JsonType, v: Field) -> NormalizeError {
        NormalizeError::WrongType {
            field: self.name(k),
            expected,
            found: v.json_type(),
        }
    }

    /// A finite number, in input units.
    pub fn number(&self, k: Key, presence: Presence) -> Result<Option<f64>, NormalizeError> {
        let Some(v) = self.present(k, presence)? else {
            return Ok(None);
        };
        let Field::Number(n) = v else {
            return Err(self.wrong_type(k, JsonType::Number, v));
        };
        if !n.is_finite() {
            return Err(NormalizeError::NotFinite {
                field: self.name(k),
            });
        }
        Ok(Some(n))
    }

    /// A string (`default` when absent and optional).
    pub fn string(&self, k: Key, presence: Presence) -> Result<Option<String>, NormalizeError> {
        let Some(v) = self.present(k, presence)? else {
            return Ok(None);
        };
        match v {
            Field::Str(s) => Ok(Some(String::from(s))),
            _ => Err(self.wrong_type(k, JsonType::String, v)),
        }
    }

    /// A boolean; `None` when absent and optional.
    pub fn boolean(&self, k: Key, presence: Presence) -> Result<Option<bool>, NormalizeError> {
        let Some(v) = self.present(k, presence)? else {
            return Ok(None);
        };
        match v {
            Field::Bool(b) => Ok(Some(b)),
            _ => Err(self.wrong_type(k, JsonType::Boolean, v)),
        }
    }

    /// A non-negative whole count; 0 when absent and optional.
    pub fn count(&self, k: Key, presence: Presence) -> Result<u64, NormalizeError> {
        let Some(n) = self.number(k, presence)? else {
            return Ok(0);
        };
        let field = self.name(k);
        if n < 0.0 {
            return Err(NormalizeError::NegativeCount { field, value: n });
        }
        if n > MAX_COUNT {
            return Err(NormalizeError::OutOfRange { field, value: n });
        }
        if !crate::value::is_whole(n) {
            return Err(NormalizeError::NotAnInteger { field, value: n });
        }
        Ok(n as u64)
    }

    /// A non-negative rate (tokens per second); 0 when absent and optional.
    pub fn rate(&self, k: Key, presence: Presence) -> Result<f64, NormalizeError> {
        let Some(n) = self.number(k, presence)? else {
            return Ok(0.0);
        };
        if n < 0.0 {
            return Err(NormalizeError::OutOfRange {
                field: self.name(k),
                value: n,
            });
        }
        Ok(n)
    }

    /// Converts a duration in input units to ms, checking sign and range.
    fn to_duration_ms(&self, k: Key, n: f64) -> Result<f64, NormalizeError> {
        let field = self.name(k);
        if n < 0.0 {
            return Err(NormalizeError::NegativeDuration { field, value: n });
        }
        let ms = if self.seconds(k) { seconds_to_ms(n) } else { n };
        if ms > MAX_DURATION_MS {
            return Err(NormalizeError::OutOfRange { field, value: n });
        }
        Ok(ms)
    }

    /// A duration in ms; `None` when absent and optional.
    pub fn duration_ms(&self, k: Key, presence: Presence) -> Result<Option<f64>, NormalizeError> {
        match self.number(k, presence)? {
            Some(n) => self.to_duration_ms(k, n).map(Some),
            None => Ok(None),
        }
    }

    /// A duration in ms where exactly `-1` is the SDKs' "none" sentinel (ttft, ttfb).
    pub fn latency_ms(&self, k: Key, presence: Presence) -> Result<Option<f64>, NormalizeError> {
        match self.number(k, presence)? {
            Some(-1.0) => Ok(None),
            Some(n) => self.to_duration_ms(k, n).map(Some),
            None => Ok(None),
        }
    }

    /// A duration in ms where `0` means "not measured" (acquire time, playback latency).
    pub fn measured_ms(&self, k: Key) -> Result<Option<f64>, NormalizeError> {
        Ok(self.duration_ms(k, Optional)?.filter(|ms| *ms != 0.0))
    }

    /// An epoch timestamp in ms; `None` when absent and optional.
    pub fn epoch_ms(&self, k: Key, presence: Presence) -> Result<Option<f64>, NormalizeError> {
        let Some(n) = self.number(k, presence)? else {
            return Ok(None);
        };
        let field = self.name(k);
        if n < 0.0 {
            return Err(NormalizeError::OutOfRange { field, value: n });
        }
        let ms = if self.seconds(k) {
            epoch_seconds_to_ms(n)
        } else {
            n
        };
        if ms > MAX_TIMESTAMP_MS {
            return Err(NormalizeError::OutOfRange { field, value: n });
        }
        Ok(Some(ms))
    }

    /// The required `timestamp`, epoch ms.
    pub fn timestamp_ms(&self, legacy_seconds: bool) -> Result<f64, NormalizeError> {
        let k = Key {
            legacy_seconds,
            ..TIMESTAMP
        };
        Ok(self.epoch_ms(k, Required)?.unwrap_or_default())
    }

    /// A nested object read with the same dialect, `None` when absent.
    pub fn nested(&self, k: Key) -> Result<Option<Reader<'a>>, NormalizeError> {
        let Some(v) = self.get(k) else {
            return Ok(None);
        };
        let Field::Object(obj) = v else {
            return Err(self.wrong_type(k, JsonType::Object, v));
        };
        Ok(Some(Reader {
            obj,
            dialect: self.dialect,
        }))
    }

    /// `metadata`: `{model_name, model_provider}` / `{modelName, modelProvider}`.
    pub fn metadata(&self) -> Result<Option<MetricsMetadata>, NormalizeError> {
        let Some(m) = self.nested(key!("metadata", "metadata"))? else {
            return Ok(None);
        };
        Ok(Some(MetricsMetadata {
            model_name: m.string(key!("model_name", "modelName"), Optional)?,
            model_provider: m.string(key!("model_provider", "modelProvider"), Optional)?,
        }))
    }
}

/// Seconds → ms, rounded to the nanosecond (below both SDKs' clock resolution),
/// so `0.802 s` is `802 ms`, not `802.0000000000001`.
pub(crate) fn seconds_to_ms(s: f64) -> f64 {
    round_to(s * 1000.0, 1e6)
}

/// Epoch seconds → epoch ms, rounded to the microsecond.
pub(crate) fn epoch_seconds_to_ms(s: f64) -> f64 {
    round_to(s * 1000.0, 1e3)
}

pub(crate) fn round_to(x: f64, scale: f64) -> f64 {
    let scaled = x * scale;
    // `f64::round` is std-only; this is the same for the magnitudes that reach here.
    let r = if scaled >= 0.0 {
        (scaled + 0.5) as i64
    } else {
        (scaled - 0.5) as i64
    } as f64;
    if scaled.abs() < 9.0e15 {
        r / scale
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_to_clean_ms() {
        assert_eq!(seconds_to_ms(0.802), 802.0);
        assert_eq!(seconds_to_ms(0.3521885350000957), 352.188535);
        assert_eq!(
            epoch_seconds_to_ms(1_795_280_700.076_814_2),
            1_795_280_700_076.814
        );
        assert_eq!(seconds_to_ms(0.0), 0.0);
    }
}
