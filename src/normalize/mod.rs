//! Dialect readers: LiveKit metrics events (Python or Node) → canonical [`Metric`]s.
//!
//! Accepted per item: a bare metrics object (`{"type": "llm_metrics", ...}`), a
//! `metrics_collected` event (`{type, metrics, created_at}` in Python,
//! `{type, metrics, createdAt}` in Node), or any wrapper object without a `type`
//! that holds the metrics under `metrics` (as capture logs do).

pub(crate) mod reader;
pub(crate) mod source;
mod types;

#[cfg(any(feature = "wasm", test, fuzzing))]
mod flat;
#[cfg(any(feature = "wasm", test, fuzzing))]
pub(crate) use flat::{normalize_flat, CreatedAt};
#[cfg(any(test, fuzzing))]
mod flat_encode;
#[cfg(all(test, feature = "serde"))]
mod flat_tests;
#[cfg(any(fuzzing, all(test, feature = "serde")))]
#[doc(hidden)]
pub mod fuzzing;

#[cfg(feature = "serde")]
mod json;
#[cfg(feature = "serde")]
pub(crate) use json::parse_json_with;
#[cfg(feature = "serde")]
pub use json::{normalize_json, parse_json};

use crate::dialect::{detect, detect_by_keys, Dialect, KeyStyle, EPOCH_MS_THRESHOLD};
use crate::error::{ErrorCode, ItemError, NormalizeError};
use crate::metric::{Metric, UnknownMetric};
use crate::value::{JsonType, Value};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use reader::{Reader, MAX_TIMESTAMP_MS};
use source::Obj;

/// What to do with an item that cannot be normalized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum OnInvalid {
    /// Stop at the first bad item and return its error (with its index). The default.
    #[default]
    Fail,
    /// Skip it, and list it in [`NormalizeReport::skipped`].
    Skip,
}

/// The default limit on the JSON text one call reads ([`NormalizeOptions::max_input_bytes`],
/// [`crate::ReportOptions::max_input_bytes`], the aggregator's decoders): 256 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// `TooLarge` when `bytes` is longer than `limit_bytes`.
#[cfg(feature = "serde")]
pub(crate) fn check_input_size(bytes: &[u8], limit_bytes: usize) -> Result<(), NormalizeError> {
    if bytes.len() > limit_bytes {
        return Err(NormalizeError::TooLarge {
            what: "the JSON input",
            limit_bytes: Some(limit_bytes),
        });
    }
    Ok(())
}

/// Options of [`normalize_metric`] / [`normalize_batch`] / `normalize_json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// The dialect every item is written in; `None` (the default) detects it per item.
    pub dialect: Option<Dialect>,
    /// What to do with items that cannot be normalized.
    pub on_invalid: OnInvalid,
    /// The longest JSON text [`crate::normalize_json`] reads, in bytes (default
    /// [`DEFAULT_MAX_INPUT_BYTES`], 256 MiB); longer text fails with `TooLarge` before
    /// anything is parsed. The parsed value takes up to about 16 bytes per input byte
    /// (an array of one-digit numbers); memory that cannot be reserved while parsing
    /// also fails with `TooLarge`.
    pub max_input_bytes: usize,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            dialect: None,
            on_invalid: OnInvalid::Fail,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

/// One canonical metric and where it came from.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NormalizedMetric {
    /// The dialect the item was read as (named by the caller, or detected).
    pub dialect: Dialect,
    /// The `metrics_collected` event's own `created_at`, epoch ms, when the item was one.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub created_at_ms: Option<f64>,
    /// The metric, in canonical units.
    pub metric: Metric,
}

/// An item a batch skipped ([`OnInvalid::Skip`]), with why.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SkippedItem {
    /// 0-based position in the batch (for JSON lines: among the non-empty lines).
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

impl SkippedItem {
    /// The record of item `index` skipped because of `error`.
    pub(crate) fn new(index: usize, error: &NormalizeError) -> SkippedItem {
        SkippedItem {
            index,
            code: error.code(),
            field: error.field().map(String::from),
            message: error.to_string(),
        }
    }
}

/// The most distinct unknown metrics types [`NormalizeReport::unknown_types`] lists;
/// items of further types are counted under [`OTHER_UNKNOWN_TYPES`] (the records
/// themselves are all kept).
pub const MAX_UNKNOWN_TYPES: usize = 256;

/// The `metric_type` that counts unknown types past [`MAX_UNKNOWN_TYPES`].
pub const OTHER_UNKNOWN_TYPES: &str = "(other unknown types)";

/// How many items of one unknown metrics type a batch kept as [`Metric::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UnknownTypeCount {
    /// The `type` string.
    pub metric_type: String,
    /// How many items had it.
    pub count: usize,
}

/// The result of normalizing a batch: every item is either a record or skipped.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NormalizeReport {
    /// Canonical records, in input order (unknown types included, as `Unknown`).
    pub records: Vec<NormalizedMetric>,
    /// Items that could not be normalized (only with [`OnInvalid::Skip`]).
    pub skipped: Vec<SkippedItem>,
    /// Unknown metrics types seen, with counts, in first-seen order.
    pub unknown_types: Vec<UnknownTypeCount>,
}

impl NormalizeReport {
    fn push(&mut self, record: NormalizedMetric) {
        if let Metric::Unknown(u) = &record.metric {
            // Hostile input could name a new type per event: the list (and its linear
            // lookup) is capped; further types are counted under one entry.
            let known = self
                .unknown_types
                .iter()
                .position(|c| c.metric_type == u.metric_type);
            let full = self.unknown_types.len() >= MAX_UNKNOWN_TYPES;
            let at = known.or_else(|| {
                full.then(|| {
                    self.unknown_types
                        .iter()
                        .position(|c| c.metric_type == OTHER_UNKNOWN_TYPES)
                })
                .flatten()
            });
            match at.and_then(|i| self.unknown_types.get_mut(i)) {
                Some(c) => c.count += 1,
                None => self.unknown_types.push(UnknownTypeCount {
                    metric_type: if full {
                        String::from(OTHER_UNKNOWN_TYPES)
                    } else {
                        u.metric_type.clone()
                    },
                    count: 1,
                }),
            }
        }
        self.records.push(record);
    }

    /// Adds item `index`'s result: a record, a skipped item (with [`OnInvalid::Skip`]),
    /// or the batch's error.
    pub(crate) fn handle(
        &mut self,
        index: usize,
        result: Result<NormalizedMetric, NormalizeError>,
        on_invalid: OnInvalid,
    ) -> Result<(), ItemError> {
        match result {
            Ok(record) => self.push(record),
            Err(error) if on_invalid == OnInvalid::Skip => {
                self.skipped.push(SkippedItem::new(index, &error))
            }
            Err(error) => return Err(ItemError { index, error }),
        }
        Ok(())
    }
}

/// Splits a `metrics_collected` wrapper into (`created_at` ms, metrics object).
fn unwrap_event(event: &Value) -> Result<(Option<f64>, &Value), NormalizeError> {
    if event.as_object().is_none() {
        return Err(NormalizeError::NotAnObject {
            found: event.json_type(),
        });
    }
    let inner = event.get("metrics").filter(|m| m.as_object().is_some());
    let is_wrapper = match event.get("type") {
        Some(Value::String(t)) => t == "metrics_collected",
        None => inner.is_some(),
        _ => false,
    };
    let Some(metrics) = inner.filter(|_| is_wrapper) else {
        if is_wrapper {
            return Err(NormalizeError::MissingField { field: "metrics" });
        }
        return Ok((None, event));
    };
    // `createdAt` is Node (epoch ms); `created_at` is Python (epoch s) or a Node
    // session report (epoch ms): the magnitude tells.
    let created_at_ms = match (event.get("createdAt"), event.get("created_at")) {
        (Some(v), _) => Some(created_at(v, "createdAt", false)?),
        (None, Some(v)) => Some(created_at(v, "created_at", true)?),
        (None, None) => None,
    };
    Ok((created_at_ms, metrics))
}

fn created_at(v: &Value, field: &'static str, maybe_seconds: bool) -> Result<f64, NormalizeError> {
    let n = v.as_f64().ok_or(NormalizeError::WrongType {
        field,
        expected: JsonType::Number,
        found: v.json_type(),
    })?;
    created_at_ms(n, field, maybe_seconds)
}

/// A `created_at` / `createdAt` number → epoch ms, checked.
fn created_at_ms(n: f64, field: &'static str, maybe_seconds: bool) -> Result<f64, NormalizeError> {
    if !n.is_finite() {
        return Err(NormalizeError::NotFinite { field });
    }
    let ms = if maybe_seconds && n < EPOCH_MS_THRESHOLD {
        reader::epoch_seconds_to_ms(n)
    } else {
        n
    };
    if !(0.0..=MAX_TIMESTAMP_MS).contains(&ms) {
        return Err(NormalizeError::OutOfRange { field, value: n });
    }
    Ok(ms)
}

/// Normalizes one metrics object or `metrics_collected` event.
///
/// ```
/// use voice_agent_metrics::{normalize_metric, Dialect, Metric, NormalizeOptions, Value};
/// # #[cfg(feature = "serde")] {
/// let event: Value = serde_json::from_str(
///     r#"{"type":"llm_metrics","timestamp":1795280701.13,"duration":0.8,"ttft":0.352,
///         "cancelled":false,"completion_tokens":13,"prompt_tokens":1116,"speech_id":"speech_1"}"#,
/// ).unwrap();
/// let record = normalize_metric(&event, &NormalizeOptions::default()).unwrap();
/// assert_eq!(record.dialect, Dialect::Python);
/// let Metric::Llm(llm) = record.metric else { panic!() };
/// assert_eq!(llm.ttft_ms, Some(352.0));
/// assert_eq!(llm.duration_ms, 800.0);
/// # }
/// ```
pub fn normalize_metric(
    event: &Value,
    options: &NormalizeOptions,
) -> Result<NormalizedMetric, NormalizeError> {
    let (created_at_ms, metrics) = unwrap_event(event)?;
    let metric_type = match metrics.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => {
            return Err(NormalizeError::WrongType {
                field: "type",
                expected: JsonType::String,
                found: other.json_type(),
            })
        }
        None => return Err(NormalizeError::MissingField { field: "type" }),
    };
    let dialect = dialect(options, || detect_by_keys(metrics), || detect(metrics))?;
    let r = Reader {
        obj: Obj::Tree(metrics),
        dialect,
    };
    let metric = match read_known(metric_type, &r) {
        Some(m) => m?,
        None => Metric::Unknown(UnknownMetric {
            metric_type: metric_type.to_string(),
            raw: metrics.clone(),
        }),
    };
    Ok(NormalizedMetric {
        dialect,
        created_at_ms,
        metric,
    })
}

/// The dialect to read an item in: the named one (unless its keys say the other key
/// style), or the detected one.
fn dialect(
    options: &NormalizeOptions,
    style: impl FnOnce() -> Option<KeyStyle>,
    detected: impl FnOnce() -> Option<Dialect>,
) -> Result<Dialect, NormalizeError> {
    match options.dialect {
        Some(named) => match style() {
            Some(KeyStyle::Decided(found)) if named.is_node() != found.is_node() => {
                Err(NormalizeError::DialectMismatch {
                    named,
                    detected: found,
                })
            }
            _ => Ok(named),
        },
        None => detected().ok_or(NormalizeError::UnknownDialect),
    }
}

/// Reads a metric of a known type; `None` for a type this version does not know.
fn read_known(metric_type: &str, r: &Reader) -> Option<Result<Metric, NormalizeError>> {
    Some(match metric_type {
        "llm_metrics" => types::llm(r).map(Metric::Llm),
        "stt_metrics" => types::stt(r).map(Metric::Stt),
        "tts_metrics" => types::tts(r).map(Metric::Tts),
        "vad_metrics" => types::vad(r).map(Metric::Vad),
        "eou_metrics" => types::eou(r).map(Metric::Eou),
        "eot_inference_metrics" => types::eot(r).map(Metric::EotInference),
        "realtime_model_metrics" => types::realtime(r).map(Metric::RealtimeModel),
        "interruption_metrics" => types::interruption(r).map(Metric::Interruption),
        "avatar_metrics" => types::avatar(r).map(Metric::Avatar),
        _ => return None,
    })
}

/// Normalizes a batch: an array of events, or a single event (a batch of one).
///
/// Unknown metrics types are kept as [`Metric::Unknown`] and counted, never an error.
/// With [`OnInvalid::Fail`] the first bad item's error is returned with its index;
/// with [`OnInvalid::Skip`] it is listed in [`NormalizeReport::skipped`].
pub fn normalize_batch(
    input: &Value,
    options: &NormalizeOptions,
) -> Result<NormalizeReport, ItemError> {
    let mut report = NormalizeReport::default();
    match input {
        Value::Array(items) => {
            report.records.reserve(items.len());
            for (index, item) in items.iter().enumerate() {
                report.handle(index, normalize_metric(item, options), options.on_invalid)?;
            }
        }
        single => report.handle(0, normalize_metric(single, options), options.on_invalid)?,
    }
    Ok(report)
}
